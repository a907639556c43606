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
 * What the day has seen holds for the rest of the day, on the server (CLINICAL.md §3: at or above the absolute
 * limit "no dose is given that day"; a hold at the tier is lifted by a prescriber with a reason and a repeat
 * reading; C-SSRS high risk blocks dosing; CLINICAL.md §4: "never two on the same day"). Another reading,
 * another screener or another session must not lift a hold that only a prescriber may lift, or one nobody may.
 */
const clinic = await sessionClinic('Day Holds Clinic');
const { s } = clinic;
const im50 = (await stockVials(clinic, { strengthMgPerMl: 50, containerMl: 10, containers: 1 })).vialIds[0]!;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function ok(res: Promise<{ statusCode: number; body: string; json(): unknown }>, status = 200): Promise<Json> {
  const r = await res;
  expect(r.statusCode, r.body).toBe(status);
  return r.json() as Json;
}

const cssrsHigh = {
  cssrs_1: true,
  cssrs_2: true,
  cssrs_3: true,
  cssrs_4: true,
  cssrs_5: true,
  cssrs_6_lifetime: true,
  cssrs_6_past_3_months: true,
};

const imPlan = {
  route: 'IM' as const,
  startMgPerKg: 0.25,
  infusionMinutes: null,
  titration: { stepMgPerKg: 0.1, maxMgPerKg: 0.5 },
};

/** Checked in, today's questionnaires, pre-checks and a baseline reading. */
async function prepared(patientId: string, baseline: Record<string, number> = normalVitals): Promise<Json> {
  let session = await ok(s.coordinator.post('/sessions', { patientId, chair: freeChair() }), 201);
  const id = session.id as string;
  for (const [instrumentId, answers] of [
    ['phq9', phq9Answers],
    ['cssrs_screener', cssrsLow],
  ] as const)
    session = await ok(
      s.nurse.post(`/sessions/${id}/questionnaires`, { version: session.version, instrumentId, answers }),
    );
  session = await ok(s.nurse.post(`/sessions/${id}/pre-checks`, { version: session.version, ...goodPrechecks }));
  clinic.advance(1);
  return ok(s.nurse.post(`/sessions/${id}/vitals`, { version: session.version, takenAt: clinic.iso(), ...baseline }));
}

async function vitals(session: Json, reading: Record<string, number>): Promise<Json> {
  clinic.advance(1);
  return ok(
    s.nurse.post(`/sessions/${session.id}/vitals`, { version: session.version, takenAt: clinic.iso(), ...reading }),
  );
}

async function refusedOrderAndStart(session: Json): Promise<void> {
  const order = await s.nurse.post(`/sessions/${session.id}/order`, {
    version: session.version,
    titrate: false,
    vialId: im50,
    site: 'deltoid_left',
  });
  expect(order.statusCode, order.body).toBe(422);
  expect(order.json().code).toBe('session_hold');
  const start = await s.prescriber.post(`/sessions/${session.id}/start`, {
    version: session.version,
    at: clinic.iso(),
  });
  expect(start.statusCode).toBe(422);
  expect(start.json().code).toBe('session_hold');
}

const codes = (session: Json): string[] => (session.gate.holds as Json[]).map((h) => String(h.code));

describe('a later reading does not lift the day’s blood-pressure holds', () => {
  it('a reading at the absolute limit, then a normal one: still no dose today, for anyone', async () => {
    const patientId = await readyPatient(clinic, imPlan);
    const high = await prepared(patientId, { ...normalVitals, systolicMmHg: 185, diastolicMmHg: 95 });
    expect(high.gate.noDoseToday).toBe(true);
    const later = await vitals(high, normalVitals);
    expect(later.gate).toMatchObject({ outcome: 'hold', noDoseToday: true });
    expect(codes(later)).toEqual(['blood_pressure_at_or_above_absolute_limit']);
    expect(later.gate.holds[0].message).toContain('185/95 mmHg, taken earlier today');
    await refusedOrderAndStart(later);
    const override = await s.prescriber.post(`/sessions/${later.id}/overrides`, {
      version: later.version,
      code: 'blood_pressure_at_or_above_absolute_limit',
      reason: 'Repeat is normal',
    });
    expect(override.statusCode).toBe(422);
    expect(override.json().code).toBe('override_not_allowed');
  });

  it('a prescriber lifts the tier with a repeat pressure alone, as the console sends it: the rest of the set stands', async () => {
    const patientId = await readyPatient(clinic, imPlan);
    const held = await prepared(patientId, { ...normalVitals, systolicMmHg: 164, diastolicMmHg: 98 });
    const lifted = await ok(
      s.prescriber.post(`/sessions/${held.id}/overrides`, {
        version: held.version,
        code: 'blood_pressure_at_or_above_hold',
        reason: 'Rested ten minutes; asymptomatic',
        repeatVitals: { takenAt: clinic.iso(), systolicMmHg: 152, diastolicMmHg: 92 },
      }),
    );
    // Not "baseline vitals missing": heart rate, SpO2 and respiratory rate are the full set's, taken minutes before.
    expect(lifted.gate).toMatchObject({
      outcome: 'proceed',
      holds: [],
      overridden: [{ code: 'blood_pressure_at_or_above_hold' }],
    });
    const ordered = await ok(
      s.nurse.post(`/sessions/${held.id}/order`, {
        version: lifted.version,
        titrate: false,
        vialId: im50,
        site: 'deltoid_left',
      }),
    );
    const started = await ok(
      s.nurse.post(`/sessions/${held.id}/start`, { version: ordered.version, at: clinic.iso() }),
    );
    expect(started.phase).toBe('observation');
  });

  it('a reading at the hold tier, then a normal one: the hold stays until a prescriber lifts it', async () => {
    const patientId = await readyPatient(clinic, imPlan);
    const held = await prepared(patientId, { ...normalVitals, systolicMmHg: 166, diastolicMmHg: 96 });
    const later = await vitals(held, normalVitals);
    expect(codes(later)).toEqual(['blood_pressure_at_or_above_hold']);
    expect(later.gate.noDoseToday).toBe(false);
    await refusedOrderAndStart(later);
    const lifted = await ok(
      s.prescriber.post(`/sessions/${later.id}/overrides`, {
        version: later.version,
        code: 'blood_pressure_at_or_above_hold',
        reason: 'Anxious on arrival; rested ten minutes, asymptomatic',
        repeatVitals: { takenAt: clinic.iso(), ...normalVitals, systolicMmHg: 150, diastolicMmHg: 90 },
      }),
    );
    expect(lifted.gate.outcome).toBe('proceed');
  });

  it('a repeat reading at the absolute limit is refused as an override, kept as a reading, and bars the dose', async () => {
    const patientId = await readyPatient(clinic, imPlan);
    const held = await prepared(patientId, { ...normalVitals, systolicMmHg: 170, diastolicMmHg: 100 });
    const key = `repeat-${crypto.randomUUID()}`;
    const body = {
      version: held.version,
      code: 'blood_pressure_at_or_above_hold',
      reason: 'Repeat before deciding',
      repeatVitals: { takenAt: clinic.iso(), ...normalVitals, systolicMmHg: 186, diastolicMmHg: 100 },
    };
    const refused = await s.prescriber.post(`/sessions/${held.id}/overrides`, body, key);
    expect(refused.statusCode).toBe(422);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({
      code: 'override_not_allowed',
      errors: [{ path: '/body/repeatVitals' }],
    });
    expect(refused.json().detail).toContain('it is recorded');
    const after = await ok(s.nurse.get(`/sessions/${held.id}`));
    expect((after.vitals as Json[]).map((v) => [Number(v.systolicMmHg), Number(v.diastolicMmHg)])).toEqual([
      [170, 100],
      [186, 100],
    ]);
    expect(after.overrides).toEqual([]);
    expect(after.gate).toMatchObject({ outcome: 'hold', noDoseToday: true });
    // The tablet retries (same key, same request): the same refusal, and the reading is not recorded twice.
    const retried = await s.prescriber.post(`/sessions/${held.id}/overrides`, body, key);
    expect(retried.statusCode).toBe(422);
    expect(retried.json().code).toBe('override_not_allowed');
    expect((await ok(s.nurse.get(`/sessions/${held.id}`))).vitals).toHaveLength(2);
    // A second try with a lower repeat cannot lift it: the day has a reading at the absolute limit.
    const lower = await s.prescriber.post(`/sessions/${held.id}/overrides`, {
      ...body,
      version: after.version,
      repeatVitals: { takenAt: clinic.iso(), ...normalVitals, systolicMmHg: 158, diastolicMmHg: 95 },
    });
    expect(lower.statusCode).toBe(400);
    expect(lower.json().errors[0].message).toContain('blood_pressure_at_or_above_absolute_limit');
    await refusedOrderAndStart(await ok(s.nurse.get(`/sessions/${held.id}`)));
  });
});

describe('a later screener does not undo a high-risk one (CLINICAL.md §3, §5)', () => {
  it('high risk, then low risk on the same day: still no dose', async () => {
    const patientId = await readyPatient(clinic, imPlan);
    let session = await prepared(patientId);
    expect(session.gate.outcome).toBe('proceed');
    session = await ok(
      s.nurse.post(`/sessions/${session.id}/questionnaires`, {
        version: session.version,
        instrumentId: 'cssrs_screener',
        answers: cssrsHigh,
      }),
    );
    expect(codes(session)).toEqual(['cssrs_high_risk']);
    session = await ok(
      s.nurse.post(`/sessions/${session.id}/questionnaires`, {
        version: session.version,
        instrumentId: 'cssrs_screener',
        answers: cssrsLow,
      }),
    );
    expect(codes(session)).toEqual(['cssrs_high_risk']);
    expect(session.gate.noDoseToday).toBe(true);
    await refusedOrderAndStart(session);
  });
});

describe('never two doses on the same day (CLINICAL.md §4)', () => {
  it('after a dosed and discharged session, a second session that day is held; no one may override', async () => {
    const patientId = await readyPatient(clinic, imPlan);
    let first = await prepared(patientId);
    first = await ok(
      s.nurse.post(`/sessions/${first.id}/order`, {
        version: first.version,
        titrate: false,
        vialId: im50,
        site: 'deltoid_left',
      }),
    );
    first = await ok(s.nurse.post(`/sessions/${first.id}/start`, { version: first.version, at: clinic.iso() }));
    clinic.advance(61);
    first = await vitals(first, normalVitals);
    await ok(
      s.nurse.post(`/sessions/${first.id}/discharge`, {
        version: first.version,
        speechAtBaseline: true,
        awarenessAtBaseline: true,
        purposefulMovement: true,
        companionPresent: true,
        collectedBy: 'Sam Testcase',
        aftercareGiven: true,
      }),
    );
    const second = await prepared(patientId);
    expect(second.gate.holds).toEqual([
      expect.objectContaining({ code: 'dose_already_given_today', overridable: false }),
    ]);
    expect(second.gate.noDoseToday).toBe(true);
    const override = await s.prescriber.post(`/sessions/${second.id}/overrides`, {
      version: second.version,
      code: 'dose_already_given_today',
      reason: 'Patient asks for a second dose',
    });
    expect(override.statusCode).toBe(422);
    await refusedOrderAndStart(second);
  });

  it('a session ended without a dose for a reading at the absolute limit: a new session that day is still held', async () => {
    const patientId = await readyPatient(clinic, imPlan);
    const first = await prepared(patientId, { ...normalVitals, systolicMmHg: 150, diastolicMmHg: 112 });
    await ok(
      s.nurse.post(`/sessions/${first.id}/end`, {
        version: first.version,
        reason: 'BP 150/112: no dose today (absolute limit)',
      }),
    );
    const second = await prepared(patientId);
    expect(codes(second)).toEqual(['blood_pressure_at_or_above_absolute_limit']);
    expect(second.gate.noDoseToday).toBe(true);
  });
});
