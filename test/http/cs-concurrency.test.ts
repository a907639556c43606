import { describe, expect, it } from 'vitest';
import { count, csClinic, supplier } from './cs-fixtures.js';

// Requests sent together (a double-click, a retry while the first is still running, a tablet on a bad
// connection): the same answer as one at a time, never a lockout or a 409 for a correct retry.
const c = await csClinic();
const { as, users, locations } = c;

const receipt = (lot: string) => ({
  locationId: locations.a,
  productId: c.productId,
  receivedOn: '2026-11-26',
  ...supplier,
  lot,
  expiresOn: '2027-06-30',
  containers: 1,
  witnessUserId: users.nurse2.id,
  witnessPassword: users.nurse2.password,
});

describe('witnessed entries sent together', () => {
  it('ten receipts confirmed with the right password at once never lock the witness or the address out', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => as.nurse.post('/receipts', receipt(`PAR-${i}`))),
    );
    // At most five witness checks run at once (the sign-in limit); the rest are asked to wait, not counted.
    expect(results.every((r) => r.statusCode === 201 || r.statusCode === 429)).toBe(true);
    expect(results.filter((r) => r.statusCode === 201).length).toBeGreaterThanOrEqual(5);
    // Afterwards nothing is held against the witness: a receipt, and a second, go through at once.
    for (const lot of ['AFTER-1', 'AFTER-2']) {
      const next = await as.nurse.post('/receipts', receipt(lot));
      expect(next.statusCode, next.body).toBe(201);
    }
    const attempts = await c.t.db.pool.query<{ n: number }>(
      `SELECT coalesce(sum(attempts), 0)::int AS n FROM login_attempts WHERE key LIKE 'witness:%' OR key LIKE 'ip:%'`,
    );
    expect(attempts.rows[0]!.n).toBe(0);
  });

  it('a receipt sent four times at once with one Idempotency-Key is received once, and every copy answers it', async () => {
    const before = await count(c, 'cs_receipts');
    const results = await Promise.all(
      Array.from({ length: 4 }, () => as.nurse.post('/receipts', receipt('SAME-KEY'), { 'idempotency-key': 'rk-1' })),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 201, 201, 201]);
    expect(new Set(results.map((r) => r.json<{ id: string }>().id)).size).toBe(1);
    expect(await count(c, 'cs_receipts')).toBe(before + 1);
  });

  it('a count sent ten times at once with one Idempotency-Key is recorded once, and every copy answers it', async () => {
    const expected = (await as.nurse.get(`/expected-stock?locationId=${locations.a}`)).json<
      { productId: string; lot: string; containers: number; volumeMl: number }[]
    >();
    const body = {
      locationId: locations.a,
      period: 'shift',
      lines: expected.map((e) => ({
        productId: e.productId,
        lot: e.lot,
        countedContainers: e.containers,
        countedMl: e.volumeMl,
      })),
    };
    const results = await Promise.all(
      Array.from({ length: 10 }, () => as.nurse.post('/counts', body, { 'idempotency-key': 'ck-1' })),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(10).fill(201));
    expect(new Set(results.map((r) => r.json<{ id: string }>().id)).size).toBe(1);
    expect(await count(c, 'cs_counts')).toBe(1);
  });
});
