import { describe, expect, it } from 'vitest';
import { chainHash, GENESIS_HASH } from '../../src/app/audit/chain.js';
import { memoryKeyring } from '../../src/app/audit/keyring.js';
import { sealPending } from '../../src/app/audit/seal.js';
import { verifyAuditChain } from '../../src/app/audit/verify.js';
import { migrate } from '../../src/db/migrate.js';
import type { ChainRow } from '../../src/db/repositories/audit-log.js';
import { createEmptyDatabase } from '../setup/database.js';

// Migration 0019 moves each seal out of its audit entry into audit_seals (decision 030). A chain sealed the
// old way (by UPDATE of the entry) must verify unchanged afterwards, and an entry still waiting at the
// migration is sealed by the next pass and continues the chain.
const t0 = new Date('2026-11-26T10:00:00.000Z');

describe('migration 0019: audit seals in their own table', () => {
  it('keeps every seal and its hash, and seals what was still waiting', async () => {
    const db = await createEmptyDatabase();
    const client = await db.client();
    const keyring = memoryKeyring();
    try {
      await migrate(client, { target: 18 });
      for (let i = 0; i < 4; i += 1)
        await client.query(
          `INSERT INTO audit_log (occurred_at, action, outcome, details) VALUES ($1, $2, 'success', $3)`,
          [t0, `before.${i}`, { n: i }],
        );
      // Sealed as schema 18 did: chain position and hashes written onto the first three entries.
      const rows = await client.query<ChainRow>(
        `SELECT id::int AS id, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "occurredAt",
                organization_id::text AS "organizationId", actor_user_id::text AS "actorUserId", actor_roles AS "actorRoles",
                action, resource_type AS "resourceType", resource_id AS "resourceId", patient_id::text AS "patientId",
                host(ip) AS ip, user_agent AS "userAgent", outcome, details::text AS details
           FROM audit_log ORDER BY id LIMIT 3`,
      );
      let prev = GENESIS_HASH;
      for (const [i, row] of rows.rows.entries()) {
        const hash = chainHash(keyring.key, prev, row, i + 1);
        await client.query('UPDATE audit_log SET seq = $2, prev_hash = $3, hash = $4, sealed_at = $5 WHERE id = $1', [
          row.id,
          i + 1,
          prev,
          hash,
          t0,
        ]);
        prev = hash;
      }

      await migrate(client);
      const moved = await client.query<{ seq: number; hash: string }>(
        'SELECT seq::int AS seq, hash FROM audit_seals ORDER BY seq',
      );
      expect(moved.rows.map((r) => r.seq)).toEqual([1, 2, 3]);
      expect(moved.rows[2]!.hash).toBe(prev);
      expect(await verifyAuditChain(db.pool, { now: t0, keyring })).toMatchObject({ ok: true, checked: 3 });

      expect(await sealPending(db.pool, { now: () => t0, keyring })).toEqual({ sealed: 1, ran: true });
      const result = await verifyAuditChain(db.pool, { now: new Date(t0.getTime() + 3_600_000), keyring });
      expect(result).toMatchObject({ ok: true, checked: 4, staleUnsealed: { count: 0 } });
      const columns = await client.query<{ c: string }>(
        `SELECT column_name AS c FROM information_schema.columns WHERE table_name = 'audit_log' AND column_name IN ('seq', 'hash', 'prev_hash', 'sealed_at')`,
      );
      expect(columns.rows).toEqual([]);
    } finally {
      await client.end();
    }
  });
});
