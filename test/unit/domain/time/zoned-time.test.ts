import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DomainError } from '../../../../src/domain/errors.js';
import {
  addDays,
  daysBetween,
  fromDayNumber,
  dayNumber,
  isLocalDate,
  isLocalTime,
  weekdayOf,
} from '../../../../src/domain/time/local-date.js';
import { zoneRules } from '../../../../src/domain/time/zoned-time.js';

describe('local dates', () => {
  it.each([
    ['1970-01-01', 'thu'],
    ['2026-03-08', 'sun'],
    ['2026-11-01', 'sun'],
    ['2024-02-29', 'thu'],
    ['2000-01-01', 'sat'],
  ])('%s is a %s', (date, weekday) => {
    expect(weekdayOf(date)).toBe(weekday);
  });

  it.each([
    ['2026-02-28', 1, '2026-03-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-01', -1, '2026-02-28'],
  ])('%s plus %i day is %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
    expect(daysBetween(date, expected)).toBe(days);
  });

  it.each(['2026-02-29', '2026-13-01', '2026-1-01', '2026-04-31', ''])('rejects %j as a date', (value) => {
    expect(isLocalDate(value)).toBe(false);
  });
  it.each(['24:00', '9:00', '10:60', 'ab:cd'])('rejects %j as a time', (value) => {
    expect(isLocalTime(value)).toBe(false);
  });

  it('day numbers round-trip for any date between 1900 and 2200', () => {
    fc.assert(
      fc.property(fc.integer({ min: -25567, max: 84000 }), (days) => {
        const date = fromDayNumber(days);
        expect(isLocalDate(date)).toBe(true);
        expect(dayNumber(date)).toBe(days);
        expect(date).toBe(new Date(days * 86_400_000).toISOString().slice(0, 10));
      }),
    );
  });
});

describe('local time ↔ UTC across DST', () => {
  const ny = zoneRules('America/New_York');
  const london = zoneRules('Europe/London');

  it.each([
    // America/New_York springs forward 2026-03-08 02:00 EST → 03:00 EDT, falls back 2026-11-01 02:00 EDT → 01:00 EST.
    [ny, '2026-03-07', '10:00', '2026-03-07T15:00:00.000Z', 'exact'],
    [ny, '2026-03-08', '10:00', '2026-03-08T14:00:00.000Z', 'exact'],
    [ny, '2026-03-09', '10:00', '2026-03-09T14:00:00.000Z', 'exact'],
    [ny, '2026-10-31', '10:00', '2026-10-31T14:00:00.000Z', 'exact'],
    [ny, '2026-11-01', '10:00', '2026-11-01T15:00:00.000Z', 'exact'],
    [ny, '2026-03-08', '02:30', '2026-03-08T07:30:00.000Z', 'gap_shifted_later'], // = 03:30 EDT
    [ny, '2026-03-08', '02:00', '2026-03-08T07:00:00.000Z', 'gap_shifted_later'], // = 03:00 EDT
    [ny, '2026-03-08', '03:00', '2026-03-08T07:00:00.000Z', 'exact'],
    [ny, '2026-11-01', '01:30', '2026-11-01T05:30:00.000Z', 'ambiguous_earlier'], // 01:30 EDT, not EST
    [ny, '2026-11-01', '02:00', '2026-11-01T07:00:00.000Z', 'exact'],
    // Europe/London: BST from 2026-03-29 01:00 GMT to 2026-10-25 02:00 BST.
    [london, '2026-03-28', '10:00', '2026-03-28T10:00:00.000Z', 'exact'],
    [london, '2026-03-29', '10:00', '2026-03-29T09:00:00.000Z', 'exact'],
    [london, '2026-03-29', '01:30', '2026-03-29T01:30:00.000Z', 'gap_shifted_later'], // = 02:30 BST
    [london, '2026-10-25', '01:30', '2026-10-25T00:30:00.000Z', 'ambiguous_earlier'],
    [london, '2026-10-26', '10:00', '2026-10-26T10:00:00.000Z', 'exact'],
  ] as const)('%#: %s %s → %s (%s)', (zone, date, time, iso, resolution) => {
    const result = zone.fromLocal(date, time);
    expect(result.instant.toISOString()).toBe(iso);
    expect(result.resolution).toBe(resolution);
  });

  it('reads instants back as the local wall clock', () => {
    expect(ny.toLocal(new Date('2026-03-08T14:00:00Z'))).toEqual({ date: '2026-03-08', time: '10:00' });
    expect(ny.toLocal(new Date('2026-11-01T06:30:00Z'))).toEqual({ date: '2026-11-01', time: '01:30' });
    expect(london.toLocal(new Date('2026-06-30T23:30:00Z'))).toEqual({ date: '2026-07-01', time: '00:30' });
  });

  it('handles half-hour zones and southern-hemisphere DST (Australia/Adelaide, Asia/Kolkata)', () => {
    expect(zoneRules('Asia/Kolkata').fromLocal('2026-03-08', '10:00').instant.toISOString()).toBe(
      '2026-03-08T04:30:00.000Z',
    );
    // Adelaide is UTC+10:30 in January (daylight time), UTC+9:30 in July.
    expect(zoneRules('Australia/Adelaide').fromLocal('2026-01-15', '10:00').instant.toISOString()).toBe(
      '2026-01-14T23:30:00.000Z',
    );
    expect(zoneRules('Australia/Adelaide').fromLocal('2026-07-15', '10:00').instant.toISOString()).toBe(
      '2026-07-15T00:30:00.000Z',
    );
  });

  it('round-trips every whole-minute local time that exists, in New York and London (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(ny, london),
        fc.integer({ min: dayNumber('2025-01-01'), max: dayNumber('2027-12-31') }),
        fc.integer({ min: 0, max: 1439 }),
        (zone, day, minute) => {
          const date = fromDayNumber(day);
          const time = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
          const result = zone.fromLocal(date, time);
          if (result.resolution !== 'gap_shifted_later') {
            expect(zone.toLocal(result.instant)).toEqual({ date, time });
          } else {
            expect(zone.toLocal(result.instant).time > time).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('refuses an unknown time zone with a field error', () => {
    expect(() => zoneRules('Mars/Olympus_Mons')).toThrow(DomainError);
    try {
      zoneRules('Mars/Olympus_Mons');
    } catch (error) {
      expect((error as DomainError).code).toBe('validation_failed');
      expect((error as DomainError).errors[0]?.path).toBe('/timeZone');
    }
  });
});
