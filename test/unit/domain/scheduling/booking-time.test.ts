import { describe, expect, it } from 'vitest';
import { resolveBookingTime } from '../../../../src/domain/scheduling/index.js';
import { calendar, thrown } from './fixtures.js';

const ny = calendar('America/New_York', ['2026-12-25']);
const london = calendar('Europe/London');
const allDays = { ...ny, openingHours: { ...ny.openingHours, sun: { opens: '00:00', closes: '23:59' } } };
const now = new Date('2026-03-01T12:00:00Z');

describe('resolving a requested appointment time', () => {
  it('stores a New York 10:00 in winter as 15:00 UTC and after spring-forward as 14:00 UTC', () => {
    expect(resolveBookingTime({ date: '2026-03-06', startTime: '10:00', minutes: 115 }, ny, now)).toEqual({
      startsAt: new Date('2026-03-06T15:00:00Z'),
      endsAt: new Date('2026-03-06T16:55:00Z'),
    });
    expect(resolveBookingTime({ date: '2026-03-09', startTime: '10:00', minutes: 115 }, ny, now).startsAt).toEqual(
      new Date('2026-03-09T14:00:00Z'),
    );
  });

  it('stores a London 10:00 as 10:00 UTC before 29 March and 09:00 UTC after', () => {
    expect(resolveBookingTime({ date: '2026-03-27', startTime: '10:00', minutes: 60 }, london, now).startsAt).toEqual(
      new Date('2026-03-27T10:00:00Z'),
    );
    expect(resolveBookingTime({ date: '2026-03-30', startTime: '10:00', minutes: 60 }, london, now).startsAt).toEqual(
      new Date('2026-03-30T09:00:00Z'),
    );
  });

  it.each([
    ['02:30 on the New York spring-forward day', allDays, '2026-03-08', '02:30', 'time_in_dst_gap', '/startTime'],
    [
      '01:30 on the London spring-forward day',
      { ...allDays, timeZone: 'Europe/London' },
      '2026-03-29',
      '01:30',
      'time_in_dst_gap',
      '/startTime',
    ],
    ['a Sunday (no opening hours)', ny, '2026-03-08', '10:00', 'location_closed', '/date'],
    ['a holiday', ny, '2026-12-25', '10:00', 'location_closed', '/date'],
    ['before opening', ny, '2026-03-09', '07:45', 'outside_opening_hours', '/startTime'],
    ['ending after closing (16:30 + 115 min)', ny, '2026-03-09', '16:30', 'outside_opening_hours', '/startTime'],
    ['in the past', ny, '2026-02-27', '10:00', 'appointment_in_past', '/date'],
    ['an impossible date', ny, '2026-02-30', '10:00', 'validation_failed', '/date'],
    ['a malformed time', ny, '2026-03-09', '25:00', 'validation_failed', '/startTime'],
  ])('refuses %s', (_label, cal, date, startTime, code, path) => {
    const error = thrown(() => resolveBookingTime({ date, startTime, minutes: 115 }, cal, now));
    expect(error.code).toBe(code);
    expect(error.errors[0]?.path).toBe(path);
  });

  it('accepts the last start that still ends at closing (16:05 + 115 min = 18:00) and refuses one minute later', () => {
    expect(() => resolveBookingTime({ date: '2026-03-09', startTime: '16:05', minutes: 115 }, ny, now)).not.toThrow();
    expect(
      thrown(() => resolveBookingTime({ date: '2026-03-09', startTime: '16:06', minutes: 115 }, ny, now)).code,
    ).toBe('outside_opening_hours');
  });

  it('refuses an end before (or at) the start, and an end that leaves less than the type needs', () => {
    expect(
      thrown(() =>
        resolveBookingTime({ date: '2026-03-09', startTime: '10:00', endTime: '09:00', minutes: 60 }, ny, now),
      ).code,
    ).toBe('appointment_end_before_start');
    expect(
      thrown(() =>
        resolveBookingTime({ date: '2026-03-09', startTime: '10:00', endTime: '10:00', minutes: 60 }, ny, now),
      ).code,
    ).toBe('appointment_end_before_start');
    const short = thrown(() =>
      resolveBookingTime({ date: '2026-03-09', startTime: '10:00', endTime: '10:30', minutes: 60 }, ny, now),
    );
    expect(short.code).toBe('validation_failed');
    expect(short.errors[0]?.path).toBe('/endTime');
  });

  it('accepts a longer block than the type needs', () => {
    expect(
      resolveBookingTime({ date: '2026-03-09', startTime: '10:00', endTime: '12:30', minutes: 60 }, ny, now).endsAt,
    ).toEqual(new Date('2026-03-09T16:30:00Z'));
  });

  it('takes the earlier instant of an ambiguous fall-back time (01:30 on 2026-11-01 in New York)', () => {
    const open = { ...allDays };
    const at = resolveBookingTime({ date: '2026-11-01', startTime: '01:30', minutes: 20 }, open, now);
    expect(at.startsAt).toEqual(new Date('2026-11-01T05:30:00Z'));
  });
});
