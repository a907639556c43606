import { sql } from 'kysely';
import { kysely, type Queryable } from '../kysely.js';

/** SQL for the audit log. Rows are appended, sealed once by the sealer, and otherwise never touched. */

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
  readonly seq: number | null;
  readonly prevHash: string | null;
  readonly hash: string | null;
}

function chainRows(db: Queryable) {
  return kysely(db)
    .selectFrom('auditLog')
    .select((eb) => [
      'id',
      // AT TIME ZONE has no builder form; to_char fixes microseconds and the UTC offset in the text.
      sql<string>`to_char(${sql.ref('occurredAt')} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as(
        'occurredAt',
      ),
      eb.cast<string | null>('organizationId', 'text').as('organizationId'),
      eb.cast<string | null>('actorUserId', 'text').as('actorUserId'),
      'actorRoles',
      'action',
      'resourceType',
      'resourceId',
      eb.cast<string | null>('patientId', 'text').as('patientId'),
      eb.fn<string | null>('host', ['ip']).as('ip'),
      'userAgent',
      'outcome',
      eb.cast<string>('details', 'text').as('details'),
      'seq',
      'prevHash',
      'hash',
    ])
    .$castTo<RawChainRow>();
}

// A bigint is a number only through the pool's type parsers (src/db/pg-types.ts); the chain must not depend on that.
type BigintValue = number | string;
type RawChainRow = Omit<ChainRow, 'id' | 'seq'> & { id: BigintValue; seq: BigintValue | null };
const numbered = (row: RawChainRow): ChainRow => ({
  ...row,
  id: Number(row.id),
  seq: row.seq === null ? null : Number(row.seq),
});

export async function lastSeal(db: Queryable): Promise<{ seq: number; hash: string } | undefined> {
  const row = await kysely(db)
    .selectFrom('auditLog')
    .select(['seq', 'hash'])
    .where('seq', 'is not', null)
    .orderBy('seq', 'desc')
    .limit(1)
    .$castTo<{ seq: BigintValue; hash: string }>()
    .executeTakeFirst();
  return row ? { seq: Number(row.seq), hash: row.hash } : undefined;
}

export async function unsealedRows(db: Queryable, limit: number): Promise<ChainRow[]> {
  const rows = await chainRows(db).where('hash', 'is', null).orderBy('id').limit(limit).execute();
  return rows.map(numbered);
}

export async function sealedRowsAfter(db: Queryable, afterSeq: number, limit: number): Promise<ChainRow[]> {
  const rows = await chainRows(db).where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
  return rows.map(numbered);
}

export async function writeSeals(
  db: Queryable,
  seals: readonly { id: number; seq: number; prevHash: string; hash: string }[],
  sealedAt: Date,
): Promise<void> {
  if (!seals.length) return;
  // One statement for the whole batch: the seals arrive as parallel arrays, unnested into rows (no builder form).
  const s = sql<{ id: number; seq: number; prevHash: string; hash: string }>`unnest(${seals.map((x) => x.id)}::bigint[],
    ${seals.map((x) => x.seq)}::bigint[], ${seals.map((x) => x.prevHash)}::text[], ${seals.map((x) => x.hash)}::text[])`.as<'s'>(
    sql`s(id, seq, prev_hash, hash)`,
  );
  await kysely(db)
    .updateTable('auditLog as a')
    .from(s)
    .set((eb) => ({ seq: eb.ref('s.seq'), prevHash: eb.ref('s.prevHash'), hash: eb.ref('s.hash'), sealedAt }))
    .whereRef('a.id', '=', 's.id')
    .where('a.hash', 'is', null)
    .execute();
}

export async function unsealedSummary(
  db: Queryable,
  olderThan: Date,
): Promise<{ count: number; oldestId: number | null }> {
  const row = await kysely(db)
    .selectFrom('auditLog')
    .select((eb) => [eb.cast<number>(eb.fn.countAll(), 'integer').as('count'), eb.fn.min('id').as('oldest')])
    .where('hash', 'is', null)
    .where('occurredAt', '<', olderThan)
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
      eb('a.hash', 'is not', null).$castTo<boolean>().as('sealed'),
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
