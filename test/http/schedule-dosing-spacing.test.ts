import { describe, expect, it } from 'vitest';
import { measure, newPatient, planContent, signedAssessment, signedConsent } from './chart-fixtures.js';
import { scheduleClinic } from './schedule-fixtures.js';

/**
 * Moving a dosing appointment keeps the spacing between the patient's doses (CLINICAL.md §4: never two
 * on the same day; the signed plan's protocol sets the minimum — alternate days by default).
 */
const clinic = await scheduleClinic('Dosing Spacing Clinic');
const { as } = clinic;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A patient with a signed IM induction plan (80-minute IM sessions: 15 + 5 + 60). */
async function patientWithImPlan(given: string): Promise<string> {
  const patientId = await newPatient(clinic, { given });
  await measure(clinic, patientId, 80, 175);
  await signedAssessment(clinic, patientId);
  await signedConsent(clinic, patientId, clinic.templateVersionId);
  const draft = await as.prescriber.post(`/patients/${patientId}/plans`, {
    content: {
      ...planContent,
      route: 'IM',
      infusionMinutes: null,
      titration: { stepMgPerKg: 0.1, maxMgPerKg: 0.5 },
    },
  });
  expect(draft.statusCode, draft.body).toBe(201);
  const signed = await as.prescriber.post(`/patients/${patientId}/plans/${draft.json().id}/sign`, {
    version: draft.json().version,
  });
  expect(signed.statusCode, signed.body).toBe(200);
  return patientId;
}

async function book(patientId: string, kind: string, date: string, startTime: string): Promise<Json> {
  const res = await as.coordinator.post('/schedule/appointments', {
    patientId,
    locationId: clinic.locationId,
    kind,
    date,
    startTime,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/** Moves an appointment into any free chair, from its current version. */
async function move(id: string, date: string, startTime: string) {
  const current = (await as.coordinator.get(`/schedule/appointments/${id}`)).json();
  return as.coordinator.post(`/schedule/appointments/${id}/reschedule`, { date, startTime, version: current.version });
}

async function reschedules(id: string): Promise<number> {
  const res = await clinic.t.db.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM audit_log WHERE action = 'appointment.reschedule' AND resource_id = $1`,
    [id],
  );
  return res.rows[0]!.n;
}

describe('moving a dosing appointment keeps the spacing between the patient’s doses', () => {
  it('refuses a second IM session on the same day (or a day apart) with 422 naming the clash; changes nothing', async () => {
    const patientId = await patientWithImPlan('Saffron');
    const first = await book(patientId, 'im_session', '2026-12-01', '10:00');
    const second = await book(patientId, 'im_session', '2026-12-08', '10:00');

    const a = await move(first.id, '2026-12-05', '09:30');
    expect(a.statusCode, a.body).toBe(200);
    expect(a.json()).toMatchObject({ localDate: '2026-12-05', startTime: '09:30' });

    const sameDay = await move(second.id, '2026-12-05', '11:00');
    expect(sameDay.statusCode, sameDay.body).toBe(422);
    expect(sameDay.headers['content-type']).toContain('application/problem+json');
    const problem = sameDay.json();
    expect(problem.code).toBe('dosing_too_close');
    expect(problem.errors).toHaveLength(1);
    expect(problem.errors[0].path).toBe('/body/date');
    expect(problem.errors[0].message).toContain('2026-12-05 at 09:30');
    expect(problem.errors[0].message).toContain('same day');
    expect(problem.detail).toBe(
      'Not moved: this IM ketamine session is too close to the patient’s IM ketamine session on 2026-12-05 at 09:30 (never two dosing sessions on the same day).',
    );
    expect(problem.details).toMatchObject({
      reason: 'dosing_too_close',
      clashes: [{ clashesWith: { id: first.id, date: '2026-12-05', startTime: '09:30' }, rule: 'same_day' }],
    });

    // A day apart is too close under the default alternate-day spacing.
    const nextDay = await move(second.id, '2026-12-04', '10:00');
    expect(nextDay.statusCode, nextDay.body).toBe(422);
    expect(nextDay.json().errors[0]).toMatchObject({ path: '/body/date' });
    expect(nextDay.json().errors[0].message).toContain('at least 2 days apart');

    // Nothing changed.
    const unchanged = (await as.coordinator.get(`/schedule/appointments/${second.id}`)).json();
    expect(unchanged).toMatchObject({ localDate: '2026-12-08', startTime: '10:00', version: second.version });
    expect(await reschedules(second.id)).toBe(0);

    // Exactly two days apart is allowed.
    const twoDays = await move(second.id, '2026-12-07', '09:30');
    expect(twoDays.statusCode, twoDays.body).toBe(200);

    // A visit without a dose may share the day with a dose.
    const followUp = await book(patientId, 'follow_up', '2026-12-09', '14:00');
    const followUpMoved = await move(followUp.id, '2026-12-07', '14:00');
    expect(followUpMoved.statusCode, followUpMoved.body).toBe(200);

    // Once the first session is cancelled, its day is free for the other.
    const current = (await as.coordinator.get(`/schedule/appointments/${first.id}`)).json();
    const cancelled = await as.coordinator.post(`/schedule/appointments/${first.id}/status`, {
      status: 'cancelled',
      version: current.version,
      reason: 'Patient asked to move it',
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const afterCancel = await move(second.id, '2026-12-05', '11:00');
    expect(afterCancel.statusCode, afterCancel.body).toBe(200);
  });

  it('two moves of one patient’s sessions to the same day at once: one is made, the other refused', async () => {
    const patientId = await patientWithImPlan('Tansy');
    const first = await book(patientId, 'im_session', '2026-12-02', '10:00');
    const second = await book(patientId, 'im_session', '2026-12-03', '13:00');
    const results = await Promise.all([
      as.coordinator.post(`/schedule/appointments/${first.id}/reschedule`, {
        date: '2026-12-11',
        startTime: '09:00',
        version: first.version,
      }),
      as.coordinator.post(`/schedule/appointments/${second.id}/reschedule`, {
        date: '2026-12-11',
        startTime: '11:00',
        version: second.version,
      }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 422]);
    const days = await clinic.t.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM appointments
        WHERE patient_id = $1 AND (starts_at AT TIME ZONE 'America/New_York')::date = '2026-12-11'`,
      [patientId],
    );
    expect(days.rows[0]!.n).toBe(1);
  });

  it('without a signed plan (esketamine) only the same day is refused', async () => {
    const patientId = await newPatient(clinic, { given: 'Yarrow' });
    await book(patientId, 'esketamine_session', '2026-12-14', '09:00');
    const other = await book(patientId, 'esketamine_session', '2026-12-16', '09:00');
    const sameDay = await move(other.id, '2026-12-14', '13:00');
    expect(sameDay.statusCode, sameDay.body).toBe(422);
    expect(sameDay.json().errors[0]).toMatchObject({ path: '/body/date' });
    expect(sameDay.json().errors[0].message).toContain('Esketamine session on 2026-12-14 at 09:00');
    const nextDay = await move(other.id, '2026-12-15', '09:00');
    expect(nextDay.statusCode, nextDay.body).toBe(200);
  });
});

describe('booking one dosing appointment by hand', () => {
  it('refuses a second dose on the same day: 422 dosing_too_close, nothing booked', async () => {
    const patientId = await patientWithImPlan('Juniper');
    await book(patientId, 'im_session', '2026-12-16', '10:00');
    const sameDay = await as.coordinator.post('/schedule/appointments', {
      patientId,
      locationId: clinic.locationId,
      kind: 'im_session',
      date: '2026-12-16',
      startTime: '13:00',
    });
    expect(sameDay.statusCode, sameDay.body).toBe(422);
    expect(sameDay.json()).toMatchObject({ code: 'dosing_too_close', errors: [{ path: '/body/date' }] });
    expect(sameDay.json().detail).toContain('Not booked');
    const booked = await clinic.t.db.pool.query('SELECT 1 FROM appointments WHERE patient_id = $1', [patientId]);
    expect(booked.rowCount).toBe(1);
  });
});
