import type { Action } from './actions.js';
import { patientPermissions, staffPermissions } from './permission-table.js';
import { isStaffRole, type UserKind } from './roles.js';

/** Who is asking: enough to decide permissions and scoping, nothing more. */
export interface Principal {
  readonly userId: string;
  readonly organizationId: string;
  readonly kind: UserKind;
  readonly roles: readonly string[];
  /** Set for patient users: the one patient record they may see. */
  readonly patientId: string | null;
}

export function permissionsOf(principal: Pick<Principal, 'kind' | 'roles'>): Action[] {
  if (principal.kind === 'patient') return [...patientPermissions];
  const granted = new Set<Action>();
  for (const role of principal.roles) if (isStaffRole(role)) for (const a of staffPermissions[role]) granted.add(a);
  return [...granted].sort();
}

export function can(principal: Pick<Principal, 'kind' | 'roles'> | null | undefined, action: Action): boolean {
  if (!principal) return false;
  if (principal.kind === 'patient') return patientPermissions.includes(action);
  return principal.roles.some((role) => isStaffRole(role) && staffPermissions[role].includes(action));
}

/**
 * May this principal see a record owned by (organizationId, patientId)? Staff: their organization's.
 * Patients: only their own record. Callers answer "not found" when false, so ids are never confirmed.
 */
export function canSeeRecord(
  principal: Principal,
  record: { readonly organizationId: string; readonly patientId?: string | null },
): boolean {
  if (record.organizationId !== principal.organizationId) return false;
  if (principal.kind === 'patient') return record.patientId != null && record.patientId === principal.patientId;
  return true;
}
