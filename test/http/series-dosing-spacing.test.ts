import { describe, expect, it } from 'vitest';
import { appointmentCount, patientWithSignedPlan, scheduleClinic } from './schedule-fixtures.js';

/**
 * "Book the series" keeps the spacing against the doses the patient already has booked, in the proposal
 * (a day too close is passed over) and, whatever the proposal said, on booking (422 naming the clash).
 */
const clinic = await scheduleClinic('Series Spacing Clinic');
const { as } = clinic;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function bookIv(patientId: string, date: string, startTime = '10:00'): Promise<Json> {
  const res = await as.coordinator.post('/schedule/appointments', {
    patientId,
    locationId: clinic.locationId,
    kind: 'iv_session',
    date,
    startTime,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const dayGap = (a: string, b: string): number => Math.abs(Date.parse(a) - Date.parse(b)) / 86_400_000;

describe('a six-session series for a patient with doses already booked on 10 and 15 December', () => {
  const naive = ['2026-12-04', '2026-12-07', '2026-12-09', '2026-12-11', '2026-12-14', '2026-12-16'];

  it('proposes days at least the minimum spacing from them, refuses the days next to them, books the proposal', async () => {
    const patientId = await patientWithSignedPlan(clinic, 'Betony');
    const dec10 = await bookIv(patientId, '2026-12-10');
    await bookIv(patientId, '2026-12-15');

    const proposal = await as.coordinator.post('/schedule/series/proposal', {
      patientId,
      locationId: clinic.locationId,
      startDate: '2026-12-04',
    });
    expect(proposal.statusCode, proposal.body).toBe(200);
    const dates = proposal.json().sessions.map((s: Json) => s.date as string);
    expect(dates).toEqual(['2026-12-04', '2026-12-07', '2026-12-12', '2026-12-17', '2026-12-19', '2026-12-21']);
    for (const d of dates)
      for (const booked of ['2026-12-10', '2026-12-15']) expect(dayGap(d, booked)).toBeGreaterThanOrEqual(2);

    // The dates a proposal ignoring them would give: refused on booking, naming each clash; nothing booked.
    const before = await appointmentCount(clinic);
    const refused = await as.coordinator.post('/schedule/series', {
      patientId,
      locationId: clinic.locationId,
      sessions: naive.map((date) => ({ date, startTime: '10:00' })),
    });
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json().errors.map((e: Json) => e.path as string)).toEqual([
      '/body/sessions/2/date',
      '/body/sessions/3/date',
      '/body/sessions/4/date',
      '/body/sessions/5/date',
    ]);
    expect(refused.json().errors[0].message).toContain('2026-12-10 at 10:00');
    expect(refused.json().errors[2].message).toContain('2026-12-15 at 10:00');
    expect(refused.json().detail).toContain('not booked: session 3 is too close');
    expect(refused.json().details.clashes[0]).toMatchObject({ clashesWith: { id: dec10.id, date: '2026-12-10' } });
    expect(await appointmentCount(clinic)).toBe(before);

    const booked = await as.coordinator.post('/schedule/series', {
      patientId,
      locationId: clinic.locationId,
      sessions: proposal.json().sessions.map((s: Json) => ({ date: s.date, startTime: s.startTime })),
    });
    expect(booked.statusCode, booked.body).toBe(201);
    expect(booked.json().appointments.map((a: Json) => a.localDate as string)).toEqual(dates);
    expect(await appointmentCount(clinic)).toBe(before + 6);

    // A cancelled third session is re-planned and re-booked away from the single bookings too.
    const third = booked.json().appointments[2];
    const cancelled = await as.coordinator.post(`/schedule/appointments/${third.id}/status`, {
      status: 'cancelled',
      version: third.version,
      reason: 'Unwell',
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const tooClose = await as.coordinator.post(`/schedule/appointments/${third.id}/replacement`, {
      date: '2026-12-09',
      startTime: '10:00',
    });
    expect(tooClose.statusCode, tooClose.body).toBe(422);
    expect(tooClose.json().errors[0]).toMatchObject({ path: '/body/date' });
    expect(tooClose.json().errors[0].message).toContain('2026-12-10 at 10:00');
    const replan = await as.coordinator.post(`/schedule/appointments/${third.id}/replan`);
    expect(replan.statusCode, replan.body).toBe(200);
    for (const day of ['2026-12-10', '2026-12-15']) expect(dayGap(replan.json().date, day)).toBeGreaterThanOrEqual(2);
  });

  it('a cancelled booked dose does not hold the series back', async () => {
    const patientId = await patientWithSignedPlan(clinic, 'Clary');
    const dose = await bookIv(patientId, '2026-12-10', '14:00');
    const cancelled = await as.coordinator.post(`/schedule/appointments/${dose.id}/status`, {
      status: 'cancelled',
      version: dose.version,
      reason: 'Booked by mistake',
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const proposal = await as.coordinator.post('/schedule/series/proposal', {
      patientId,
      locationId: clinic.locationId,
      startDate: '2026-12-04',
      preferredTime: '14:00',
    });
    expect(proposal.statusCode, proposal.body).toBe(200);
    expect(proposal.json().sessions.map((s: Json) => s.date as string)).toEqual(naive);
  });
});
