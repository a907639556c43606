import type { FieldError } from '../errors.js';
import { daysBetween, isLocalDate, type LocalDate } from '../time/local-date.js';

/** The oldest age accepted: older dates are typing errors (a year of 1826 for 1962). */
export const MAX_AGE_YEARS = 120;

/** What is wrong with a date of birth; each caller words it for its reader (staff, or the person themself). */
export type DateOfBirthProblem =
  | { readonly kind: 'not_a_date' }
  | { readonly kind: 'in_future' }
  | { readonly kind: 'too_old'; readonly maxAgeYears: number }
  | { readonly kind: 'under_minimum_age'; readonly minimumAgeYears: number };

/**
 * The one date-of-birth rule (chart, public intake, and the intake form's own check before it is sent): a
 * real calendar date YYYY-MM-DD, not after today, not more than 120 years ago, and — where the clinic
 * treats only adults — at least `minimumAgeYears` old. `today` is the clinic's local date (time zones are
 * parameters of the domain, never read inside; CLINICAL.md §1).
 */
export function dateOfBirthProblem(
  dateOfBirth: string,
  today: LocalDate,
  minimumAgeYears = 0,
): DateOfBirthProblem | undefined {
  if (!isLocalDate(dateOfBirth)) return { kind: 'not_a_date' };
  if (daysBetween(today, dateOfBirth) > 0) return { kind: 'in_future' };
  const age = ageInYears(dateOfBirth, today);
  if (age > MAX_AGE_YEARS) return { kind: 'too_old', maxAgeYears: MAX_AGE_YEARS };
  if (age < minimumAgeYears) return { kind: 'under_minimum_age', minimumAgeYears };
  return undefined;
}

/** The date-of-birth rule worded for staff editing a chart. */
export function dateOfBirthErrors(dateOfBirth: string, today: LocalDate, path = '/dateOfBirth'): FieldError[] {
  const problem = dateOfBirthProblem(dateOfBirth, today);
  if (problem === undefined) return [];
  switch (problem.kind) {
    case 'not_a_date':
      return [{ path, message: 'Enter the date of birth as a real date, YYYY-MM-DD' }];
    case 'in_future':
      return [{ path, message: 'Enter a date of birth in the past' }];
    case 'too_old':
      return [{ path, message: `Enter a date of birth less than ${problem.maxAgeYears} years ago` }];
    case 'under_minimum_age':
      return [{ path, message: `The patient must be at least ${problem.minimumAgeYears}` }];
  }
}

/** Whole years between the date of birth and today (a birthday on 29 February counts on 1 March). */
export function ageInYears(dateOfBirth: LocalDate, today: LocalDate): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  const hadBirthday = tm > bm || (tm === bm && td >= bd);
  return ty - by - (hadBirthday ? 0 : 1);
}
