import { describe, expect, it } from 'vitest';
import { composeReminderEmail, vtimezone, zoneTransitions } from '../../../../src/domain/scheduling/index.js';

describe('reminder email', () => {
  const email = composeReminderEmail({
    givenName: 'Wren',
    clinicName: 'Harbor Clinic',
    locationName: 'Midtown',
    localDate: '2026-03-09',
    startTime: '10:00',
    confirmUrl: 'https://clinic.example.test/confirm/abc',
    fastingSolidsHours: 6,
    clearFluidsHours: 2,
    hoursBefore: 48,
  });

  it('says only "your appointment", with the day and time', () => {
    expect(email.subject).toBe('Your appointment on Monday 9 March at 10:00');
    expect(`${email.subject}\n${email.text}`).not.toMatch(
      /ketamine|infusion|session|dose|treatment|depress|\bIV\b|\bIM\b/i,
    );
  });

  it('gives the preparation: fasting from the protocol, a companion, no driving, and the confirmation link', () => {
    expect(email.text).toContain('Do not eat anything for 6 hours');
    expect(email.text).toContain('until 2 hours before');
    expect(email.text).toContain('Bring an adult who can take you home');
    expect(email.text).toContain('Do not drive');
    expect(email.text).toContain('https://clinic.example.test/confirm/abc');
  });
});

describe('VTIMEZONE from the zone rules', () => {
  const from = Date.parse('2026-01-01T00:00:00Z');
  const to = Date.parse('2027-01-01T00:00:00Z');

  it.each([
    ['America/New_York', '2026-03-08T07:00:00.000Z', -300, -240, '2026-11-01T06:00:00.000Z'],
    ['Europe/London', '2026-03-29T01:00:00.000Z', 0, 60, '2026-10-25T01:00:00.000Z'],
  ])('finds the 2026 changes in %s', (zone, spring, winter, summer, autumn) => {
    const t = zoneTransitions(zone, from, to);
    expect(t.map((x) => new Date(x.atMs).toISOString())).toEqual([spring, autumn]);
    expect(t[0]).toMatchObject({ fromMinutes: winter, toMinutes: summer });
  });

  it('writes observances with DTSTART in the wall clock before the change', () => {
    const text = vtimezone('America/New_York', from, to);
    expect(text.split('\r\n')).toEqual([
      'BEGIN:VTIMEZONE',
      'TZID:America/New_York',
      'BEGIN:STANDARD',
      'DTSTART:20251231T190000',
      'TZOFFSETFROM:-0500',
      'TZOFFSETTO:-0500',
      'END:STANDARD',
      'BEGIN:DAYLIGHT',
      'DTSTART:20260308T020000',
      'TZOFFSETFROM:-0500',
      'TZOFFSETTO:-0400',
      'END:DAYLIGHT',
      'BEGIN:STANDARD',
      'DTSTART:20261101T020000',
      'TZOFFSETFROM:-0400',
      'TZOFFSETTO:-0500',
      'END:STANDARD',
      'END:VTIMEZONE',
    ]);
  });
});
