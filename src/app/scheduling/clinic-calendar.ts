import { findCalendarSettings } from '../../db/repositories/organizations.js';
import type { ClinicCalendar, OpeningHours } from '../../domain/planning/index.js';
import type { Weekday } from '../../domain/time/local-date.js';
import type { Queryable } from '../context.js';

/**
 * The clinic's calendar for series planning: its time zone and the opening hours of its first location
 * (locations.opening_hours, ISO weekday 1 = Monday). A clinic with no location yet plans on weekdays
 * 08:00–18:00.
 */
const isoWeekdays: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const fallbackHours: OpeningHours = { opens: '08:00', closes: '18:00' };

export async function clinicCalendar(db: Queryable, organizationId: string): Promise<ClinicCalendar> {
  const row = await findCalendarSettings(db, organizationId);
  const openingHours: Partial<Record<Weekday, OpeningHours>> = {};
  const hours = row?.openingHours ?? [];
  if (hours.length === 0) for (const day of isoWeekdays.slice(0, 5)) openingHours[day] = fallbackHours;
  for (const h of hours) {
    const day = isoWeekdays[h.day - 1];
    if (day) openingHours[day] = { opens: h.opens, closes: h.closes };
  }
  return { timeZone: row?.timeZone ?? 'America/New_York', openingHours, closedDates: [] };
}
