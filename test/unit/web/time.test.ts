import { afterEach, describe, expect, it } from 'vitest';
import {
  addDays,
  clinicDateOf,
  clinicMidnight,
  formatDate,
  formatDateTime,
  isoWeekday,
  parseUsDate,
  setClinicTimeZone,
} from '../../../web/src/shared/time.js';

describe('clinic time formatting (web/src/shared/time)', () => {
  afterEach(() => setClinicTimeZone('America/New_York'));

  it('shows an instant in the clinic zone, not the machine zone', () => {
    setClinicTimeZone('America/Los_Angeles');
    expect(formatDateTime('2026-11-26T01:30:00Z')).toBe('Nov 25, 2026, 5:30 PM');
    setClinicTimeZone('America/New_York');
    expect(formatDateTime('2026-11-26T01:30:00Z')).toBe('Nov 25, 2026, 8:30 PM');
    expect(formatDateTime(null)).toBe('Never');
  });

  it('ignores a zone the browser does not know', () => {
    setClinicTimeZone('Mars/Olympus_Mons');
    expect(formatDateTime('2026-11-26T01:30:00Z')).toBe('Nov 25, 2026, 8:30 PM');
  });

  it('gives the clinic day of an instant, across midnight UTC', () => {
    expect(clinicDateOf('2026-11-26T03:00:00Z')).toBe('2026-11-25');
    expect(clinicDateOf('2026-11-26T06:00:00Z')).toBe('2026-11-26');
  });

  it('finds the clinic midnight on normal and daylight-saving days', () => {
    expect(clinicMidnight('2026-11-26').toISOString()).toBe('2026-11-26T05:00:00.000Z');
    expect(clinicMidnight('2026-07-04').toISOString()).toBe('2026-07-04T04:00:00.000Z');
    expect(clinicMidnight('2026-03-08').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(clinicMidnight('2026-11-01').toISOString()).toBe('2026-11-01T04:00:00.000Z');
  });

  it.each([
    ['06/14/1985', '1985-06-14'],
    ['6/4/1985', '1985-06-04'],
    ['06-14-1985', '1985-06-14'],
    ['1985-06-14', '1985-06-14'],
    ['02/29/2024', '2024-02-29'],
    ['02/29/2025', null],
    ['13/01/1985', null],
    ['14/06/1985', null],
    ['June 14', null],
    ['', null],
  ])('reads %j as %j', (text, iso) => {
    expect(parseUsDate(text)).toBe(iso);
  });

  it('writes calendar dates the US way and counts days', () => {
    expect(formatDate('1985-06-14')).toBe('06/14/1985');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(isoWeekday('2026-11-30')).toBe(1);
    expect(isoWeekday('2026-12-06')).toBe(7);
  });
});
