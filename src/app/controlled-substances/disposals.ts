import { insertLedgerEntry } from '../../db/repositories/controlled-substances/ledger.js';
import {
  insertDisposal,
  insertLossReport,
  listDisposals,
  listLossReports,
  updateLossReport,
  type DisposalRow,
  type LossReportRow,
} from '../../db/repositories/controlled-substances/records.js';
import { findProduct, lockVial, saveVial } from '../../db/repositories/controlled-substances/stock.js';
import { DomainError, type FieldError } from '../../domain/errors.js';
import {
  applyVialMovement,
  checkDeaNumber,
  lossReportDeadlines,
  mlToUl,
  ugFor,
  type VialMovement,
} from '../../domain/ledger/index.js';
import type { Principal } from '../../domain/permissions/index.js';
import { dayNumber } from '../../domain/time/local-date.js';
import { audit } from '../audit/record.js';
import { withTransaction, type AppContext } from '../context.js';
import { assertLocation, requireLedger } from './access.js';
import { clinicTimeZone, clinicToday, localDateAt } from '../clinic-time.js';
import { confirmWitness, type WitnessInput } from './witness.js';

/**
 * Stock leaving other than by administration or waste (CLINICAL.md §6):
 * - destruction: by a reverse distributor (its name and DEA number), or on DEA Form 41 with two
 *   witnesses, each confirming with their own password or code, neither the person recording;
 * - theft or loss: the discovery time, the deadlines (DEA within 1 business day of discovery, Form 106
 *   within 45 days, 21 CFR 1301.76(b)) shown as reminders until recorded, and the Form 106 reference.
 * Each vial's removal is a ledger entry; all vials of one event change in one transaction, locked in id
 * order so two events never deadlock.
 */
async function removeFromVials(
  tx: AppContext,
  principal: Principal,
  locationId: string,
  vials: readonly { vialId: string; movement: VialMovement }[],
  link: { disposalId?: string; lossReportId?: string },
  kind: 'destruction' | 'loss',
): Promise<void> {
  const org = principal.organizationId;
  const ordered = [...vials].sort((a, b) => a.vialId.localeCompare(b.vialId));
  for (const item of ordered) {
    const index = vials.indexOf(item);
    const vial = await lockVial(tx.db, org, item.vialId);
    if (!vial) {
      throw new DomainError('not_found', 'No such vial in this clinic.', {
        errors: [{ path: `/vials/${index}`, message: 'Choose a vial from the stock list' }],
      });
    }
    if (vial.locationId !== locationId) {
      throw new DomainError('ledger_vial_wrong_location', 'This vial is kept at another location.', {
        errors: [{ path: `/vials/${index}`, message: 'Choose vials kept at this location' }],
      });
    }
    const product = (await findProduct(tx.db, org, vial.productId))!;
    const change = applyVialMovement(vial, item.movement);
    await saveVial(tx.db, { ...change.vial, now: tx.now });
    await insertLedgerEntry(tx.db, {
      organizationId: org,
      locationId,
      productId: vial.productId,
      vialId: vial.id,
      lot: vial.lot,
      kind,
      occurredAt: tx.now,
      recordedAt: tx.now,
      recordedBy: principal.userId,
      changeUl: change.changeUl,
      changeUg: ugFor(change.changeUl, product.strengthMgPerMl),
      vialRemainingUl: change.vial.remainingUl,
      disposalId: link.disposalId ?? null,
      lossReportId: link.lossReportId ?? null,
    });
  }
}

export interface DestructionInput {
  readonly locationId: string;
  readonly method: 'reverse_distributor' | 'destruction_form_41';
  readonly vialIds: readonly string[];
  readonly receiverName?: string | undefined;
  readonly receiverDeaNumber?: string | undefined;
  readonly form41Reference?: string | undefined;
  readonly witnesses?: readonly WitnessInput[] | undefined;
  readonly notes?: string | undefined;
}

export async function recordDestruction(input: DestructionInput, ctx: AppContext): Promise<DisposalRow> {
  const principal = requireLedger(ctx, 'ledger.record');
  const org = principal.organizationId;
  await assertLocation(ctx.db, org, input.locationId);
  const errors: FieldError[] = [];
  if (input.vialIds.length === 0) errors.push({ path: '/vialIds', message: 'Choose the vials destroyed or returned' });
  if (new Set(input.vialIds).size !== input.vialIds.length)
    errors.push({ path: '/vialIds', message: 'A vial is listed twice' });
  let receiverDea: string | null = null;
  if (input.method === 'reverse_distributor') {
    if (!input.receiverName?.trim())
      errors.push({ path: '/receiverName', message: 'Enter the reverse distributor’s name' });
    const dea = checkDeaNumber(input.receiverDeaNumber ?? '');
    if (dea.ok) receiverDea = dea.value;
    else errors.push({ path: '/receiverDeaNumber', message: dea.message });
  } else {
    if (!input.form41Reference?.trim())
      errors.push({ path: '/form41Reference', message: 'Enter the DEA Form 41 reference' });
    const ids = (input.witnesses ?? []).map((w) => w.witnessUserId);
    if (ids.length !== 2 || ids[0] === ids[1])
      errors.push({ path: '/witnesses', message: 'Two different members of staff witness a destruction' });
    if (ids.includes(principal.userId)) {
      throw new DomainError('ledger_witness_same_person', 'A destruction witness cannot be the person recording it.', {
        errors: [{ path: '/witnesses', message: 'Choose two other members of staff' }],
      });
    }
  }
  if (errors.length)
    throw new DomainError('validation_failed', 'Some details of the destruction need attention.', { errors });
  const witnesses =
    input.method === 'destruction_form_41'
      ? [
          await confirmWitness(input.witnesses![0]!, principal, ctx, 'destruction'),
          await confirmWitness(input.witnesses![1]!, principal, ctx, 'destruction'),
        ]
      : [];
  return withTransaction(ctx, async (tx) => {
    const id = await insertDisposal(tx.db, {
      organizationId: org,
      locationId: input.locationId,
      method: input.method,
      occurredAt: tx.now,
      recordedBy: principal.userId,
      receiverName: input.method === 'reverse_distributor' ? input.receiverName!.trim() : null,
      receiverDeaNumber: receiverDea,
      form41Reference: input.method === 'destruction_form_41' ? input.form41Reference!.trim() : null,
      witness1: witnesses[0]?.userId ?? null,
      witness2: witnesses[1]?.userId ?? null,
      notes: input.notes?.trim() ?? '',
    });
    await removeFromVials(
      tx,
      principal,
      input.locationId,
      input.vialIds.map((vialId) => ({ vialId, movement: { kind: 'destruction' } })),
      { disposalId: id },
      'destruction',
    );
    await audit(tx, {
      action: 'ledger.destruction',
      resourceType: 'cs_disposal',
      resourceId: id,
      details: { method: input.method, vials: input.vialIds.length },
    });
    return (await listDisposals(tx.db, org, id))[0]!;
  });
}

export async function getDisposals(ctx: AppContext): Promise<DisposalRow[]> {
  const principal = requireLedger(ctx, 'ledger.read');
  return listDisposals(ctx.db, principal.organizationId);
}

export interface LossInput {
  readonly locationId: string;
  readonly kind: 'theft' | 'loss';
  readonly discoveredAt: string;
  readonly description: string;
  readonly vials: readonly { vialId: string; volumeMl: number }[];
}

export interface LossReportView extends LossReportRow {
  /** Reminders until done: the DEA notice (1 business day) and Form 106 (45 days). */
  deaNoticeOverdue: boolean;
  form106Overdue: boolean;
}

async function lossViews(ctx: AppContext, org: string, rows: LossReportRow[]): Promise<LossReportView[]> {
  const { today } = await clinicToday(ctx.db, org, ctx.now);
  return rows.map((r) => ({
    ...r,
    deaNoticeOverdue: r.deaNotifiedAt === null && dayNumber(today) > dayNumber(r.notifyDeaBy),
    form106Overdue: r.form106Reference === null && dayNumber(today) > dayNumber(r.form106By),
  }));
}

export async function reportLoss(input: LossInput, ctx: AppContext): Promise<LossReportView> {
  const principal = requireLedger(ctx, 'ledger.record');
  const org = principal.organizationId;
  await assertLocation(ctx.db, org, input.locationId);
  const discovered = new Date(input.discoveredAt);
  const errors: FieldError[] = [];
  if (Number.isNaN(discovered.getTime()) || discovered.getTime() > ctx.now.getTime() + 60_000) {
    errors.push({ path: '/discoveredAt', message: 'Enter when the theft or loss was discovered, not in the future' });
  }
  if (input.description.trim().length < 10)
    errors.push({ path: '/description', message: 'Describe what is missing and how it was found' });
  if (new Set(input.vials.map((v) => v.vialId)).size !== input.vials.length)
    errors.push({ path: '/vials', message: 'A vial is listed twice' });
  if (errors.length)
    throw new DomainError('validation_failed', 'Some details of the report need attention.', { errors });
  const movements = input.vials.map((v, i) => ({
    vialId: v.vialId,
    movement: { kind: 'loss', volumeUl: mlToUl(v.volumeMl, `/vials/${i}/volumeMl`) } as const,
  }));
  const deadlines = lossReportDeadlines(localDateAt(await clinicTimeZone(ctx.db, org), discovered));
  return withTransaction(ctx, async (tx) => {
    const id = await insertLossReport(tx.db, {
      organizationId: org,
      locationId: input.locationId,
      kind: input.kind,
      discoveredAt: discovered,
      description: input.description.trim(),
      notifyDeaBy: deadlines.notifyDeaBy,
      form106By: deadlines.form106By,
      recordedBy: principal.userId,
      now: tx.now,
    });
    await removeFromVials(tx, principal, input.locationId, movements, { lossReportId: id }, 'loss');
    await audit(tx, {
      action: 'ledger.loss_report',
      resourceType: 'cs_loss_report',
      resourceId: id,
      details: { kind: input.kind, vials: input.vials.length },
    });
    return (await lossViews(tx, org, await listLossReports(tx.db, org, id)))[0]!;
  });
}

export async function getLossReports(ctx: AppContext): Promise<LossReportView[]> {
  const principal = requireLedger(ctx, 'ledger.read');
  return lossViews(ctx, principal.organizationId, await listLossReports(ctx.db, principal.organizationId));
}

export async function updateLoss(
  id: string,
  input: { version: number; deaNotifiedAt?: string | undefined; form106Reference?: string | undefined },
  ctx: AppContext,
): Promise<LossReportView> {
  const principal = requireLedger(ctx, 'ledger.record');
  const org = principal.organizationId;
  const existing = (await listLossReports(ctx.db, org, id))[0];
  if (!existing) throw new DomainError('not_found', 'No such report in this clinic.');
  const notified = input.deaNotifiedAt ? new Date(input.deaNotifiedAt) : null;
  if (
    notified &&
    (Number.isNaN(notified.getTime()) ||
      notified.getTime() > ctx.now.getTime() + 60_000 ||
      notified < new Date(existing.discoveredAt))
  ) {
    throw new DomainError('validation_failed', 'The DEA notice time must be between the discovery and now.', {
      errors: [{ path: '/deaNotifiedAt', message: 'Enter when DEA was notified' }],
    });
  }
  return withTransaction(ctx, async (tx) => {
    const ok = await updateLossReport(tx.db, {
      organizationId: org,
      id,
      version: input.version,
      deaNotifiedAt: notified,
      form106Reference: input.form106Reference?.trim() || null,
    });
    if (!ok) throw new DomainError('stale_version', 'Someone else updated this report; reload it and try again.');
    await audit(tx, {
      action: 'ledger.loss_report_update',
      resourceType: 'cs_loss_report',
      resourceId: id,
      details: { deaNotified: notified !== null, form106: Boolean(input.form106Reference) },
    });
    return (await lossViews(tx, org, await listLossReports(tx.db, org, id)))[0]!;
  });
}
