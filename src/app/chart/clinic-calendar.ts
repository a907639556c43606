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
  const res = await db.query<{
    time_zone: string;
    opening_hours: { day: number; opens: string; closes: string }[] | null;
  }>(
    `SELECT o.time_zone, l.opening_hours FROM organizations o
       LEFT JOIN LATERAL (SELECT opening_hours FROM locations WHERE organization_id = o.id ORDER BY name LIMIT 1) l ON true
      WHERE o.id = $1`,
    [organizationId],
  );
  const row = res.rows[0];
  const openingHours: Partial<Record<Weekday, OpeningHours>> = {};
  const hours = row?.opening_hours ?? [];
  if (hours.length === 0) for (const day of isoWeekdays.slice(0, 5)) openingHours[day] = fallbackHours;
  for (const h of hours) {
    const day = isoWeekdays[h.day - 1];
    if (day) openingHours[day] = { opens: h.opens, closes: h.closes };
  }
  return { timeZone: row?.time_zone ?? 'America/New_York', openingHours, closedDates: [] };
}
