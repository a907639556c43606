import { findDrawableVial, listDrawableVials, type DrawableVialRow } from '../../db/repositories/treatment-sessions.js';
import { DomainError, type ErrorCode } from '../../domain/errors.js';
import { isPastExpiry } from '../../domain/ledger/index.js';
import { audit } from '../audit/record.js';
import { requireStaffAction } from '../chart/access.js';
import { withTransaction, type AppContext } from '../context.js';
import { loadSessionRow, type SessionRow } from './session-read.js';

/**
 * The vial a session's dose is drawn from (decision 019): a sealed or open vial of the session's drug at
 * the session's location, in date, holding the dose. Its lot, expiry and strength go into the order; the
 * draw itself is the controlled-substance ledger's administration entry (recordAdministration), and what
 * is left over is the ledger's witnessed waste.
 */

/** The containers a dose of this route is drawn from, and whether a product is that drug. */
const injectable = ['injection_vial', 'prefilled_syringe'];

export function formsFor(route: string): readonly string[] {
  return route === 'IN' ? ['nasal_spray'] : injectable;
}

export function isDrugFor(route: string, drug: string): boolean {
  const d = drug.toLowerCase();
  return route === 'IN' ? d.includes('esketamine') : d.includes('ketamine') && !d.includes('esketamine');
}

export interface VialChoice {
  id: string;
  locationId: string;
  locationName: string;
  drug: string;
  strengthMgPerMl: number;
  number: number;
  lot: string;
  expiresOn: string;
  remainingMl: number;
  status: 'sealed' | 'open';
}

const toChoice = (v: DrawableVialRow): VialChoice => ({
  id: v.id,
  locationId: v.locationId,
  locationName: v.locationName,
  drug: v.drug,
  strengthMgPerMl: v.strengthMgPerMl,
  number: v.number,
  lot: v.lot,
  expiresOn: v.expiresOn,
  remainingMl: v.remainingUl / 1000,
  status: v.status as 'sealed' | 'open',
});

/** The vials a nurse may choose for this session's dose: in date, of its drug, at its location. */
export async function vialsForSession(id: string, ctx: AppContext): Promise<{ items: VialChoice[] }> {
  const principal = requireStaffAction(ctx, 'sessions.record');
  return withTransaction(ctx, async (tx) => {
    const row = await loadSessionRow(tx, principal, id);
    const vials = await listDrawableVials(tx.db, principal.organizationId, {
      locationId: row.locationId,
      forms: formsFor(row.route),
    });
    await audit(tx, {
      action: 'sessions.vials',
      resourceType: 'treatment_session',
      resourceId: id,
      patientId: row.patientId,
    });
    return {
      items: vials.filter((v) => isDrugFor(row.route, v.drug) && !isPastExpiry(v, row.clinicDate)).map(toChoice),
    };
  });
}

const vialError = (code: ErrorCode, message: string, field: string): DomainError =>
  new DomainError(code, message, { errors: [{ path: '/vialId', message: field }] });

/** The chosen vial, checked for this session: refused with the reason a nurse can act on. */
export async function vialForDose(tx: AppContext, row: SessionRow, vialId: string): Promise<VialChoice> {
  const v = await findDrawableVial(tx.db, row.organizationId, vialId);
  if (!v) throw vialError('validation_failed', 'No such vial in this clinic.', 'Choose a vial from the stock list');
  if (!formsFor(row.route).includes(v.form) || !isDrugFor(row.route, v.drug)) {
    throw vialError(
      'validation_failed',
      `This vial is ${v.drug}: it is not the drug of this session.`,
      'Choose a vial of the drug in the plan',
    );
  }
  if (row.locationId !== null && v.locationId !== row.locationId) {
    throw vialError(
      'ledger_vial_wrong_location',
      `This vial is kept at ${v.locationName}, not where the session is.`,
      'Choose a vial kept at this location',
    );
  }
  if (v.status !== 'sealed' && v.status !== 'open') {
    const why =
      v.status === 'empty' || v.status === 'wasted'
        ? 'is empty'
        : v.status === 'expired'
          ? 'is set aside as expired'
          : `is ${v.status}`;
    throw vialError('ledger_vial_unavailable', `This vial ${why}: it cannot be drawn from.`, 'Choose a vial in use');
  }
  if (isPastExpiry(v, row.clinicDate)) {
    throw vialError(
      'ledger_vial_expired',
      `This vial expired on ${v.expiresOn}: choose another.`,
      `Expired on ${v.expiresOn}: choose a vial in date`,
    );
  }
  return toChoice(v);
}

/** The dose's volume must be in the vial. */
export function assertVialHolds(vial: VialChoice, volumeMl: number): void {
  if (Math.round(volumeMl * 1000) > Math.round(vial.remainingMl * 1000)) {
    throw vialError(
      'ledger_vial_insufficient',
      `Vial ${vial.lot} #${vial.number} holds ${vial.remainingMl} mL; the dose needs ${volumeMl} mL. Choose another vial.`,
      `Holds ${vial.remainingMl} mL, the dose needs ${volumeMl} mL`,
    );
  }
}

/**
 * A ledger refusal as the session's: the ledger names its fields relative to its input ("/vialId"), as the
 * session's use-cases do, and the route adds the request part; its errors pass through unchanged.
 */
export function asSessionVialError(error: unknown): unknown {
  return error;
}
