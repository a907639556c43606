import { sql } from 'kysely';
import { kysely, type Queryable } from '../../kysely.js';
import type { KeyedRecord } from './ledger.js';
import type { VialState, VialStatus } from '../../../domain/ledger/index.js';

/** SQL for products, receipts and vials of controlled substances (migration 0006). */
export interface ProductRow {
  id: string;
  drug: string;
  strengthMgPerMl: number;
  containerMl: number;
  form: string;
  ndc: string;
  schedule: string;
  active: boolean;
}

const productColumns = `id, drug, strength_mg_per_ml::float8 AS "strengthMgPerMl", container_ml::float8 AS "containerMl", form, ndc, schedule, active`;

export async function listProducts(db: Queryable, organizationId: string): Promise<ProductRow[]> {
  const res = await db.query<ProductRow>(
    `SELECT ${productColumns} FROM cs_products WHERE organization_id = $1 ORDER BY drug, strength_mg_per_ml, container_ml`,
    [organizationId],
  );
  return res.rows;
}

export async function findProduct(db: Queryable, organizationId: string, id: string): Promise<ProductRow | undefined> {
  const res = await db.query<ProductRow>(
    `SELECT ${productColumns} FROM cs_products WHERE organization_id = $1 AND id = $2`,
    [organizationId, id],
  );
  return res.rows[0];
}

export async function insertProduct(
  db: Queryable,
  p: Omit<ProductRow, 'id' | 'active'> & { organizationId: string; now: Date },
): Promise<string | undefined> {
  const row = await kysely(db)
    .insertInto('csProducts')
    .values({
      organizationId: p.organizationId,
      drug: p.drug,
      strengthMgPerMl: String(p.strengthMgPerMl),
      containerMl: String(p.containerMl),
      form: p.form,
      ndc: p.ndc,
      schedule: p.schedule,
      createdAt: p.now,
    })
    .onConflict((oc) => oc.columns(['organizationId', 'ndc']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export interface LocationRow {
  id: string;
  name: string;
}

export async function listLocations(db: Queryable, organizationId: string): Promise<LocationRow[]> {
  const res = await db.query<LocationRow>('SELECT id, name FROM locations WHERE organization_id = $1 ORDER BY name', [
    organizationId,
  ]);
  return res.rows;
}

export interface NewReceipt {
  organizationId: string;
  locationId: string;
  productId: string;
  receivedOn: string;
  recordedAt: Date;
  supplierName: string;
  supplierAddress: string;
  supplierDeaNumber: string;
  invoiceNumber: string;
  lot: string;
  expiresOn: string;
  containers: number;
  receivedBy: string;
  checkedBy: string;
  idempotencyKey: string | null;
  requestHash: string | null;
}

export async function insertReceipt(db: Queryable, r: NewReceipt): Promise<string> {
  const row = await kysely(db)
    .insertInto('csReceipts')
    .values({
      organizationId: r.organizationId,
      locationId: r.locationId,
      productId: r.productId,
      receivedOn: r.receivedOn,
      recordedAt: r.recordedAt,
      supplierName: r.supplierName,
      supplierAddress: r.supplierAddress,
      supplierDeaNumber: r.supplierDeaNumber,
      invoiceNumber: r.invoiceNumber,
      lot: r.lot,
      expiresOn: r.expiresOn,
      containers: r.containers,
      receivedByUserId: r.receivedBy,
      checkedByUserId: r.checkedBy,
      idempotencyKey: r.idempotencyKey,
      requestHash: r.requestHash,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface ReceiptRow {
  id: string;
  locationId: string;
  locationName: string;
  productId: string;
  receivedOn: string;
  recordedAt: string;
  supplierName: string;
  supplierAddress: string;
  supplierDeaNumber: string;
  invoiceNumber: string;
  lot: string;
  expiresOn: string;
  containers: number;
  receivedBy: { id: string; name: string };
  checkedBy: { id: string; name: string };
}

const receiptSelect = `SELECT r.id, r.location_id AS "locationId", l.name AS "locationName", r.product_id AS "productId",
    to_char(r.received_on, 'YYYY-MM-DD') AS "receivedOn", to_char(r.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "recordedAt", r.supplier_name AS "supplierName",
    r.supplier_address AS "supplierAddress", r.supplier_dea_number AS "supplierDeaNumber", r.invoice_number AS "invoiceNumber",
    r.lot, to_char(r.expires_on, 'YYYY-MM-DD') AS "expiresOn", r.containers,
    json_build_object('id', rb.id, 'name', rb.name) AS "receivedBy", json_build_object('id', cb.id, 'name', cb.name) AS "checkedBy"
  FROM cs_receipts r JOIN locations l ON l.id = r.location_id JOIN users rb ON rb.id = r.received_by_user_id
  JOIN users cb ON cb.id = r.checked_by_user_id`;

export async function findReceipt(db: Queryable, organizationId: string, id: string): Promise<ReceiptRow | undefined> {
  const res = await db.query<ReceiptRow>(`${receiptSelect} WHERE r.organization_id = $1 AND r.id = $2`, [
    organizationId,
    id,
  ]);
  return res.rows[0];
}

/** The receipt recorded under an Idempotency-Key, with the hash of the request that recorded it. */
export async function findReceiptByKey(
  db: Queryable,
  organizationId: string,
  key: string,
): Promise<KeyedRecord | undefined> {
  return kysely(db)
    .selectFrom('csReceipts')
    .select(['id', 'requestHash'])
    .where('organizationId', '=', organizationId)
    .where('idempotencyKey', '=', key)
    .executeTakeFirst();
}

export async function listReceipts(
  db: Queryable,
  organizationId: string,
  filter: { lot?: string | undefined; limit: number },
): Promise<ReceiptRow[]> {
  const res = await db.query<ReceiptRow>(
    `${receiptSelect} WHERE r.organization_id = $1 AND ($2::text IS NULL OR r.lot = $2) ORDER BY r.received_on DESC, r.id DESC LIMIT $3`,
    [organizationId, filter.lot ?? null, filter.limit],
  );
  return res.rows;
}

export interface VialRow extends VialState {
  organizationId: string;
  productId: string;
  receiptId: string;
  number: number;
  lot: string;
  version: number;
}

const vialColumns = `v.id, v.organization_id AS "organizationId", v.location_id AS "locationId", v.product_id AS "productId",
  v.receipt_id AS "receiptId", v.number, v.lot, to_char(v.expires_on, 'YYYY-MM-DD') AS "expiresOn", v.capacity_ul AS "capacityUl",
  v.remaining_ul AS "remainingUl", v.status, v.opened_at AS "openedAt", v.version`;

/**
 * Creates `containers` sealed vials for a receipt, numbered on from the lot's last vial (1..n for a lot's
 * first delivery): a vial's number is unique within its organization, product and lot (migration 0020), so
 * "lot K2301, vial 3" names one container. Must run inside the receipt's transaction: the lot's advisory lock,
 * held to its end, makes a second delivery of the same lot at the same moment wait and number after it.
 */
export async function insertVials(
  db: Queryable,
  v: {
    organizationId: string;
    locationId: string;
    productId: string;
    receiptId: string;
    lot: string;
    expiresOn: string;
    capacityUl: number;
    containers: number;
    now: Date;
  },
): Promise<VialRow[]> {
  await db.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
    `cs-vial-numbers:${v.organizationId}:${v.productId}:${v.lot}`,
  ]);
  // A statement of its own after the lock: its snapshot sees a delivery of the lot that committed meanwhile.
  const res = await db.query<VialRow>(
    `WITH last AS (
       SELECT coalesce(max(number), 0) AS n FROM cs_vials WHERE organization_id = $1 AND product_id = $3 AND lot = $5),
     inserted AS (
       INSERT INTO cs_vials (organization_id, location_id, product_id, receipt_id, number, lot, expires_on, capacity_ul, remaining_ul, status, updated_at)
       SELECT $1, $2, $3, $4, last.n + i, $5, $6, $7, $7, 'sealed', $8 FROM last, generate_series(1, $9::int) AS i
       RETURNING *)
     SELECT ${vialColumns} FROM inserted v ORDER BY v.number`,
    [v.organizationId, v.locationId, v.productId, v.receiptId, v.lot, v.expiresOn, v.capacityUl, v.now, v.containers],
  );
  return res.rows;
}

/** The vial, locked for this transaction: concurrent draws on one vial queue here (DESIGN.md, data rules). */
export async function lockVial(db: Queryable, organizationId: string, id: string): Promise<VialRow | undefined> {
  const row = await kysely(db)
    .selectFrom('csVials')
    .select([
      'id',
      'organizationId',
      'locationId',
      'productId',
      'receiptId',
      'number',
      'lot',
      'expiresOn',
      'capacityUl',
      'remainingUl',
      'status',
      'openedAt',
      'version',
    ])
    .where('organizationId', '=', organizationId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return row ? { ...row, status: row.status as VialStatus } : undefined;
}

export async function findVial(db: Queryable, organizationId: string, id: string): Promise<VialRow | undefined> {
  const res = await db.query<VialRow>(
    `SELECT ${vialColumns} FROM cs_vials v WHERE v.organization_id = $1 AND v.id = $2`,
    [organizationId, id],
  );
  return res.rows[0];
}

export async function saveVial(
  db: Queryable,
  v: { id: string; remainingUl: number; status: VialStatus; openedAt: Date | null; now: Date },
): Promise<void> {
  await kysely(db)
    .updateTable('csVials')
    .set({
      remainingUl: v.remainingUl,
      status: v.status,
      openedAt: v.openedAt,
      updatedAt: v.now,
      version: sql<number>`version + 1`,
    })
    .where('id', '=', v.id)
    .execute();
}

export interface StockVialRow {
  id: string;
  locationId: string;
  locationName: string;
  productId: string;
  /** cs_products.form: what one container is (a vial, a nasal spray device …). */
  productForm: string;
  lot: string;
  /** Unique within the organization, product and lot. */
  number: number;
  /** The last number of the vial's delivery: of the lot, vials 1 to this had been received with it. */
  lotReceivedThrough: number;
  expiresOn: string;
  capacityUl: number;
  remainingUl: number;
  status: VialStatus;
  openedAt: Date | null;
}

/** Vials at a location (or all), those still holding stock first; `all` adds finished ones. */
export async function listVials(
  db: Queryable,
  organizationId: string,
  filter: {
    locationId?: string | undefined;
    lot?: string | undefined;
    receiptId?: string | undefined;
    includeFinished: boolean;
  },
): Promise<StockVialRow[]> {
  const res = await db.query<StockVialRow>(
    `SELECT v.id, v.location_id AS "locationId", l.name AS "locationName", v.product_id AS "productId",
        p.form AS "productForm", v.lot, v.number,
        (SELECT max(d.number) FROM cs_vials d WHERE d.receipt_id = v.receipt_id) AS "lotReceivedThrough",
        to_char(v.expires_on, 'YYYY-MM-DD') AS "expiresOn", v.capacity_ul AS "capacityUl",
        v.remaining_ul AS "remainingUl", v.status, v.opened_at AS "openedAt"
       FROM cs_vials v JOIN locations l ON l.id = v.location_id JOIN cs_products p ON p.id = v.product_id
      WHERE v.organization_id = $1 AND ($2::uuid IS NULL OR v.location_id = $2) AND ($3::text IS NULL OR v.lot = $3)
        AND ($4 OR v.status IN ('sealed', 'open', 'expired')) AND ($5::uuid IS NULL OR v.receipt_id = $5)
      ORDER BY l.name, v.product_id, v.expires_on, v.lot, v.number
      LIMIT 2000`,
    [organizationId, filter.locationId ?? null, filter.lot ?? null, filter.includeFinished, filter.receiptId ?? null],
  );
  return res.rows;
}

/** What the record holds per product and lot at a location: containers with stock and their volume. */
export async function expectedStock(
  db: Queryable,
  organizationId: string,
  locationId: string,
): Promise<
  {
    productId: string;
    lot: string;
    containers: number;
    sealed: number;
    opened: number;
    volumeUl: number;
    openedUl: number;
  }[]
> {
  const res = await db.query<{
    productId: string;
    lot: string;
    containers: number;
    sealed: number;
    opened: number;
    volumeUl: number;
    openedUl: number;
  }>(
    `SELECT product_id AS "productId", lot, count(*)::int AS containers,
        count(*) FILTER (WHERE status = 'sealed')::int AS sealed, count(*) FILTER (WHERE status <> 'sealed')::int AS opened,
        sum(remaining_ul)::int AS "volumeUl", coalesce(sum(remaining_ul) FILTER (WHERE status <> 'sealed'), 0)::int AS "openedUl"
       FROM cs_vials WHERE organization_id = $1 AND location_id = $2 AND remaining_ul > 0
      GROUP BY product_id, lot ORDER BY product_id, lot`,
    [organizationId, locationId],
  );
  return res.rows;
}

/** Active staff of the organization holding any of `roles` (who may witness), by name. */
export async function listStaffWithRoles(
  db: Queryable,
  organizationId: string,
  roles: readonly string[],
): Promise<{ id: string; name: string }[]> {
  const res = await db.query<{ id: string; name: string }>(
    `SELECT id, name FROM users WHERE organization_id = $1 AND kind = 'staff' AND active AND roles && $2::text[] ORDER BY name, id`,
    [organizationId, [...roles]],
  );
  return res.rows;
}

export async function patientExists(db: Queryable, organizationId: string, patientId: string): Promise<boolean> {
  const row = await kysely(db)
    .selectFrom('patients')
    .select('id')
    .where('organizationId', '=', organizationId)
    .where('id', '=', patientId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether a treatment session of this organization belongs to this patient. */
export async function patientSessionExists(
  db: Queryable,
  organizationId: string,
  sessionId: string,
  patientId: string,
): Promise<boolean> {
  const row = await kysely(db)
    .selectFrom('treatmentSessions')
    .select('id')
    .where('organizationId', '=', organizationId)
    .where('id', '=', sessionId)
    .where('patientId', '=', patientId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function organizationInfo(
  db: Queryable,
  organizationId: string,
): Promise<{ name: string; timeZone: string }> {
  const res = await db.query<{ name: string; timeZone: string }>(
    'SELECT name, time_zone AS "timeZone" FROM organizations WHERE id = $1',
    [organizationId],
  );
  return res.rows[0] ?? { name: '', timeZone: 'America/New_York' };
}

export async function vialLocation(
  db: Queryable,
  organizationId: string,
  vialId: string,
): Promise<{ lot: string; locationId: string } | undefined> {
  return kysely(db)
    .selectFrom('csVials')
    .select(['lot', 'locationId'])
    .where('organizationId', '=', organizationId)
    .where('id', '=', vialId)
    .executeTakeFirst();
}

export async function hasProducts(db: Queryable, organizationId: string): Promise<boolean> {
  const row = await kysely(db)
    .selectFrom('csProducts')
    .select('id')
    .where('organizationId', '=', organizationId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Patients in an induction series or maintenance, by MRN (the demo gives them doses). */
export async function patientsInTreatment(db: Queryable, organizationId: string, limit: number): Promise<string[]> {
  const rows = await kysely(db)
    .selectFrom('patients')
    .select('id')
    .where('organizationId', '=', organizationId)
    .where('status', 'in', ['in_induction', 'maintenance'])
    .orderBy('mrn')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}
