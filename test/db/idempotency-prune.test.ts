import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { pruneIdempotencyKeys } from '../../src/db/repositories/treatment-sessions.js';
import { APP_ROLE } from '../../src/db/app-role.js';
import {
  IDEMPOTENCY_KEEP_DAYS,
  IDEMPOTENCY_PRUNE_JOB,
  registerIdempotencyPrune,
  runIdempotencyPrune,
} from '../../src/jobs/idempotency-keys.js';
import { startJobQueue } from '../../src/jobs/queue.js';
import { createTestDatabase } from '../setup/database.js';
import { createOrganization, createUser } from '../setup/identity.js';

/** Idempotency-Key answers are removed once older than the days a retry could need them, and no sooner. */
const db = await createTestDatabase();
const organizationId = await createOrganization(db.pool, 'Prune Clinic');
const nurse = await createUser(db.pool, { organizationId, email: 'prune-nurse@example.test', roles: ['nurse'] });
const now = new Date('2026-12-03T03:41:00Z');
const daysAgo = (days: number): Date => new Date(now.getTime() - days * 86_400_000);

async function keysAt(prefix: string, createdAt: Date, count: number): Promise<void> {
  await db.pool.query(
    `INSERT INTO session_idempotency_keys (organization_id, user_id, key, request_hash, status_code, response, created_at)
     SELECT $1, $2, $3 || g, 'h', 200, '{}', $4 FROM generate_series(1, $5) g`,
    [organizationId, nurse.id, prefix, createdAt, count],
  );
}
const left = async (): Promise<string[]> =>
  (await db.pool.query<{ key: string }>('SELECT key FROM session_idempotency_keys ORDER BY key')).rows.map(
    (r) => r.key,
  );

describe('idempotency keys are kept 30 days', () => {
  it('the nightly job removes the answers older than 30 days and keeps the rest (boundary: exactly 30 days is kept)', async () => {
    expect(IDEMPOTENCY_KEEP_DAYS).toBe(30);
    await keysAt('old-', daysAgo(45), 3);
    await keysAt('edge-', daysAgo(30), 1);
    await keysAt('recent-', daysAgo(1), 2);
    const config = loadConfig({ KETACLINIC_PUBLIC_URL: 'http://clinic.example.test' });
    const removed = await runIdempotencyPrune(
      { config, pool: db.pool, embeddedDataDir: undefined, log: () => undefined },
      now,
    );
    expect(removed).toBe(3);
    expect(await left()).toEqual(['edge-1', 'recent-1', 'recent-2']);
  });

  it('removes a long backlog slice by slice, all of it', async () => {
    await keysAt('backlog-', daysAgo(90), 23);
    expect(await pruneIdempotencyKeys(db.pool, daysAgo(30), 5)).toBe(23);
    expect((await left()).filter((k) => k.startsWith('backlog-'))).toEqual([]);
    expect(await pruneIdempotencyKeys(db.pool, daysAgo(30), 5)).toBe(0);
  });
});

describe('the prune job on the queue', () => {
  it('is registered with its worker and a nightly schedule', async () => {
    const queue = await startJobQueue(db.config, { log: () => undefined, role: APP_ROLE, max: 2 });
    try {
      const config = loadConfig({ KETACLINIC_PUBLIC_URL: 'http://clinic.example.test' });
      await registerIdempotencyPrune(queue, {
        config,
        pool: db.pool,
        embeddedDataDir: undefined,
        log: () => undefined,
      });
      const schedules = await queue.boss.getSchedules();
      expect(schedules.find((s) => s.name === IDEMPOTENCY_PRUNE_JOB)).toMatchObject({ cron: '41 3 * * *' });
    } finally {
      await queue.stop(2000);
    }
  });
});
