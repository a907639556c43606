import { isUniqueViolation } from '../../db/sql-state.js';
import { insertLedgerEntry } from '../../db/repositories/controlled-substances/ledger.js';
import {
  findProduct,
  findReceipt,
  findReceiptByKey,
  insertProduct,
  insertReceipt,
  insertVials,
  listLocations,
  listProducts,
  listReceipts,
  listStaffWithRoles,
  listVials,
  vialLocation,
  type LocationRow,
  type ReceiptRow,
} from '../../db/repositories/controlled-substances/stock.js';
import { vialHistory } from '../../db/repositories/controlled-substances/ledger.js';
import { DomainError, type FieldError } from '../../domain/errors.js';
import { checkDeaNumber, checkNdc, mlToUl, ugFor } from '../../domain/ledger/index.js';
import { staffPermissions, staffRoles } from '../../domain/permissions/index.js';
import { dayNumber, isLocalDate } from '../../domain/time/local-date.js';
import { audit } from '../audit/record.js';
import { withTransaction, type AppContext } from '../context.js';
import { assertLocation, requireLedger } from './access.js';
import { sameRequest } from './keyed.js';
import { clinicToday } from '../clinic-time.js';
import { entryView, productView, vialView, type EntryView, type ProductView, type VialView } from './views.js';
import { confirmWitness, type WitnessInput } from './witness.js';

/** Products, receipts (each container becomes a sealed vial with a receipt entry) and the stock on hand. */
export interface ProductInput {
  readonly drug: string;
  readonly strengthMgPerMl: number;
  readonly containerMl: number;
  readonly form: string;
  readonly ndc: string;
  readonly schedule: 'II' | 'III' | 'IV' | 'V';
}

export async function createProduct(input: ProductInput, ctx: AppContext): Promise<ProductView> {
  const principal = requireLedger(ctx, 'ledger.record');
  const ndc = checkNdc(input.ndc);
  const errors: FieldError[] = [];
  if (!ndc.ok) errors.push({ path: '/ndc', message: ndc.message });
  for (const [field, value] of [
    ['strengthMgPerMl', input.strengthMgPerMl],
    ['containerMl', input.containerMl],
  ] as const) {
    if (!(value > 0) || Math.abs(Math.round(value * 1000) - value * 1000) > 1e-6) {
      errors.push({ path: `/${field}`, message: 'Enter a number more than 0, at most 3 decimals' });
    }
  }
  if (errors.length || !ndc.ok)
    throw new DomainError('validation_failed', 'Some product details need attention.', { errors });
  return withTransaction(ctx, async (tx) => {
    const id = await insertProduct(tx.db, {
      ...input,
      drug: input.drug.trim(),
      ndc: ndc.value,
      organizationId: principal.organizationId,
      now: tx.now,
    });
    if (!id) {
      throw new DomainError('conflict', 'A product with this NDC is already on the list.', {
        errors: [{ path: '/ndc', message: 'This NDC is already on the list' }],
      });
    }
    await audit(tx, { action: 'ledger.product_create', resourceType: 'cs_product', resourceId: id });
    return productView((await findProduct(tx.db, principal.organizationId, id))!);
  });
}

export async function getProducts(ctx: AppContext): Promise<{ products: ProductView[]; locations: LocationRow[] }> {
  const principal = requireLedger(ctx, 'ledger.read');
  const [products, locations] = await Promise.all([
    listProducts(ctx.db, principal.organizationId),
    listLocations(ctx.db, principal.organizationId),
  ]);
  return { products: products.map(productView), locations };
}

export interface ReceiptInput extends WitnessInput {
  readonly locationId: string;
  readonly productId: string;
  readonly receivedOn: string;
  readonly supplierName: string;
  readonly supplierAddress: string;
  readonly supplierDeaNumber: string;
  readonly invoiceNumber: string;
  readonly lot: string;
  readonly expiresOn: string;
  readonly containers: number;
}

export interface ReceiptView extends ReceiptRow {
  product: ProductView;
  vials: VialView[];
}

/**
 * Stock received (21 CFR 1304.22(c) with 1304.21: date, containers, supplier name, address and DEA
 * number; the invoice). The person receiving records it; a second member of staff checks the delivery
 * against the invoice and confirms with their own password or code. Each container becomes a sealed vial.
 * `requestHash` binds the Idempotency-Key to the request that sent it (see keyed.ts).
 */
export async function receiveStock(
  input: ReceiptInput,
  ctx: AppContext,
  idempotencyKey: string | null = null,
  requestHash: string | null = null,
): Promise<ReceiptView> {
  const principal = requireLedger(ctx, 'ledger.record');
  const org = principal.organizationId;
  if (idempotencyKey) {
    const existing = await findReceiptByKey(ctx.db, org, idempotencyKey);
    if (existing) return receiptView(ctx, org, sameRequest(existing, requestHash));
  }
  const errors: FieldError[] = [];
  const dea = checkDeaNumber(input.supplierDeaNumber);
  if (!dea.ok) errors.push({ path: '/supplierDeaNumber', message: dea.message });
  const { today } = await clinicToday(ctx.db, org, ctx.now);
  if (!isLocalDate(input.receivedOn) || dayNumber(input.receivedOn) > dayNumber(today)) {
    errors.push({ path: '/receivedOn', message: 'Enter the date received, today or earlier' });
  }
  if (!isLocalDate(input.expiresOn))
    errors.push({ path: '/expiresOn', message: 'Enter the expiry date printed on the carton' });
  else if (dayNumber(input.expiresOn) < dayNumber(today)) {
    errors.push({ path: '/expiresOn', message: 'This stock has already expired: do not receive it into use' });
  }
  for (const [field, value] of [
    ['supplierName', input.supplierName],
    ['supplierAddress', input.supplierAddress],
    ['invoiceNumber', input.invoiceNumber],
    ['lot', input.lot],
  ] as const) {
    if (value.trim() === '') errors.push({ path: `/${field}`, message: 'Enter this as printed on the invoice' });
  }
  if (!Number.isInteger(input.containers) || input.containers < 1 || input.containers > 500) {
    errors.push({ path: '/containers', message: 'Enter the number of containers received, 1 to 500' });
  }
  const product = await findProduct(ctx.db, org, input.productId);
  if (!product) errors.push({ path: '/productId', message: 'Choose a product from the list' });
  if (errors.length || !dea.ok || !product) {
    throw new DomainError('validation_failed', 'Some details of the receipt need attention.', { errors });
  }
  await assertLocation(ctx.db, org, input.locationId);
  const checker = await confirmWitness(input, principal, ctx, 'receipt');
  const capacityUl = mlToUl(product.containerMl, '/containerMl');
  const id = await withTransaction(ctx, async (tx) => {
    const receiptId = await insertReceipt(tx.db, {
      organizationId: org,
      locationId: input.locationId,
      productId: product.id,
      receivedOn: input.receivedOn,
      recordedAt: tx.now,
      supplierName: input.supplierName.trim(),
      supplierAddress: input.supplierAddress.trim(),
      supplierDeaNumber: dea.value,
      invoiceNumber: input.invoiceNumber.trim(),
      lot: input.lot.trim(),
      expiresOn: input.expiresOn,
      containers: input.containers,
      receivedBy: principal.userId,
      checkedBy: checker.userId,
      idempotencyKey,
      requestHash: idempotencyKey ? requestHash : null,
    });
    const vials = await insertVials(tx.db, {
      organizationId: org,
      locationId: input.locationId,
      productId: product.id,
      receiptId,
      lot: input.lot.trim(),
      expiresOn: input.expiresOn,
      capacityUl,
      containers: input.containers,
      now: tx.now,
    });
    for (const vial of vials) {
      await insertLedgerEntry(tx.db, {
        organizationId: org,
        locationId: input.locationId,
        productId: product.id,
        vialId: vial.id,
        lot: vial.lot,
        kind: 'receipt',
        occurredAt: tx.now,
        recordedAt: tx.now,
        recordedBy: principal.userId,
        changeUl: capacityUl,
        changeUg: ugFor(capacityUl, product.strengthMgPerMl),
        vialRemainingUl: capacityUl,
        witnessUserId: checker.userId,
        witnessMethod: checker.method,
        receiptId,
      });
    }
    await audit(tx, {
      action: 'ledger.receipt',
      resourceType: 'cs_receipt',
      resourceId: receiptId,
      details: { lot: input.lot.trim(), containers: input.containers, checkedBy: checker.userId },
    });
    return receiptId;
  }).catch(async (error: unknown) => {
    // The same Idempotency-Key sent twice at once: the second insert loses the race; answer with the first.
    const first =
      idempotencyKey && isUniqueViolation(error) ? await findReceiptByKey(ctx.db, org, idempotencyKey) : undefined;
    if (first) return sameRequest(first, requestHash);
    throw error;
  });
  return receiptView(ctx, org, id);
}

async function receiptView(ctx: AppContext, org: string, id: string): Promise<ReceiptView> {
  const receipt = (await findReceipt(ctx.db, org, id))!;
  const product = (await findProduct(ctx.db, org, receipt.productId))!;
  // This receipt's containers only: the same lot received again (another invoice) has vials of its own.
  const vials = await listVials(ctx.db, org, { receiptId: id, includeFinished: true });
  return { ...receipt, product: productView(product), vials: vials.map(vialView) };
}

export async function getReceipts(ctx: AppContext, filter: { lot?: string | undefined }): Promise<ReceiptRow[]> {
  const principal = requireLedger(ctx, 'ledger.read');
  return listReceipts(ctx.db, principal.organizationId, { lot: filter.lot, limit: 200 });
}

export interface StockView {
  locations: LocationRow[];
  products: (ProductView & {
    lots: {
      lot: string;
      expiresOn: string;
      locationId: string;
      containers: number;
      remainingMl: number;
      remainingMg: number;
    }[];
    remainingMl: number;
    remainingMg: number;
  })[];
  vials: VialView[];
}

/** Stock by product, lot and vial (at one location, or all); finished vials only when asked. */
export async function getStock(
  ctx: AppContext,
  filter: { locationId?: string | undefined; lot?: string | undefined; includeFinished?: boolean | undefined },
): Promise<StockView> {
  const principal = requireLedger(ctx, 'ledger.read');
  const org = principal.organizationId;
  const [locations, products, vials] = await Promise.all([
    listLocations(ctx.db, org),
    listProducts(ctx.db, org),
    listVials(ctx.db, org, {
      locationId: filter.locationId,
      lot: filter.lot,
      includeFinished: filter.includeFinished ?? false,
    }),
  ]);
  return {
    locations,
    products: products.map((p) => {
      const mine = vials.filter((v) => v.productId === p.id && v.remainingUl > 0);
      const lots = new Map<
        string,
        { lot: string; expiresOn: string; locationId: string; containers: number; remainingUl: number }
      >();
      for (const v of mine) {
        const key = `${v.locationId}/${v.lot}`;
        const lot = lots.get(key) ?? {
          lot: v.lot,
          expiresOn: v.expiresOn,
          locationId: v.locationId,
          containers: 0,
          remainingUl: 0,
        };
        lot.containers += 1;
        lot.remainingUl += v.remainingUl;
        lots.set(key, lot);
      }
      const remainingUl = mine.reduce((s, v) => s + v.remainingUl, 0);
      return {
        ...productView(p),
        lots: [...lots.values()].map((l) => ({
          lot: l.lot,
          expiresOn: l.expiresOn,
          locationId: l.locationId,
          containers: l.containers,
          remainingMl: l.remainingUl / 1000,
          remainingMg: ugFor(l.remainingUl, p.strengthMgPerMl) / 1000,
        })),
        remainingMl: remainingUl / 1000,
        remainingMg: ugFor(remainingUl, p.strengthMgPerMl) / 1000,
      };
    }),
    vials: vials.map(vialView),
  };
}

/** One vial and its whole history, in order (receipt first). */
export async function getVial(vialId: string, ctx: AppContext): Promise<{ vial: VialView; entries: EntryView[] }> {
  const principal = requireLedger(ctx, 'ledger.read');
  const org = principal.organizationId;
  const found = await vialLocation(ctx.db, org, vialId);
  if (!found) throw new DomainError('not_found', 'No such vial in this clinic.');
  const vial = (
    await listVials(ctx.db, org, { locationId: found.locationId, lot: found.lot, includeFinished: true })
  ).find((v) => v.id === vialId)!;
  const entries = await vialHistory(ctx.db, org, vialId);
  await withTransaction(ctx, (tx) =>
    audit(tx, {
      action: 'ledger.vial_read',
      resourceType: 'cs_vial',
      resourceId: vialId,
      details: { entries: entries.length },
    }),
  );
  return { vial: vialView(vial), entries: entries.map(entryView) };
}

/** Who may witness (and co-sign) for this person: active staff whose roles carry ledger.witness, not themselves. */
export async function getWitnesses(ctx: AppContext): Promise<{ id: string; name: string }[]> {
  const principal = requireLedger(ctx, 'ledger.record');
  const roles = staffRoles.filter((role) => staffPermissions[role].includes('ledger.witness'));
  const staff = await listStaffWithRoles(ctx.db, principal.organizationId, roles);
  return staff.filter((s) => s.id !== principal.userId);
}
