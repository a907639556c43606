import { findPatientKey as findPatientKeyRow, type PatientKeyRow } from '../../db/repositories/patients.js';
import { DomainError } from '../../domain/errors.js';
import { can, canSeeRecord, type Action, type Principal } from '../../domain/permissions/index.js';
import { requirePrincipal, type AppContext } from '../context.js';

/**
 * Who may touch a chart. Staff act within their organization and need the action; a patient user may
 * read only their own record (and sign their own consent in the portal). Anything else is "not found",
 * so a patient id is never confirmed to someone who may not see it (DESIGN.md "People").
 */
export const patientNotFound = (): DomainError => new DomainError('not_found', 'No such patient.');

export function requireStaffAction(ctx: AppContext, action: Action): Principal {
  const principal = requirePrincipal(ctx);
  if (principal.kind !== 'staff' || !can(principal, action))
    throw new DomainError('forbidden', 'You do not have permission to do this.');
  return principal;
}

/** Staff with `patients.read` in the same organization, or the patient themself (portal). */
export function mayReadPatient(principal: Principal, patient: { organizationId: string; id: string }): boolean {
  if (!canSeeRecord(principal, { organizationId: patient.organizationId, patientId: patient.id })) return false;
  return principal.kind === 'patient' ? can(principal, 'portal.read') : can(principal, 'patients.read');
}

export type PatientKey = PatientKeyRow;

/** The patient row, locked for the rest of the transaction when `forUpdate`; not_found outside the caller's reach. */
export async function findPatientKey(
  ctx: AppContext,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<PatientKey> {
  const principal = requirePrincipal(ctx);
  const row = await findPatientKeyRow(ctx.db, id, principal.organizationId, options.forUpdate ?? false);
  if (!row || !canSeeRecord(principal, { organizationId: row.organizationId, patientId: row.id }))
    throw patientNotFound();
  return row;
}

export function assertVersion(current: number, expected: number | undefined, what: string): void {
  if (expected !== undefined && expected !== current) {
    throw new DomainError('stale_version', `Someone else changed this ${what}; reload it and try again.`, {
      details: { currentVersion: current },
    });
  }
}
