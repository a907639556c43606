import { sql } from 'kysely';
import { kysely, type Queryable } from '../../kysely.js';
import type { KeyedRecord } from './ledger.js';

/** SQL for counts, discrepancy resolutions, inventories, disposals and loss reports (migration 0006). */
export interface CountLineRow {
  productId: string;
  lot: string;
  expectedContainers: number;
  countedContainers: number;
  expectedUl: number;
  countedUl: number;
}

export async function insertCount(
  db: Queryable,
  c: {
    organizationId: string;
    locationId: string;
    period: 'shift' | 'day';
    countedAt: Date;
    countedBy: string;
    notes: string;
    hasDiscrepancy: boolean;
    idempotencyKey: string | null;
    requestHash: string | null;
    lines: readonly CountLineRow[];
  },
): Promise<string> {
  const res = await db.query<{ id: string }>(
    `INSERT INTO cs_counts (organization_id, location_id, period, counted_at, counted_by_user_id, notes, has_discrepancy, idempotency_key, request_hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [
      c.organizationId,
      c.locationId,
      c.period,
      c.countedAt,
      c.countedBy,
      c.notes,
      c.hasDiscrepancy,
      c.idempotencyKey,
      c.requestHash,
    ],
  );
  const id = res.rows[0]!.id;
  if (c.lines.length) {
    await db.query(
      `INSERT INTO cs_count_lines (count_id, product_id, lot, expected_containers, counted_containers, expected_ul, counted_ul)
       SELECT $1, * FROM unnest($2::uuid[], $3::text[], $4::int[], $5::int[], $6::int[], $7::int[])`,
      [
        id,
        c.lines.map((l) => l.productId),
        c.lines.map((l) => l.lot),
        c.lines.map((l) => l.expectedContainers),
        c.lines.map((l) => l.countedContainers),
        c.lines.map((l) => l.expectedUl),
        c.lines.map((l) => l.countedUl),
      ],
    );
  }
  return id;
}

export interface CountRow {
  id: string;
  locationId: string;
  locationName: string;
  period: 'shift' | 'day';
  countedAt: Date;
  countedBy: { id: string; name: string };
  notes: string;
  hasDiscrepancy: boolean;
  lines: CountLineRow[];
  resolution: {
    explanation: string;
    signedBy: { id: string; name: string };
    secondSigner: { id: string; name: string };
    secondSignerMethod: 'password' | 'totp';
    signedAt: string;
  } | null;
}

const countSelect = `SELECT c.id, c.location_id AS "locationId", l.name AS "locationName", c.period, c.counted_at AS "countedAt",
    json_build_object('id', u.id, 'name', u.name) AS "countedBy", c.notes, c.has_discrepancy AS "hasDiscrepancy",
    coalesce((SELECT json_agg(json_build_object('productId', x.product_id, 'lot', x.lot, 'expectedContainers', x.expected_containers,
        'countedContainers', x.counted_containers, 'expectedUl', x.expected_ul, 'countedUl', x.counted_ul) ORDER BY x.product_id, x.lot)
      FROM cs_count_lines x WHERE x.count_id = c.id), '[]') AS lines,
    CASE WHEN r.id IS NULL THEN NULL ELSE json_build_object('explanation', r.explanation,
      'signedBy', json_build_object('id', s1.id, 'name', s1.name), 'secondSigner', json_build_object('id', s2.id, 'name', s2.name),
      'secondSignerMethod', r.second_signer_method, 'signedAt', r.signed_at) END AS resolution
  FROM cs_counts c JOIN locations l ON l.id = c.location_id JOIN users u ON u.id = c.counted_by_user_id
  LEFT JOIN cs_count_resolutions r ON r.count_id = c.id
  LEFT JOIN users s1 ON s1.id = r.signed_by_user_id LEFT JOIN users s2 ON s2.id = r.second_signer_user_id`;

export async function findCount(db: Queryable, organizationId: string, id: string): Promise<CountRow | undefined> {
  const res = await db.query<CountRow>(`${countSelect} WHERE c.organization_id = $1 AND c.id = $2`, [
    organizationId,
    id,
  ]);
  return res.rows[0];
}

/** The count recorded under an Idempotency-Key, with the hash of the request that recorded it. */
export async function findCountByKey(
  db: Queryable,
  organizationId: string,
  key: string,
): Promise<KeyedRecord | undefined> {
  return kysely(db)
    .selectFrom('csCounts')
    .select(['id', 'requestHash'])
    .where('organizationId', '=', organizationId)
    .where('idempotencyKey', '=', key)
    .executeTakeFirst();
}

export async function listCounts(
  db: Queryable,
  organizationId: string,
  filter: { locationId?: string | undefined; unresolvedOnly: boolean; limit: number },
): Promise<CountRow[]> {
  const res = await db.query<CountRow>(
    `${countSelect} WHERE c.organization_id = $1 AND ($2::uuid IS NULL OR c.location_id = $2)
        AND (NOT $3 OR (c.has_discrepancy AND r.id IS NULL))
      ORDER BY c.counted_at DESC, c.id DESC LIMIT $4`,
    [organizationId, filter.locationId ?? null, filter.unresolvedOnly, filter.limit],
  );
  return res.rows;
}

export async function insertResolution(
  db: Queryable,
  r: {
    countId: string;
    explanation: string;
    signedBy: string;
    secondSigner: string;
    method: 'password' | 'totp';
    now: Date;
  },
): Promise<boolean> {
  const res = await kysely(db)
    .insertInto('csCountResolutions')
    .values({
      countId: r.countId,
      explanation: r.explanation,
      signedByUserId: r.signedBy,
      secondSignerUserId: r.secondSigner,
      secondSignerMethod: r.method,
      signedAt: r.now,
    })
    .onConflict((oc) => oc.column('countId').doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
}

export interface InventoryLineRow {
  productId: string;
  drug: string;
  strengthMgPerMl: number;
  form: string;
  containerMl: number;
  ndc: string;
  lot: string;
  sealedContainers: number;
  openedContainers: number;
  openedEstimatedUl: number;
  totalUl: number;
  totalUg: number;
}

export async function insertInventory(
  db: Queryable,
  i: {
    organizationId: string;
    locationId: string;
    kind: 'initial' | 'biennial';
    takenOn: string;
    moment: 'opening' | 'close_of_business';
    takenBy: string;
    now: Date;
    notes: string;
    lines: readonly InventoryLineRow[];
  },
): Promise<string> {
  const res = await db.query<{ id: string }>(
    `INSERT INTO cs_inventories (organization_id, location_id, kind, taken_on, moment, taken_by_user_id, recorded_at, notes)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [i.organizationId, i.locationId, i.kind, i.takenOn, i.moment, i.takenBy, i.now, i.notes],
  );
  const id = res.rows[0]!.id;
  if (i.lines.length) {
    await db.query(
      `INSERT INTO cs_inventory_lines (inventory_id, product_id, drug, strength_mg_per_ml, form, container_ml, ndc, lot,
          sealed_containers, opened_containers, opened_estimated_ul, total_ul, total_ug)
       SELECT $1, * FROM unnest($2::uuid[], $3::text[], $4::numeric[], $5::text[], $6::numeric[], $7::text[], $8::text[],
          $9::int[], $10::int[], $11::int[], $12::int[], $13::bigint[])`,
      [
        id,
        i.lines.map((l) => l.productId),
        i.lines.map((l) => l.drug),
        i.lines.map((l) => l.strengthMgPerMl),
        i.lines.map((l) => l.form),
        i.lines.map((l) => l.containerMl),
        i.lines.map((l) => l.ndc),
        i.lines.map((l) => l.lot),
        i.lines.map((l) => l.sealedContainers),
        i.lines.map((l) => l.openedContainers),
        i.lines.map((l) => l.openedEstimatedUl),
        i.lines.map((l) => l.totalUl),
        i.lines.map((l) => l.totalUg),
      ],
    );
  }
  return id;
}

export interface InventoryRow {
  id: string;
  locationId: string;
  locationName: string;
  kind: 'initial' | 'biennial';
  takenOn: string;
  moment: 'opening' | 'close_of_business';
  takenBy: { id: string; name: string };
  recordedAt: Date;
  notes: string;
  lines: InventoryLineRow[];
}

const inventorySelect = `SELECT i.id, i.location_id AS "locationId", l.name AS "locationName", i.kind, to_char(i.taken_on, 'YYYY-MM-DD') AS "takenOn",
    i.moment, json_build_object('id', u.id, 'name', u.name) AS "takenBy", i.recorded_at AS "recordedAt", i.notes,
    coalesce((SELECT json_agg(json_build_object('productId', x.product_id, 'drug', x.drug, 'strengthMgPerMl', x.strength_mg_per_ml::float8,
        'form', x.form, 'containerMl', x.container_ml::float8, 'ndc', x.ndc, 'lot', x.lot, 'sealedContainers', x.sealed_containers,
        'openedContainers', x.opened_containers, 'openedEstimatedUl', x.opened_estimated_ul, 'totalUl', x.total_ul,
        'totalUg', x.total_ug::float8) ORDER BY x.drug, x.strength_mg_per_ml, x.lot)
      FROM cs_inventory_lines x WHERE x.inventory_id = i.id), '[]') AS lines
  FROM cs_inventories i JOIN locations l ON l.id = i.location_id JOIN users u ON u.id = i.taken_by_user_id`;

export async function findInventory(
  db: Queryable,
  organizationId: string,
  id: string,
): Promise<InventoryRow | undefined> {
  const res = await db.query<InventoryRow>(`${inventorySelect} WHERE i.organization_id = $1 AND i.id = $2`, [
    organizationId,
    id,
  ]);
  return res.rows[0];
}

export async function listInventories(db: Queryable, organizationId: string): Promise<InventoryRow[]> {
  const res = await db.query<InventoryRow>(
    `${inventorySelect} WHERE i.organization_id = $1 ORDER BY i.taken_on DESC, i.recorded_at DESC LIMIT 100`,
    [organizationId],
  );
  return res.rows;
}

export async function insertDisposal(
  db: Queryable,
  d: {
    organizationId: string;
    locationId: string;
    method: 'reverse_distributor' | 'destruction_form_41';
    occurredAt: Date;
    recordedBy: string;
    receiverName: string | null;
    receiverDeaNumber: string | null;
    form41Reference: string | null;
    witness1: string | null;
    witness2: string | null;
    notes: string;
  },
): Promise<string> {
  const row = await kysely(db)
    .insertInto('csDisposals')
    .values({
      organizationId: d.organizationId,
      locationId: d.locationId,
      method: d.method,
      occurredAt: d.occurredAt,
      recordedByUserId: d.recordedBy,
      receiverName: d.receiverName,
      receiverDeaNumber: d.receiverDeaNumber,
      form41Reference: d.form41Reference,
      witness1UserId: d.witness1,
      witness2UserId: d.witness2,
      notes: d.notes,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface DisposalRow {
  id: string;
  locationName: string;
  method: 'reverse_distributor' | 'destruction_form_41';
  occurredAt: string;
  recordedBy: { id: string; name: string };
  receiverName: string | null;
  receiverDeaNumber: string | null;
  form41Reference: string | null;
  witnesses: { id: string; name: string }[];
  notes: string;
  vials: { vialId: string; lot: string; ml: number }[];
}

export async function listDisposals(db: Queryable, organizationId: string, id?: string): Promise<DisposalRow[]> {
  const res = await db.query<DisposalRow>(
    `SELECT d.id, l.name AS "locationName", d.method, to_char(d.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "occurredAt", json_build_object('id', u.id, 'name', u.name) AS "recordedBy",
        d.receiver_name AS "receiverName", d.receiver_dea_number AS "receiverDeaNumber", d.form41_reference AS "form41Reference",
        coalesce((SELECT json_agg(json_build_object('id', w.id, 'name', w.name)) FROM users w WHERE w.id IN (d.witness1_user_id, d.witness2_user_id)), '[]') AS witnesses,
        d.notes,
        coalesce((SELECT json_agg(json_build_object('vialId', e.vial_id, 'lot', e.lot, 'ml', -e.change_ul / 1000.0) ORDER BY e.seq)
          FROM cs_ledger_entries e WHERE e.disposal_id = d.id), '[]') AS vials
       FROM cs_disposals d JOIN locations l ON l.id = d.location_id JOIN users u ON u.id = d.recorded_by_user_id
      WHERE d.organization_id = $1 AND ($2::uuid IS NULL OR d.id = $2) ORDER BY d.occurred_at DESC LIMIT 200`,
    [organizationId, id ?? null],
  );
  return res.rows;
}

export async function insertLossReport(
  db: Queryable,
  r: {
    organizationId: string;
    locationId: string;
    kind: 'theft' | 'loss';
    discoveredAt: Date;
    description: string;
    notifyDeaBy: string;
    form106By: string;
    recordedBy: string;
    now: Date;
  },
): Promise<string> {
  const row = await kysely(db)
    .insertInto('csLossReports')
    .values({
      organizationId: r.organizationId,
      locationId: r.locationId,
      kind: r.kind,
      discoveredAt: r.discoveredAt,
      description: r.description,
      notifyDeaBy: r.notifyDeaBy,
      form106By: r.form106By,
      recordedByUserId: r.recordedBy,
      recordedAt: r.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface LossReportRow {
  id: string;
  locationName: string;
  kind: 'theft' | 'loss';
  discoveredAt: string;
  description: string;
  notifyDeaBy: string;
  form106By: string;
  deaNotifiedAt: string | null;
  form106Reference: string | null;
  recordedBy: { id: string; name: string };
  version: number;
  vials: { vialId: string; lot: string; ml: number }[];
}

export async function listLossReports(db: Queryable, organizationId: string, id?: string): Promise<LossReportRow[]> {
  const res = await db.query<LossReportRow>(
    `SELECT r.id, l.name AS "locationName", r.kind, to_char(r.discovered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "discoveredAt", r.description,
        to_char(r.notify_dea_by, 'YYYY-MM-DD') AS "notifyDeaBy", to_char(r.form106_by, 'YYYY-MM-DD') AS "form106By",
        to_char(r.dea_notified_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "deaNotifiedAt", r.form106_reference AS "form106Reference",
        json_build_object('id', u.id, 'name', u.name) AS "recordedBy", r.version,
        coalesce((SELECT json_agg(json_build_object('vialId', e.vial_id, 'lot', e.lot, 'ml', -e.change_ul / 1000.0) ORDER BY e.seq)
          FROM cs_ledger_entries e WHERE e.loss_report_id = r.id), '[]') AS vials
       FROM cs_loss_reports r JOIN locations l ON l.id = r.location_id JOIN users u ON u.id = r.recorded_by_user_id
      WHERE r.organization_id = $1 AND ($2::uuid IS NULL OR r.id = $2) ORDER BY r.discovered_at DESC LIMIT 200`,
    [organizationId, id ?? null],
  );
  return res.rows;
}

/** Records the DEA notice and/or the Form 106 reference; false when the version is stale. */
export async function updateLossReport(
  db: Queryable,
  u: {
    organizationId: string;
    id: string;
    version: number;
    deaNotifiedAt: Date | null;
    form106Reference: string | null;
  },
): Promise<boolean> {
  const res = await kysely(db)
    .updateTable('csLossReports')
    .set({
      deaNotifiedAt: sql<Date | null>`coalesce(dea_notified_at, ${u.deaNotifiedAt})`,
      form106Reference: sql<string | null>`coalesce(form106_reference, ${u.form106Reference})`,
      version: sql<number>`version + 1`,
    })
    .where('organizationId', '=', u.organizationId)
    .where('id', '=', u.id)
    .where('version', '=', u.version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
