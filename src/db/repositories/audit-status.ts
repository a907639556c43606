import type { Queryable } from '../kysely.js';

/** SQL for the audit log's seal state: where the chain ends, and what the sealer has still to chain. */

export interface AuditSealState {
  readonly lastSealedSeq: number | null;
  readonly lastSealedAt: Date | null;
  readonly unsealedCount: number;
  readonly oldestUnsealedAt: Date | null;
}

/**
 * The chain is one for the whole database (the sealer does not know organizations), so its end is
 * global; what is still waiting to be sealed is counted for the organization only, so one clinic's
 * admin learns nothing of another clinic's traffic beyond the chain position.
 */
export async function auditSealState(db: Queryable, organizationId: string): Promise<AuditSealState> {
  // Only entries of transactions from the sealer's horizon on can be waiting (decision 030). Read first, so that
  // the count is planned for the horizon's value (a range of the newest entries on the xact index).
  const horizon = await db.query<{ xact: string }>('SELECT xact::text AS xact FROM audit_seal_horizon');
  const res = await db.query<{
    last_seq: number | string | null;
    last_sealed_at: Date | null;
    unsealed: number;
    oldest_unsealed_at: Date | null;
  }>(
    `SELECT last.seq AS last_seq, last.sealed_at AS last_sealed_at, pending.unsealed, pending.oldest_unsealed_at
       FROM (SELECT count(*)::int AS unsealed, min(a.occurred_at) AS oldest_unsealed_at
               FROM audit_log a
              WHERE a.organization_id = $1 AND a.xact >= $2::xid8
                AND NOT EXISTS (SELECT 1 FROM audit_seals s WHERE s.audit_id = a.id)) pending
       LEFT JOIN LATERAL (SELECT seq, sealed_at FROM audit_seals ORDER BY seq DESC LIMIT 1) last ON true`,
    [organizationId, horizon.rows[0]?.xact ?? '0'],
  );
  const row = res.rows[0]!;
  return {
    lastSealedSeq: row.last_seq === null ? null : Number(row.last_seq),
    lastSealedAt: row.last_sealed_at,
    unsealedCount: row.unsealed,
    oldestUnsealedAt: row.oldest_unsealed_at,
  };
}
