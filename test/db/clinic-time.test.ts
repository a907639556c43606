import { describe, expect, it } from 'vitest';
import { clinicToday, localDateAt } from '../../src/app/clinic-time.js';
import { PublicClinic } from '../../src/app/public-site/public-clinic.js';
import { createTestDatabase } from '../setup/database.js';

// The clinic-local "today" (src/app/clinic-time.ts): one computation for the chart, the ledger, the public
// intake's age rule, scheduling and assessments. A US clinic's evening is already tomorrow in UTC
// (CLINICAL.md §1: ages on the clinic's date).
const db = await createTestDatabase();
const organization = async (timeZone: string): Promise<string> =>
  (
    await db.pool.query<{ id: string }>(`INSERT INTO organizations (name, time_zone) VALUES ($1, $2) RETURNING id`, [
      `Clinic Time ${timeZone}`,
      timeZone,
    ])
  ).rows[0]!.id;

describe('localDateAt: the local calendar date of an instant in a time zone', () => {
  it.each([
    // [instant (UTC), time zone, local date]
    ['2026-06-15T03:59:59Z', 'America/New_York', '2026-06-14'], // 23:59:59 EDT
    ['2026-06-15T04:00:00Z', 'America/New_York', '2026-06-15'], // midnight EDT
    ['2026-01-15T04:59:59Z', 'America/New_York', '2026-01-14'], // 23:59:59 EST
    ['2026-01-15T05:00:00Z', 'America/New_York', '2026-01-15'],
    ['2026-03-08T07:59:59Z', 'America/Los_Angeles', '2026-03-07'], // the night clocks go forward
    ['2026-03-08T10:00:00Z', 'America/Los_Angeles', '2026-03-08'],
    ['2026-11-01T06:59:59Z', 'America/Los_Angeles', '2026-10-31'], // 23:59:59 PDT, before clocks go back
    ['2026-06-15T09:59:59Z', 'Pacific/Honolulu', '2026-06-14'],
    ['2026-06-15T10:00:00Z', 'Pacific/Honolulu', '2026-06-15'],
    ['2026-06-14T23:59:59Z', 'UTC', '2026-06-14'],
  ] as const)('%s in %s is %s', (instant, timeZone, date) => {
    expect(localDateAt(timeZone, new Date(instant))).toBe(date);
  });

  it('reads UTC only when nothing names a time zone', () => {
    expect(localDateAt(null, new Date('2026-06-15T02:30:00Z'))).toBe('2026-06-15');
    expect(localDateAt(undefined, new Date('2026-06-14T23:30:00Z'))).toBe('2026-06-14');
  });
});

describe("clinicToday: the organization's local date, from its time zone in the database", () => {
  it('is the clinic’s date on a US evening, when UTC is already tomorrow', async () => {
    const id = await organization('America/Los_Angeles');
    expect(await clinicToday(db.pool, id, new Date('2026-06-15T06:59:59Z'))).toEqual({
      today: '2026-06-14',
      timeZone: 'America/Los_Angeles',
    });
    expect((await clinicToday(db.pool, id, new Date('2026-06-15T07:00:00Z'))).today).toBe('2026-06-15');
  });

  it('follows a change of the clinic’s time zone', async () => {
    const id = await organization('America/New_York');
    const at = new Date('2026-06-15T02:30:00Z');
    expect((await clinicToday(db.pool, id, at)).today).toBe('2026-06-14');
    await db.pool.query(`UPDATE organizations SET time_zone = 'Europe/Berlin' WHERE id = $1`, [id]);
    expect(await clinicToday(db.pool, id, at)).toEqual({ today: '2026-06-15', timeZone: 'Europe/Berlin' });
  });

  it('the public site (no signed-in clinic) gets the same date for its intake age rule', async () => {
    const id = await organization('America/Chicago');
    const clinic = new PublicClinic(db.pool, id);
    for (const instant of ['2026-06-15T04:59:59Z', '2026-06-15T05:00:00Z']) {
      const at = new Date(instant);
      expect(await clinic.today(at)).toBe((await clinicToday(db.pool, id, at)).today);
    }
    expect(await clinic.today(new Date('2026-06-15T04:59:59Z'))).toBe('2026-06-14');
  });
});
