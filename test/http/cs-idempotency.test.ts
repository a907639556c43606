import { describe, expect, it } from 'vitest';
import { recordAdministration } from '../../src/app/controlled-substances/movements.js';
import { count, csClinic, receive, supplier } from './cs-fixtures.js';

// An Idempotency-Key on a ledger write is bound to its request (method, URL, body): the same request again
// answers the first entry and writes nothing; another request with the key is refused and writes nothing.
const c = await csClinic('Ledger Idempotency Clinic');
const { as, users, locations } = c;

const remainingUl = async (vialId: string): Promise<number> =>
  (await c.t.db.pool.query<{ r: number }>('SELECT remaining_ul AS r FROM cs_vials WHERE id = $1', [vialId])).rows[0]!.r;

function expectReused(res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }): void {
  expect(res.statusCode).toBe(422);
  expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  expect(res.json()).toMatchObject({ code: 'idempotency_key_reused' });
}

describe('a reused Idempotency-Key on the ledger', () => {
  it('an administration: the same request replays the first entry; another volume is refused, nothing written', async () => {
    const { vials } = await receive(c, { lot: 'IK-100', containers: 1 });
    const vialId = vials[0]!.id;
    const dose = { vialId, patientId: c.patientId, locationId: locations.a, volumeMl: 0.1 };
    const first = await as.nurse.post('/administrations', dose, { 'idempotency-key': 'dose-IK-100-1' });
    expect(first.statusCode, first.body).toBe(201);
    const again = await as.nurse.post('/administrations', dose, { 'idempotency-key': 'dose-IK-100-1' });
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json().id).toBe(first.json().id);
    const before = await count(c, 'cs_ledger_entries');

    const other = await as.nurse.post(
      '/administrations',
      { ...dose, volumeMl: 0.2 },
      { 'idempotency-key': 'dose-IK-100-1' },
    );
    expectReused(other);
    expect(await count(c, 'cs_ledger_entries')).toBe(before);
    expect(await remainingUl(vialId)).toBe(9_900);
  });

  it('a waste: another volume under the same key is refused, nothing written', async () => {
    const { vials } = await receive(c, { lot: 'IK-200', containers: 1 });
    const vialId = vials[0]!.id;
    const waste = {
      vialId,
      volumeMl: 1,
      reason: 'Drawn up, dose held by prescriber',
      witnessUserId: users.nurse2.id,
      witnessPassword: users.nurse2.password,
    };
    const first = await as.nurse.post('/wastes', waste, { 'idempotency-key': 'waste-IK-200-1' });
    expect(first.statusCode, first.body).toBe(201);
    const again = await as.nurse.post('/wastes', waste, { 'idempotency-key': 'waste-IK-200-1' });
    expect(again.json().id).toBe(first.json().id);
    const before = await count(c, 'cs_ledger_entries');

    const other = await as.nurse.post('/wastes', { ...waste, volumeMl: 2 }, { 'idempotency-key': 'waste-IK-200-1' });
    expectReused(other);
    expect(await count(c, 'cs_ledger_entries')).toBe(before);
    expect(await remainingUl(vialId)).toBe(9_000);
  });

  it('a receipt: another delivery under the same key is refused, nothing received', async () => {
    const receipt = {
      locationId: locations.a,
      productId: c.productId,
      receivedOn: '2026-11-26',
      ...supplier,
      lot: 'IK-300',
      expiresOn: '2027-06-30',
      containers: 1,
      witnessUserId: users.nurse2.id,
      witnessPassword: users.nurse2.password,
    };
    const first = await as.nurse.post('/receipts', receipt, { 'idempotency-key': 'receipt-IK-300' });
    expect(first.statusCode, first.body).toBe(201);
    const again = await as.nurse.post('/receipts', receipt, { 'idempotency-key': 'receipt-IK-300' });
    expect(again.json().id).toBe(first.json().id);
    const [receipts, vials] = [await count(c, 'cs_receipts'), await count(c, 'cs_vials')];

    const other = await as.nurse.post(
      '/receipts',
      { ...receipt, containers: 5 },
      { 'idempotency-key': 'receipt-IK-300' },
    );
    expectReused(other);
    expect(await count(c, 'cs_receipts')).toBe(receipts);
    expect(await count(c, 'cs_vials')).toBe(vials);
  });

  it('a count: another count under the same key is refused, nothing recorded', async () => {
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
    const first = await as.nurse.post('/counts', body, { 'idempotency-key': 'count-IK-1' });
    expect(first.statusCode, first.body).toBe(201);
    const again = await as.nurse.post('/counts', body, { 'idempotency-key': 'count-IK-1' });
    expect(again.json().id).toBe(first.json().id);
    const before = await count(c, 'cs_counts');

    const other = await as.nurse.post('/counts', { ...body, period: 'day' }, { 'idempotency-key': 'count-IK-1' });
    expectReused(other);
    expect(await count(c, 'cs_counts')).toBe(before);
  });

  it('a key stored without a request hash (before migration 0021) still replays', async () => {
    const { vials } = await receive(c, { lot: 'IK-400', containers: 1 });
    const vialId = vials[0]!.id;
    const dose = { vialId, patientId: c.patientId, locationId: locations.a, volumeMl: 0.5 };
    const principal = {
      userId: users.nurse.id,
      organizationId: c.organizationId,
      kind: 'staff' as const,
      roles: ['nurse'],
      patientId: null,
    };
    const first = await recordAdministration(
      dose,
      { db: c.t.db.pool, principal, now: c.t.clock.now, ip: null, userAgent: null },
      'dose-IK-400-legacy',
    );
    const stored = await c.t.db.pool.query('SELECT request_hash FROM cs_ledger_entries WHERE id = $1', [first.id]);
    expect(stored.rows[0]).toEqual({ request_hash: null });
    const retry = await as.nurse.post('/administrations', dose, { 'idempotency-key': 'dose-IK-400-legacy' });
    expect(retry.statusCode, retry.body).toBe(201);
    expect(retry.json().id).toBe(first.id);
    expect(await remainingUl(vialId)).toBe(9_500);
  });
});
