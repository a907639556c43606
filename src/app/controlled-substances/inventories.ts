import type { Readable } from 'node:stream';
import {
  findInventory,
  insertInventory,
  listInventories,
  type InventoryLineRow,
  type InventoryRow,
} from '../../db/repositories/controlled-substances/records.js';
import { expectedStock, listProducts, organizationInfo } from '../../db/repositories/controlled-substances/stock.js';
import { DomainError, type FieldError } from '../../domain/errors.js';
import { mlToUl, nextInventoryDue, ugFor } from '../../domain/ledger/index.js';
import { dayNumber, isLocalDate, type LocalDate } from '../../domain/time/local-date.js';
import { zoneRules } from '../../domain/time/zoned-time.js';
import { audit } from '../audit/record.js';
import { withTransaction, type AppContext } from '../context.js';
import { assertLocation, requireLedger } from './access.js';
import { clinicToday } from '../clinic-time.js';
import { usDateTime } from './dispensing-log.js';
import { csvReport, pdfReport, type Column } from './report-writers.js';
import { productFormLabels } from './views.js';

/**
 * Initial and biennial inventories (21 CFR 1304.11): the date, whether taken at the opening or close of
 * business, and for each drug its name, strength, form, the number of containers and the total quantity.
 * For Schedule III–V an opened container may be estimated (1304.11(e)(3)); the person taking it enters
 * sealed containers, opened containers and the estimated volume in the opened ones. Every lot the record
 * holds at the location must appear (0 if none is found: that is a discrepancy to resolve by a count).
 */
export interface InventoryInput {
  readonly locationId: string;
  readonly kind: 'initial' | 'biennial';
  readonly takenOn: LocalDate;
  readonly moment: 'opening' | 'close_of_business';
  readonly notes?: string | undefined;
  readonly lines: readonly {
    productId: string;
    lot: string;
    sealedContainers: number;
    openedContainers: number;
    openedEstimatedMl: number;
  }[];
}

export interface InventoryView extends Omit<InventoryRow, 'lines' | 'recordedAt'> {
  recordedAt: string;
  kindLabel: string;
  momentLabel: string;
  lines: (Omit<InventoryLineRow, 'openedEstimatedUl' | 'totalUl' | 'totalUg'> & {
    formLabel: string;
    openedEstimatedMl: number;
    totalContainers: number;
    totalMl: number;
    totalMg: number;
  })[];
  nextDue: LocalDate;
}

const kindLabels = { initial: 'Initial inventory', biennial: 'Biennial inventory' } as const;
const momentLabels = { opening: 'Opening of business', close_of_business: 'Close of business' } as const;

const view = (row: InventoryRow): InventoryView => ({
  ...row,
  recordedAt: new Date(row.recordedAt).toISOString(),
  kindLabel: kindLabels[row.kind],
  momentLabel: momentLabels[row.moment],
  nextDue: nextInventoryDue(row.takenOn),
  lines: row.lines.map((l) => ({
    productId: l.productId,
    drug: l.drug,
    strengthMgPerMl: l.strengthMgPerMl,
    form: l.form,
    formLabel: productFormLabels[l.form] ?? l.form,
    containerMl: l.containerMl,
    ndc: l.ndc,
    lot: l.lot,
    sealedContainers: l.sealedContainers,
    openedContainers: l.openedContainers,
    openedEstimatedMl: l.openedEstimatedUl / 1000,
    totalContainers: l.sealedContainers + l.openedContainers,
    totalMl: l.totalUl / 1000,
    totalMg: Math.round(l.totalUg) / 1000,
  })),
});

export async function takeInventory(input: InventoryInput, ctx: AppContext): Promise<InventoryView> {
  const principal = requireLedger(ctx, 'ledger.record');
  const org = principal.organizationId;
  await assertLocation(ctx.db, org, input.locationId);
  const { today } = await clinicToday(ctx.db, org, ctx.now);
  const errors: FieldError[] = [];
  if (
    !isLocalDate(input.takenOn) ||
    dayNumber(input.takenOn) > dayNumber(today) ||
    dayNumber(input.takenOn) < dayNumber(today) - 7
  ) {
    errors.push({ path: '/takenOn', message: 'Enter the date the inventory was taken, within the last 7 days' });
  }
  const products = new Map((await listProducts(ctx.db, org)).map((p) => [p.id, p]));
  const seen = new Set<string>();
  const lines: InventoryLineRow[] = [];
  input.lines.forEach((l, i) => {
    const p = products.get(l.productId);
    if (!p) return void errors.push({ path: `/lines/${i}/productId`, message: 'Choose a product from the list' });
    const lot = l.lot.trim();
    if (!lot) errors.push({ path: `/lines/${i}/lot`, message: 'Enter the lot' });
    if (seen.has(`${p.id}/${lot}`))
      errors.push({ path: `/lines/${i}/lot`, message: 'This product and lot is listed twice' });
    seen.add(`${p.id}/${lot}`);
    for (const field of ['sealedContainers', 'openedContainers'] as const) {
      if (!Number.isSafeInteger(l[field]) || l[field] < 0)
        errors.push({ path: `/lines/${i}/${field}`, message: 'Enter 0 or more' });
    }
    if (!(l.openedEstimatedMl >= 0))
      return void errors.push({ path: `/lines/${i}/openedEstimatedMl`, message: 'Enter 0 mL or more' });
    const openedUl = mlToUl(l.openedEstimatedMl, `/lines/${i}/openedEstimatedMl`);
    const containerUl = mlToUl(p.containerMl, '/containerMl');
    if (openedUl > l.openedContainers * containerUl) {
      errors.push({
        path: `/lines/${i}/openedEstimatedMl`,
        message: `At most ${l.openedContainers * p.containerMl} mL in ${l.openedContainers} opened containers`,
      });
    }
    const totalUl = Math.max(0, l.sealedContainers) * containerUl + openedUl;
    lines.push({
      productId: p.id,
      drug: p.drug,
      strengthMgPerMl: p.strengthMgPerMl,
      form: p.form,
      containerMl: p.containerMl,
      ndc: p.ndc,
      lot,
      sealedContainers: l.sealedContainers,
      openedContainers: l.openedContainers,
      openedEstimatedUl: openedUl,
      totalUl,
      totalUg: ugFor(totalUl, p.strengthMgPerMl),
    });
  });
  const held = await expectedStock(ctx.db, org, input.locationId);
  for (const h of held) {
    if (!seen.has(`${h.productId}/${h.lot}`))
      errors.push({ path: '/lines', message: `Include lot ${h.lot}: the record holds it at this location` });
  }
  if (errors.length)
    throw new DomainError('validation_failed', 'Some lines of the inventory need attention.', { errors });
  return withTransaction(ctx, async (tx) => {
    const id = await insertInventory(tx.db, {
      organizationId: org,
      locationId: input.locationId,
      kind: input.kind,
      takenOn: input.takenOn,
      moment: input.moment,
      takenBy: principal.userId,
      now: tx.now,
      notes: input.notes?.trim() ?? '',
      lines,
    });
    await audit(tx, {
      action: 'ledger.inventory',
      resourceType: 'cs_inventory',
      resourceId: id,
      details: { kind: input.kind, lines: lines.length },
    });
    return view((await findInventory(tx.db, org, id))!);
  });
}

export async function getInventories(
  ctx: AppContext,
): Promise<{ items: InventoryView[]; nextDue: LocalDate | null; overdue: boolean }> {
  const principal = requireLedger(ctx, 'ledger.read');
  const items = (await listInventories(ctx.db, principal.organizationId)).map(view);
  const { today } = await clinicToday(ctx.db, principal.organizationId, ctx.now);
  const latest = items[0];
  const nextDue = latest ? latest.nextDue : null;
  return { items, nextDue, overdue: nextDue !== null && dayNumber(today) > dayNumber(nextDue) };
}

export async function getInventory(id: string, ctx: AppContext): Promise<InventoryView> {
  const principal = requireLedger(ctx, 'ledger.read');
  const row = await findInventory(ctx.db, principal.organizationId, id);
  if (!row) throw new DomainError('not_found', 'No such inventory in this clinic.');
  return view(row);
}

const columns: readonly Column[] = [
  { header: 'Drug', width: 14 },
  { header: 'Strength', width: 7 },
  { header: 'Form', width: 10 },
  { header: 'Container', width: 6 },
  { header: 'NDC', width: 8 },
  { header: 'Lot', width: 7 },
  { header: 'Sealed containers', width: 6 },
  { header: 'Opened containers', width: 6 },
  { header: 'Opened, estimated (mL)', width: 7 },
  { header: 'Total containers', width: 6 },
  { header: 'Total (mL)', width: 6 },
  { header: 'Total (mg)', width: 7 },
];

/** The inventory as a signed-off document: PDF to file, CSV for a spreadsheet (review: admins and prescribers). */
export async function exportInventory(
  id: string,
  format: 'csv' | 'pdf',
  ctx: AppContext,
): Promise<{ stream: Readable; fileName: string; contentType: string }> {
  const principal = requireLedger(ctx, 'ledger.review');
  const row = await findInventory(ctx.db, principal.organizationId, id);
  if (!row) throw new DomainError('not_found', 'No such inventory in this clinic.');
  const inv = view(row);
  const org = await organizationInfo(ctx.db, principal.organizationId);
  const zone = zoneRules(org.timeZone);
  await withTransaction(ctx, (tx) =>
    audit(tx, { action: 'ledger.inventory_export', resourceType: 'cs_inventory', resourceId: id, details: { format } }),
  );
  const title = `${inv.kindLabel} of controlled substances`;
  const taken = `${inv.takenOn.slice(5, 7)}/${inv.takenOn.slice(8, 10)}/${inv.takenOn.slice(0, 4)}`;
  const lines = [
    `${org.name} — ${inv.locationName}`,
    `Date taken: ${taken}, at the ${inv.momentLabel.toLowerCase()} (21 CFR 1304.11)`,
    `Taken by ${inv.takenBy.name}; recorded ${usDateTime(zone, new Date(inv.recordedAt))}`,
    'Opened containers of Schedule III–V substances are estimated (21 CFR 1304.11(e)(3)).',
    ...(inv.notes ? [`Notes: ${inv.notes}`] : []),
  ];
  const report = format === 'csv' ? csvReport(columns, [title, ...lines]) : await pdfReport(columns, { title, lines });
  const write = async (): Promise<void> => {
    for (const l of inv.lines) {
      await report.write([
        l.drug,
        `${l.strengthMgPerMl} mg/mL`,
        l.formLabel,
        `${l.containerMl} mL`,
        l.ndc,
        l.lot,
        l.sealedContainers,
        l.openedContainers,
        l.openedEstimatedMl.toFixed(3),
        l.totalContainers,
        l.totalMl.toFixed(3),
        l.totalMg.toFixed(3),
      ]);
    }
    if (inv.lines.length === 0)
      await report.write(['No controlled substances on hand', '', '', '', '', '', 0, 0, '0.000', 0, '0.000', '0.000']);
    await report.end(
      format === 'pdf' ? ['Signature of the person taking the inventory: ______________________________'] : [],
    );
  };
  write().catch((error: unknown) => report.stream.destroy(error instanceof Error ? error : new Error(String(error))));
  return {
    stream: report.stream,
    fileName: `${inv.kind}-inventory-${inv.takenOn}.${format}`,
    contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/pdf',
  };
}
