import { describe, expect, it } from 'vitest';
import {
  cssrsLow,
  freeChair,
  goodPrechecks,
  normalVitals,
  phq9Answers,
  readyPatient,
  sessionClinic,
  stockVials,
} from './session-fixtures.js';

/**
 * The dose is drawn from a real vial (decision 019): the order chooses a sealed or in-use vial of the
 * plan's drug at the session's location; lot, expiry and strength come from the vial and the mL from its
 * strength; the start is the controlled-substance ledger's administration; leftovers are its witnessed
 * waste. An expired, set-aside, empty, too-small or elsewhere vial is refused with a clear 4xx, and a
 * retried start never draws twice.
 */
const clinic = await sessionClinic('Session Vial Clinic');
const { s } = clinic;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function ok(res: Promise<{ statusCode: number; body: string; json(): unknown }>, status = 200): Promise<Json> {
  const r = await res;
  expect(r.statusCode, r.body).toBe(status);
  return r.json() as Json;
}

const main = await stockVials(clinic, { strengthMgPerMl: 10, containerMl: 50, containers: 2, lot: 'LOT-MAIN' });
const locationId = main.locationId;
const elsewhere = (
  await clinic.t.db.pool.query<{ id: string }>(
    "INSERT INTO locations (organization_id, name) VALUES ($1, 'Annex') RETURNING id",
    [clinic.organizationId],
  )
).rows[0]!.id;
const annexVial = (await stockVials(clinic, { locationId: elsewhere, lot: 'LOT-ANNEX' })).vialIds[0]!;
const small = (await stockVials(clinic, { strengthMgPerMl: 10, containerMl: 2, lot: 'LOT-SMALL' })).vialIds[0]!;
const expiring = (await stockVials(clinic, { lot: 'LOT-OLD' })).vialIds[0]!;
await clinic.t.db.pool.query("UPDATE cs_vials SET expires_on = '2026-10-31' WHERE id = $1", [expiring]);
const spray = (
  await stockVials(clinic, {
    drug: 'Esketamine nasal spray',
    form: 'nasal_spray',
    strengthMgPerMl: 140,
    containerMl: 0.2,
    lot: 'LOT-SPRAY',
  })
).vialIds[0]!;

const ledger = async (sessionId: string) =>
  (
    await clinic.t.db.pool.query<{ kind: string; change_ul: number; vial_id: string; witness_user_id: string | null }>(
      'SELECT kind, change_ul, vial_id, witness_user_id FROM cs_ledger_entries WHERE session_ref = $1 ORDER BY seq',
      [sessionId],
    )
  ).rows;
const remainingUl = async (vialId: string): Promise<number> =>
  (await clinic.t.db.pool.query<{ r: number }>('SELECT remaining_ul AS r FROM cs_vials WHERE id = $1', [vialId]))
    .rows[0]!.r;

/** Checked in here, questionnaires, pre-checks and a baseline done: ready to order. */
async function ready(): Promise<Json> {
  const patientId = await readyPatient(clinic);
  let session = await ok(s.nurse.post('/sessions', { patientId, locationId, chair: freeChair() }), 201);
  for (const [instrumentId, answers] of [
    ['phq9', phq9Answers],
    ['cssrs_screener', cssrsLow],
  ] as const) {
    session = await ok(
      s.nurse.post(`/sessions/${session.id}/questionnaires`, { version: session.version, instrumentId, answers }),
    );
  }
  session = await ok(
    s.nurse.post(`/sessions/${session.id}/pre-checks`, { version: session.version, ...goodPrechecks }),
  );
  clinic.advance(1);
  await ok(
    s.nurse.post(`/sessions/${session.id}/vitals`, {
      version: session.version,
      takenAt: clinic.iso(),
      ...normalVitals,
    }),
  );
  // A vitals write answers lightly (the reading, the gate, the version): the whole record is a read.
  return ok(s.nurse.get(`/sessions/${session.id}`));
}

const order = (session: Json, vialId: string) =>
  s.nurse.post(`/sessions/${session.id}/order`, {
    version: session.version,
    titrate: false,
    vialId,
    diluent: 'sodium_chloride_0_9',
    finalVolumeMl: 100,
  });

describe('the dose drawn from a real vial', () => {
  it('lists the in-date vials of the plan’s drug at the session’s location, in-use first; only clinical staff', async () => {
    const session = await ready();
    const list = await ok(s.nurse.get(`/sessions/${session.id}/vials`));
    const lots = (list.items as Json[]).map((v) => v.lot as string);
    expect(lots).toEqual(['LOT-MAIN', 'LOT-MAIN', 'LOT-SMALL']);
    expect(list.items[0]).toMatchObject({
      strengthMgPerMl: 10,
      remainingMl: 50,
      status: 'sealed',
      expiresOn: '2027-06-30',
    });
    expect((await s.coordinator.get(`/sessions/${session.id}/vials`)).statusCode).toBe(403);
  });

  it.each([
    ['an expired vial', () => expiring, 422, 'ledger_vial_expired', /expired on 2026-10-31/],
    ['a vial kept at another location', () => annexVial, 422, 'ledger_vial_wrong_location', /Annex/],
    ['a vial too small for the dose', () => small, 422, 'ledger_vial_insufficient', /holds 2 mL; the dose needs 4 mL/],
    ['a vial of another drug', () => spray, 400, 'validation_failed', /Esketamine/],
  ])(
    'refuses to order from %s, naming the vial field, and stores nothing',
    async (_label, vial, status, code, detail) => {
      const session = await ready();
      const res = await order(session, vial());
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json()).toMatchObject({ code, errors: [{ path: '/body/vialId' }] });
      expect(res.json().detail).toMatch(detail);
      const after = await ok(s.nurse.get(`/sessions/${session.id}`));
      expect(after).toMatchObject({ version: session.version, order: null });
    },
  );

  it('refuses an empty vial (409) and a vial emptied after the order at the start (422); nothing is drawn', async () => {
    const first = await ready();
    // 0.5 mg/kg × 80 kg = 40 mg = 4 mL of 10 mg/mL.
    const fromMain = await ok(order(first, main.vialIds[1]!));
    expect(fromMain.order).toMatchObject({ drugVolumeMl: 4, vial: { lotNumber: 'LOT-MAIN', ledgerEntryId: null } });
    // Someone else draws 47 mL from that vial in the meantime: 3 mL is not enough at the start.
    const other = await clinic.t.app.inject({
      method: 'POST',
      url: '/api/v1/controlled-substances/administrations',
      headers: { ...clinic.as.nurse.headers, 'idempotency-key': 'other-draw-1' },
      payload: { vialId: main.vialIds[1], patientId: first.patient.id, locationId, volumeMl: 47 },
    });
    expect(other.statusCode, other.body).toBe(201);
    const start = await s.nurse.post(`/sessions/${first.id}/start`, { version: fromMain.version, at: clinic.iso() });
    expect(start.statusCode, start.body).toBe(422);
    expect(start.json()).toMatchObject({ code: 'ledger_vial_insufficient', errors: [{ path: '/body/volumeMl' }] });
    expect(await ledger(first.id)).toEqual([]);
    expect((await ok(s.nurse.get(`/sessions/${first.id}`))).phase).toBe('pre_checks');
    // Drawn to empty: the vial is no longer in use.
    const rest = await clinic.t.app.inject({
      method: 'POST',
      url: '/api/v1/controlled-substances/administrations',
      headers: { ...clinic.as.nurse.headers, 'idempotency-key': 'other-draw-2' },
      payload: { vialId: main.vialIds[1], patientId: first.patient.id, locationId, volumeMl: 3 },
    });
    expect(rest.statusCode, rest.body).toBe(201);
    const empty = await order(fromMain, main.vialIds[1]!);
    expect(empty.statusCode).toBe(409);
    expect(empty.json()).toMatchObject({ code: 'ledger_vial_unavailable', errors: [{ path: '/body/vialId' }] });
    expect(empty.json().detail).toMatch(/is empty/);
  });

  it('draws the dose once through the ledger, even when the start is sent twice with one Idempotency-Key', async () => {
    const session = await ready();
    const ordered = await ok(order(session, main.vialIds[0]!));
    const before = await remainingUl(main.vialIds[0]!);
    const body = { version: ordered.version, at: clinic.iso() };
    const [a, b] = await Promise.all([
      s.nurse.post(`/sessions/${session.id}/start`, body, 'start-key-0001'),
      s.nurse.post(`/sessions/${session.id}/start`, body, 'start-key-0001'),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect(a.json().version).toBe(b.json().version);
    const retry = await s.nurse.post(`/sessions/${session.id}/start`, body, 'start-key-0001');
    expect(retry.statusCode).toBe(200);
    expect(await ledger(session.id)).toEqual([
      { kind: 'administration', change_ul: -4000, vial_id: main.vialIds[0], witness_user_id: null },
    ]);
    expect(await remainingUl(main.vialIds[0]!)).toBe(before - 4000);
    // A new key cannot start it again either: the dose is already given.
    const again = await s.nurse.post(`/sessions/${session.id}/start`, { ...body, version: a.json().version });
    expect(again.statusCode).toBe(409);
    expect(await ledger(session.id)).toHaveLength(1);
  });

  it('wastes the leftover through the ledger with a witness who confirms; once per key', async () => {
    const session = await ready();
    const ordered = await ok(order(session, main.vialIds[0]!));
    const started = await ok(
      s.nurse.post(`/sessions/${ordered.id}/start`, { version: ordered.version, at: clinic.iso() }),
    );
    const waste = {
      version: started.version,
      volumeMl: 0.5,
      reason: 'Drawn up and not given',
      witnessUserId: clinic.users.prescriber.id,
    };
    const self = await s.nurse.post(`/sessions/${session.id}/waste`, {
      ...waste,
      witnessUserId: clinic.users.nurse.id,
      witnessPassword: clinic.users.nurse.password,
    });
    expect(self.statusCode).toBe(422);
    expect(self.json()).toMatchObject({
      code: 'ledger_witness_same_person',
      errors: [{ path: '/body/witnessUserId' }],
    });
    const wrong = await s.nurse.post(`/sessions/${session.id}/waste`, {
      ...waste,
      witnessPassword: 'not-the-password',
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().code).toBe('ledger_witness_not_confirmed');
    const noKey = await s.nurse.post(
      `/sessions/${session.id}/waste`,
      { ...waste, witnessPassword: clinic.users.prescriber.password },
      null,
    );
    expect(noKey.statusCode).toBe(400);
    const body = { ...waste, witnessPassword: clinic.users.prescriber.password };
    const done = await ok(s.nurse.post(`/sessions/${session.id}/waste`, body, 'waste-key-0001'));
    expect(done.order.vial.waste).toEqual([
      expect.objectContaining({ volumeMl: 0.5, reason: 'Drawn up and not given', witness: 'Prescriber Test' }),
    ]);
    const replay = await ok(s.nurse.post(`/sessions/${session.id}/waste`, body, 'waste-key-0001'));
    expect(replay.order.vial.waste).toHaveLength(1);
    expect((await ledger(session.id)).map((e) => [e.kind, e.change_ul, e.witness_user_id])).toEqual([
      ['administration', -4000, null],
      ['waste', -500, clinic.users.prescriber.id],
    ]);
  });

  it('tracks what is left in the vial until it is all wasted; bad waste input is refused and writes nothing', async () => {
    const session = await ready();
    const vialId = (await stockVials(clinic, { strengthMgPerMl: 10, containerMl: 50, lot: 'LOT-REST' })).vialIds[0]!;
    const ordered = await ok(order(session, vialId));
    expect(ordered.vialRemainder).toBeNull();
    let started = await ok(
      s.nurse.post(`/sessions/${ordered.id}/start`, { version: ordered.version, at: clinic.iso() }),
    );
    const left = (await remainingUl(vialId)) / 1000;
    expect(started.vialRemainder).toEqual({ vialId, lotNumber: 'LOT-REST', vialNumber: 1, remainingMl: left });
    const waste = {
      version: started.version,
      reason: 'Left in the vial after the dose',
      witnessUserId: clinic.users.prescriber.id,
      witnessPassword: clinic.users.prescriber.password,
    };
    for (const [body, status, path] of [
      [{ ...waste, volumeMl: 'two' }, 400, '/body/volumeMl'],
      [{ ...waste, volumeMl: 0 }, 400, '/body/volumeMl'],
      [{ ...waste, volumeMl: -1 }, 400, '/body/volumeMl'],
      [{ ...waste, volumeMl: left + 1 }, 422, '/body/volumeMl'],
      [{ ...waste, volumeMl: 1, witnessUserId: 'nobody' }, 400, '/body/witnessUserId'],
      [{ ...waste, volumeMl: 1, reason: '' }, 400, '/body/reason'],
      [
        { ...waste, volumeMl: 1, witnessUserId: clinic.users.nurse.id, witnessPassword: clinic.users.nurse.password },
        422,
        '/body/witnessUserId',
      ],
    ] as const) {
      const res = await s.nurse.post(`/sessions/${session.id}/waste`, body);
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json().errors.map((e: Json) => e.path as string)).toContain(path);
    }
    expect((await ledger(session.id)).map((e) => e.kind)).toEqual(['administration']);
    expect(await remainingUl(vialId)).toBe(left * 1000);

    // Part of it wasted: the rest is still to waste; then all of it: nothing left, the vial is done.
    started = await ok(s.nurse.post(`/sessions/${session.id}/waste`, { ...waste, volumeMl: 6 }));
    expect(started.vialRemainder).toMatchObject({ remainingMl: left - 6 });
    started = await ok(
      s.nurse.post(`/sessions/${session.id}/waste`, { ...waste, version: started.version, volumeMl: left - 6 }),
    );
    expect(started.vialRemainder).toBeNull();
    expect(started.order.vial.waste.map((w: Json) => w.volumeMl as number)).toEqual([6, left - 6]);
    const status = await clinic.t.db.pool.query<{ status: string }>('SELECT status FROM cs_vials WHERE id = $1', [
      vialId,
    ]);
    expect(status.rows[0]!.status).toBe('wasted');
  });

  it('refuses waste before the dose is drawn', async () => {
    const session = await ready();
    const res = await s.nurse.post(`/sessions/${session.id}/waste`, {
      version: session.version,
      volumeMl: 1,
      reason: 'Left in vial',
      witnessUserId: clinic.users.prescriber.id,
      witnessPassword: clinic.users.prescriber.password,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('session_phase_invalid');
  });
});
