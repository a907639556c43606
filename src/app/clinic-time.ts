import { findTimeZone } from '../db/repositories/organizations.js';
import type { LocalDate } from '../domain/time/local-date.js';
import { zoneRules } from '../domain/time/zoned-time.js';
import type { Queryable } from './context.js';

/**
 * The clinic's local "today", computed in one place for every use-case: ages and the age rule, dates of
 * birth "not in the future", the ledger's daily counts, the front desk's day, the earliest date a series
 * may start. Never the server's or UTC's date: on a US evening the UTC date is already tomorrow
 * (CLINICAL.md §1). The domain takes the date as an argument (it never reads a clock); this module is
 * where the app layer turns the request's instant into that date.
 */

/** Used only when nothing names a time zone (no clinic configured yet). */
export const FALLBACK_TIME_ZONE = 'UTC';

/** The local calendar date at `now` in `timeZone` (a clinic's, or a location's own). */
export function localDateAt(timeZone: string | null | undefined, now: Date): LocalDate {
  return zoneRules(timeZone ?? FALLBACK_TIME_ZONE).toLocal(now).date;
}

/** The organization's time zone (IANA name). */
export async function clinicTimeZone(db: Queryable, organizationId: string): Promise<string> {
  return (await findTimeZone(db, organizationId)) ?? FALLBACK_TIME_ZONE;
}

export interface ClinicToday {
  readonly today: LocalDate;
  readonly timeZone: string;
}

/** The organization's local date at `now`, with the time zone it was read in. */
export async function clinicToday(db: Queryable, organizationId: string, now: Date): Promise<ClinicToday> {
  const timeZone = await clinicTimeZone(db, organizationId);
  return { today: localDateAt(timeZone, now), timeZone };
}
