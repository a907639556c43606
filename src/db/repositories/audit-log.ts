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
  const res = await db.query<{ id: number | string }>(
    `INSERT INTO audit_log (occurred_at, organization_id, actor_user_id, actor_roles, action, resource_type, resource_id,
                            patient_id, ip, user_agent, outcome, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
    [
      e.occurredAt,
      e.organizationId,
      e.actorUserId,
      e.actorRoles,
      e.action,
      e.resourceType,
      e.resourceId,
      e.patientId,
      e.ip,
      e.userAgent?.slice(0, 500) ?? null,
      e.outcome,
      JSON.stringify(e.details),
    ],
  );
  return Number(res.rows[0]!.id);
}

// bigint columns arrive as strings unless a type parser is installed; the chain must not depend on that.
type RawChainRow = Omit<ChainRow, 'id' | 'seq'> & { id: number | string; seq: number | string | null };
const numbered = (row: RawChainRow): ChainRow => ({
  ...row,
  id: Number(row.id),
  seq: row.seq === null ? null : Number(row.seq),
});

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

const chainColumns = `id, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "occurredAt",
  organization_id::text AS "organizationId", actor_user_id::text AS "actorUserId", actor_roles AS "actorRoles", action,
  resource_type AS "resourceType", resource_id AS "resourceId", patient_id::text AS "patientId", host(ip) AS ip,
  user_agent AS "userAgent", outcome, details::text AS details, seq, prev_hash AS "prevHash", hash`;

export async function lastSeal(db: Queryable): Promise<{ seq: number; hash: string } | undefined> {
  const res = await db.query<{ seq: number | string; hash: string }>(
    'SELECT seq, hash FROM audit_log WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1',
  );
  const row = res.rows[0];
  return row ? { seq: Number(row.seq), hash: row.hash } : undefined;
}

export async function unsealedRows(db: Queryable, limit: number): Promise<ChainRow[]> {
  const res = await db.query<RawChainRow>(
    `SELECT ${chainColumns} FROM audit_log WHERE hash IS NULL ORDER BY id LIMIT $1`,
    [limit],
  );
  return res.rows.map(numbered);
}

export async function sealedRowsAfter(db: Queryable, afterSeq: number, limit: number): Promise<ChainRow[]> {
  const res = await db.query<RawChainRow>(
    `SELECT ${chainColumns} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`,
    [afterSeq, limit],
  );
  return res.rows.map(numbered);
}

export async function writeSeals(
  db: Queryable,
  seals: readonly { id: number; seq: number; prevHash: string; hash: string }[],
  sealedAt: Date,
): Promise<void> {
  if (!seals.length) return;
  await db.query(
    `UPDATE audit_log a SET seq = s.seq, prev_hash = s.prev_hash, hash = s.hash, sealed_at = $5
       FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS s(id, seq, prev_hash, hash)
      WHERE a.id = s.id AND a.hash IS NULL`,
    [seals.map((s) => s.id), seals.map((s) => s.seq), seals.map((s) => s.prevHash), seals.map((s) => s.hash), sealedAt],
  );
}

export async function unsealedSummary(
  db: Queryable,
  olderThan: Date,
): Promise<{ count: number; oldestId: number | null }> {
  const res = await db.query<{ count: number; oldest: number | string | null }>(
    'SELECT count(*)::int AS count, min(id) AS oldest FROM audit_log WHERE hash IS NULL AND occurred_at < $1',
    [olderThan],
  );
  const oldest = res.rows[0]?.oldest;
  return { count: res.rows[0]?.count ?? 0, oldestId: oldest == null ? null : Number(oldest) };
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
  const res = await db.query<Omit<AuditListRow, 'id'> & { id: number | string }>(
    `SELECT id, occurred_at AS "occurredAt", actor_user_id AS "actorUserId", actor_roles AS "actorRoles", action,
            resource_type AS "resourceType", resource_id AS "resourceId", patient_id AS "patientId", host(ip) AS ip,
            user_agent AS "userAgent", outcome, details, hash IS NOT NULL AS sealed,
            (SELECT given_name || ' ' || family_name FROM patients WHERE id = audit_log.patient_id) AS "patientName",
            (SELECT mrn FROM patients WHERE id = audit_log.patient_id) AS "patientMrn"
       FROM audit_log
      WHERE organization_id = $1
        AND ($2::uuid IS NULL OR patient_id = $2)
        AND ($3::uuid IS NULL OR actor_user_id = $3)
        AND ($4::timestamptz IS NULL OR occurred_at >= $4)
        AND ($5::timestamptz IS NULL OR occurred_at < $5)
        AND ($6::bigint IS NULL OR id < $6)
      ORDER BY id DESC
      LIMIT $7`,
    [
      f.organizationId,
      f.patientId ?? null,
      f.userId ?? null,
      f.from ?? null,
      f.to ?? null,
      f.beforeId ?? null,
      f.limit,
    ],
  );
  return res.rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/**
 * Inside a transaction: takes the sealer's advisory lock for that transaction, or reports that another
 * sealer holds it (never waits).
 */
export async function tryLockForTransaction(db: Queryable, key: number): Promise<boolean> {
  const res = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(${key}) AS ok`.execute(kysely(db));
  return res.rows[0]?.ok === true;
}
