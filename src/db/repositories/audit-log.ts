import { sql, type ExpressionBuilder } from 'kysely';
import type { DB } from '../schema.generated.js';
import { kysely, type Queryable } from '../kysely.js';

/** SQL for the audit log. Entries are appended and never touched; each is sealed once, by a row of audit_seals. */

export type AuditOutcome = 'success' | 'denied' | 'failed';

export interface NewAuditEntry {
  readonly occurredAt: Date;
  readonly organizationId: string | null;
  readonly actorUserId: string | null;
  readonly actorRoles: readonly string[];
  readonly action: string;
  readonly resourceType: string | null;
  readonly resourceId: string | null;
  readonly patientId: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly outcome: AuditOutcome;
  readonly details: Readonly<Record<string, unknown>>;
}

export async function insertAuditEntry(db: Queryable, e: NewAuditEntry): Promise<number> {
  const row = await kysely(db)
    .insertInto('auditLog')
    .values({
      occurredAt: e.occurredAt,
      organizationId: e.organizationId,
      actorUserId: e.actorUserId,
      actorRoles: [...e.actorRoles],
      action: e.action,
      resourceType: e.resourceType,
      resourceId: e.resourceId,
      patientId: e.patientId,
      ip: e.ip,
      userAgent: e.userAgent?.slice(0, 500) ?? null,
      outcome: e.outcome,
      details: JSON.stringify(e.details),
    })
    .returning('id')
    .$castTo<{ id: BigintValue }>()
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/**
 * A row exactly as the chain hashes it: every field rendered as text by PostgreSQL, so the hash does
 * not depend on how a driver parses timestamps (microseconds) or jsonb (key order: jsonb's own).
 */
export interface ChainRow {
  readonly id: number;
  readonly occurredAt: string;
  readonly organizationId: string | null;
  readonly actorUserId: string | null;
  readonly actorRoles: string[];
  readonly action: string;
  readonly resourceType: string | null;
  readonly resourceId: string | null;
  readonly patientId: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly outcome: string;
  readonly details: string;
}

/** A seal and the entry it seals, as verify-audit walks them; `entry` is null when the entry is gone. */
export interface SealedEntry {
  readonly seq: number;
  readonly auditId: number;
  readonly prevHash: string;
  readonly hash: string;
  readonly entry: ChainRow | null;
}

// The entry's columns as the chain hashes them (`a` is audit_log).
const chainColumns = (eb: ExpressionBuilder<DB & { a: DB['auditLog'] }, 'a'>) => [
  eb.ref('a.id').as('id'),
  // AT TIME ZONE has no builder form; to_char fixes microseconds and the UTC offset in the text.
  sql<string>`to_char(${sql.ref('a.occurredAt')} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('occurredAt'),
  eb.cast<string | null>('a.organizationId', 'text').as('organizationId'),
  eb.cast<string | null>('a.actorUserId', 'text').as('actorUserId'),
  eb.ref('a.actorRoles').as('actorRoles'),
  eb.ref('a.action').as('action'),
  eb.ref('a.resourceType').as('resourceType'),
  eb.ref('a.resourceId').as('resourceId'),
  eb.cast<string | null>('a.patientId', 'text').as('patientId'),
  eb.fn<string | null>('host', ['a.ip']).as('ip'),
  eb.ref('a.userAgent').as('userAgent'),
  eb.ref('a.outcome').as('outcome'),
  eb.cast<string>('a.details', 'text').as('details'),
];

// A bigint is a number only through the pool's type parsers (src/db/pg-types.ts); the chain must not depend on that.
type BigintValue = number | string;
type RawChainRow = Omit<ChainRow, 'id'> & { id: BigintValue };
const numbered = (row: RawChainRow): ChainRow => ({ ...row, id: Number(row.id) });

export async function lastSeal(db: Queryable): Promise<{ seq: number; hash: string } | undefined> {
  const row = await kysely(db)
    .selectFrom('auditSeals')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .$castTo<{ seq: BigintValue; hash: string }>()
    .executeTakeFirst();
  return row ? { seq: Number(row.seq), hash: row.hash } : undefined;
}

/**
 * Where the sealer stands (inside its transaction): its stored horizon, and this moment's oldest running
 * transaction (xmin) and next transaction id (xmax). Transaction ids (xid8) travel as decimal strings.
 */
export async function sealHorizon(db: Queryable): Promise<{ stored: bigint | null; xmin: bigint; xmax: bigint }> {
  const res = await db.query<{ stored: string | null; xmin: string; xmax: string }>(
    `SELECT (SELECT xact::text FROM audit_seal_horizon) AS stored,
            pg_snapshot_xmin(s)::text AS xmin, pg_snapshot_xmax(s)::text AS xmax
       FROM pg_current_snapshot() s`,
  );
  const row = res.rows[0]!;
  return { stored: row.stored === null ? null : BigInt(row.stored), xmin: BigInt(row.xmin), xmax: BigInt(row.xmax) };
}

export async function setSealHorizon(db: Queryable, xact: bigint): Promise<void> {
  await db.query(
    `INSERT INTO audit_seal_horizon (singleton, xact) VALUES (true, $1::text::xid8)
       ON CONFLICT (singleton) DO UPDATE SET xact = EXCLUDED.xact`,
    [xact.toString()],
  );
}

/** After a restore: the stored horizon belongs to another cluster's transaction ids; the next pass reads everything. */
export async function forgetSealHorizon(db: Queryable): Promise<void> {
  await db.query('DELETE FROM audit_seal_horizon');
}

/**
 * Committed entries without a seal, in id order after `afterId`: those written by transactions in
 * [from, below) — or, with `from` null, every one.
 */
export async function unsealedRows(
  db: Queryable,
  range: { readonly from: bigint | null; readonly below: bigint; readonly afterId: number; readonly limit: number },
): Promise<ChainRow[]> {
  let query = kysely(db)
    .selectFrom('auditLog as a')
    .select(chainColumns)
    .where('a.id', '>', range.afterId)
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('auditSeals as s').select('s.seq').whereRef('s.auditId', '=', 'a.id'))),
    );
  if (range.from !== null)
    query = query
      .where(sql<boolean>`${sql.ref('a.xact')} >= ${range.from.toString()}::xid8`)
      .where(sql<boolean>`${sql.ref('a.xact')} < ${range.below.toString()}::xid8`);
  const rows = await query.orderBy('a.id').limit(range.limit).$castTo<RawChainRow>().execute();
  return rows.map(numbered);
}

export async function sealedRowsAfter(db: Queryable, afterSeq: number, limit: number): Promise<SealedEntry[]> {
  const rows = await kysely(db)
    .selectFrom('auditSeals as s')
    .leftJoin('auditLog as a', 'a.id', 's.auditId')
    .select((eb) => chainColumns(eb as unknown as Parameters<typeof chainColumns>[0]))
    .select(['s.seq', 's.auditId', 's.prevHash', 's.hash'])
    .where('s.seq', '>', afterSeq)
    .orderBy('s.seq')
    .limit(limit)
    .$castTo<
      Omit<RawChainRow, 'id'> & {
        id: BigintValue | null;
        seq: BigintValue;
        auditId: BigintValue;
        prevHash: string;
        hash: string;
      }
    >()
    .execute();
  return rows.map(({ seq, auditId, prevHash, hash, ...entry }) => ({
    seq: Number(seq),
    auditId: Number(auditId),
    prevHash,
    hash,
    entry: entry.id === null ? null : numbered({ ...entry, id: entry.id }),
  }));
}

export async function writeSeals(
  db: Queryable,
  seals: readonly { id: number; seq: number; prevHash: string; hash: string }[],
  sealedAt: Date,
): Promise<void> {
  if (!seals.length) return;
  // One statement for the whole batch: the seals arrive as parallel arrays, unnested into rows (no builder form).
  await db.query(
    `INSERT INTO audit_seals (seq, audit_id, prev_hash, hash, sealed_at)
       SELECT seq, audit_id, prev_hash, hash, $5 FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[])
         AS s(seq, audit_id, prev_hash, hash)`,
    [seals.map((x) => x.seq), seals.map((x) => x.id), seals.map((x) => x.prevHash), seals.map((x) => x.hash), sealedAt],
  );
}

export async function unsealedSummary(
  db: Queryable,
  olderThan: Date,
): Promise<{ count: number; oldestId: number | null }> {
  const row = await kysely(db)
    .selectFrom('auditLog as a')
    .select((eb) => [eb.cast<number>(eb.fn.countAll(), 'integer').as('count'), eb.fn.min('a.id').as('oldest')])
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('auditSeals as s').select('s.seq').whereRef('s.auditId', '=', 'a.id'))),
    )
    .where('a.occurredAt', '<', olderThan)
    .$castTo<{ count: number; oldest: BigintValue | null }>()
    .executeTakeFirst();
  const oldest = row?.oldest;
  return { count: row?.count ?? 0, oldestId: oldest == null ? null : Number(oldest) };
}

export interface AuditListRow {
  readonly id: number;
  readonly occurredAt: Date;
  readonly actorUserId: string | null;
  readonly actorRoles: string[];
  readonly action: string;
  readonly resourceType: string | null;
  readonly resourceId: string | null;
  readonly patientId: string | null;
  /** The patient's name and MRN, for a reader of the log (the entry itself keeps only the id). */
  readonly patientName: string | null;
  readonly patientMrn: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly outcome: AuditOutcome;
  readonly details: Record<string, unknown>;
  readonly sealed: boolean;
}

export interface AuditFilter {
  readonly organizationId: string;
  readonly patientId?: string | undefined;
  readonly userId?: string | undefined;
  readonly from?: Date | undefined;
  readonly to?: Date | undefined;
  /** Newest first: return entries with id below this. */
  readonly beforeId?: number | undefined;
  readonly limit: number;
}

export async function listAuditEntries(db: Queryable, f: AuditFilter): Promise<AuditListRow[]> {
  let query = kysely(db)
    .selectFrom('auditLog as a')
    .select((eb) => [
      eb.ref('a.id').$castTo<BigintValue>().as('id'),
      'a.occurredAt',
      'a.actorUserId',
      'a.actorRoles',
      'a.action',
      'a.resourceType',
      'a.resourceId',
      'a.patientId',
      eb.fn<string | null>('host', ['a.ip']).as('ip'),
      'a.userAgent',
      'a.outcome',
      'a.details',
      eb
        .exists(eb.selectFrom('auditSeals as s').select('s.seq').whereRef('s.auditId', '=', 'a.id'))
        .$castTo<boolean>()
        .as('sealed'),
      eb
        .selectFrom('patients as p')
        .select((p) => p(p('p.givenName', '||', sql.lit(' ')), '||', p.ref('p.familyName')).as('n'))
        .whereRef('p.id', '=', 'a.patientId')
        .as('patientName'),
      eb.selectFrom('patients as p').select('p.mrn').whereRef('p.id', '=', 'a.patientId').as('patientMrn'),
    ])
    .where('a.organizationId', '=', f.organizationId)
    // CHECK constraint (0002_identity.sql).
    .$narrowType<{ outcome: AuditOutcome }>();
  if (f.patientId !== undefined) query = query.where('a.patientId', '=', f.patientId);
  if (f.userId !== undefined) query = query.where('a.actorUserId', '=', f.userId);
  if (f.from !== undefined) query = query.where('a.occurredAt', '>=', f.from);
  if (f.to !== undefined) query = query.where('a.occurredAt', '<', f.to);
  if (f.beforeId !== undefined) query = query.where('a.id', '<', f.beforeId);
  const rows = await query.orderBy('a.id', 'desc').limit(f.limit).execute();
  // details are always a jsonb object (the use-case writes one).
  return rows.map((r) => ({ ...r, id: Number(r.id), details: r.details as Record<string, unknown> }));
}

/**
 * Inside a transaction: takes the sealer's advisory lock for that transaction, or reports that another
 * sealer holds it (never waits).
 */
export async function tryLockForTransaction(db: Queryable, key: number): Promise<boolean> {
  const row = await kysely(db)
    .selectNoFrom((eb) => eb.fn<boolean>('pg_try_advisory_xact_lock', [eb.val(key)]).as('ok'))
    .executeTakeFirst();
  return row?.ok === true;
}
