import { isUniqueViolation } from '../../db/sql-state.js';
import {
  findLedgerEntry,
  findLedgerEntryByKey,
  insertLedgerEntry,
  type KeyedRecord,
  type LedgerEntryKind,
  type NewLedgerEntry,
} from '../../db/repositories/controlled-substances/ledger.js';
import {
  findProduct,
  lockVial,
  patientExists,
  patientSessionExists,
  saveVial,
  type ProductRow,
  type VialRow,
} from '../../db/repositories/controlled-substances/stock.js';
import { DomainError, isDomainError } from '../../domain/errors.js';
import { applyVialMovement, mlToUl, ugFor, type VialMovement } from '../../domain/ledger/index.js';
import type { Principal } from '../../domain/permissions/index.js';
import { audit } from '../audit/record.js';
import { withTransaction, type AppContext } from '../context.js';
import { requireLedger } from './access.js';
import { sameRequest } from './keyed.js';
import { clinicToday } from '../clinic-time.js';
import { entryView, type EntryView } from './views.js';
import { confirmWitness, type ConfirmedWitness, type WitnessInput } from './witness.js';

/**
 * Movements of one vial: an administration (a dose drawn for a patient), witnessed waste, a correction,
 * marking a vial expired. Each locks the vial row (SELECT … FOR UPDATE), applies the domain rule, updates
 * the vial and appends one ledger entry, and audits, all in one transaction — so fifty nurses drawing
 * from one vial at once queue on the lock and the vial never goes below empty (its CHECK is the last wall).
 */

const vialNotFound = (): DomainError =>
  new DomainError('not_found', 'No such vial in this clinic.', {
    errors: [{ path: '/vialId', message: 'Choose a vial from the stock list' }],
  });

interface MoveSpec {
  readonly kind: LedgerEntryKind;
  readonly movement: (vial: VialRow, today: string) => VialMovement;
  readonly entry: (vial: VialRow, product: ProductRow) => Partial<NewLedgerEntry>;
  readonly auditAction: string;
  readonly auditDetails?: Record<string, unknown>;
  readonly occurredAt?: Date;
}

async function moveVial(
  ctx: AppContext,
  principal: Principal,
  vialId: string,
  spec: MoveSpec,
  idempotencyKey: string | null,
  requestHash: string | null = null,
): Promise<EntryView> {
  const org = principal.organizationId;
  if (idempotencyKey) {
    const existing = await findLedgerEntryByKey(ctx.db, org, idempotencyKey);
    if (existing) return replay(ctx, org, existing, requestHash, vialId, spec.kind);
  }
  try {
    return await withTransaction(ctx, async (tx) => {
      const vial = await lockVial(tx.db, org, vialId);
      if (!vial) throw vialNotFound();
      const product = await findProduct(tx.db, org, vial.productId);
      if (!product) throw vialNotFound();
      const { today } = await clinicToday(tx.db, org, tx.now);
      const change = applyVialMovement(vial, spec.movement(vial, today));
      await saveVial(tx.db, { ...change.vial, now: tx.now });
      const id = await insertLedgerEntry(tx.db, {
        organizationId: org,
        locationId: vial.locationId,
        productId: vial.productId,
        vialId: vial.id,
        lot: vial.lot,
        kind: spec.kind,
        occurredAt: spec.occurredAt ?? tx.now,
        recordedAt: tx.now,
        recordedBy: principal.userId,
        changeUl: change.changeUl,
        changeUg: ugFor(change.changeUl, product.strengthMgPerMl),
        vialRemainingUl: change.vial.remainingUl,
        idempotencyKey,
        requestHash: idempotencyKey ? requestHash : null,
        ...spec.entry(vial, product),
      });
      const row = (await findLedgerEntry(tx.db, org, id))!;
      await audit(tx, {
        action: spec.auditAction,
        resourceType: 'cs_ledger_entry',
        resourceId: id,
        patientId: row.patientId,
        details: { vialId: vial.id, lot: vial.lot, changeMl: change.changeUl / 1000, ...spec.auditDetails },
      });
      return entryView(row);
    });
  } catch (error) {
    // The same Idempotency-Key sent twice at once: the second insert loses the race; answer with the first.
    if (idempotencyKey && isUniqueViolation(error)) {
      const existing = await findLedgerEntryByKey(ctx.db, org, idempotencyKey);
      if (existing) return replay(ctx, org, existing, requestHash, vialId, spec.kind);
    }
    throw error;
  }
}

async function replay(
  ctx: AppContext,
  org: string,
  existing: KeyedRecord,
  requestHash: string | null,
  vialId: string,
  kind: LedgerEntryKind,
): Promise<EntryView> {
  const row = (await findLedgerEntry(ctx.db, org, sameRequest(existing, requestHash)))!;
  if (row.vialId !== vialId || row.kind !== kind) {
    throw new DomainError('idempotency_key_reused', 'This Idempotency-Key was already used for a different entry.');
  }
  return entryView(row);
}

async function assertPatient(ctx: AppContext, org: string, patientId: string): Promise<void> {
  if (!(await patientExists(ctx.db, org, patientId))) {
    throw new DomainError('not_found', 'No such patient in this clinic.', {
      errors: [{ path: '/patientId', message: 'Choose a patient of this clinic' }],
    });
  }
}

/** A dose's session is one of this patient's treatment sessions in this clinic. */
async function assertSession(ctx: AppContext, org: string, sessionRef: string, patientId: string): Promise<void> {
  if (!(await patientSessionExists(ctx.db, org, sessionRef, patientId))) {
    throw new DomainError('validation_failed', 'No such treatment session of this patient in this clinic.', {
      errors: [{ path: '/sessionRef', message: 'Choose a treatment session of this patient' }],
    });
  }
}

function occurredAt(value: string | undefined, now: Date): Date {
  if (value === undefined) return now;
  const at = new Date(value);
  // Recorded at the chair, or shortly after: never in the future, never more than a day late.
  if (
    Number.isNaN(at.getTime()) ||
    at.getTime() > now.getTime() + 60_000 ||
    at.getTime() < now.getTime() - 86_400_000
  ) {
    throw new DomainError('validation_failed', 'The time given must be within the last 24 hours.', {
      errors: [{ path: '/occurredAt', message: 'Enter a time within the last 24 hours' }],
    });
  }
  return at;
}

export interface AdministrationInput {
  readonly vialId: string;
  readonly patientId: string;
  readonly volumeMl: number;
  /** Where the dose is given: the vial must be kept there. */
  readonly locationId: string;
  /** The treatment session or appointment the dose belongs to (filled by the session record). */
  readonly sessionRef?: string | null | undefined;
  readonly occurredAt?: string | undefined;
}

/**
 * A dose drawn from a vial and given to a patient (21 CFR 1304.22(c): date, quantity, patient, who gave it).
 * `requestHash` binds the Idempotency-Key to the request that sent it (see keyed.ts).
 */
export async function recordAdministration(
  input: AdministrationInput,
  ctx: AppContext,
  idempotencyKey: string | null = null,
  requestHash: string | null = null,
): Promise<EntryView> {
  const principal = requireLedger(ctx, 'ledger.record');
  const volumeUl = mlToUl(input.volumeMl, '/volumeMl');
  const at = occurredAt(input.occurredAt, ctx.now);
  await assertPatient(ctx, principal.organizationId, input.patientId);
  if (input.sessionRef) await assertSession(ctx, principal.organizationId, input.sessionRef, input.patientId);
  return moveVial(
    ctx,
    principal,
    input.vialId,
    {
      kind: 'administration',
      occurredAt: at,
      movement: (_vial, today) => ({ kind: 'administration', volumeUl, at, today, locationId: input.locationId }),
      entry: () => ({
        patientId: input.patientId,
        sessionRef: input.sessionRef ?? null,
        administeredBy: principal.userId,
      }),
      auditAction: 'ledger.administration',
      auditDetails: { sessionRef: input.sessionRef ?? null },
    },
    idempotencyKey,
    requestHash,
  );
}

export interface WasteInput extends WitnessInput {
  readonly vialId: string;
  readonly volumeMl: number;
  readonly reason: string;
  /** The treatment session whose vial this waste is from (filled by the session record). */
  readonly sessionRef?: string | null | undefined;
}

/** Waste left in a vial (or drawn up and not given), witnessed by a second member of staff at that moment. */
export async function recordWaste(
  input: WasteInput,
  ctx: AppContext,
  idempotencyKey: string | null = null,
  requestHash: string | null = null,
): Promise<EntryView> {
  const principal = requireLedger(ctx, 'ledger.record');
  const volumeUl = mlToUl(input.volumeMl, '/volumeMl');
  const reason = input.reason.trim();
  if (reason.length < 3) {
    throw new DomainError('validation_failed', 'Say why the drug was wasted.', {
      errors: [{ path: '/reason', message: 'Enter the reason, like "left in vial after dose"' }],
    });
  }
  if (idempotencyKey) {
    const existing = await findLedgerEntryByKey(ctx.db, principal.organizationId, idempotencyKey);
    if (existing) return replay(ctx, principal.organizationId, existing, requestHash, input.vialId, 'waste');
  }
  const witness = await confirmWitness(input, principal, ctx, 'waste');
  return moveVial(
    ctx,
    principal,
    input.vialId,
    {
      kind: 'waste',
      movement: () => ({
        kind: 'waste',
        volumeUl,
        at: ctx.now,
        recordedBy: principal.userId,
        witnessedBy: witness.userId,
      }),
      entry: () => ({
        witnessUserId: witness.userId,
        witnessMethod: witness.method,
        reason,
        sessionRef: input.sessionRef ?? null,
      }),
      auditAction: 'ledger.waste',
      auditDetails: { witnessUserId: witness.userId, witnessMethod: witness.method },
    },
    idempotencyKey,
    requestHash,
  );
}

export interface UndeliveredDoseWasteInput {
  /** The administration entry of the drawn dose (the session's draw). */
  readonly administrationEntryId: string;
  readonly volumeMl: number;
  /** Why the dose was not given in full, as the register shows it. */
  readonly reason: string;
  readonly sessionRef: string;
  /** Confirmed before the caller's transaction (failed attempts stay counted). */
  readonly witness: ConfirmedWitness;
}

/**
 * Drug drawn for a patient and not given (an IV bag stopped before it all ran in), wasted with a witness.
 * The register says what happened in two entries of the dose's vial, in the caller's transaction: a
 * correction of the administration (+volume, naming it: this much of the draw was not given) and the
 * witnessed waste of that volume (−volume). The vial's balance does not move (the drug left it at the
 * draw); the patient's administered total becomes what was delivered and the rest is waste. The vial is
 * locked while both are written, so no other draw sees the volume in between.
 */
export async function recordUndeliveredDoseWaste(
  input: UndeliveredDoseWasteInput,
  ctx: AppContext,
  idempotencyKey: string,
): Promise<{ correction: EntryView; waste: EntryView }> {
  const principal = requireLedger(ctx, 'ledger.record');
  const org = principal.organizationId;
  const volumeUl = mlToUl(input.volumeMl, '/volumeMl');
  const reason = input.reason.trim();
  if (reason.length < 3) {
    throw new DomainError('validation_failed', 'Say why the drug was wasted.', {
      errors: [{ path: '/reason', message: 'Enter the reason, like "infusion stopped early"' }],
    });
  }
  const administration = await findLedgerEntry(ctx.db, org, input.administrationEntryId);
  if (!administration || administration.kind !== 'administration') {
    throw new DomainError('not_found', 'No such administration entry in this clinic.');
  }
  return withTransaction(ctx, async (tx) => {
    const vial = await lockVial(tx.db, org, administration.vialId);
    const product = vial ? await findProduct(tx.db, org, vial.productId) : undefined;
    if (!vial || !product) throw vialNotFound();
    // What was drawn and not given goes back on the administration, then leaves as witnessed waste.
    const back = applyVialMovement(vial, {
      kind: 'correction',
      deltaUl: volumeUl,
      reason,
      corrects: { vialId: administration.vialId },
    });
    const out = applyVialMovement(back.vial, {
      kind: 'waste',
      volumeUl,
      at: tx.now,
      recordedBy: principal.userId,
      witnessedBy: input.witness.userId,
    });
    await saveVial(tx.db, { ...out.vial, now: tx.now });
    const common = {
      organizationId: org,
      locationId: vial.locationId,
      productId: vial.productId,
      vialId: vial.id,
      lot: vial.lot,
      occurredAt: tx.now,
      recordedAt: tx.now,
      recordedBy: principal.userId,
      sessionRef: input.sessionRef,
    };
    const correctionId = await insertLedgerEntry(tx.db, {
      ...common,
      kind: 'correction',
      changeUl: back.changeUl,
      changeUg: ugFor(back.changeUl, product.strengthMgPerMl),
      vialRemainingUl: back.vial.remainingUl,
      patientId: administration.patientId,
      correctsEntryId: administration.id,
      reason: `Not given: ${reason}`,
      idempotencyKey: `${idempotencyKey}:correction`,
    });
    const wasteId = await insertLedgerEntry(tx.db, {
      ...common,
      kind: 'waste',
      changeUl: out.changeUl,
      changeUg: ugFor(out.changeUl, product.strengthMgPerMl),
      vialRemainingUl: out.vial.remainingUl,
      patientId: administration.patientId,
      witnessUserId: input.witness.userId,
      witnessMethod: input.witness.method,
      reason,
      idempotencyKey,
    });
    const correction = (await findLedgerEntry(tx.db, org, correctionId))!;
    const waste = (await findLedgerEntry(tx.db, org, wasteId))!;
    await audit(tx, {
      action: 'ledger.correction',
      resourceType: 'cs_ledger_entry',
      resourceId: correctionId,
      patientId: correction.patientId,
      details: { vialId: vial.id, lot: vial.lot, changeMl: back.changeUl / 1000, correctsEntryId: administration.id },
    });
    await audit(tx, {
      action: 'ledger.waste',
      resourceType: 'cs_ledger_entry',
      resourceId: wasteId,
      patientId: waste.patientId,
      details: {
        vialId: vial.id,
        lot: vial.lot,
        changeMl: out.changeUl / 1000,
        witnessUserId: input.witness.userId,
        witnessMethod: input.witness.method,
        sessionRef: input.sessionRef,
      },
    });
    return { correction: entryView(correction), waste: entryView(waste) };
  });
}

export interface CorrectionInput {
  readonly deltaMl: number;
  readonly reason: string;
}

/**
 * A correction: a new entry naming the wrong one and why, changing the vial by a signed volume. A
 * correction of a correction is allowed; one that would take the vial below empty is refused.
 */
export async function recordCorrection(entryId: string, input: CorrectionInput, ctx: AppContext): Promise<EntryView> {
  const principal = requireLedger(ctx, 'ledger.record');
  const deltaUl = mlToUl(input.deltaMl, '/deltaMl');
  const corrected = await findLedgerEntry(ctx.db, principal.organizationId, entryId);
  if (!corrected) throw new DomainError('not_found', 'No such ledger entry in this clinic.');
  try {
    return await moveVial(
      ctx,
      principal,
      corrected.vialId,
      {
        kind: 'correction',
        movement: (vial) => ({
          kind: 'correction',
          deltaUl,
          reason: input.reason,
          corrects: { vialId: corrected.vialId === vial.id ? vial.id : null },
        }),
        entry: () => ({ correctsEntryId: corrected.id, reason: input.reason.trim() }),
        auditAction: 'ledger.correction',
        auditDetails: { correctsEntryId: corrected.id },
      },
      null,
    );
  } catch (error) {
    if (isDomainError(error) && error.code === 'not_found')
      throw new DomainError('not_found', 'No such ledger entry in this clinic.');
    throw error;
  }
}

/** A sealed or open vial past its expiry date is set aside: no more draws; it waits for destruction or return. */
export async function markVialExpired(vialId: string, ctx: AppContext): Promise<EntryView> {
  const principal = requireLedger(ctx, 'ledger.record');
  return moveVial(
    ctx,
    principal,
    vialId,
    {
      kind: 'expiry',
      movement: (_vial, today) => ({ kind: 'expiry', today }),
      entry: () => ({}),
      auditAction: 'ledger.vial_expired',
    },
    null,
  );
}

export { moveVial };
