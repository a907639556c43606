import { pdfText } from '../setup/pdf.js';
import { describe, expect, it } from 'vitest';
import { auditActions } from './chart-fixtures.js';
import {
  bookSession,
  cssrsLow,
  freeChair,
  goodPrechecks,
  normalVitals,
  phq9Answers,
  readyEsketaminePatient,
  sessionClinic,
  sessionLocation,
  stockDevices,
  stockVials,
} from './session-fixtures.js';

/**
 * An esketamine (Spravato) nasal-spray session through HTTP (decision 019; CLINICAL.md §2, §3; the
 * Spravato REMS): 56 mg as 2 devices of 28 mg drawn from the ledger, blood pressure before, at ~40 min
 * and before discharge, sedation and dissociation assessed, and no discharge or signature before 2 hours
 * from the dose or with a REMS item missing — for anyone, a prescriber included.
 */
const clinic = await sessionClinic('Esketamine Clinic');
const { s } = clinic;
const devices = await stockDevices(clinic, { containers: 4, lot: 'ESK-A1', expiresOn: '2027-03-31' });

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function ok(res: Promise<{ statusCode: number; body: string; json(): unknown }>, status = 200): Promise<Json> {
  const r = await res;
  expect(r.statusCode, r.body).toBe(status);
  return r.json() as Json;
}

const dischargeBody = {
  speechAtBaseline: true,
  awarenessAtBaseline: true,
  purposefulMovement: true,
  companionPresent: true,
  collectedBy: 'Rowan Testcase (partner)',
  aftercareGiven: true,
};

/** Checked in under the esketamine plan, questionnaires and pre-checks done, a blood pressure before the dose. */
async function prepared(): Promise<{ patientId: string; session: Json }> {
  const patientId = await readyEsketaminePatient(clinic);
  let session = await ok(s.nurse.post('/sessions', { patientId, chair: freeChair() }), 201);
  expect(session).toMatchObject({ route: 'IN', phase: 'checked_in' });
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
  clinic.advance(2);
  await ok(
    s.nurse.post(`/sessions/${session.id}/vitals`, {
      version: session.version,
      takenAt: clinic.iso(),
      ...normalVitals,
    }),
  );
  // A vitals write answers lightly (the reading, the gate, the version): the whole record is a read.
  return { patientId, session: await ok(s.nurse.get(`/sessions/${session.id}`)) };
}

const vitals = (session: Json) =>
  s.nurse.post(`/sessions/${session.id}/vitals`, { version: session.version, takenAt: clinic.iso(), ...normalVitals });
const assess = (session: Json, kind: 'sedation' | 'dissociation', level: string) =>
  s.nurse.post(`/sessions/${session.id}/entries`, { version: session.version, kind, at: clinic.iso(), level });

describe('an esketamine session', () => {
  it('runs from check-in to signed record: devices from the ledger, the REMS checklist, no discharge before 2 h', async () => {
    const { patientId, session: ready } = await prepared();
    expect(ready.gate).toMatchObject({ outcome: 'proceed' });
    expect(ready.rems).toMatchObject({ complete: false, observationEndsAt: null });

    let session = await ok(
      s.nurse.post(`/sessions/${ready.id}/order`, {
        version: ready.version,
        doseMg: 56,
        devices: [{ vialId: devices[0] }, { vialId: devices[1] }],
      }),
    );
    expect(session.order).toMatchObject({
      doseMg: 56,
      vial: null,
      esketamine: {
        doseMg: 56,
        devices: [
          { vialId: devices[0], lotNumber: 'ESK-A1', expiryDate: '2027-03-31', ledgerEntryId: null },
          { vialId: devices[1], lotNumber: 'ESK-A1', expiryDate: '2027-03-31', ledgerEntryId: null },
        ],
      },
    });
    const doseAt = clinic.iso();
    session = await ok(s.nurse.post(`/sessions/${session.id}/start`, { version: session.version, at: doseAt }));
    expect(session).toMatchObject({ phase: 'observation', doseNumber: 1, delivered: { mg: 56 }, infusion: null });
    // Each device is one administration entry of the controlled-substance ledger, with the session's reference.
    const drawn = await clinic.t.db.pool.query<{ kind: string; change_ul: number; patient_id: string }>(
      'SELECT kind, change_ul, patient_id FROM cs_ledger_entries WHERE session_ref = $1 ORDER BY occurred_at, id',
      [session.id],
    );
    expect(drawn.rows).toEqual([
      { kind: 'administration', change_ul: -200, patient_id: patientId },
      { kind: 'administration', change_ul: -200, patient_id: patientId },
    ]);
    expect(session.order.esketamine.devices.every((d: Json) => typeof d.ledgerEntryId === 'string')).toBe(true);
    const observationEndsAt = new Date(Date.parse(doseAt) + 120 * 60_000).toISOString();
    expect(session.rems).toMatchObject({ complete: false, observationEndsAt });
    expect(session.rems.checks.map((c: Json) => [c.item as string, c.done as boolean])).toEqual([
      ['bp_before_dose', true],
      ['bp_40_min', false],
      ['sedation_assessed', false],
      ['dissociation_assessed', false],
      ['observation_2h', false],
      ['bp_before_discharge', false],
    ]);
    expect(session.rems.checks[1].dueAt).toBe(new Date(Date.parse(doseAt) + 40 * 60_000).toISOString());

    // Blood pressure at 40 min; sedation and dissociation assessed.
    clinic.advance(40);
    session = await ok(vitals(session));
    session = await ok(assess(session, 'sedation', 'mild'));
    session = await ok(assess(session, 'dissociation', 'moderate'));
    expect(session.rems.missing.map((m: Json) => m.item as string)).toEqual([
      'sedation_resolved',
      'dissociation_resolved',
      'observation_2h',
      'bp_before_discharge',
    ]);
    clinic.advance(30);
    session = await ok(assess(session, 'sedation', 'none'));
    session = await ok(assess(session, 'dissociation', 'none'));
    session = await ok(vitals(session));

    // At 70 min: refused for the nurse and the prescriber alike, each missing REMS item as a path.
    for (const caller of [s.nurse, s.prescriber]) {
      const early = await caller.post(`/sessions/${session.id}/discharge`, {
        version: session.version,
        ...dischargeBody,
      });
      expect(early.statusCode, early.body).toBe(422);
      expect(early.json()).toMatchObject({ code: 'discharge_not_ready', details: { earliestAt: observationEndsAt } });
      expect(early.json().errors).toEqual([{ path: '/rems/observation_2h', message: expect.stringMatching(/50 min/) }]);
    }
    const override = await s.prescriber.post(`/sessions/${session.id}/overrides`, {
      version: session.version,
      code: 'observation_2h',
      reason: 'Patient feels well and wants to leave',
    });
    expect(override.statusCode, override.body).toBe(422);
    expect(override.json()).toMatchObject({ code: 'override_not_allowed', errors: [{ path: '/body/code' }] });
    const earlySign = await s.nurse.post(`/sessions/${session.id}/sign`, { version: session.version });
    expect(earlySign.statusCode).toBe(422);
    expect(earlySign.json().errors.map((e: Json) => e.path as string)).toEqual(['/rems/observation_2h']);

    // After 2 hours, without a fresh blood pressure: still refused (the discharge reading is missing).
    clinic.advance(51);
    const stale = await s.nurse.post(`/sessions/${session.id}/discharge`, {
      version: session.version,
      ...dischargeBody,
    });
    expect(stale.statusCode).toBe(422);
    // The latest reading is too old for any discharge and is no REMS discharge reading either.
    expect(stale.json().errors.map((e: Json) => e.path as string)).toEqual([
      '/readiness/vitals_too_old',
      '/rems/bp_before_discharge',
    ]);
    expect((await s.nurse.get(`/sessions/${session.id}`)).json().boardPhase).toBe('ready_for_discharge');

    await ok(vitals(session));
    session = await ok(s.nurse.get(`/sessions/${session.id}`));
    expect(session.rems).toMatchObject({ complete: true, missing: [] });
    session = await ok(
      s.nurse.post(`/sessions/${session.id}/discharge`, { version: session.version, ...dischargeBody }),
    );
    expect(session).toMatchObject({ phase: 'discharged', rems: { complete: true } });
    clinic.advance(30);
    // The checklist is judged as it stood at discharge: signing later is not refused for a stale reading.
    session = await ok(s.nurse.post(`/sessions/${session.id}/sign`, { version: session.version }));
    expect(session.nurseSignature.by).toBe('Nurse Test');
    expect(session.rems.complete).toBe(true);
    session = await ok(s.prescriber.post(`/sessions/${session.id}/cosign`, { version: session.version }));
    expect(session.prescriberSignature.by).toBe('Prescriber Test');

    // The note prints the devices (lot, expiry, register entry) and the REMS checklist.
    const pdf = await clinic.t.app.inject({
      method: 'GET',
      url: `/api/v1/sessions/${session.id}/note.pdf`,
      headers: clinic.as.prescriber.headers,
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf.rawPayload)?.replace(/\s+/g, ' ');
    if (text !== undefined) {
      expect(text).toContain('Esketamine nasal spray 56 mg (2 devices of 28 mg)');
      expect(text).toContain('Route: Esketamine nasal spray');
      expect(text).toMatch(/lot ESK-A1, no\. \d+, expires 03\/31\/2027; register entry/);
      expect(text).toContain('Esketamine REMS checklist');
      expect(text).toMatch(/Blood pressure about 40 min after the dose \(due [^)]+\): done/);
      expect(text).toMatch(/Dissociation assessed: Moderate/);
      expect(text).not.toContain('mg/kg x');
    }

    const actions = await auditActions(clinic, patientId);
    for (const a of ['sessions.order', 'sessions.start', 'sessions.entry.sedation', 'sessions.discharge'])
      expect(actions).toContain(a);
  });

  it('refuses a device count that is not the dose, an expired device, and a dose above the plan', async () => {
    const expired = await stockDevices(clinic, { containers: 1, lot: 'ESK-OLD', expiresOn: '2027-01-31' });
    await clinic.t.db.pool.query("UPDATE cs_vials SET expires_on = '2026-01-31' WHERE id = $1", [expired[0]]);
    const spare = await stockDevices(clinic, { containers: 1, lot: 'ESK-B2', expiresOn: '2027-05-31' });
    const { session } = await prepared();
    const order = (body: Json) => s.nurse.post(`/sessions/${session.id}/order`, { version: session.version, ...body });

    const three = await order({
      doseMg: 56,
      devices: [{ vialId: devices[2] }, { vialId: devices[3] }, { vialId: spare[0] }],
    });
    expect(three.statusCode, three.body).toBe(400);
    expect(three.json().errors.map((e: Json) => e.path as string)).toContain('/body/devices');

    const old = await order({ doseMg: 56, devices: [{ vialId: devices[2] }, { vialId: expired[0] }] });
    expect(old.statusCode, old.body).toBe(422);
    expect(old.json()).toMatchObject({
      code: 'ledger_vial_expired',
      errors: [{ path: '/body/devices/1/expiry', message: 'This device expired on 2026-01-31' }],
    });

    const twice = await order({ doseMg: 56, devices: [{ vialId: devices[2] }, { vialId: devices[2] }] });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().errors.map((e: Json) => e.path as string)).toContain('/body/devices/1/vialId');

    const odd = await order({ doseMg: 70, devices: [{ vialId: devices[2] }, { vialId: devices[3] }] });
    expect(odd.statusCode).toBe(400);
    expect(odd.json().errors.map((e: Json) => e.path as string)).toEqual(['/body/doseMg']);

    // The plan's first dose is its start, 56 mg (Spravato label, day 1), whoever orders it; 84 mg comes later.
    for (const caller of [s.nurse, s.prescriber]) {
      const first84 = await caller.post(`/sessions/${session.id}/order`, {
        version: session.version,
        doseMg: 84,
        devices: [{ vialId: devices[2] }, { vialId: devices[3] }, { vialId: spare[0] }],
      });
      expect(first84.statusCode, first84.body).toBe(400);
      expect(first84.json().errors).toEqual([
        { path: '/body/doseMg', message: expect.stringContaining('starting dose, 56 mg') },
      ]);
    }

    // Checked in without a location: the devices must all be kept in one place (the first device's).
    const elsewhere = (
      await clinic.t.db.pool.query<{ id: string }>(
        "INSERT INTO locations (organization_id, name) VALUES ($1, 'Annex') RETURNING id",
        [clinic.organizationId],
      )
    ).rows[0]!.id;
    const away = await stockVials(clinic, {
      drug: 'Esketamine hydrochloride',
      form: 'nasal_spray',
      strengthMgPerMl: 140,
      containerMl: 0.2,
      containers: 1,
      lot: 'ESK-C3',
      locationId: elsewhere,
    });
    const split = await order({ doseMg: 56, devices: [{ vialId: devices[2] }, { vialId: away.vialIds[0] }] });
    expect(split.statusCode, split.body).toBe(400);
    expect(split.json().errors).toEqual([{ path: '/body/devices/1/vialId', message: expect.stringMatching(/Annex/) }]);

    const vial = await order({ vialId: devices[2] });
    expect(vial.statusCode).toBe(400);
    expect(vial.json().errors.map((e: Json) => e.path as string)).toEqual(
      expect.arrayContaining(['/body/vialId', '/body/devices']),
    );

    // Nothing was written: no order on the session, no ledger entry.
    const read = (await s.nurse.get(`/sessions/${session.id}`)).json();
    expect(read).toMatchObject({ order: null, version: session.version });
    const entries = await clinic.t.db.pool.query('SELECT 1 FROM cs_ledger_entries WHERE session_ref = $1', [
      session.id,
    ]);
    expect(entries.rowCount).toBe(0);

    // Assessments are levels, after the dose; a ketamine-style mg/kg order is not an esketamine order.
    const before = await s.nurse.post(`/sessions/${session.id}/entries`, {
      version: session.version,
      kind: 'sedation',
      at: clinic.iso(),
      level: 'none',
    });
    expect(before.statusCode).toBe(400);
    expect(before.json()).toMatchObject({ code: 'vitals_time_invalid', errors: [{ path: '/body/at' }] });
    const badLevel = await s.nurse.post(`/sessions/${session.id}/entries`, {
      version: session.version,
      kind: 'dissociation',
      at: clinic.iso(),
      level: 'a little',
    });
    expect(badLevel.statusCode).toBe(400);
    expect(badLevel.json().errors[0].path).toBe('/body/level');
  });

  it('opens from a booked esketamine visit, and the appointment follows the session', async () => {
    const place = await sessionLocation(clinic, 'Riverside');
    const patientId = await readyEsketaminePatient(clinic);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(clinic.t.clock.now);
    // Within check-in's two hours: the next full hour, clinic time (the location is open 07:00–19:00).
    const hour = Number(
      new Intl.DateTimeFormat('en-GB', { timeZone: 'America/New_York', hour: '2-digit', hourCycle: 'h23' }).format(
        clinic.t.clock.now,
      ),
    );
    expect(hour + 1 + 2.5).toBeLessThanOrEqual(19);
    const booked = await bookSession(clinic, {
      patientId,
      locationId: place.locationId,
      chairId: place.chairIds[0]!,
      date: today,
      startTime: `${String(hour + 1).padStart(2, '0')}:00`,
      kind: 'esketamine_session',
    });
    const session = await ok(s.nurse.post('/sessions', { patientId, appointmentId: booked.id }), 201);
    expect(session).toMatchObject({ route: 'IN', appointmentId: booked.id, locationId: place.locationId });
    const appointment = await ok(clinic.as.coordinator.get(`/schedule/appointments/${booked.id}`));
    expect(appointment.status).toBe('checked_in');
  });
});
