import { describe, expect, it } from 'vitest';
import { auditActions } from './chart-fixtures.js';
import {
  cssrsLow,
  cssrsModerate,
  freeChair,
  goodPrechecks,
  normalVitals,
  phq9Answers,
  readyPatient,
  type SessionCaller,
  sessionClinic,
  stockVials,
} from './session-fixtures.js';

/**
 * The treatment session through HTTP (CLINICAL.md §3): a whole IV and IM session, and every hard stop
 * held on the server — the gate, overrides, absolute limits, dose limits, vitals validation, discharge,
 * signatures, versions and idempotency.
 */
const clinic = await sessionClinic('Session Clinic');
const { s } = clinic;
// The clinic's stock: 10 mg/mL (50 mL) for infusions, 50 mg/mL (10 mL) for injections; doses are drawn from them.
const iv10 = (await stockVials(clinic, { strengthMgPerMl: 10, containerMl: 50, containers: 1 })).vialIds[0]!;
// The whole IV session wastes what its vial has left; the other sessions draw from this one.
const iv10b = (await stockVials(clinic, { strengthMgPerMl: 10, containerMl: 50, lot: 'KET-10-50B' })).vialIds[0]!;
const im50 = (await stockVials(clinic, { strengthMgPerMl: 50, containerMl: 10, containers: 1 })).vialIds[0]!;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function ok(res: Promise<{ statusCode: number; body: string; json(): unknown }>, status = 200): Promise<Json> {
  const r = await res;
  expect(r.statusCode, r.body).toBe(status);
  return r.json() as Json;
}

/** Checked in, questionnaires done, pre-checks and a baseline reading recorded. */
async function preparedSession(
  options: { route?: 'IV' | 'IM'; baseline?: Record<string, number>; cssrs?: Record<string, boolean> } = {},
): Promise<{ patientId: string; session: Json }> {
  const content =
    options.route === 'IM'
      ? {
          route: 'IM' as const,
          startMgPerKg: 0.25,
          infusionMinutes: null,
          titration: { stepMgPerKg: 0.1, maxMgPerKg: 0.5 },
        }
      : {};
  const patientId = await readyPatient(clinic, content);
  let session = await ok(s.coordinator.post('/sessions', { patientId, chair: freeChair() }), 201);
  const id = session.id as string;
  session = await ok(
    s.nurse.post(`/sessions/${id}/questionnaires`, {
      version: session.version,
      instrumentId: 'phq9',
      answers: phq9Answers,
    }),
  );
  session = await ok(
    s.nurse.post(`/sessions/${id}/questionnaires`, {
      version: session.version,
      instrumentId: 'cssrs_screener',
      answers: options.cssrs ?? cssrsLow,
    }),
  );
  session = await ok(s.nurse.post(`/sessions/${id}/pre-checks`, { version: session.version, ...goodPrechecks }));
  clinic.advance(2);
  session = await ok(
    s.nurse.post(`/sessions/${id}/vitals`, {
      version: session.version,
      takenAt: clinic.iso(),
      ...(options.baseline ?? normalVitals),
    }),
  );
  return { patientId, session };
}

async function ivOrder(caller: SessionCaller, session: Json, extra: Json = {}): Promise<Json> {
  return ok(
    caller.post(`/sessions/${session.id}/order`, {
      version: session.version,
      titrate: false,
      vialId: iv10,
      diluent: 'sodium_chloride_0_9',
      finalVolumeMl: 100,
      ...extra,
    }),
  );
}

describe('a whole IV session', () => {
  it('runs from check-in to co-signed record; the patient moves into induction; the record is then immutable', async () => {
    const { patientId, session: prepared } = await preparedSession();
    expect(prepared.gate).toMatchObject({ outcome: 'proceed', holds: [] });
    expect(prepared.phase).toBe('pre_checks');

    let session = await ivOrder(s.nurse, prepared, { vialId: iv10b });
    // 0.5 mg/kg × 80 kg = 40 mg = 4 mL of 10 mg/mL, in 100 mL over 40 min = 150 mL/h (CLINICAL.md §2).
    expect(session.order).toMatchObject({
      mgPerKg: 0.5,
      doseMg: 40,
      drugVolumeMl: 4,
      iv: { infusionMinutes: 40, finalVolumeMl: 100, pumpRateMlPerHour: 150, mgPerKgPerHour: 0.75 },
      limitCheck: { status: 'ok' },
    });
    session = await ok(s.nurse.post(`/sessions/${session.id}/start`, { version: session.version, at: clinic.iso() }));
    expect(session).toMatchObject({
      phase: 'dosing',
      doseNumber: 1,
      infusion: { state: 'running', rateMlPerHour: 150 },
    });
    // Drawn from the vial through the ledger: lot, expiry and strength from the vial, one administration entry.
    expect(session.order.vial).toMatchObject({
      vialId: iv10b,
      lotNumber: 'KET-10-50B',
      expiryDate: '2027-06-30',
      strengthMgPerMl: 10,
      ledgerEntryId: expect.any(String),
    });
    const drawn = await clinic.t.db.pool.query<{ kind: string; change_ul: number; patient_id: string }>(
      'SELECT kind, change_ul, patient_id FROM cs_ledger_entries WHERE session_ref = $1',
      [session.id],
    );
    expect(drawn.rows).toEqual([{ kind: 'administration', change_ul: -4000, patient_id: patientId }]);
    expect((await ok(s.prescriber.get(`/patients/${patientId}`))).patient.status).toBe('in_induction');

    clinic.advance(10);
    session = await ok(
      s.nurse.post(`/sessions/${session.id}/vitals`, {
        version: session.version,
        takenAt: clinic.iso(),
        ...normalVitals,
        systolicMmHg: 138,
      }),
    );
    expect(session.nextVitalsDue).toMatchObject({ intervalMinutes: 10, overdue: false });
    session = await ok(
      s.nurse.post(`/sessions/${session.id}/entries`, {
        version: session.version,
        kind: 'cadss6',
        at: clinic.iso(),
        answers: { cadss6_1: 1, cadss6_2: 2, cadss6_3: 0, cadss6_4: 1, cadss6_5: 0, cadss6_6: 1 },
      }),
    );
    expect(session.entries[0]).toMatchObject({ kind: 'cadss6', content: { total: 5 } });
    clinic.advance(5);
    session = await ok(
      s.nurse.post(`/sessions/${session.id}/infusion`, {
        version: session.version,
        kind: 'pause',
        at: clinic.iso(),
        reason: 'Nausea',
      }),
    );
    expect(session.infusion.state).toBe('paused');
    session = await ok(
      s.nurse.post(`/sessions/${session.id}/entries`, {
        version: session.version,
        kind: 'adverse_event',
        at: clinic.iso(),
        event: 'nausea_vomiting',
        severity: 'mild',
        intervention: 'Ondansetron 4 mg orally',
        outcome: 'Settled within 10 minutes',
      }),
    );
    clinic.advance(3);
    session = await ok(
      s.nurse.post(`/sessions/${session.id}/infusion`, { version: session.version, kind: 'resume', at: clinic.iso() }),
    );
    // Slower than ordered: the nurse may; faster needs a prescriber.
    session = await ok(
      s.nurse.post(`/sessions/${session.id}/infusion`, {
        version: session.version,
        kind: 'rate_change',
        at: clinic.iso(),
        rateMlPerHour: 120,
      }),
    );
    const faster = await s.nurse.post(`/sessions/${session.id}/infusion`, {
      version: session.version,
      kind: 'rate_change',
      at: clinic.iso(),
      rateMlPerHour: 200,
      reason: 'catch up',
    });
    expect(faster.statusCode).toBe(403);
    expect(faster.json().code).toBe('prescriber_required');
    // Not even a prescriber runs it past the protocol's 1 mg/kg/h (CLINICAL.md §2: limits on what is delivered):
    // the order's 150 mL/h gives 0.75 mg/kg/h, so 200 mL/h is the fastest.
    const pastLimit = await s.prescriber.post(`/sessions/${session.id}/infusion`, {
      version: session.version,
      kind: 'rate_change',
      at: clinic.iso(),
      rateMlPerHour: 201,
      reason: 'catch up',
    });
    expect(pastLimit.statusCode).toBe(422);
    expect(pastLimit.json()).toMatchObject({
      code: 'infusion_rate_above_limit',
      errors: [{ path: '/body/rateMlPerHour', message: 'At most 200 mL/h (1 mg/kg/h)' }],
    });
    session = await ok(
      s.prescriber.post(`/sessions/${session.id}/infusion`, {
        version: session.version,
        kind: 'rate_change',
        at: clinic.iso(),
        rateMlPerHour: 200,
        reason: 'Comfortable, vitals stable: back to the planned duration',
      }),
    );
    clinic.advance(30);
    const tooMuch = await s.nurse.post(`/sessions/${session.id}/infusion`, {
      version: session.version,
      kind: 'stop',
      at: clinic.iso(),
      volumeInfusedMl: 150,
    });
    expect(tooMuch.statusCode).toBe(400);
    // The pump ran 90 of the 100 mL: 36 mg delivered, and that is what the record keeps.
    session = await ok(
      s.nurse.post(`/sessions/${session.id}/infusion`, {
        version: session.version,
        kind: 'stop',
        at: clinic.iso(),
        volumeInfusedMl: 90,
      }),
    );
    expect(session).toMatchObject({ phase: 'observation', delivered: { mg: 36, mgPerKg: 0.45, volumeInfusedMl: 90 } });

    clinic.advance(15);
    session = await ok(
      s.nurse.post(`/sessions/${session.id}/vitals`, {
        version: session.version,
        takenAt: clinic.iso(),
        ...normalVitals,
      }),
    );
    const discharge = {
      speechAtBaseline: true,
      awarenessAtBaseline: true,
      purposefulMovement: true,
      companionPresent: true,
      collectedBy: 'Rowan Testcase (partner)',
      aftercareGiven: true,
    };
    const early = await s.nurse.post(`/sessions/${session.id}/discharge`, { version: session.version, ...discharge });
    expect(early.statusCode).toBe(422);
    expect(early.json().code).toBe('discharge_not_ready');
    expect(early.json().detail).toMatch(/recovery period left/);
    expect(early.json().errors).toEqual([
      { path: '/readiness/recovery_time_not_reached', message: expect.stringMatching(/recovery period left/) },
    ]);

    clinic.advance(46);
    session = await ok(
      s.nurse.post(`/sessions/${session.id}/vitals`, {
        version: session.version,
        takenAt: clinic.iso(),
        ...normalVitals,
      }),
    );
    expect(session.boardPhase).toBe('ready_for_discharge');
    const noCompanion = await s.nurse.post(`/sessions/${session.id}/discharge`, {
      version: session.version,
      ...discharge,
      companionPresent: false,
      collectedBy: '',
    });
    expect(noCompanion.statusCode).toBe(422);
    expect(JSON.stringify(noCompanion.json().details)).toMatch(/companion_not_present/);
    // Each gap the nurse can fix names its field, so the error summary links to it.
    expect(noCompanion.json().errors).toEqual([
      { path: '/body/companionPresent', message: expect.stringMatching(/responsible adult/) },
    ]);
    const noName = await s.nurse.post(`/sessions/${session.id}/discharge`, {
      version: session.version,
      ...discharge,
      collectedBy: '  ',
      speechAtBaseline: false,
      aftercareGiven: false,
    });
    expect(noName.statusCode).toBe(422);
    expect(noName.json().errors.map((e: Json) => e.path as string)).toEqual([
      '/body/speechAtBaseline',
      '/body/collectedBy',
      '/body/aftercareGiven',
    ]);
    expect(noName.json().details.missing.map((m: Json) => m.code as string)).toEqual([
      'speech_not_at_baseline',
      'companion_not_present',
      'aftercare_not_given',
    ]);
    session = await ok(s.nurse.post(`/sessions/${session.id}/discharge`, { version: session.version, ...discharge }));
    expect(session).toMatchObject({ phase: 'discharged', discharge: { collectedBy: 'Rowan Testcase (partner)' } });

    const early2 = await s.prescriber.post(`/sessions/${session.id}/cosign`, { version: session.version });
    expect(early2.json().code).toBe('session_requirements_missing');
    // The rest of the vial is wasted, witnessed, before the record is signed.
    expect(session.vialRemainder).toMatchObject({ remainingMl: 46 });
    const unwasted = await s.nurse.post(`/sessions/${session.id}/sign`, { version: session.version });
    expect(unwasted.statusCode).toBe(422);
    // Stopped at 90 of 100 mL: 0.4 mL (4 mg) of the drawn drug never ran in and is still in the bag (decision 028).
    expect(session.bagRemainder).toMatchObject({ remainingMl: 0.4, remainingMg: 4, deliveredMg: 36, drawnMg: 40 });
    expect(unwasted.json()).toMatchObject({
      code: 'session_requirements_missing',
      errors: [
        { path: '/waste/volumeMl', message: expect.stringMatching(/46 mL left in vial/) },
        {
          path: '/bagWaste/volumeMl',
          message: expect.stringMatching(/0.4 mL \(4 mg\) of ketamine left in the IV bag/),
        },
      ],
    });
    session = await ok(
      s.nurse.post(`/sessions/${session.id}/bag-waste`, {
        version: session.version,
        volumeMl: 0.4,
        reason: 'Infusion stopped early; left in the IV bag',
        witnessUserId: clinic.users.prescriber.id,
        witnessPassword: clinic.users.prescriber.password,
      }),
    );
    expect(session.bagRemainder).toBeNull();
    session = await ok(
      s.nurse.post(`/sessions/${session.id}/waste`, {
        version: session.version,
        volumeMl: 46,
        reason: 'Left in the vial after the dose',
        witnessUserId: clinic.users.prescriber.id,
        witnessPassword: clinic.users.prescriber.password,
      }),
    );
    expect(session.vialRemainder).toBeNull();
    const signed = await ok(s.nurse.post(`/sessions/${session.id}/sign`, { version: session.version }));
    expect(signed.nurseSignature.by).toBe('Nurse Test');
    const twice = await s.nurse.post(`/sessions/${session.id}/sign`, { version: signed.version });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('document_signed');
    const nurseCosign = await s.nurse.post(`/sessions/${session.id}/cosign`, { version: signed.version });
    expect(nurseCosign.statusCode).toBe(403);
    const cosigned = await ok(s.prescriber.post(`/sessions/${session.id}/cosign`, { version: signed.version }));
    expect(cosigned.prescriberSignature.by).toBe('Prescriber Test');
    const cosignTwice = await s.prescriber.post(`/sessions/${session.id}/cosign`, { version: cosigned.version });
    expect(cosignTwice.statusCode).toBe(409);

    // Editing after signature: 409, nothing stored; the database refuses it too.
    const edit = await s.nurse.post(`/sessions/${session.id}/entries`, {
      version: cosigned.version,
      kind: 'note',
      at: clinic.iso(),
      text: 'Late note',
    });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().code).toBe('document_signed');
    await expect(
      clinic.t.db.pool.query("UPDATE treatment_sessions SET chair = 'Chair 9' WHERE id = $1", [session.id]),
    ).rejects.toThrow(/signed/);
    await expect(
      clinic.t.db.pool.query('DELETE FROM session_vitals WHERE session_id = $1', [session.id]),
    ).rejects.toThrow(/append-only/);
    const amended = await ok(
      s.nurse.post(`/sessions/${session.id}/amendments`, {
        reason: 'Omitted at the time',
        text: 'Patient reported mild headache on leaving; advised fluids.',
      }),
    );
    expect(amended.amendments).toHaveLength(1);
    expect(amended.entries.filter((e: Json) => e.kind === 'note')).toHaveLength(0);

    const actions = await auditActions(clinic, patientId);
    for (const a of [
      'sessions.checkin',
      'sessions.prechecks',
      'sessions.vitals',
      'sessions.order',
      'sessions.start',
      'sessions.infusion.stop',
      'sessions.discharge',
      'sessions.sign',
      'sessions.cosign',
      'sessions.amend',
    ])
      expect(actions).toContain(a);
  });
});

describe('a whole IM session', () => {
  it('gives the injection at the site, delivers the rounded dose at once, and discharges after the IM recovery time', async () => {
    const { session: prepared } = await preparedSession({ route: 'IM' });
    const noSite = await s.nurse.post(`/sessions/${prepared.id}/order`, {
      version: prepared.version,
      titrate: false,
      vialId: im50,
    });
    expect(noSite.statusCode).toBe(400);
    expect(noSite.json().errors[0].path).toBe('/body/site');
    let session = await ok(
      s.nurse.post(`/sessions/${prepared.id}/order`, {
        version: prepared.version,
        titrate: false,
        vialId: im50,
        site: 'deltoid_left',
      }),
    );
    // 0.25 mg/kg × 80 kg = 20 mg = 0.4 mL of 50 mg/mL.
    expect(session.order).toMatchObject({ doseMg: 20, drugVolumeMl: 0.4, im: { site: 'deltoid_left' }, iv: null });
    session = await ok(s.nurse.post(`/sessions/${session.id}/start`, { version: session.version, at: clinic.iso() }));
    expect(session).toMatchObject({ phase: 'observation', delivered: { mg: 20, mgPerKg: 0.25 }, infusion: null });
    clinic.advance(61);
    session = await ok(
      s.nurse.post(`/sessions/${session.id}/vitals`, {
        version: session.version,
        takenAt: clinic.iso(),
        ...normalVitals,
      }),
    );
    session = await ok(
      s.nurse.post(`/sessions/${session.id}/discharge`, {
        version: session.version,
        speechAtBaseline: true,
        awarenessAtBaseline: true,
        purposefulMovement: true,
        companionPresent: true,
        collectedBy: 'Sam Testcase',
        aftercareGiven: true,
      }),
    );
    expect(session.phase).toBe('discharged');
  });
});

describe('the pre-dose gate on the server', () => {
  it('holds a hypertensive baseline; only a prescriber with a reason and a repeat reading lifts it; no dose while it holds', async () => {
    const { session: held } = await preparedSession({
      baseline: { ...normalVitals, systolicMmHg: 166, diastolicMmHg: 96 },
    });
    expect(held.gate.outcome).toBe('hold');
    expect(held.gate.holds.map((h: Json) => String(h.code))).toEqual(['blood_pressure_at_or_above_hold']);

    const order = await s.nurse.post(`/sessions/${held.id}/order`, {
      version: held.version,
      titrate: false,
      vialId: iv10,
      diluent: 'sodium_chloride_0_9',
      finalVolumeMl: 100,
    });
    expect(order.statusCode).toBe(422);
    expect(order.json().code).toBe('session_hold');
    const start = await s.nurse.post(`/sessions/${held.id}/start`, {
      version: held.version,
      at: clinic.iso(),
    });
    expect(start.statusCode).toBe(422);
    expect(start.json().code).toBe('session_hold');

    const byNurse = await s.nurse.post(`/sessions/${held.id}/overrides`, {
      version: held.version,
      code: 'blood_pressure_at_or_above_hold',
      reason: 'Anxious on arrival',
      repeatVitals: { takenAt: clinic.iso(), systolicMmHg: 162, diastolicMmHg: 94 },
    });
    expect(byNurse.statusCode).toBe(403);
    expect(byNurse.json().code).toBe('prescriber_required');
    const noRepeat = await s.prescriber.post(`/sessions/${held.id}/overrides`, {
      version: held.version,
      code: 'blood_pressure_at_or_above_hold',
      reason: 'Anxious on arrival',
    });
    expect(noRepeat.statusCode).toBe(400);
    expect(noRepeat.json().errors[0].path).toBe('/body/repeatVitals');
    const noReason = await s.prescriber.post(`/sessions/${held.id}/overrides`, {
      version: held.version,
      code: 'blood_pressure_at_or_above_hold',
      reason: '  ',
      repeatVitals: { takenAt: clinic.iso(), systolicMmHg: 162, diastolicMmHg: 94 },
    });
    expect(noReason.statusCode).toBe(400);
    const unchanged = await ok(s.nurse.get(`/sessions/${held.id}`));
    expect(unchanged.version).toBe(held.version);
    expect(unchanged.vitals).toHaveLength(1);

    const lifted = await ok(
      s.prescriber.post(`/sessions/${held.id}/overrides`, {
        version: held.version,
        code: 'blood_pressure_at_or_above_hold',
        reason: 'Anxious on arrival; repeat after 5 min rest, asymptomatic',
        repeatVitals: { takenAt: clinic.iso(), ...normalVitals, systolicMmHg: 162, diastolicMmHg: 94 },
      }),
    );
    expect(lifted.gate).toMatchObject({
      outcome: 'proceed',
      overridden: [{ code: 'blood_pressure_at_or_above_hold' }],
    });
    expect(lifted.overrides[0]).toMatchObject({ by: 'Prescriber Test', repeatVitalsId: expect.any(String) });
    const ordered = await ivOrder(s.nurse, lifted);
    await ok(s.nurse.post(`/sessions/${held.id}/start`, { version: ordered.version, at: clinic.iso() }));
  });

  it('an absolute-limit reading cannot be overridden by anyone; the session ends without a dose', async () => {
    const { session } = await preparedSession({ baseline: { ...normalVitals, systolicMmHg: 184, diastolicMmHg: 104 } });
    expect(session.gate.holds).toEqual([
      expect.objectContaining({ code: 'blood_pressure_at_or_above_absolute_limit', overridable: false }),
    ]);
    expect(session.gate.noDoseToday).toBe(true);
    for (const caller of [s.prescriber, s.nurse]) {
      const res = await caller.post(`/sessions/${session.id}/overrides`, {
        version: session.version,
        code: 'blood_pressure_at_or_above_absolute_limit',
        reason: 'Feels fine',
        repeatVitals: { takenAt: clinic.iso(), systolicMmHg: 150, diastolicMmHg: 90 },
      });
      expect([403, 422]).toContain(res.statusCode);
      expect(['override_not_allowed', 'prescriber_required']).toContain(res.json().code);
    }
    const admin = await s.admin.post(`/sessions/${session.id}/overrides`, {
      version: session.version,
      code: 'blood_pressure_at_or_above_absolute_limit',
      reason: 'x',
    });
    expect(admin.statusCode).toBe(403);
    const still = await ok(s.prescriber.get(`/sessions/${session.id}`));
    expect(still.gate.outcome).toBe('hold');
    expect(still.overrides).toEqual([]);
    const start = await s.prescriber.post(`/sessions/${session.id}/start`, {
      version: still.version,
      at: clinic.iso(),
    });
    expect(start.json().code).toBe('session_hold');
    // A lower repeat from a prescriber cannot lift a hold below the absolute limit set by the first reading
    // either, when that repeat is itself at the absolute limit.
    const ended = await ok(
      s.nurse.post(`/sessions/${session.id}/end`, {
        version: still.version,
        reason: 'BP 184/104: no dose today (absolute limit)',
      }),
    );
    expect(ended.phase).toBe('ended_without_dose');
  });

  it('refuses an override whose repeat reading is at the absolute limit, and one for a hold nobody can lift', async () => {
    const { session } = await preparedSession({ baseline: { ...normalVitals, systolicMmHg: 170, diastolicMmHg: 100 } });
    const res = await s.prescriber.post(`/sessions/${session.id}/overrides`, {
      version: session.version,
      code: 'blood_pressure_at_or_above_hold',
      reason: 'Repeat',
      repeatVitals: { takenAt: clinic.iso(), systolicMmHg: 182, diastolicMmHg: 100 },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('override_not_allowed');
    const { session: risky } = await preparedSession({ cssrs: cssrsModerate });
    expect(risky.gate.holds.map((h: Json) => String(h.code))).toEqual(['cssrs_moderate_risk']);
    const reviewed = await ok(
      s.prescriber.post(`/sessions/${risky.id}/overrides`, {
        version: risky.version,
        code: 'cssrs_moderate_risk',
        reason: 'Reviewed with the patient: passive ideation, safety plan in place, partner at home',
      }),
    );
    expect(reviewed.gate.outcome).toBe('proceed');
  });
});

describe('observation safety', () => {
  it('a hypertensive reading during the infusion raises an alert only a prescriber acknowledges; a stop blocks resuming until then', async () => {
    const { session: prepared } = await preparedSession();
    let session = await ivOrder(s.nurse, prepared);
    session = await ok(s.nurse.post(`/sessions/${session.id}/start`, { version: session.version, at: clinic.iso() }));
    clinic.advance(10);
    session = await ok(
      s.nurse.post(`/sessions/${session.id}/vitals`, {
        version: session.version,
        takenAt: clinic.iso(),
        ...normalVitals,
        // Diastolic ≥ 110 alerts the prescriber; ≥ 180/120 would stop the infusion (CLINICAL.md §3).
        systolicMmHg: 172,
        diastolicMmHg: 112,
      }),
    );
    expect(session.openAlerts).toBe(1);
    expect(session.alerts[0]).toMatchObject({
      level: 'alert',
      vital: 'diastolic',
      message: expect.stringMatching(/alert the prescriber/),
    });
    const byNurse = await s.nurse.post(`/sessions/${session.id}/alerts/${session.alerts[0].id}/acknowledge`, {
      version: session.version,
      note: 'Seen',
    });
    expect(byNurse.json().code).toBe('prescriber_required');
    session = await ok(
      s.prescriber.post(`/sessions/${session.id}/alerts/${session.alerts[0].id}/acknowledge`, {
        version: session.version,
        note: 'Reviewed at chairside; continue, recheck in 5 min',
      }),
    );
    expect(session.openAlerts).toBe(0);

    session = await ok(
      s.nurse.post(`/sessions/${session.id}/infusion`, {
        version: session.version,
        kind: 'pause',
        at: clinic.iso(),
        reason: 'Chest tightness',
      }),
    );
    session = await ok(
      s.nurse.post(`/sessions/${session.id}/vitals`, {
        version: session.version,
        takenAt: clinic.iso(),
        ...normalVitals,
        symptomatic: true,
      }),
    );
    expect(session.alerts.at(-1).level).toBe('stop');
    const resume = await s.nurse.post(`/sessions/${session.id}/infusion`, {
      version: session.version,
      kind: 'resume',
      at: clinic.iso(),
    });
    expect(resume.json().code).toBe('alert_acknowledgement_required');
  });

  it('refuses out-of-range, non-numeric, future and before-check-in vitals with 400 and stores nothing', async () => {
    const { session } = await preparedSession();
    const bad: [Json, string][] = [
      [{ systolicMmHg: 400 }, '/body/systolicMmHg'],
      [{ systolicMmHg: 'abc' }, '/body/systolicMmHg'],
      [{ heartRateBpm: 72.5 }, '/body/heartRateBpm'],
      [{ spo2Percent: 101 }, '/body/spo2Percent'],
      [{ systolicMmHg: 80, diastolicMmHg: 90 }, '/body/diastolicMmHg'],
      [{ takenAt: new Date(clinic.t.clock.now.getTime() + 10 * 60_000).toISOString() }, '/body/takenAt'],
      [{ takenAt: '2026-11-25T09:00:00.000Z' }, '/body/takenAt'],
      [{ takenAt: 'yesterday' }, '/body/takenAt'],
    ];
    for (const [change, path] of bad) {
      const res = await s.nurse.post(`/sessions/${session.id}/vitals`, {
        version: session.version,
        takenAt: clinic.iso(),
        ...normalVitals,
        ...change,
      });
      expect(res.statusCode, JSON.stringify(change)).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.json().errors.map((e: Json) => String(e.path))).toContain(path);
    }
    const after = await ok(s.nurse.get(`/sessions/${session.id}`));
    expect(after.vitals).toHaveLength(1);
    expect(after.version).toBe(session.version);
  });
});

describe('dose limits', () => {
  it('a dose over the protocol limit needs a prescriber with a reason', async () => {
    const { session } = await preparedSession();
    // 180 kg today: 0.5 mg/kg = 90 mg, over the IV ceiling of 75 mg.
    const heavy = await ok(
      s.nurse.post(`/sessions/${session.id}/pre-checks`, { version: session.version, ...goodPrechecks, weightKg: 180 }),
    );
    const byNurse = await s.nurse.post(`/sessions/${session.id}/order`, {
      version: heavy.version,
      titrate: false,
      vialId: iv10,
      diluent: 'sodium_chloride_0_9',
      finalVolumeMl: 100,
    });
    expect(byNurse.statusCode).toBe(403);
    expect(byNurse.json().code).toBe('prescriber_required');
    const noReason = await s.prescriber.post(`/sessions/${session.id}/order`, {
      version: heavy.version,
      titrate: false,
      vialId: iv10,
      diluent: 'sodium_chloride_0_9',
      finalVolumeMl: 100,
    });
    expect(noReason.json().code).toBe('dose_override_reason_required');
    const ordered = await ivOrder(s.prescriber, heavy, {
      overrideReason: 'Actual weight confirmed; tolerated 90 mg elsewhere',
    });
    expect(ordered.order.limitCheck.status).toBe('override_required');
    expect(ordered.doseOverrideReason).toMatch(/tolerated/);
  });
});

describe('concurrency, idempotency and access', () => {
  it('two nurses writing to one session at once: one wins, the other gets 409 and nothing of it is stored', async () => {
    const { session } = await preparedSession();
    const body = (sys: number) => ({
      version: session.version,
      takenAt: clinic.iso(),
      ...normalVitals,
      systolicMmHg: sys,
    });
    const [a, b] = await Promise.all([
      s.nurse.post(`/sessions/${session.id}/vitals`, body(130)),
      s.prescriber.post(`/sessions/${session.id}/vitals`, body(131)),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expect([a, b].find((r) => r.statusCode === 409)!.json().code).toBe('stale_version');
    const after = await ok(s.nurse.get(`/sessions/${session.id}`));
    expect(after.vitals).toHaveLength(2);
  });

  it('the same Idempotency-Key records once and returns the first answer; a different body with it is refused; no key is 400', async () => {
    const { session } = await preparedSession();
    const body = { version: session.version, takenAt: clinic.iso(), ...normalVitals };
    const first = await ok(s.nurse.post(`/sessions/${session.id}/vitals`, body, 'tablet-3-entry-0001'));
    const again = await s.nurse.post(`/sessions/${session.id}/vitals`, body, 'tablet-3-entry-0001');
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().version).toBe(first.version);
    const other = await s.nurse.post(
      `/sessions/${session.id}/vitals`,
      { ...body, systolicMmHg: 140 },
      'tablet-3-entry-0001',
    );
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('idempotency_key_reused');
    const none = await s.nurse.post(`/sessions/${session.id}/vitals`, { ...body, version: first.version }, null);
    expect(none.statusCode).toBe(400);
    expect(none.json().code).toBe('idempotency_key_required');
    expect((await ok(s.nurse.get(`/sessions/${session.id}`))).vitals).toHaveLength(2);
  });

  it('a coordinator checks in and sees the board without clinical detail, and cannot record; a patient has no access', async () => {
    const { session } = await preparedSession();
    const view = await ok(s.coordinator.get(`/sessions/${session.id}`));
    expect(view).toMatchObject({
      clinical: false,
      prechecks: null,
      gate: null,
      vitals: [],
      alerts: [],
      phase: 'pre_checks',
    });
    const board = await ok(s.coordinator.get('/sessions/board'));
    expect(board.items.length).toBeGreaterThan(0);
    expect(board.items.every((i: Json) => i.vitals.length === 0 && i.gate === null)).toBe(true);
    const nurseBoard = await ok(s.nurse.get('/sessions/board'));
    const mine = nurseBoard.items.find((i: Json) => i.id === session.id);
    expect(mine).toMatchObject({ boardPhase: 'pre_checks', lastVitals: { systolicMmHg: 124 } });
    const write = await s.coordinator.post(`/sessions/${session.id}/vitals`, {
      version: session.version,
      takenAt: clinic.iso(),
      ...normalVitals,
    });
    expect(write.statusCode).toBe(403);
    expect((await s.patient.get(`/sessions/${session.id}`)).statusCode).toBe(403);
    const other = await clinic.as.otherPrescriber.get(`/sessions/${session.id}`);
    expect(other.statusCode).toBe(404);
  });

  it('refuses a check-in without a signed plan and a second open session for the same patient', async () => {
    const { patientId } = await preparedSession();
    const twice = await s.coordinator.post('/sessions', { patientId });
    expect(twice.json().code).toBe('session_already_open');
    const patient = await clinic.t.db.pool.query<{ id: string }>(
      "INSERT INTO patients (organization_id, mrn, given_name, family_name, date_of_birth, status) VALUES ($1, '990001', 'Ash', 'Testcase', '1990-01-01', 'eligible') RETURNING id",
      [clinic.organizationId],
    );
    const noPlan = await s.coordinator.post('/sessions', { patientId: patient.rows[0]!.id });
    expect(noPlan.json().code).toBe('plan_not_signed');
  });
});

describe('the patient’s place in care follows the sessions', () => {
  it('the first dose moves the patient into induction, the discharge after the last induction session into maintenance; titration steps up from the last dose', async () => {
    const patientId = await readyPatient(clinic, {
      route: 'IM',
      startMgPerKg: 0.25,
      infusionMinutes: null,
      titration: { stepMgPerKg: 0.1, maxMgPerKg: 0.5 },
      induction: { sessions: 4, startDate: '2026-11-30', preferredTime: '10:00' },
    });
    const statusOf = async () => (await ok(s.prescriber.get(`/patients/${patientId}`))).patient.status as string;
    expect(await statusOf()).toBe('eligible');
    const doses: number[] = [];
    for (let n = 1; n <= 4; n++) {
      let session = await ok(s.nurse.post('/sessions', { patientId }), 201);
      for (const [instrumentId, answers] of [
        ['phq9', phq9Answers],
        ['cssrs_screener', cssrsLow],
      ] as const) {
        const gate = session.gate as Json | null;
        const missing =
          gate === null ||
          gate.holds.some((h: Json) => h.code === `${instrumentId === 'phq9' ? 'phq9' : 'cssrs'}_not_done`);
        if (missing)
          session = await ok(
            s.nurse.post(`/sessions/${session.id}/questionnaires`, { version: session.version, instrumentId, answers }),
          );
      }
      session = await ok(
        s.nurse.post(`/sessions/${session.id}/pre-checks`, { version: session.version, ...goodPrechecks }),
      );
      session = await ok(
        s.nurse.post(`/sessions/${session.id}/vitals`, {
          version: session.version,
          takenAt: clinic.iso(),
          ...normalVitals,
        }),
      );
      session = await ok(
        s.nurse.post(`/sessions/${session.id}/order`, {
          version: session.version,
          titrate: n > 1,
          vialId: im50,
          site: 'deltoid_left',
        }),
      );
      doses.push(session.order.mgPerKg as number);
      session = await ok(s.nurse.post(`/sessions/${session.id}/start`, { version: session.version, at: clinic.iso() }));
      expect(session.doseNumber).toBe(n);
      if (n === 1) expect(await statusOf()).toBe('in_induction');
      clinic.advance(61);
      session = await ok(
        s.nurse.post(`/sessions/${session.id}/vitals`, {
          version: session.version,
          takenAt: clinic.iso(),
          ...normalVitals,
        }),
      );
      await ok(
        s.nurse.post(`/sessions/${session.id}/discharge`, {
          version: session.version,
          speechAtBaseline: true,
          awarenessAtBaseline: true,
          purposefulMovement: true,
          companionPresent: true,
          collectedBy: 'Rowan Testcase',
          aftercareGiven: true,
        }),
      );
      expect(await statusOf()).toBe(n < 4 ? 'in_induction' : 'maintenance');
      // The series' sessions fall on different days (never two doses on one day, CLINICAL.md §4); the test's
      // clock stays inside one sign-in, so the session just finished is moved to an earlier clinic date.
      await clinic.t.db.pool.query('UPDATE treatment_sessions SET clinic_date = clinic_date - $2::int WHERE id = $1', [
        session.id,
        10 - 2 * n,
      ]);
      clinic.advance(10);
    }
    // 0.25, then one 0.1 step each session, capped at the plan's 0.5 mg/kg.
    expect(doses).toEqual([0.25, 0.35, 0.45, 0.5]);
  });
});
