import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { chainHash, GENESIS_HASH, legacyChainHash } from '../../src/app/audit/chain.js';
import { loadAuditKeyring, memoryKeyring } from '../../src/app/audit/keyring.js';
import { audit } from '../../src/app/audit/record.js';
import { sealPending } from '../../src/app/audit/seal.js';
import { verifyAuditChain } from '../../src/app/audit/verify.js';
import { withTransaction, type AppContext } from '../../src/app/context.js';
import { useAppRole } from '../../src/db/app-role.js';
import { sealedRowsAfter } from '../../src/db/repositories/audit-log.js';
import { createTestDatabase, type TestDatabase } from '../setup/database.js';

/**
 * Issue 9, defect 9: the chain is keyed (HMAC, key outside the database) and its head is published in
 * a signed checkpoint file, so removing the newest entries or re-hashing the chain is reported; and
 * the app role cannot write a sealed (or otherwise chosen) audit row.
 */
const t0 = new Date('2026-11-26T10:00:00.000Z');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

async function setup(): Promise<{ db: TestDatabase; appPool: pg.Pool; dir: string }> {
  const db = await createTestDatabase();
  const appPool = new pg.Pool({ ...db.config, max: 5 });
  const probe = await db.client();
  expect(await useAppRole(appPool, probe, () => undefined)).toBe('switched');
  await probe.end();
  afterAll(async () => {
    await appPool.end();
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ketaclinic-audit-key-'));
  dirs.push(dir);
  return { db, appPool, dir };
}

const ctx = (db: pg.Pool): AppContext => ({ db, principal: null, now: t0, ip: '192.0.2.10', userAgent: 'test' });
const write = (db: pg.Pool, action: string) =>
  withTransaction(ctx(db), (tx) => audit(tx, { action, resourceType: 'test', details: { n: action } }));

async function asSuperuser(db: TestDatabase, fn: (client: pg.ClientBase) => Promise<void>): Promise<void> {
  const su = await db.client();
  try {
    await su.query('BEGIN');
    await su.query('SET LOCAL session_replication_role = replica');
    await fn(su);
    await su.query('COMMIT');
  } finally {
    await su.end();
  }
}

describe('the keyed chain and its signed checkpoint', async () => {
  const { db, appPool, dir } = await setup();
  const keyring = loadAuditKeyring({ directory: dir });

  it('keeps the key in a 0600 file outside the database and writes a checkpoint at the chain head', async () => {
    for (let i = 0; i < 12; i += 1) await write(appPool, `entry.${i}`);
    expect((await sealPending(appPool, { now: () => t0, keyring })).sealed).toBe(12);
    expect(fs.statSync(path.join(dir, 'audit-chain.key')).mode & 0o777).toBe(0o600);
    const checkpoint = JSON.parse(fs.readFileSync(path.join(dir, 'audit-checkpoint.json'), 'utf8'));
    expect(checkpoint).toMatchObject({ seq: 12, hash: expect.stringMatching(/^k1:[0-9a-f]{64}$/) });
    const ok = await verifyAuditChain(appPool, { now: t0, keyring });
    expect(ok).toMatchObject({ ok: true, checked: 12, firstBroken: null, checkpoint: { seq: 12 } });
    // Another key does not verify the chain.
    expect((await verifyAuditChain(appPool, { now: t0, keyring: memoryKeyring() })).ok).toBe(false);
  });

  it('reports deleting the newest 5 sealed entries (a shorter chain that is valid in itself)', async () => {
    await asSuperuser(db, async (su) => {
      // Entries and their seals both: what a tamperer who knows the schema would remove.
      await su.query('DELETE FROM audit_log WHERE id IN (SELECT audit_id FROM audit_seals WHERE seq > 7)');
      await su.query('DELETE FROM audit_seals WHERE seq > 7');
    });
    const result = await verifyAuditChain(appPool, { now: t0, keyring });
    expect(result.ok).toBe(false);
    expect(result.firstBroken?.reason).toMatch(/newest 5 entries were removed/);
  });
});

describe('re-hashing after a change', async () => {
  const { db, appPool, dir } = await setup();
  const keyring = loadAuditKeyring({ directory: dir });
  for (let i = 0; i < 8; i += 1) await write(appPool, `entry.${i}`);
  await sealPending(appPool, { now: () => t0, keyring });

  async function rehashFrom(
    seq: number,
    hashOf: (prev: string, row: Parameters<typeof legacyChainHash>[1], s: number) => string,
  ) {
    await asSuperuser(db, async (su) => {
      await su.query(
        `UPDATE audit_log SET details = '{"n": "nothing to see"}' WHERE id = (SELECT audit_id FROM audit_seals WHERE seq = $1)`,
        [seq],
      );
      const seals = await sealedRowsAfter(su, 0, 1000);
      let prev = GENESIS_HASH;
      for (const seal of seals) {
        const hash = seal.seq >= seq ? hashOf(prev, seal.entry!, seal.seq) : seal.hash;
        if (seal.seq >= seq)
          await su.query('UPDATE audit_seals SET prev_hash = $2, hash = $3 WHERE seq = $1', [seal.seq, prev, hash]);
        prev = hash;
      }
    });
  }

  it('reports an entry changed and the chain re-computed with the unkeyed function', async () => {
    await rehashFrom(4, legacyChainHash);
    const result = await verifyAuditChain(appPool, { now: t0, keyring });
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toMatchObject({ seq: 4, reason: expect.stringMatching(/re-hashed/) });
  });

  it('reports the whole chain re-computed from the start (with a guessed key) against the checkpoint', async () => {
    const guessed = memoryKeyring().key;
    await rehashFrom(1, (prev, row, s) => chainHash(guessed, prev, row, s));
    const result = await verifyAuditChain(appPool, { now: t0, keyring });
    expect(result.ok).toBe(false);
    expect(result.firstBroken?.seq).toBe(1);

    // Even re-hashed without the prefix (as the old chain did), the signed checkpoint does not match.
    await rehashFrom(1, legacyChainHash);
    const again = await verifyAuditChain(appPool, { now: t0, keyring });
    expect(again.ok).toBe(false);
    expect(again.firstBroken?.reason).toMatch(/re-hashed/);
  });

  it('refuses a checkpoint file that is edited', async () => {
    const file = path.join(dir, 'audit-checkpoint.json');
    const checkpoint = JSON.parse(fs.readFileSync(file, 'utf8'));
    fs.writeFileSync(file, JSON.stringify({ ...checkpoint, seq: 3 }));
    const result = await verifyAuditChain(appPool, { now: t0, keyring });
    expect(result.firstBroken?.reason).toMatch(/not signed/);
  });
});

describe('what the app role may write to the audit log', async () => {
  const { appPool } = await setup();

  it('inserts content columns only: never an id or a transaction of its choosing', async () => {
    await expect(
      appPool.query(
        `INSERT INTO audit_log (occurred_at, action, outcome, xact) VALUES (now(), 'forged', 'success', '3')`,
      ),
    ).rejects.toThrow(/permission denied/);
    await expect(
      appPool.query(
        `INSERT INTO audit_log (id, occurred_at, action, outcome) OVERRIDING SYSTEM VALUE VALUES (424242, now(), 'forged', 'success')`,
      ),
    ).rejects.toThrow(/permission denied/);
    await expect(write(appPool, 'ordinary')).resolves.toBeGreaterThan(0);
  });
});
