import { ApiError } from '../../../shared/api';
import { staffRoles } from '../../../shared/identity-api';
import type { Choice, FormError } from '../../../shared/kit';
import { roleInfo } from '../../nav';

export const roleOptions: Choice<string>[] = staffRoles.map((role) => ({
  value: role,
  label: roleInfo[role]?.label ?? role,
  hint: roleInfo[role]?.covers ?? '',
}));

/** Ids of the form fields, keyed by the request body property a server error names. */
export const userFieldIds: Record<string, string> = {
  name: 'user-name',
  email: 'user-email',
  roles: 'user-roles',
  temporaryPassword: 'user-password',
  active: 'user-name',
};

export const staleVersionMessage =
  'Someone else changed this account while you were working on it. The page now shows their changes. Check them, then make your change again.';

export function userFormErrors(error: unknown, fallback: string): FormError[] {
  if (!(error instanceof ApiError)) return [{ message: fallback }];
  const fields = Object.entries(error.fieldMessages()).map(([field, message]) => ({
    fieldId: userFieldIds[field] ?? field,
    message,
  }));
  if (fields.length > 0) return fields;
  switch (error.code) {
    case 'stale_version':
      return [{ message: staleVersionMessage }];
    case 'password_weak':
      return [
        {
          fieldId: 'user-password',
          message:
            error.detail ?? 'Choose a stronger temporary password: at least 12 characters and not a common password',
        },
      ];
    case 'email_taken':
    case 'conflict':
      return [
        { fieldId: 'user-email', message: error.detail ?? 'There is already an account with this email address' },
      ];
    default:
      return [{ message: error.detail ?? fallback }];
  }
}

/**
 * A temporary password that is easy to read out over the phone: four groups of four from an alphabet
 * without look-alikes (0/O, 1/l/I). 16 characters, about 80 bits.
 */
export function suggestPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const chars = Array.from(bytes, (b) => alphabet[b % alphabet.length]!);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}
