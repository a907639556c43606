import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockSlotHolders } from '../../src/db/repositories/scheduling.js';
import { databaseProblem } from '../../src/http/plugins/database-problem.js';
import { createTestDatabase, type TestDatabase } from '../setup/database.js';

// Two bookings of one slot at the same instant can each find the other's uncommitted row in an exclusion
// constraint and wait for it: a deadlock PostgreSQL breaks by failing one (40P01). Bookings therefore queue
// on the chair, staff member and patient they take (lockSlotHolders), and a transaction that PostgreSQL
// fails anyway is a 503 to retry, never a 500.

const patient = (n: number): string => `00000000-0000-4000-8000-00000000000${n}`;
const staff = '00000000-0000-4000-8000-0000000000aa';
const chair = '00000000-0000-4000-8000-0000000000cc';

let db: TestDatabase;
const held: pg.Client[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await Promise.all(held.map((c) => c.end()));
});

async function begin(): Promise<pg.Client> {
  const client = await db.client();
  held.push(client);
  await client.query('BEGIN');
  return client;
}

/** Whether the backend behind this client is waiting for an advisory lock. */
async function waitsOnAdvisoryLock(client: pg.Client): Promise<boolean> {
  const pid = (client as unknown as { processID: number }).processID;
  for (let i = 0; i < 50; i += 1) {
    const res = await db.pool.query<{ waiting: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE pid = $1 AND locktype = 'advisory' AND NOT granted) AS waiting`,
      [pid],
    );
    if (res.rows[0]?.waiting) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

describe('bookings queue on what they take', () => {
  it('a second booking of the same staff member waits for the first to end; one of another chair and patient does not', async () => {
    const first = await begin();
    await lockSlotHolders(first, [{ patientId: patient(1), staffUserId: staff, chairId: null }]);

    const second = await begin();
    let secondDone = false;
    const secondLock = lockSlotHolders(second, [{ patientId: patient(2), staffUserId: staff, chairId: null }]).then(
      () => {
        secondDone = true;
      },
    );
    expect(await waitsOnAdvisoryLock(second)).toBe(true);

    const third = await begin();
    await lockSlotHolders(third, [{ patientId: patient(3), staffUserId: null, chairId: chair }]);
    await third.query('COMMIT');

    expect(secondDone).toBe(false);
    await first.query('COMMIT');
    await secondLock;
    expect(secondDone).toBe(true);
    await second.query('COMMIT');
  });

  it('the same patient is one queue, whatever the chair or staff member', async () => {
    const first = await begin();
    await lockSlotHolders(first, [{ patientId: patient(4), staffUserId: null, chairId: chair }]);
    const second = await begin();
    const secondLock = lockSlotHolders(second, [{ patientId: patient(4), staffUserId: staff, chairId: null }]);
    expect(await waitsOnAdvisoryLock(second)).toBe(true);
    await first.query('ROLLBACK');
    await secondLock;
    await second.query('COMMIT');
  });

  it('locks taken in one order cannot deadlock: chair-then-staff against staff-then-chair both finish', async () => {
    const a = await begin();
    const b = await begin();
    const results = await Promise.allSettled([
      lockSlotHolders(a, [{ patientId: patient(5), staffUserId: staff, chairId: chair }]).then(async () => {
        await new Promise((r) => setTimeout(r, 50));
        await a.query('COMMIT');
      }),
      lockSlotHolders(b, [
        { patientId: patient(6), staffUserId: null, chairId: chair },
        { patientId: patient(6), staffUserId: staff, chairId: null },
      ]).then(async () => {
        await new Promise((r) => setTimeout(r, 50));
        await b.query('COMMIT');
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
  });
});

describe('a transaction PostgreSQL fails to break a deadlock', () => {
  it('is a 503 database_busy to try again, not a 500', async () => {
    const a = await begin();
    const b = await begin();
    await a.query('SELECT pg_advisory_xact_lock(901)');
    await b.query('SELECT pg_advisory_xact_lock(902)');
    const results = await Promise.allSettled([
      a.query('SELECT pg_advisory_xact_lock(902)'),
      b.query('SELECT pg_advisory_xact_lock(901)'),
    ]);
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(failed).toHaveLength(1);
    const error = failed[0]!.reason as { code?: string };
    expect(error.code).toBe('40P01');
    expect(databaseProblem(error)).toMatchObject({ status: 503, code: 'database_busy' });
    await a.query('ROLLBACK');
    await b.query('ROLLBACK');
  });
});
