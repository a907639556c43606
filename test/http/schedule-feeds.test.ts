import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { newPatient } from './chart-fixtures.js';
import { scheduleClinic } from './schedule-fixtures.js';

/** iCalendar feeds: RFC 5545 text from ical-generator, read back with ical.js. */
const clinic = await scheduleClinic('Feed Clinic');
const { as, t } = clinic;

const patientId = await newPatient(clinic, { given: 'Marlowe' });
const booked: { id: string; startsAt: string; endsAt: string }[] = [];
// Two appointments in early December.
for (const date of ['2026-12-01', '2026-12-03']) {
  const res = await as.coordinator.post('/schedule/appointments', {
    patientId,
    locationId: clinic.locationId,
    kind: 'esketamine_session',
    date,
    startTime: '09:30',
  });
  if (res.statusCode !== 201) throw new Error(res.body);
  booked.push(res.json());
}

describe('calendar feeds', () => {
  it('serves a patient feed: UID, DTSTAMP, TZID with VTIMEZONE, CRLF, folded lines, nothing clinical', async () => {
    const made = await as.coordinator.post('/schedule/feeds', { patientId });
    expect(made.statusCode, made.body).toBe(201);
    const url = new URL(made.json().url);
    expect(url.pathname).toMatch(/^\/api\/v1\/calendar-feeds\/[A-Za-z0-9_-]{43}\.ics$/);
    const res = await t.app.inject({ method: 'GET', url: url.pathname });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/calendar');
    const text = res.body;
    expect(text.split('\r\n').length).toBeGreaterThan(10);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    expect(text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    expect(text).not.toMatch(/ketamine|esketamine|infusion|session/i);

    const component = new ICAL.Component(ICAL.parse(text));
    const zones = component.getAllSubcomponents('vtimezone');
    expect(zones.map((z) => z.getFirstPropertyValue('tzid'))).toEqual(['America/New_York']);
    const events = component.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
    expect(events).toHaveLength(2);
    for (const [i, e] of events.entries()) {
      expect(e.uid).toBe(`${booked[i]!.id}@ketaclinic`);
      expect(e.summary).toBe('Appointment at Feed Clinic');
      expect(e.component.getFirstProperty('dtstart')?.getParameter('tzid')).toBe('America/New_York');
      expect(e.startDate.toString()).toContain('09:30:00');
      expect(e.startDate.toJSDate().toISOString()).toBe(booked[i]!.startsAt);
      expect(e.endDate.toJSDate().toISOString()).toBe(booked[i]!.endsAt);
      expect(e.component.getFirstPropertyValue('dtstamp')).toBeTruthy();
    }
  });

  it('is revocable: a revoked URL answers 410, an unknown one 404', async () => {
    const made = (await as.coordinator.post('/schedule/feeds', { patientId })).json();
    const path = new URL(made.url).pathname;
    expect((await t.app.inject({ method: 'GET', url: path })).statusCode).toBe(200);
    expect((await as.coordinator.delete(`/schedule/feeds/${made.id}`)).statusCode).toBe(200);
    const gone = await t.app.inject({ method: 'GET', url: path });
    expect(gone.statusCode).toBe(410);
    expect(gone.json().code).toBe('calendar_feed_revoked');
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/v1/calendar-feeds/${'x'.repeat(43)}.ics` })).statusCode,
    ).toBe(404);
  });

  it('serves a chair feed without patient names; a patient may make only their own', async () => {
    const made = await as.admin.post('/schedule/feeds', { chairId: clinic.chairIds[0] });
    expect(made.statusCode, made.body).toBe(201);
    const text = (await t.app.inject({ method: 'GET', url: new URL(made.json().url).pathname })).body;
    const events = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent');
    expect(events.length).toBe(2);
    expect(text).not.toContain('Marlowe');
    expect((await as.patient.post('/schedule/feeds', { patientId })).statusCode).toBe(403);
    const own = await as.patient.post('/schedule/feeds', { patientId: clinic.users.patient.patientId });
    expect(own.statusCode, own.body).toBe(201);
    expect((await as.patient.get('/schedule/feeds')).json().items).toHaveLength(1);
  });

  it('reads the VTIMEZONE back across a DST change (the observances ical.js uses)', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: new URL((await as.coordinator.post('/schedule/feeds', { patientId })).json().url).pathname,
    });
    const zone = new ICAL.Timezone(new ICAL.Component(ICAL.parse(res.body)).getFirstSubcomponent('vtimezone')!);
    const summer = ICAL.Time.fromData({ year: 2027, month: 7, day: 1, hour: 12, minute: 0, second: 0 }, zone);
    const winter = ICAL.Time.fromData({ year: 2027, month: 1, day: 10, hour: 12, minute: 0, second: 0 }, zone);
    expect(summer.toJSDate().toISOString()).toBe('2027-07-01T16:00:00.000Z');
    expect(winter.toJSDate().toISOString()).toBe('2027-01-10T17:00:00.000Z');
  });
});
