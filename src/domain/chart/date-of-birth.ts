import type { FieldError } from '../errors.js';
import { daysBetween, isLocalDate, type LocalDate } from '../time/local-date.js';

/** The oldest age the chart accepts: older dates are typing errors (a year of 1826 for 1962). */
const maxAgeYears = 120;

/**
 * A date of birth must be a real calendar date, not in the future, and not more than 120 years ago.
 * `today` is the clinic's local date (time zones are parameters of the domain, never read inside).
 */
export function dateOfBirthErrors(dateOfBirth: string, today: LocalDate, path = '/dateOfBirth'): FieldError[] {
  if (!isLocalDate(dateOfBirth)) return [{ path, message: 'Enter the date of birth as a real date, YYYY-MM-DD' }];
  if (daysBetween(today, dateOfBirth) > 0) return [{ path, message: 'Enter a date of birth in the past' }];
  if (ageInYears(dateOfBirth, today) > maxAgeYears)
    return [{ path, message: `Enter a date of birth less than ${maxAgeYears} years ago` }];
  return [];
}

/** Whole years between the date of birth and today (a birthday on 29 February counts on 1 March). */
export function ageInYears(dateOfBirth: LocalDate, today: LocalDate): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  const hadBirthday = tm > bm || (tm === bm && td >= bd);
  return ty - by - (hadBirthday ? 0 : 1);
}
