import { kysely, type Queryable } from '../../kysely.js';

/** An idempotent write's first record under its key, and the request it answered. */
export interface KeyedRecord {
  id: string;
  requestHash: string | null;
}

/** SQL for the append-only ledger of controlled-substance movements (cs_ledger_entries, migration 0006). */
export const ledgerEntryKinds = [
  'receipt',
  'administration',
  'waste',
  'expiry',
  'destruction',
  'loss',
  'correction',
] as const;
export type LedgerEntryKind = (typeof ledgerEntryKinds)[number];

export interface NewLedgerEntry {
  organizationId: string;
  locationId: string;
  productId: string;
  vialId: string;
  lot: string;
  kind: LedgerEntryKind;
  occurredAt: Date;
  recordedAt: Date;
  recordedBy: string;
  changeUl: number;
  changeUg: number;
  vialRemainingUl: number;
  patientId?: string | null;
  sessionRef?: string | null;
  administeredBy?: string | null;
  witnessUserId?: string | null;
  witnessMethod?: 'password' | 'totp' | null;
  reason?: string | null;
  correctsEntryId?: string | null;
  receiptId?: string | null;
  disposalId?: string | null;
  lossReportId?: string | null;
  idempotencyKey?: string | null;
  requestHash?: string | null;
}

export async function insertLedgerEntry(db: Queryable, e: NewLedgerEntry): Promise<string> {
  const row = await kysely(db)
    .insertInto('csLedgerEntries')
    .values({
      organizationId: e.organizationId,
      locationId: e.locationId,
      productId: e.productId,
      vialId: e.vialId,
      lot: e.lot,
      kind: e.kind,
      occurredAt: e.occurredAt,
      recordedAt: e.recordedAt,
      recordedByUserId: e.recordedBy,
      changeUl: e.changeUl,
      changeUg: e.changeUg,
      vialRemainingUl: e.vialRemainingUl,
      patientId: e.patientId ?? null,
      sessionRef: e.sessionRef ?? null,
      administeredByUserId: e.administeredBy ?? null,
      witnessUserId: e.witnessUserId ?? null,
      witnessMethod: e.witnessMethod ?? null,
      reason: e.reason ?? null,
      correctsEntryId: e.correctsEntryId ?? null,
      receiptId: e.receiptId ?? null,
      disposalId: e.disposalId ?? null,
      lossReportId: e.lossReportId ?? null,
      idempotencyKey: e.idempotencyKey ?? null,
      requestHash: e.requestHash ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface LedgerEntryRow {
  id: string;
  seq: number;
  kind: LedgerEntryKind;
  occurredAt: Date;
  recordedAt: Date;
  locationId: string;
  locationName: string;
  productId: string;
  drug: string;
  strengthMgPerMl: number;
  form: string;
  ndc: string;
  vialId: string;
  vialNumber: number;
  lot: string;
  changeUl: number;
  changeUg: number;
  vialRemainingUl: number;
  patientId: string | null;
  patientName: string | null;
  patientMrn: string | null;
  sessionRef: string | null;
  recordedBy: { id: string; name: string };
  administeredBy: { id: string; name: string } | null;
  witness: { id: string; name: string } | null;
  witnessMethod: 'password' | 'totp' | null;
  reason: string | null;
  correctsEntryId: string | null;
  correctedBy: string[];
  receipt: {
    id: string;
    supplierName: string;
    supplierAddress: string;
    supplierDeaNumber: string;
    invoiceNumber: string;
  } | null;
  disposalId: string | null;
  lossReportId: string | null;
}

/** An entry with its location, product, vial, the people named on it, the patient and the receipt. */
const entryJoins = `FROM cs_ledger_entries e
  JOIN locations l ON l.id = e.location_id
  JOIN cs_products p ON p.id = e.product_id
  JOIN cs_vials v ON v.id = e.vial_id
  JOIN users rb ON rb.id = e.recorded_by_user_id
  LEFT JOIN users ab ON ab.id = e.administered_by_user_id
  LEFT JOIN users wb ON wb.id = e.witness_user_id
  LEFT JOIN patients pt ON pt.id = e.patient_id
  LEFT JOIN cs_receipts r ON r.id = e.receipt_id`;

const entrySelect = `SELECT e.id, e.seq::float8 AS seq, e.kind, e.occurred_at AS "occurredAt", e.recorded_at AS "recordedAt",
    e.location_id AS "locationId", l.name AS "locationName", e.product_id AS "productId", p.drug,
    p.strength_mg_per_ml::float8 AS "strengthMgPerMl", p.form, p.ndc, e.vial_id AS "vialId", v.number AS "vialNumber", e.lot,
    e.change_ul AS "changeUl", e.change_ug::float8 AS "changeUg", e.vial_remaining_ul AS "vialRemainingUl",
    e.patient_id AS "patientId", CASE WHEN pt.id IS NULL THEN NULL ELSE pt.family_name || ', ' || pt.given_name END AS "patientName",
    pt.mrn AS "patientMrn", e.session_ref AS "sessionRef",
    json_build_object('id', rb.id, 'name', rb.name) AS "recordedBy",
    CASE WHEN ab.id IS NULL THEN NULL ELSE json_build_object('id', ab.id, 'name', ab.name) END AS "administeredBy",
    CASE WHEN wb.id IS NULL THEN NULL ELSE json_build_object('id', wb.id, 'name', wb.name) END AS "witness",
    e.witness_method AS "witnessMethod", e.reason, e.corrects_entry_id AS "correctsEntryId",
    /*correctedBy*/ARRAY(SELECT c.id FROM cs_ledger_entries c WHERE c.corrects_entry_id = e.id ORDER BY c.seq)::text[] AS "correctedBy",
    CASE WHEN r.id IS NULL THEN NULL ELSE json_build_object('id', r.id, 'supplierName', r.supplier_name,
      'supplierAddress', r.supplier_address, 'supplierDeaNumber', r.supplier_dea_number, 'invoiceNumber', r.invoice_number) END AS receipt,
    e.disposal_id AS "disposalId", e.loss_report_id AS "lossReportId"
  ${entryJoins}`;

export async function findLedgerEntry(
  db: Queryable,
  organizationId: string,
  id: string,
): Promise<LedgerEntryRow | undefined> {
  const res = await db.query<LedgerEntryRow>(`${entrySelect} WHERE e.organization_id = $1 AND e.id = $2`, [
    organizationId,
    id,
  ]);
  return res.rows[0];
}

export async function findLedgerEntryIdByKey(
  db: Queryable,
  organizationId: string,
  key: string,
): Promise<string | undefined> {
  return (await findLedgerEntryByKey(db, organizationId, key))?.id;
}

/** The entry written under an Idempotency-Key, with the hash of the request that wrote it. */
export async function findLedgerEntryByKey(
  db: Queryable,
  organizationId: string,
  key: string,
): Promise<KeyedRecord | undefined> {
  return kysely(db)
    .selectFrom('csLedgerEntries')
    .select(['id', 'requestHash'])
    .where('organizationId', '=', organizationId)
    .where('idempotencyKey', '=', key)
    .executeTakeFirst();
}

export async function vialHistory(db: Queryable, organizationId: string, vialId: string): Promise<LedgerEntryRow[]> {
  const res = await db.query<LedgerEntryRow>(
    `${entrySelect} WHERE e.organization_id = $1 AND e.vial_id = $2 ORDER BY e.seq`,
    [organizationId, vialId],
  );
  return res.rows;
}

export interface LogFilter {
  from: Date;
  to: Date;
  locationId?: string | undefined;
  productId?: string | undefined;
  lot?: string | undefined;
  patientId?: string | undefined;
  kinds?: readonly LedgerEntryKind[] | undefined;
}

/** A log filter over the entries `e` ($1–$8): the page, its totals and its corrections read the same rows. */
const logFilterSql = `e.organization_id = $1 AND e.occurred_at >= $2 AND e.occurred_at < $3
        AND ($4::uuid IS NULL OR e.location_id = $4) AND ($5::uuid IS NULL OR e.product_id = $5)
        AND ($6::text IS NULL OR e.lot = $6) AND ($7::uuid IS NULL OR e.patient_id = $7)
        AND ($8::text[] IS NULL OR e.kind = ANY($8))`;

const logFilterValues = (organizationId: string, filter: LogFilter): unknown[] => [
  organizationId,
  filter.from,
  filter.to,
  filter.locationId ?? null,
  filter.productId ?? null,
  filter.lot ?? null,
  filter.patientId ?? null,
  filter.kinds?.length ? [...filter.kinds] : null,
];

/** The filter, then the entries after the cursor (occurredAt, seq) in time order, at most $11 of them. */
const logPageSql = `WHERE ${logFilterSql}
        AND ($9::timestamptz IS NULL OR (e.occurred_at, e.seq) > ($9, $10::bigint))
      ORDER BY e.occurred_at, e.seq LIMIT $11`;

const logPageValues = (
  organizationId: string,
  filter: LogFilter,
  after: { occurredAt: Date; seq: number } | null,
  limit: number,
): unknown[] => [...logFilterValues(organizationId, filter), after?.occurredAt ?? null, after?.seq ?? 0, limit];

/** The dispensing log in time order, in pages after (occurredAt, seq). */
export async function dispensingLogPage(
  db: Queryable,
  organizationId: string,
  filter: LogFilter,
  after: { occurredAt: Date; seq: number } | null,
  limit: number,
): Promise<LedgerEntryRow[]> {
  const res = await db.query<LedgerEntryRow>(
    `${entrySelect}
      ${logPageSql}`,
    logPageValues(organizationId, filter, after, limit),
  );
  return res.rows;
}

/** One line of an exported log (CSV, PDF): only what the report prints, names joined in, no JSON to parse. */
export interface LogExportRow {
  seq: number;
  kind: LedgerEntryKind;
  occurredAt: Date;
  locationName: string;
  drug: string;
  strengthMgPerMl: number;
  form: string;
  ndc: string;
  vialNumber: number;
  lot: string;
  changeUl: number;
  changeUg: number;
  vialRemainingUl: number;
  patientName: string | null;
  patientMrn: string | null;
  sessionRef: string | null;
  /** Who gave the dose, or else who recorded the entry. */
  byName: string;
  witnessName: string | null;
  witnessMethod: 'password' | 'totp' | null;
  reason: string | null;
  correctsEntryId: string | null;
  /** A receipt's supplier, its DEA number, the invoice and the supplier's address, as printed. */
  receiptText: string | null;
}

/**
 * The same entries as `dispensingLogPage`, shaped for a streaming export. A two-year log is read in pages
 * of thousands of rows, where parsing each row's JSON objects and unused columns cost more than the query.
 */
export async function dispensingLogExportPage(
  db: Queryable,
  organizationId: string,
  filter: LogFilter,
  after: { occurredAt: Date; seq: number } | null,
  limit: number,
): Promise<LogExportRow[]> {
  const res = await db.query<LogExportRow>(
    `SELECT e.seq::float8 AS seq, e.kind, e.occurred_at AS "occurredAt", l.name AS "locationName", p.drug,
        p.strength_mg_per_ml::float8 AS "strengthMgPerMl", p.form, p.ndc, v.number AS "vialNumber", e.lot,
        e.change_ul AS "changeUl", e.change_ug::float8 AS "changeUg", e.vial_remaining_ul AS "vialRemainingUl",
        CASE WHEN pt.id IS NULL THEN NULL ELSE pt.family_name || ', ' || pt.given_name END AS "patientName",
        pt.mrn AS "patientMrn", e.session_ref AS "sessionRef", coalesce(ab.name, rb.name) AS "byName",
        wb.name AS "witnessName", e.witness_method AS "witnessMethod", e.reason,
        e.corrects_entry_id AS "correctsEntryId",
        CASE WHEN r.id IS NULL THEN NULL ELSE r.supplier_name || '; DEA ' || r.supplier_dea_number
          || '; invoice ' || r.invoice_number || '; ' || r.supplier_address END AS "receiptText"
      ${entryJoins}
      ${logPageSql}`,
    logPageValues(organizationId, filter, after, limit),
  );
  return res.rows;
}

/** Totals per kind for the same filter (the report's summary). */
export async function dispensingLogTotals(
  db: Queryable,
  organizationId: string,
  filter: LogFilter,
): Promise<{ kind: LedgerEntryKind; entries: number; changeUl: number; changeUg: number }[]> {
  const res = await db.query<{ kind: LedgerEntryKind; entries: number; changeUl: number; changeUg: number }>(
    `SELECT e.kind, count(*)::int AS entries, sum(e.change_ul)::float8 AS "changeUl", sum(e.change_ug)::float8 AS "changeUg"
       FROM cs_ledger_entries e
      WHERE ${logFilterSql}
      GROUP BY e.kind ORDER BY e.kind`,
    logFilterValues(organizationId, filter),
  );
  return res.rows;
}

/**
 * The corrections in the same filter, summed by the kind of the entry each corrects: an administration
 * corrected because part of the dose was not given (decision 028) nets into what was administered.
 */
export async function dispensingLogCorrectionTotals(
  db: Queryable,
  organizationId: string,
  filter: LogFilter,
): Promise<{ correctedKind: LedgerEntryKind; changeUl: number; changeUg: number }[]> {
  const res = await db.query<{ correctedKind: LedgerEntryKind; changeUl: number; changeUg: number }>(
    `SELECT c.kind AS "correctedKind", sum(e.change_ul)::float8 AS "changeUl", sum(e.change_ug)::float8 AS "changeUg"
       FROM cs_ledger_entries e JOIN cs_ledger_entries c ON c.id = e.corrects_entry_id
      WHERE e.kind = 'correction' AND ${logFilterSql}
      GROUP BY c.kind ORDER BY c.kind`,
    // Every correction whatever kinds the log shows: each nets into the kind it corrects.
    logFilterValues(organizationId, { ...filter, kinds: undefined }),
  );
  return res.rows;
}
