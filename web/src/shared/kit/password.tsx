import { errorFor, type FormError } from './ErrorSummary';
import { TextField } from './fields';

/** The sign-in password policy's minimum length (src/domain/identity/password-policy.ts PASSWORD_MIN_LENGTH). */
export const minimumPasswordLength = 12;

export const passwordHint = `At least ${minimumPasswordLength} characters. Common passwords are refused. A few unrelated words together make a strong password that is easy to remember.`;

/**
 * What is wrong with a new password typed twice, before it is sent: the field ids are `new-password` and
 * `confirm-password`. `current` is the password being replaced, when the person typed it.
 */
export function newPasswordProblems(
  password: string,
  confirm: string,
  words: { empty: string; short: string; mismatch: string },
  current?: string,
): FormError[] {
  const found: FormError[] = [];
  if (!password) found.push({ fieldId: 'new-password', message: words.empty });
  else if (password.length < minimumPasswordLength) found.push({ fieldId: 'new-password', message: words.short });
  else if (current !== undefined && password === current)
    found.push({ fieldId: 'new-password', message: 'Your new password must be different from your current password' });
  if (password && confirm !== password) found.push({ fieldId: 'confirm-password', message: words.mismatch });
  return found;
}

interface NewPasswordFieldsProps {
  errors: readonly FormError[];
  password: string;
  confirm: string;
  onPassword: (value: string) => void;
  onConfirm: (value: string) => void;
  /** The labels of the two fields. */
  labels: { password: string; confirm: string };
}

/** A new password and the same again (a password manager offers to generate and save it). */
export function NewPasswordFields({
  errors,
  password,
  confirm,
  onPassword,
  onConfirm,
  labels,
}: NewPasswordFieldsProps) {
  return (
    <>
      <TextField
        id="new-password"
        label={labels.password}
        hint={passwordHint}
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={onPassword}
        error={errorFor(errors, 'new-password')}
      />
      <TextField
        id="confirm-password"
        label={labels.confirm}
        type="password"
        autoComplete="new-password"
        value={confirm}
        onChange={onConfirm}
        error={errorFor(errors, 'confirm-password')}
      />
    </>
  );
}
