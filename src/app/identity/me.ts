import type { UserRow } from '../../db/repositories/users.js';
import { permissionsOf, requiresMfa, type Principal } from '../../domain/permissions/index.js';

/** The signed-in person as the API shows them (GET /me, login): never a hash or a secret. */
export interface Me {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly kind: 'staff' | 'patient';
  readonly roles: string[];
  /** A patient account's own record (the portal reads it); null for staff. */
  readonly patientId: string | null;
  readonly organization: { readonly id: string; readonly name: string; readonly timeZone: string };
  readonly mfaEnabled: boolean;
  readonly mfaRequired: boolean;
  readonly mfaEnrolmentRequired: boolean;
  readonly mustChangePassword: boolean;
  readonly permissions: string[];
  readonly csrfToken: string;
}

/**
 * Until a new account has changed its temporary password and, where the role requires it, set up
 * two-step sign-in, its session may only do that (and read /me, and sign out).
 */
export type SessionRestriction = 'password_change_required' | 'mfa_enrolment_required' | null;

export function restrictionOf(user: Pick<UserRow, 'mustChangePassword' | 'roles' | 'mfaEnabled'>): SessionRestriction {
  if (user.mustChangePassword) return 'password_change_required';
  if (requiresMfa(user.roles) && !user.mfaEnabled) return 'mfa_enrolment_required';
  return null;
}

export function principalOf(user: UserRow): Principal {
  return {
    userId: user.id,
    organizationId: user.organizationId,
    kind: user.kind,
    roles: user.roles,
    patientId: user.patientId,
  };
}

export function toMe(user: UserRow, csrfToken: string): Me {
  const mfaRequired = user.kind === 'staff' && requiresMfa(user.roles);
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    kind: user.kind,
    roles: [...user.roles],
    patientId: user.patientId,
    organization: { id: user.organizationId, name: user.organizationName, timeZone: user.organizationTimeZone },
    mfaEnabled: user.mfaEnabled,
    mfaRequired,
    mfaEnrolmentRequired: mfaRequired && !user.mfaEnabled,
    mustChangePassword: user.mustChangePassword,
    permissions: permissionsOf(user),
    csrfToken,
  };
}
