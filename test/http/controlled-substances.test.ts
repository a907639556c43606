import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { recordAdministration } from '../../src/app/controlled-substances/movements.js';
import { createPool } from '../../src/db/pg-types.js';
import { pdfText } from '../setup/pdf.js';
import { count, csClinic, receive, supplier } from './cs-fixtures.js';

const c = await csClinic();
const { as, users, locations } = c;

describe('controlled substances: receipts', () => {
  it('creates one sealed vial per container with a receipt entry each, checked by a second person', async () => {
    const receipt = await receive(c, { lot: 'R-100', containers: 3 });
    expect(receipt.vials).toHaveLength(3);
    expect(receipt.vials.every((v) => v.status === 'sealed' && v.remainingMl === 10)).toBe(true);
    const entries = await c.t.db.pool.query(
      "SELECT change_ul, witness_user_id FROM cs_ledger_entries WHERE lot = 'R-100'",
    );
    expect(entries.rows).toEqual(Array(3).fill({ change_ul: 10_000, witness_user_id: users.nurse2.id }));
  });

  it('a second receipt of the same lot shows its own containers, not the first receipt’s', async () => {
    const first = await receive(c, { lot: 'R-200', containers: 2 });
    const second = await receive(c, { lot: 'R-200', containers: 3 });
    expect(second.vials).toHaveLength(3);
    expect(second.vials.map((v) => v.id).filter((id) => first.vials.some((f) => f.id === id))).toEqual([]);
    // The console opens the receipt's first vial: this delivery's, sealed and full, even after the first is used.
    expect(second.vials[0]).toMatchObject({ status: 'sealed', remainingMl: 10 });
    const stored = await c.t.db.pool.query<{ receipt_id: string }>(
      'SELECT receipt_id FROM cs_vials WHERE id = ANY($1)',
      [second.vials.map((v) => v.id)],
    );
    expect(stored.rows.map((r) => r.receipt_id)).toEqual(Array(3).fill(second.id));
  });

  it('numbers a later delivery of a lot on from its last vial, so no two vials of a lot share a label', async () => {
    const first = await receive(c, { lot: 'R-250', containers: 2 });
    const second = await receive(c, { lot: 'R-250', containers: 3 });
    // Another location's delivery of the same lot goes on too: the dispensing log lists both places.
    const third = await receive(c, { lot: 'R-250', containers: 1, locationId: locations.b });
    const labels = (r: typeof first) => r.vials.map((v) => v.label);
    expect(labels(first)).toEqual(['Lot R-250, vial 1 of 2', 'Lot R-250, vial 2 of 2']);
    expect(labels(second)).toEqual(['Lot R-250, vial 3 of 5', 'Lot R-250, vial 4 of 5', 'Lot R-250, vial 5 of 5']);
    expect(labels(third)).toEqual(['Lot R-250, vial 6 of 6']);
    const stock = await as.nurse.get(`/stock?lot=R-250&includeFinished=true`);
    expect(stock.statusCode).toBe(200);
    const { vials } = stock.json<{ vials: { number: number }[] }>();
    expect(vials.map((v) => v.number).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('two deliveries of one lot recorded at the same moment both land, numbered one after the other', async () => {
    const [a, b] = await Promise.all([
      receive(c, { lot: 'R-260', containers: 2 }),
      receive(c, { lot: 'R-260', containers: 2 }),
    ]);
    const numbers = [...a.vials, ...b.vials].map((v) => v.number).sort((x, y) => x - y);
    expect(numbers).toEqual([1, 2, 3, 4]);
  });

  it('the database refuses a second vial with a lot’s number, whatever writes it', async () => {
    await receive(c, { lot: 'R-270', containers: 1 });
    const later = await receive(c, { lot: 'R-270', containers: 1 });
    await expect(
      c.t.db.pool.query('UPDATE cs_vials SET number = 1 WHERE id = $1', [later.vials[0]!.id]),
    ).rejects.toMatchObject({ code: '23505', constraint: 'cs_vials_lot_number_key' });
  });

  it.each([
    ['a malformed DEA number', { supplierDeaNumber: 'RA1234564' }, 400, '/body/supplierDeaNumber'],
    ['a DEA number of the wrong shape', { supplierDeaNumber: '12345' }, 400, '/body/supplierDeaNumber'],
    ['stock already expired', { expiresOn: '2026-11-01' }, 400, '/body/expiresOn'],
    ['a date in the future', { receivedOn: '2026-12-30' }, 400, '/body/receivedOn'],
    ['no containers', { containers: 0 }, 400, '/body/containers'],
    ['the receiver as checker', { witnessUserId: 'SELF' }, 422, '/body/witnessUserId'],
    ['a wrong checker password', { witnessPassword: 'not the password at all' }, 422, '/body/witnessPassword'],
    [
      'a coordinator as checker',
      { witnessUserId: 'COORD', witnessPassword: 'a long test password 1' },
      422,
      '/body/witnessUserId',
    ],
  ])('refuses %s, storing nothing', async (_, over, status, path) => {
    const before = await count(c, 'cs_receipts');
    const body = {
      locationId: locations.a,
      productId: c.productId,
      receivedOn: '2026-11-26',
      ...supplier,
      lot: 'BAD-1',
      expiresOn: '2027-06-30',
      containers: 1,
      witnessUserId: users.nurse2.id,
      witnessPassword: users.nurse2.password,
      ...over,
    };
    if (body.witnessUserId === 'SELF') body.witnessUserId = users.nurse.id;
    if (body.witnessUserId === 'COORD') body.witnessUserId = users.coordinator.id;
    const res = await as.nurse.post('/receipts', body);
    expect(res.statusCode, res.body).toBe(status);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(await count(c, 'cs_receipts')).toBe(before);
  });
});

describe('controlled substances: administration, waste, correction', () => {
  it('draws a dose, opens the vial, wastes the rest with a witness, and the record balances', async () => {
    const { vials } = await receive(c, { lot: 'A-200', containers: 1 });
    const vialId = vials[0]!.id;
    const dose = await as.nurse.post(
      '/administrations',
      { vialId, patientId: c.patientId, locationId: locations.a, volumeMl: 0.723 },
      { 'idempotency-key': 'dose-A-200-1' },
    );
    expect(dose.statusCode, dose.body).toBe(201);
    expect(dose.json()).toMatchObject({
      kind: 'administration',
      changeMl: -0.723,
      changeMg: -36.15,
      vialRemainingMl: 9.277,
    });
    // A retry with the same key writes nothing twice.
    const retry = await as.nurse.post(
      '/administrations',
      { vialId, patientId: c.patientId, locationId: locations.a, volumeMl: 0.723 },
      { 'idempotency-key': 'dose-A-200-1' },
    );
    expect(retry.json().id).toBe(dose.json().id);

    const tooMuch = await as.nurse.post('/administrations', {
      vialId,
      patientId: c.patientId,
      locationId: locations.a,
      volumeMl: 9.278,
    });
    expect(tooMuch.statusCode).toBe(422);
    expect(tooMuch.json().code).toBe('ledger_vial_insufficient');
    const elsewhere = await as.nurse.post('/administrations', {
      vialId,
      patientId: c.patientId,
      locationId: locations.b,
      volumeMl: 1,
    });
    expect(elsewhere.json().code).toBe('ledger_vial_wrong_location');

    const selfWitness = await as.nurse.post('/wastes', {
      vialId,
      volumeMl: 9.277,
      reason: 'Left in vial after the dose',
      witnessUserId: users.nurse.id,
      witnessPassword: users.nurse.password,
    });
    expect(selfWitness.json().code).toBe('ledger_witness_same_person');
    const wrongPassword = await as.nurse.post('/wastes', {
      vialId,
      volumeMl: 9.277,
      reason: 'Left in vial after the dose',
      witnessUserId: users.nurse2.id,
      witnessPassword: 'a wrong password guess',
    });
    expect(wrongPassword.statusCode).toBe(422);
    expect(wrongPassword.json().code).toBe('ledger_witness_not_confirmed');

    const waste = await as.nurse.post('/wastes', {
      vialId,
      volumeMl: 9.277,
      reason: 'Left in vial after the dose',
      witnessUserId: users.nurse2.id,
      witnessPassword: users.nurse2.password,
    });
    expect(waste.statusCode, waste.body).toBe(201);
    expect(waste.json().witness).toMatchObject({ id: users.nurse2.id, method: 'password' });

    const vial = (await as.nurse.get(`/vials/${vialId}`)).json();
    expect(vial.vial).toMatchObject({ status: 'wasted', remainingMl: 0 });
    expect(vial.entries.map((e: { kind: string }) => e.kind)).toEqual(['receipt', 'administration', 'waste']);
  });

  it('a prescriber witnesses with an authenticator code', async () => {
    const { totpCode } = await import('../../src/app/identity/totp.js');
    const { vials } = await receive(c, { lot: 'T-300', containers: 1 });
    const res = await as.nurse.post('/wastes', {
      vialId: vials[0]!.id,
      volumeMl: 1,
      reason: 'Drawn up, dose held by prescriber',
      witnessUserId: users.prescriber.id,
      witnessCode: totpCode(users.prescriber.totpSecret!, c.t.clock.now),
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().witness.method).toBe('totp');
    // The same code again (already used): refused at the field the witness filled in, the code.
    const replayed = await as.nurse.post('/wastes', {
      vialId: vials[0]!.id,
      volumeMl: 1,
      reason: 'Drawn up, dose held by prescriber',
      witnessUserId: users.prescriber.id,
      witnessCode: totpCode(users.prescriber.totpSecret!, c.t.clock.now),
    });
    expect(replayed.statusCode, replayed.body).toBe(422);
    expect(replayed.json()).toMatchObject({
      code: 'ledger_witness_not_confirmed',
      errors: [{ path: '/body/witnessCode' }],
    });
  });

  it('refuses a draw from an expired vial', async () => {
    const { vials } = await receive(c, { lot: 'E-400', containers: 1, expiresOn: '2026-11-26' });
    // As if two days had passed: the expiry date moves back instead (a moved clock would end the sessions).
    const owner = await c.t.db.client();
    await owner.query("UPDATE cs_vials SET expires_on = '2026-11-24' WHERE id = $1", [vials[0]!.id]);
    await owner.end();
    {
      const res = await as.nurse.post('/administrations', {
        vialId: vials[0]!.id,
        patientId: c.patientId,
        locationId: locations.a,
        volumeMl: 1,
      });
      expect(res.json().code).toBe('ledger_vial_expired');
      const expire = await as.nurse.post(`/vials/${vials[0]!.id}/expire`);
      expect(expire.statusCode).toBe(201);
    }
  });

  it('a correction references the wrong entry; a correction of a correction that would go below empty is refused', async () => {
    const { vials } = await receive(c, { lot: 'C-500', containers: 1 });
    const vialId = vials[0]!.id;
    const dose = (
      await as.nurse.post('/administrations', { vialId, patientId: c.patientId, locationId: locations.a, volumeMl: 9 })
    ).json();
    const fix = await as.nurse.post(`/entries/${dose.id}/corrections`, {
      deltaMl: 0.5,
      reason: 'Keyed 9 mL, 8.5 mL was given',
    });
    expect(fix.statusCode, fix.body).toBe(201);
    expect(fix.json()).toMatchObject({ kind: 'correction', correctsEntryId: dose.id, vialRemainingMl: 1.5 });
    const before = await count(c, 'cs_ledger_entries');
    const bad = await as.nurse.post(`/entries/${fix.json().id}/corrections`, {
      deltaMl: -2,
      reason: 'Reverse the correction and more',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().code).toBe('ledger_negative_balance');
    expect(await count(c, 'cs_ledger_entries')).toBe(before);
    const ok = await as.nurse.post(`/entries/${fix.json().id}/corrections`, {
      deltaMl: -0.5,
      reason: 'The first correction was wrong',
    });
    expect(ok.json().vialRemainingMl).toBe(1);
  });

  it('50 parallel draws at one vial: each one or none, never below empty', async () => {
    const { vials } = await receive(c, { lot: 'P-600', containers: 1 });
    const vialId = vials[0]!.id;
    const pool = createPool({ ...(c.t.db.pool.options as pg.PoolConfig), max: 25 });
    pool.on('connect', (client) => void client.query('SET ROLE ketaclinic_app'));
    try {
      const principal = {
        userId: users.nurse.id,
        organizationId: c.organizationId,
        kind: 'staff' as const,
        roles: ['nurse'],
        patientId: null,
      };
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, () =>
          recordAdministration(
            { vialId, patientId: c.patientId, locationId: locations.a, volumeMl: 0.3 },
            { db: pool, principal, now: c.t.clock.now, ip: null, userAgent: null },
          ),
        ),
      );
      const ok = results.filter((r) => r.status === 'fulfilled');
      const refused = results.filter((r) => r.status === 'rejected').map((r) => (r.reason as { code: string }).code);
      expect(ok).toHaveLength(33);
      expect(new Set(refused)).toEqual(new Set(['ledger_vial_insufficient']));
      const vial = await c.t.db.pool.query('SELECT remaining_ul, status FROM cs_vials WHERE id = $1', [vialId]);
      expect(vial.rows[0]).toEqual({ remaining_ul: 100, status: 'open' });
      const sum = await c.t.db.pool.query<{ s: number; n: number }>(
        'SELECT sum(change_ul)::int AS s, count(*)::int AS n FROM cs_ledger_entries WHERE vial_id = $1',
        [vialId],
      );
      expect(sum.rows[0]).toEqual({ s: 100, n: 34 });
      // Every entry's "vial after" is distinct: the draws really queued one behind another.
      const after = await c.t.db.pool.query(
        'SELECT DISTINCT vial_remaining_ul FROM cs_ledger_entries WHERE vial_id = $1',
        [vialId],
      );
      expect(after.rowCount).toBe(34);
    } finally {
      await pool.end();
    }
  });

  it('the ledger cannot be changed or deleted, by the app role or the owner', async () => {
    const owner = await c.t.db.client();
    try {
      await expect(owner.query('UPDATE cs_ledger_entries SET change_ul = 1')).rejects.toThrow(/append-only/);
      await expect(owner.query('DELETE FROM cs_ledger_entries')).rejects.toThrow(/append-only/);
      await expect(owner.query('TRUNCATE cs_ledger_entries CASCADE')).rejects.toThrow(/append-only/);
    } finally {
      await owner.end();
    }
    const client = await c.t.db.pool.connect();
    try {
      await client.query('SET ROLE ketaclinic_app');
      await expect(client.query('UPDATE cs_ledger_entries SET change_ul = 1')).rejects.toThrow(/permission denied/);
      await expect(client.query('DELETE FROM cs_vials')).rejects.toThrow(/permission denied/);
    } finally {
      await client.query('RESET ROLE');
      client.release();
    }
  });

  it('audits every entry in the same transaction', async () => {
    const res = await c.t.db.pool.query<{ action: string }>(
      "SELECT DISTINCT action FROM audit_log WHERE action LIKE 'ledger.%' AND outcome = 'success' ORDER BY action",
    );
    expect(res.rows.map((r) => r.action)).toEqual(
      expect.arrayContaining([
        'ledger.administration',
        'ledger.correction',
        'ledger.receipt',
        'ledger.waste',
        'ledger.product_create',
      ]),
    );
    const administrations = await c.t.db.pool.query<{ n: number }>(
      "SELECT (SELECT count(*) FROM audit_log WHERE action = 'ledger.administration')::int - (SELECT count(*) FROM cs_ledger_entries WHERE kind = 'administration')::int AS n",
    );
    expect(administrations.rows[0]!.n).toBe(0);
  });
});

describe('controlled substances: counts, inventories, destruction, loss', () => {
  it('a count with a discrepancy shows as unresolved until two staff sign an explanation', async () => {
    const expected = (await as.nurse.get(`/expected-stock?locationId=${locations.a}`)).json<
      {
        productId: string;
        lot: string;
        containers: number;
        volumeMl: number;
      }[]
    >();
    const negative = await as.nurse.post('/counts', {
      locationId: locations.a,
      period: 'shift',
      lines: expected.map((e) => ({
        productId: e.productId,
        lot: e.lot,
        countedContainers: -1,
        countedMl: e.volumeMl,
      })),
    });
    expect(negative.statusCode).toBe(400);
    expect(await count(c, 'cs_counts')).toBe(0);

    const lines = expected.map((e, i) => ({
      productId: e.productId,
      lot: e.lot,
      countedContainers: e.containers,
      countedMl: i === 0 ? e.volumeMl - 0.2 : e.volumeMl,
    }));
    const counted = await as.nurse.post('/counts', { locationId: locations.a, period: 'shift', lines });
    expect(counted.statusCode, counted.body).toBe(201);
    expect(counted.json()).toMatchObject({ hasDiscrepancy: true, resolved: false });
    const unresolved = (await as.admin.get('/counts?unresolved=true')).json();
    expect(unresolved.items.map((x: { id: string }) => x.id)).toEqual([counted.json().id]);

    const self = await as.nurse.post(`/counts/${counted.json().id}/resolution`, {
      explanation: 'Spilled 0.2 mL while drawing up, seen by both of us',
      witnessUserId: users.nurse.id,
      witnessPassword: users.nurse.password,
    });
    expect(self.json().code).toBe('ledger_witness_same_person');
    const signed = await as.nurse.post(`/counts/${counted.json().id}/resolution`, {
      explanation: 'Spilled 0.2 mL while drawing up, seen by both of us',
      witnessUserId: users.nurse2.id,
      witnessPassword: users.nurse2.password,
    });
    expect(signed.statusCode, signed.body).toBe(201);
    expect(signed.json().resolution.secondSigner.id).toBe(users.nurse2.id);
    expect((await as.admin.get('/counts?unresolved=true')).json().items).toEqual([]);
  });

  it('takes a biennial inventory with the 1304.11 fields, as CSV and PDF', async () => {
    const expected = (await as.nurse.get(`/expected-stock?locationId=${locations.a}`)).json<
      {
        productId: string;
        lot: string;
        sealedContainers: number;
        openedContainers: number;
        openedMl: number;
      }[]
    >();
    const missing = await as.nurse.post('/inventories', {
      locationId: locations.a,
      kind: 'biennial',
      takenOn: '2026-11-26',
      moment: 'close_of_business',
      lines: [],
    });
    expect(missing.statusCode).toBe(400);
    const res = await as.nurse.post('/inventories', {
      locationId: locations.a,
      kind: 'biennial',
      takenOn: '2026-11-26',
      moment: 'close_of_business',
      lines: expected.map((e) => ({
        productId: e.productId,
        lot: e.lot,
        sealedContainers: e.sealedContainers,
        openedContainers: e.openedContainers,
        openedEstimatedMl: e.openedMl,
      })),
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().nextDue).toBe('2028-11-26');
    const csv = await as.admin.get(`/inventories/${res.json().id}/report?format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('at the close of business (21 CFR 1304.11)');
    expect(csv.body).toContain('Ketamine hydrochloride,50 mg/mL,"Injection, vial",10 mL,0409-2051-05');
    const pdf = await as.prescriber.get(`/inventories/${res.json().id}/report?format=pdf`);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await as.nurse.get(`/inventories/${res.json().id}/report?format=pdf`)).statusCode).toBe(403);
  });

  it('destruction on Form 41 needs two witnesses; a reverse distributor needs a valid DEA number', async () => {
    const { vials } = await receive(c, { lot: 'D-700', containers: 2 });
    const noWitness = await as.nurse.post('/disposals', {
      locationId: locations.a,
      method: 'destruction_form_41',
      vialIds: [vials[0]!.id],
      form41Reference: 'F41-2026-01',
      witnesses: [{ witnessUserId: users.nurse2.id, witnessPassword: users.nurse2.password }],
    });
    expect(noWitness.statusCode).toBe(400);
    const badDea = await as.nurse.post('/disposals', {
      locationId: locations.a,
      method: 'reverse_distributor',
      vialIds: [vials[0]!.id],
      receiverName: 'Example Returns',
      receiverDeaNumber: 'RR7654321',
    });
    expect(badDea.json().errors[0].path).toBe('/body/receiverDeaNumber');
    const ok = await as.nurse.post('/disposals', {
      locationId: locations.a,
      method: 'reverse_distributor',
      vialIds: vials.map((v) => v.id),
      receiverName: 'Example Returns',
      receiverDeaNumber: 'RR7654329',
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().vials).toHaveLength(2);
  });

  it('a loss report removes the stock and reminds of the DEA deadlines', async () => {
    const { vials } = await receive(c, { lot: 'L-800', containers: 1 });
    const res = await as.nurse.post('/loss-reports', {
      locationId: locations.a,
      kind: 'loss',
      discoveredAt: c.t.clock.now.toISOString(),
      description: 'Vial missing from the safe at the evening count',
      vials: [{ vialId: vials[0]!.id, volumeMl: 10 }],
    });
    expect(res.statusCode, res.body).toBe(201);
    // Discovered Thursday 26 November 2026 (Thanksgiving is not in the default holidays): notify by Friday.
    expect(res.json()).toMatchObject({ notifyDeaBy: '2026-11-27', form106By: '2027-01-10', deaNoticeOverdue: false });
    const update = await as.nurse.patch(`/loss-reports/${res.json().id}`, {
      version: 1,
      form106Reference: 'F106-2026-7',
    });
    expect(update.json().form106Reference).toBe('F106-2026-7');
    const stale = await as.nurse.patch(`/loss-reports/${res.json().id}`, { version: 1, form106Reference: 'F106-x' });
    expect(stale.statusCode).toBe(409);
  });

  it('the dispensing log answers "every milligram from lot X", as JSON, CSV and PDF', async () => {
    const log = await as.prescriber.get('/dispensing-log?from=2026-11-01&to=2026-11-30&lot=A-200');
    expect(log.statusCode, log.body).toBe(200);
    expect(log.json().items.map((e: { kind: string }) => e.kind)).toEqual(['receipt', 'administration', 'waste']);
    expect(log.json().totals).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'administration', entries: 1, ml: -0.723, mg: -36.15 })]),
    );
    const csv = await as.admin.get('/dispensing-log/report?from=2026-11-01&to=2026-11-30&lot=A-200&format=csv');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const rows = csv.body.trim().split('\r\n');
    expect(rows.filter((r) => /^\d\d\/\d\d\/\d{4} /.test(r))).toHaveLength(3);
    expect(csv.body).toContain('Example, Pat (L-0001)');
    expect(csv.body).toContain(
      'Example Wholesale Pharmacy; DEA RA1234563; invoice INV-2026-001; 1 Example Way, Springfield ZZ 00001',
    );
    const pdf = await as.admin.get('/dispensing-log/report?from=2026-11-01&to=2026-11-30&lot=A-200&format=pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // The rows as the printed log shows them: the patient, the supplier with its DEA number, the totals.
    const text = pdfText(pdf.rawPayload);
    if (text !== null) {
      expect(text).toContain('Controlled-substance dispensing log');
      expect(text.match(/^\d\d\/\d\d\/\d{4} +(Received|Administered|Wasted)/gm)).toHaveLength(3);
      expect(text).toMatch(/Example, Pat\s/);
      expect(text).toMatch(/\(L-0001\)/);
      expect(text).toMatch(/Example Wholesale/);
      expect(text).toMatch(/DEA RA1234563;/);
      expect(text).toMatch(/invoice INV-2026-001/);
      expect(text).toMatch(/Administered: 1 entries, -0\.723 mL, -36\.150 mg/);
    }
    const backwards = await as.admin.get('/dispensing-log?from=2026-11-30&to=2026-11-01');
    expect(backwards.statusCode).toBe(400);
    expect((await as.nurse.get('/dispensing-log?from=2026-11-01&to=2026-11-30')).statusCode).toBe(403);
    expect((await as.coordinator.get('/stock')).statusCode).toBe(403);
  });

  it('throttles witness confirmations like sign-in', async () => {
    const { vials } = await receive(c, { lot: 'W-900', containers: 1 });
    let last = 0;
    let retryAfter = '';
    for (let i = 0; i < 6; i++) {
      const res = await as.prescriber.post('/wastes', {
        vialId: vials[0]!.id,
        volumeMl: 1,
        reason: 'Guessing the witness password',
        witnessUserId: users.nurse2.id,
        witnessPassword: `wrong password number ${i}`,
      });
      last = res.statusCode;
      retryAfter = String(res.headers['retry-after']);
    }
    expect(last).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });
});
