import { describe, expect, it } from 'vitest';
import {
  bookSession,
  cssrsLow,
  goodPrechecks,
  normalVitals,
  phq9Answers,
  readyPatient,
  sessionClinic,
  sessionLocation,
  stockVials,
} from './session-fixtures.js';

/**
 * A session checked in from a booked appointment (scheduling, decision 019): only this patient's dosing
 * visit, today, at its location opens a session; the appointment then follows the session (checked in →
 * in session → recovery → discharged); the board lists the day's booked patients not yet arrived.
 * The clock starts on Thursday 26 November 2026 at 05:00 in New York.
 */
const clinic = await sessionClinic('Session Appointment Clinic');
const { s } = clinic;
const here = await sessionLocation(clinic, 'Riverside');
const elsewhere = await sessionLocation(clinic, 'Hilltop');
const vialHere = (await stockVials(clinic, { locationId: here.locationId })).vialIds[0]!;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function ok(res: Promise<{ statusCode: number; body: string; json(): unknown }>, status = 200): Promise<Json> {
  const r = await res;
  expect(r.statusCode, r.body).toBe(status);
  return r.json() as Json;
}

const appointment = async (id: string): Promise<Json> => ok(clinic.as.coordinator.get(`/schedule/appointments/${id}`));
const sessionCount = async (): Promise<number> =>
  (await clinic.t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM treatment_sessions')).rows[0]!.n;

const ann = await readyPatient(clinic, {}, { given: 'Ann', family: 'Arrival' });
const ben = await readyPatient(clinic, {}, { given: 'Ben', family: 'Booked' });
const annToday = await bookSession(clinic, {
  patientId: ann,
  locationId: here.locationId,
  chairId: here.chairIds[0]!,
  date: '2026-11-26',
  startTime: '10:00',
});
const annTomorrow = await bookSession(clinic, {
  patientId: ann,
  locationId: here.locationId,
  chairId: here.chairIds[0]!,
  date: '2026-11-27',
  startTime: '10:00',
});
const benToday = await bookSession(clinic, {
  patientId: ben,
  locationId: here.locationId,
  chairId: here.chairIds[1]!,
  date: '2026-11-26',
  startTime: '12:00',
});
// 09:00 in New York: check-in for the 10:00 visit is open.
clinic.advance(4 * 60);

describe('a session checked in from a booked appointment', () => {
  it.each([
    ['another patient’s appointment', () => ({ patientId: ben, appointmentId: annToday.id }), /another patient/],
    ['an appointment on another day', () => ({ patientId: ann, appointmentId: annTomorrow.id }), /not today/],
    [
      'an appointment at another location',
      () => ({ patientId: ann, appointmentId: annToday.id, locationId: elsewhere.locationId }),
      /another location/,
    ],
    [
      'an appointment of another clinic (unknown here)',
      () => ({ patientId: ann, appointmentId: '01900000-0000-7000-8000-000000000000' }),
      /No such appointment/,
    ],
  ])('refuses %s with 422 and opens nothing', async (_label, body, message) => {
    const before = await sessionCount();
    const res = await s.coordinator.post('/sessions', body());
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json()).toMatchObject({
      code: 'session_appointment_mismatch',
      errors: [{ path: '/body/appointmentId' }],
    });
    expect(res.json().errors[0].message).toMatch(message);
    expect(await sessionCount()).toBe(before);
    expect((await appointment(annToday.id)).status).toBe('scheduled');
  });

  it('lists the booked patients not yet arrived per chair on the board, then follows the session through the day', async () => {
    let board = await ok(s.nurse.get(`/sessions/board?locationId=${here.locationId}`));
    expect(board.date).toBe('2026-11-26');
    expect(
      (board.expected as Json[]).map((e) => [e.patient.name as string, e.chair as string, e.status as string]),
    ).toEqual([
      ['Ann Arrival', 'Chair 1', 'scheduled'],
      ['Ben Booked', 'Chair 2', 'scheduled'],
    ]);
    const other = await ok(s.nurse.get(`/sessions/board?locationId=${elsewhere.locationId}`));
    expect(other.expected).toEqual([]);

    // The front desk checks Ann in from her appointment: the session opens at its location and chair.
    let session = await ok(s.coordinator.post('/sessions', { patientId: ann, appointmentId: annToday.id }), 201);
    expect(session).toMatchObject({ appointmentId: annToday.id, locationId: here.locationId, chair: 'Chair 1' });
    expect((await appointment(annToday.id)).status).toBe('checked_in');
    board = await ok(s.nurse.get(`/sessions/board?locationId=${here.locationId}`));
    expect((board.items as Json[]).map((i) => i.id as string)).toEqual([session.id]);
    expect((board.expected as Json[]).map((e) => e.appointmentId as string)).toEqual([benToday.id]);
    // The same appointment cannot open a second session.
    const again = await s.coordinator.post('/sessions', { patientId: ann, appointmentId: annToday.id });
    expect(again.statusCode).toBe(409);
    // Nobody moves the appointment by hand any more: the session does.
    for (const [who, status] of [
      ['nurse', 'in_session'],
      ['coordinator', 'cancelled'],
    ] as const) {
      const byHand = await clinic.as[who].post(`/schedule/appointments/${annToday.id}/status`, {
        status,
        version: (await appointment(annToday.id)).version,
        reason: 'Changed my mind',
      });
      expect(byHand.statusCode, byHand.body).toBe(409);
      expect(byHand.json().errors[0].message).toMatch(/treatment session moves this appointment/);
    }
    expect((await appointment(annToday.id)).status).toBe('checked_in');

    const id = session.id as string;
    for (const [instrumentId, answers] of [
      ['phq9', phq9Answers],
      ['cssrs_screener', cssrsLow],
    ] as const) {
      session = await ok(
        s.nurse.post(`/sessions/${id}/questionnaires`, { version: session.version, instrumentId, answers }),
      );
    }
    session = await ok(s.nurse.post(`/sessions/${id}/pre-checks`, { version: session.version, ...goodPrechecks }));
    clinic.advance(2);
    session = await ok(
      s.nurse.post(`/sessions/${id}/vitals`, { version: session.version, takenAt: clinic.iso(), ...normalVitals }),
    );
    session = await ok(
      s.nurse.post(`/sessions/${id}/order`, {
        version: session.version,
        titrate: false,
        vialId: vialHere,
        diluent: 'sodium_chloride_0_9',
        finalVolumeMl: 100,
      }),
    );
    session = await ok(
      s.nurse.post(`/sessions/${id}/start`, {
        version: session.version,
        at: clinic.iso(),
      }),
    );
    expect((await appointment(annToday.id)).status).toBe('in_session');
    clinic.advance(40);
    session = await ok(
      s.nurse.post(`/sessions/${id}/infusion`, {
        version: session.version,
        kind: 'stop',
        at: clinic.iso(),
        volumeInfusedMl: 100,
      }),
    );
    expect((await appointment(annToday.id)).status).toBe('recovery');
    clinic.advance(61);
    session = await ok(
      s.nurse.post(`/sessions/${id}/vitals`, { version: session.version, takenAt: clinic.iso(), ...normalVitals }),
    );
    await ok(
      s.nurse.post(`/sessions/${id}/discharge`, {
        version: session.version,
        speechAtBaseline: true,
        awarenessAtBaseline: true,
        purposefulMovement: true,
        companionPresent: true,
        collectedBy: 'Rowan Testcase',
        aftercareGiven: true,
      }),
    );
    expect((await appointment(annToday.id)).status).toBe('discharged');
    const actions = await clinic.t.db.pool.query<{ action: string }>(
      "SELECT action FROM audit_log WHERE resource_id = $1 AND action LIKE 'appointment.%' AND action NOT IN ('appointment.book', 'appointment.read') ORDER BY id",
      [annToday.id],
    );
    expect(actions.rows.map((r) => r.action)).toEqual([
      'appointment.checked_in',
      'appointment.in_session',
      'appointment.recovery',
      'appointment.discharged',
    ]);
  });

  it('refuses a non-dosing appointment and a cancelled one', async () => {
    const cara = await readyPatient(clinic, {}, { given: 'Cara', family: 'Followup' });
    const res = await clinic.as.coordinator.post('/schedule/appointments', {
      patientId: cara,
      locationId: here.locationId,
      kind: 'follow_up',
      date: '2026-11-26',
      startTime: '15:00',
    });
    expect(res.statusCode, res.body).toBe(201);
    const followUp = await s.coordinator.post('/sessions', { patientId: cara, appointmentId: res.json().id });
    expect(followUp.statusCode).toBe(422);
    expect(followUp.json().errors[0].message).toMatch(/dosing/);

    const cancelled = await ok(
      clinic.as.coordinator.post(`/schedule/appointments/${benToday.id}/status`, {
        status: 'cancelled',
        version: (await appointment(benToday.id)).version,
        reason: 'Unwell today',
      }),
    );
    expect(cancelled.status).toBe('cancelled');
    const late = await s.coordinator.post('/sessions', { patientId: ben, appointmentId: benToday.id });
    expect(late.statusCode).toBe(422);
    expect(late.json().errors[0].message).toMatch(/not open for check-in/);
  });
});
