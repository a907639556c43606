import type pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { audit } from '../../src/app/audit/record.js';
import { memoryKeyring } from '../../src/app/audit/keyring.js';
import { sealPending } from '../../src/app/audit/seal.js';
import { verifyAuditChain } from '../../src/app/audit/verify.js';
import { withTransaction, type AppContext } from '../../src/app/context.js';
import { useAppRole } from '../../src/db/app-role.js';
import { createPool } from '../../src/db/pg-types.js';
import { startAuditSealer } from '../../src/jobs/audit-sealer.js';
import { createTestDatabase } from '../setup/database.js';

const db = await createTestDatabase();
// The pool the server would use: connected as the owner, switched to ketaclinic_app.
const appPool = createPool({ ...db.config, max: 20 });
const probe = await db.client();
expect(await useAppRole(appPool, probe, () => undefined)).toBe('switched');
await probe.end();
afterAll(async () => {
  await appPool.end();
});

const t0 = new Date('2026-11-26T10:00:00.000Z');
const ctx = (now = t0): AppContext => ({ db: appPool, principal: null, now, ip: '192.0.2.10', userAgent: 'test' });
const write = (action: string, now = t0) =>
  withTransaction(ctx(now), (tx) => audit(tx, { action, resourceType: 'test', details: { n: action } }));
const keyring = memoryKeyring();
const sealAll = () => sealPending(appPool, { now: () => t0, keyring });
const sealOf = async (id: number) =>
  (
    await appPool.query<{ seq: number; hash: string }>(
      'SELECT seq::int AS seq, hash FROM audit_seals WHERE audit_id = $1',
      [id],
    )
  ).rows[0];

async function expectRefused(client: pg.ClientBase, sql: string, pattern: RegExp): Promise<void> {
  await client.query('SAVEPOINT s');
  await expect(client.query(sql)).rejects.toThrow(pattern);
  await client.query('ROLLBACK TO SAVEPOINT s');
}

describe('the audit log is append-only', () => {
  it('the app role may insert, read and seal, but not update, delete or truncate', async () => {
    const id = await write('append-only.app');
    const client = await appPool.connect();
    try {
      expect((await client.query<{ r: string }>('SELECT current_user AS r')).rows[0]!.r).toBe('ketaclinic_app');
      await client.query('BEGIN');
      await expectRefused(client, `UPDATE audit_log SET action = 'forged' WHERE id = ${id}`, /permission denied/);
      await expectRefused(client, `DELETE FROM audit_log WHERE id = ${id}`, /permission denied/);
      await expectRefused(client, 'TRUNCATE audit_log', /permission denied/);
      await expectRefused(client, `UPDATE audit_seals SET hash = 'y'`, /permission denied/);
      await expectRefused(client, 'DELETE FROM audit_seals', /permission denied/);
      await expectRefused(client, 'TRUNCATE audit_seals', /permission denied/);
      await expectRefused(client, 'DELETE FROM audit_seal_horizon', /permission denied/);
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    expect((await sealAll()).sealed).toBeGreaterThan(0);
    const row = await appPool.query('SELECT action FROM audit_log WHERE id = $1', [id]);
    expect(row.rows[0].action).toBe('append-only.app');
    expect((await sealOf(id))?.hash).toMatch(/^k1:[0-9a-f]{64}$/);
  });

  it('even the owner cannot change a sealed row, delete one, truncate, or change content while sealing', async () => {
    const sealedId = await write('append-only.owner');
    await sealAll();
    const unsealedId = await write('append-only.unsealed');
    const owner = await db.client();
    try {
      await owner.query('BEGIN');
      await expectRefused(owner, `UPDATE audit_log SET action = 'forged' WHERE id = ${sealedId}`, /append-only/);
      await expectRefused(owner, `UPDATE audit_log SET action = 'forged' WHERE id = ${unsealedId}`, /append-only/);
      await expectRefused(owner, `UPDATE audit_log SET xact = '1' WHERE id = ${unsealedId}`, /append-only/);
      await expectRefused(owner, `DELETE FROM audit_log WHERE id = ${unsealedId}`, /append-only/);
      await expectRefused(owner, 'TRUNCATE audit_log', /append-only/);
      // Nor a seal (decision 030).
      await expectRefused(owner, `UPDATE audit_seals SET hash = 'y' WHERE audit_id = ${sealedId}`, /append-only/);
      await expectRefused(owner, `DELETE FROM audit_seals WHERE audit_id = ${sealedId}`, /append-only/);
      await expectRefused(owner, 'TRUNCATE audit_seals', /append-only/);
      await owner.query('ROLLBACK');
    } finally {
      await owner.end();
    }
  });

  it('an entry written in a transaction that rolls back leaves no trace', async () => {
    const before = (await appPool.query("SELECT count(*)::int AS n FROM audit_log WHERE action = 'rolled.back'"))
      .rows[0].n;
    await expect(
      withTransaction(ctx(), async (tx) => {
        await audit(tx, { action: 'rolled.back' });
        throw new Error('the write failed');
      }),
    ).rejects.toThrow('the write failed');
    expect(
      (await appPool.query("SELECT count(*)::int AS n FROM audit_log WHERE action = 'rolled.back'")).rows[0].n,
    ).toBe(before);
  });
});

describe('the sealer', () => {
  it('chains many concurrent audited writes, with sealers running alongside, into one chain that verifies', async () => {
    const writes = Array.from({ length: 300 }, (_, i) => write(`concurrent.${i}`));
    const sealers = Array.from({ length: 6 }, () => sealAll());
    await Promise.all([...writes, ...sealers]);
    await sealAll();
    const result = await verifyAuditChain(appPool, { now: t0, keyring });
    expect(result.firstBroken).toBeNull();
    expect(result.ok).toBe(true);
    const stats = await appPool.query(
      `SELECT (SELECT count(*)::int FROM audit_log) AS n, count(*)::int AS sealed, max(seq)::int AS top,
              count(DISTINCT audit_id)::int AS entries FROM audit_seals`,
    );
    expect(stats.rows[0].sealed).toBe(stats.rows[0].n);
    expect(stats.rows[0].entries).toBe(stats.rows[0].n);
    expect(stats.rows[0].top).toBe(stats.rows[0].n);
  });

  it('seals a row whose transaction commits after a later id was sealed (commit order, not id order)', async () => {
    await sealAll();
    const slow = await appPool.connect();
    let slowId: number;
    try {
      await slow.query('BEGIN');
      slowId = await audit({ ...ctx(), db: slow }, { action: 'out-of-order.slow' });
      const fastId = await write('out-of-order.fast');
      expect(fastId).toBeGreaterThan(slowId);
      await sealAll();
      // The slow transaction holds the horizon back, not the entries committed after it.
      expect(await sealOf(fastId)).toBeDefined();
      expect(await sealOf(slowId)).toBeUndefined();
      await slow.query('COMMIT');
    } finally {
      slow.release();
    }
    await sealAll();
    const rows = await appPool.query<{ id: number; seq: number }>(
      'SELECT a.id::int AS id, s.seq::int AS seq FROM audit_log a JOIN audit_seals s ON s.audit_id = a.id WHERE a.action LIKE $1 ORDER BY s.seq',
      ['out-of-order.%'],
    );
    expect(rows.rows.map((r) => r.id)).toEqual([expect.any(Number), slowId]);
    expect(rows.rows[1]!.seq).toBe(rows.rows[0]!.seq + 1);
    expect((await verifyAuditChain(appPool, { now: t0, keyring })).ok).toBe(true);
  });

  it('lets only one sealer work at a time (advisory lock): the other skips its turn', async () => {
    await write('lock.test');
    const holder = await db.client();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock($1)', [0x6b617564]);
      expect(await sealAll()).toEqual({ sealed: 0, ran: false });
      await holder.query('ROLLBACK');
    } finally {
      await holder.end();
    }
    expect((await sealAll()).sealed).toBe(1);
  });
});

describe('the sealer horizon (decision 030)', () => {
  /** An entry the owner writes with a transaction id of its choosing, as a restore from another cluster leaves them. */
  async function foreignEntry(action: string, xact: string): Promise<number> {
    const owner = await db.client();
    try {
      const res = await owner.query<{ id: number }>(
        `INSERT INTO audit_log (occurred_at, action, outcome, xact) VALUES ($1, $2, 'success', $3::xid8) RETURNING id::int`,
        [t0, action, xact],
      );
      return res.rows[0]!.id;
    } finally {
      await owner.end();
    }
  }
  const horizon = async () =>
    (await appPool.query<{ x: string | null }>('SELECT (SELECT xact::text FROM audit_seal_horizon) AS x')).rows[0]!.x;

  it('moves to the oldest transaction still running, so one that commits later is still sealed', async () => {
    await sealAll();
    const slow = await appPool.connect();
    try {
      await slow.query('BEGIN');
      const slowId = await audit({ ...ctx(), db: slow }, { action: 'horizon.slow' });
      const slowXact = (await slow.query<{ x: string }>('SELECT pg_current_xact_id()::text AS x')).rows[0]!.x;
      await write('horizon.fast');
      await sealAll();
      expect(BigInt((await horizon())!)).toBeLessThanOrEqual(BigInt(slowXact));
      await slow.query('COMMIT');
      await sealAll();
      expect(await sealOf(slowId)).toBeDefined();
      expect(BigInt((await horizon())!)).toBeGreaterThan(BigInt(slowXact));
    } finally {
      slow.release();
    }
  });

  it('an entry below the horizon (a restore from another cluster) is reported by verify-audit, and sealed once the horizon is forgotten', async () => {
    await write('horizon.before');
    await sealAll();
    const id = await foreignEntry('horizon.foreign-old', '3');
    expect((await sealAll()).sealed).toBe(0);
    const stale = await verifyAuditChain(appPool, { now: new Date(t0.getTime() + 61_000), keyring });
    expect(stale.staleUnsealed).toMatchObject({ count: 1, oldestId: id });
    const owner = await db.client();
    try {
      await owner.query('DELETE FROM audit_seal_horizon');
    } finally {
      await owner.end();
    }
    expect((await sealAll()).sealed).toBe(1);
    expect(await sealOf(id)).toBeDefined();
    expect(await horizon()).not.toBeNull();
    expect((await verifyAuditChain(appPool, { now: new Date(t0.getTime() + 61_000), keyring })).ok).toBe(true);
  });

  it("a horizon beyond this cluster's transaction ids (a database restored by other means) makes the pass read the whole log", async () => {
    await sealAll();
    const id = await foreignEntry('horizon.foreign-new', '5');
    const owner = await db.client();
    try {
      await owner.query(`UPDATE audit_seal_horizon SET xact = '9000000000'`);
    } finally {
      await owner.end();
    }
    expect((await sealAll()).sealed).toBe(1);
    expect(await sealOf(id)).toBeDefined();
    expect(BigInt((await horizon())!)).toBeLessThan(9_000_000_000n);
    expect((await verifyAuditChain(appPool, { now: t0, keyring })).ok).toBe(true);
  });

  it('hashes a pass of several hundred entries in slices, answering writes between them, into one unbroken chain', async () => {
    await sealAll();
    for (let i = 0; i < 250; i += 1) await write(`sliced.${i}`);
    // Writes arriving while the pass hashes (it yields every 100 entries) are sealed by the next pass.
    const [result] = await Promise.all([sealAll(), ...Array.from({ length: 20 }, (_, i) => write(`sliced.late.${i}`))]);
    expect(result.sealed).toBeGreaterThanOrEqual(250);
    await sealAll();
    const seqs = await appPool.query<{ seq: number }>(
      `SELECT s.seq::int AS seq FROM audit_seals s JOIN audit_log a ON a.id = s.audit_id WHERE a.action LIKE 'sliced.%' ORDER BY s.seq`,
    );
    expect(seqs.rows).toHaveLength(270);
    expect((await verifyAuditChain(appPool, { now: t0, keyring })).ok).toBe(true);
  });

  it('seals a backlog larger than one batch in one call, in id order, then stores the horizon', async () => {
    await sealAll();
    for (let i = 0; i < 25; i += 1) await write(`backlog.${i}`);
    const result = await sealPending(appPool, { now: () => t0, keyring, batchSize: 10 });
    expect(result).toEqual({ sealed: 25, ran: true });
    const order = await appPool.query<{ action: string }>(
      `SELECT a.action FROM audit_seals s JOIN audit_log a ON a.id = s.audit_id WHERE a.action LIKE 'backlog.%' ORDER BY s.seq`,
    );
    expect(order.rows.map((r) => r.action)).toEqual(Array.from({ length: 25 }, (_, i) => `backlog.${i}`));
    expect((await verifyAuditChain(appPool, { now: t0, keyring })).ok).toBe(true);
  });
});

describe('the sealer job', () => {
  it('seals what was written before it stopped (a final pass at shutdown), so no entry is left behind', async () => {
    const sealer = startAuditSealer(appPool, {
      intervalMs: 3_600_000,
      now: () => t0,
      keyring,
      log: (m) => {
        throw new Error(m);
      },
    });
    const id = await write('job.final-pass');
    expect(await sealOf(id)).toBeUndefined();
    await sealer.stop();
    expect((await sealOf(id))?.hash).toMatch(/^k1:[0-9a-f]{64}$/);
  });
});

describe('verify-audit', () => {
  it('names the first entry changed by hand (trigger disabled by a superuser), and a removed one', async () => {
    for (let i = 0; i < 5; i += 1) await write(`tamper.${i}`);
    await sealAll();
    expect((await verifyAuditChain(appPool, { now: t0, keyring })).ok).toBe(true);
    const target = (await appPool.query("SELECT id::int AS id FROM audit_log WHERE action = 'tamper.2'")).rows[0]
      .id as number;
    const su = await db.client();
    try {
      await su.query('BEGIN');
      await su.query('SET LOCAL session_replication_role = replica');
      await su.query('UPDATE audit_log SET details = \'{"n": "nothing to see"}\' WHERE id = $1', [target]);
      await su.query('COMMIT');
      const broken = await verifyAuditChain(appPool, { now: t0, keyring });
      expect(broken.ok).toBe(false);
      expect(broken.firstBroken).toMatchObject({ id: target, reason: expect.stringMatching(/changed/) });

      await su.query('BEGIN');
      await su.query('SET LOCAL session_replication_role = replica');
      await su.query('UPDATE audit_log SET details = \'{"n": "tamper.2"}\' WHERE id = $1', [target]);
      await su.query('DELETE FROM audit_log WHERE id = $1', [target]);
      await su.query('COMMIT');
      const gap = await verifyAuditChain(appPool, { now: t0, keyring });
      expect(gap.firstBroken).toMatchObject({ id: target, reason: expect.stringMatching(/missing/) });

      // The entry and its seal both removed: the chain has a gap at that position.
      await su.query('BEGIN');
      await su.query('SET LOCAL session_replication_role = replica');
      await su.query('DELETE FROM audit_seals WHERE audit_id = $1', [target]);
      await su.query('COMMIT');
      const hole = await verifyAuditChain(appPool, { now: t0, keyring });
      expect(hole.firstBroken?.reason).toMatch(/position \d+ is missing/);
      expect(hole.firstBroken?.id).toBeGreaterThan(target);
    } finally {
      await su.end();
    }
  });

  it('reports entries left unsealed for more than a minute', async () => {
    const fresh = await createTestDatabase();
    const pool = fresh.pool;
    await audit({ db: pool, principal: null, now: t0, ip: null, userAgent: null }, { action: 'waiting' });
    const soon = await verifyAuditChain(pool, { now: new Date(t0.getTime() + 30_000), keyring });
    expect(soon.staleUnsealed.count).toBe(0);
    const later = await verifyAuditChain(pool, { now: new Date(t0.getTime() + 61_000), keyring });
    expect(later.ok).toBe(false);
    expect(later.staleUnsealed.count).toBe(1);
  });
});
