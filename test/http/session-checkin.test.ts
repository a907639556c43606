import { describe, expect, it } from 'vitest';
import { bookSession, readyPatient, sessionClinic, sessionLocation } from './session-fixtures.js';

/**
 * Checking a patient in by hand (the board's "Check a patient in"): today's booking of the patient is theirs,
 * and a chair with a session in progress is not given twice. The clock starts on Thursday 26 November 2026 at
 * 05:00 in New York; check-in opens two hours before an appointment.
 */
const clinic = await sessionClinic('Check-in Clinic');
const { s } = clinic;
const here = await sessionLocation(clinic, 'Riverside');
const elsewhere = await sessionLocation(clinic, 'Hilltop');

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const sessionCount = async (): Promise<number> =>
  (await clinic.t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM treatment_sessions')).rows[0]!.n;
const appointmentStatus = async (id: string): Promise<string> =>
  (await clinic.as.coordinator.get(`/schedule/appointments/${id}`)).json<Json>().status as string;

describe('checking a patient in by hand', () => {
  it('takes the patient’s booking of today whose check-in is open, not a later one', async () => {
    const early = await readyPatient(clinic, {}, { given: 'Early', family: 'Arrival' });
    const booked = await bookSession(clinic, {
      patientId: early,
      locationId: here.locationId,
      chairId: here.chairIds[0]!,
      date: '2026-11-26',
      startTime: '07:00',
    });
    const res = await s.nurse.post('/sessions', { patientId: early, locationId: here.locationId, chair: 'Chair 1' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<Json>().appointmentId).toBe(booked.id);
    expect(await appointmentStatus(booked.id)).toBe('checked_in');

    // A booking this afternoon is not open for check-in yet: a session opened now stands apart from it.
    const later = await readyPatient(clinic, {}, { given: 'Later', family: 'Arrival' });
    const afternoon = await bookSession(clinic, {
      patientId: later,
      locationId: here.locationId,
      chairId: here.chairIds[1]!,
      date: '2026-11-26',
      startTime: '15:00',
    });
    const walkIn = await s.nurse.post('/sessions', { patientId: later, locationId: here.locationId, chair: 'Chair 2' });
    expect(walkIn.statusCode, walkIn.body).toBe(201);
    expect(walkIn.json<Json>().appointmentId).toBeNull();
    expect(await appointmentStatus(afternoon.id)).toBe('scheduled');
  });

  it('refuses a chair with a session in progress (409 chair_occupied at /body/chair), whatever its spelling', async () => {
    const first = await readyPatient(clinic, {}, { given: 'First', family: 'Sitter' });
    const second = await readyPatient(clinic, {}, { given: 'Second', family: 'Sitter' });
    const sitting = await s.nurse.post('/sessions', {
      patientId: first,
      locationId: here.locationId,
      chair: 'Chair 7',
    });
    expect(sitting.statusCode, sitting.body).toBe(201);
    const before = await sessionCount();
    for (const chair of ['Chair 7', '  chair   7 ']) {
      const res = await s.nurse.post('/sessions', { patientId: second, locationId: here.locationId, chair });
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json<Json>()).toMatchObject({ code: 'chair_occupied', errors: [{ path: '/body/chair' }] });
    }
    expect(await sessionCount()).toBe(before);
    // Once the first session has ended, the chair is free again.
    const ended = await s.nurse.post(`/sessions/${sitting.json<Json>().id}/end`, {
      version: sitting.json<Json>().version,
      reason: 'Felt unwell on arrival: rebooked',
    });
    expect(ended.statusCode, ended.body).toBe(200);
    const next = await s.nurse.post('/sessions', { patientId: second, locationId: here.locationId, chair: 'Chair 7' });
    expect(next.statusCode, next.body).toBe(201);
  });

  it('leaves a booking at another location alone: the session opens where the patient is', async () => {
    clinic.advance(4 * 60); // 09:00 in New York: a 10:00 booking is open for check-in
    const moved = await readyPatient(clinic, {}, { given: 'Moved', family: 'Elsewhere' });
    const bookedHere = await bookSession(clinic, {
      patientId: moved,
      locationId: here.locationId,
      chairId: here.chairIds[1]!,
      date: '2026-11-26',
      startTime: '10:00',
    });
    const there = await s.nurse.post('/sessions', {
      patientId: moved,
      locationId: elsewhere.locationId,
      chair: 'Chair 1',
    });
    expect(there.statusCode, there.body).toBe(201);
    expect(there.json<Json>().appointmentId).toBeNull();
    expect(await appointmentStatus(bookedHere.id)).toBe('scheduled');
  });
});
