import { isUniqueViolation } from '../../db/sql-state.js';
import {
  findCount,
  findCountByKey,
  insertCount,
  insertResolution,
  listCounts,
  type CountRow,
} from '../../db/repositories/controlled-substances/records.js';
import { expectedStock, listProducts } from '../../db/repositories/controlled-substances/stock.js';
import { DomainError } from '../../domain/errors.js';
import { checkResolution, compareCount, mlToUl, ugFor } from '../../domain/ledger/index.js';
import { audit } from '../audit/record.js';
import { withTransaction, type AppContext } from '../context.js';
import { assertLocation, requireLedger } from './access.js';
import { sameRequest } from './keyed.js';
import { confirmWitness, type WitnessInput } from './witness.js';

/**
 * Counts per shift or day and location: the counter enters, per product and lot, the containers and the
 * volume they count; the record's figures are taken at that moment, in the same transaction. A count with
 * a difference stays "unresolved" — listed for admins and prescribers — until an explanation is signed by
 * two members of staff (the second confirming with their own password or code).
 */
export interface CountInput {
  readonly locationId: string;
  readonly period: 'shift' | 'day';
  readonly notes?: string | undefined;
  readonly lines: readonly { productId: string; lot: string; countedContainers: number; countedMl: number }[];
}

export interface CountView extends Omit<CountRow, 'lines' | 'countedAt'> {
  countedAt: string;
  resolved: boolean;
  lines: {
    productId: string;
    productLabel: string;
    lot: string;
    expectedContainers: number;
    countedContainers: number;
    expectedMl: number;
    countedMl: number;
    differenceMl: number;
    differenceMg: number;
    discrepancy: boolean;
  }[];
}

async function countView(ctx: AppContext, org: string, row: CountRow): Promise<CountView> {
  const products = new Map((await listProducts(ctx.db, org)).map((p) => [p.id, p]));
  return {
    ...row,
    countedAt: row.countedAt instanceof Date ? row.countedAt.toISOString() : String(row.countedAt),
    resolved: !row.hasDiscrepancy || row.resolution !== null,
    lines: row.lines.map((l) => {
      const p = products.get(l.productId);
      const differenceUl = l.countedUl - l.expectedUl;
      return {
        productId: l.productId,
        productLabel: p ? `${p.drug} ${p.strengthMgPerMl} mg/mL, ${p.containerMl} mL` : l.productId,
        lot: l.lot,
        expectedContainers: l.expectedContainers,
        countedContainers: l.countedContainers,
        expectedMl: l.expectedUl / 1000,
        countedMl: l.countedUl / 1000,
        differenceMl: differenceUl / 1000,
        differenceMg: p ? ugFor(differenceUl, p.strengthMgPerMl) / 1000 : 0,
        discrepancy: l.expectedContainers !== l.countedContainers || l.expectedUl !== l.countedUl,
      };
    }),
  };
}

/** A count; `requestHash` binds the Idempotency-Key to the request that sent it (see keyed.ts). */
export async function recordCount(
  input: CountInput,
  ctx: AppContext,
  idempotencyKey: string | null = null,
  requestHash: string | null = null,
): Promise<CountView> {
  const principal = requireLedger(ctx, 'ledger.record');
  const org = principal.organizationId;
  if (idempotencyKey) {
    const existing = await findCountByKey(ctx.db, org, idempotencyKey);
    if (existing) return countView(ctx, org, (await findCount(ctx.db, org, sameRequest(existing, requestHash)))!);
  }
  await assertLocation(ctx.db, org, input.locationId);
  const lines = input.lines.map((l, i) => ({
    productId: l.productId,
    lot: l.lot.trim(),
    countedContainers: l.countedContainers,
    countedUl: l.countedMl >= 0 ? mlToUl(l.countedMl, `/lines/${i}/countedMl`) : -1,
  }));
  const view = withTransaction(ctx, async (tx) => {
    // The record's figures at this moment: a draw committed after this read is after the count.
    const expected = await expectedStock(tx.db, org, input.locationId);
    const compared = compareCount(
      expected.map((e) => ({ productId: e.productId, lot: e.lot, containers: e.containers, volumeUl: e.volumeUl })),
      lines,
    );
    const products = new Set((await listProducts(tx.db, org)).map((p) => p.id));
    const unknown = compared.findIndex((l) => !products.has(l.productId));
    if (unknown >= 0) {
      throw new DomainError('validation_failed', 'Choose products from the list.', {
        errors: [{ path: `/lines/${unknown}/productId`, message: 'Choose a product from the list' }],
      });
    }
    const hasDiscrepancy = compared.some((l) => l.discrepancy);
    const id = await insertCount(tx.db, {
      organizationId: org,
      locationId: input.locationId,
      period: input.period,
      countedAt: tx.now,
      countedBy: principal.userId,
      notes: input.notes?.trim() ?? '',
      hasDiscrepancy,
      idempotencyKey,
      requestHash: idempotencyKey ? requestHash : null,
      lines: compared,
    });
    await audit(tx, {
      action: 'ledger.count',
      resourceType: 'cs_count',
      resourceId: id,
      details: { hasDiscrepancy, lines: compared.length },
    });
    return countView(tx, org, (await findCount(tx.db, org, id))!);
  });
  return view.catch(async (error: unknown) => {
    // The same Idempotency-Key sent twice at once: the second insert loses the race; answer with the first.
    const first =
      idempotencyKey && isUniqueViolation(error) ? await findCountByKey(ctx.db, org, idempotencyKey) : undefined;
    if (first) return countView(ctx, org, (await findCount(ctx.db, org, sameRequest(first, requestHash)))!);
    throw error;
  });
}

export interface ResolutionInput extends WitnessInput {
  readonly explanation: string;
}

export async function resolveCount(countId: string, input: ResolutionInput, ctx: AppContext): Promise<CountView> {
  const principal = requireLedger(ctx, 'ledger.record');
  const org = principal.organizationId;
  const count = await findCount(ctx.db, org, countId);
  if (!count) throw new DomainError('not_found', 'No such count in this clinic.');
  if (!count.hasDiscrepancy)
    throw new DomainError('conflict', 'This count agreed with the record; there is nothing to resolve.');
  if (count.resolution) throw new DomainError('conflict', 'This discrepancy has already been explained and signed.');
  checkResolution({ explanation: input.explanation, signedBy: principal.userId, secondSigner: input.witnessUserId });
  const second = await confirmWitness(input, principal, ctx, 'count_resolution');
  return withTransaction(ctx, async (tx) => {
    const inserted = await insertResolution(tx.db, {
      countId,
      explanation: input.explanation.trim(),
      signedBy: principal.userId,
      secondSigner: second.userId,
      method: second.method,
      now: tx.now,
    });
    if (!inserted) throw new DomainError('conflict', 'This discrepancy has already been explained and signed.');
    await audit(tx, {
      action: 'ledger.count_resolve',
      resourceType: 'cs_count',
      resourceId: countId,
      details: { secondSigner: second.userId },
    });
    return countView(tx, org, (await findCount(tx.db, org, countId))!);
  });
}

export async function getCounts(
  ctx: AppContext,
  filter: { locationId?: string | undefined; unresolved?: boolean | undefined },
): Promise<CountView[]> {
  const principal = requireLedger(ctx, 'ledger.read');
  const rows = await listCounts(ctx.db, principal.organizationId, {
    locationId: filter.locationId,
    unresolvedOnly: filter.unresolved ?? false,
    limit: 100,
  });
  return Promise.all(rows.map((r) => countView(ctx, principal.organizationId, r)));
}

export async function getCount(countId: string, ctx: AppContext): Promise<CountView> {
  const principal = requireLedger(ctx, 'ledger.read');
  const row = await findCount(ctx.db, principal.organizationId, countId);
  if (!row) throw new DomainError('not_found', 'No such count in this clinic.');
  return countView(ctx, principal.organizationId, row);
}

/** What the record holds at a location, per product and lot: the starting point of a count or inventory form. */
export async function getExpectedStock(locationId: string, ctx: AppContext) {
  const principal = requireLedger(ctx, 'ledger.read');
  await assertLocation(ctx.db, principal.organizationId, locationId);
  const rows = await expectedStock(ctx.db, principal.organizationId, locationId);
  return rows.map((r) => ({
    productId: r.productId,
    lot: r.lot,
    containers: r.containers,
    sealedContainers: r.sealed,
    openedContainers: r.opened,
    volumeMl: r.volumeUl / 1000,
    openedMl: r.openedUl / 1000,
  }));
}
