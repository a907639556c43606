import { listLocations } from '../../db/repositories/controlled-substances/stock.js';
import { DomainError } from '../../domain/errors.js';
import { can, type Action, type Principal } from '../../domain/permissions/index.js';
import { requirePrincipal, type AppContext, type Queryable } from '../context.js';

/**
 * Who may use the controlled-substance record (the permission table): nurses and prescribers record
 * (ledger.record) and witness (ledger.witness); admins and prescribers review the reports
 * (ledger.review); all three read stock (ledger.read). Coordinators and patients: none of it.
 */
export function requireLedger(ctx: AppContext, action: Action): Principal {
  const principal = requirePrincipal(ctx);
  if (principal.kind !== 'staff' || !can(principal, action)) {
    throw new DomainError('forbidden', 'You do not have access to the controlled-substance record.');
  }
  return principal;
}

export async function assertLocation(db: Queryable, organizationId: string, locationId: string): Promise<string> {
  const location = (await listLocations(db, organizationId)).find((l) => l.id === locationId);
  if (!location) {
    throw new DomainError('validation_failed', 'Choose one of the clinic’s locations.', {
      errors: [{ path: '/locationId', message: 'Choose a location of this clinic' }],
    });
  }
  return location.name;
}

/** mL for people: at most three decimals, no trailing zeros. */
export const ml = (ul: number): number => ul / 1000;
export const mg = (ug: number): number => Math.round(ug) / 1000;
