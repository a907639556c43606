import { DomainError } from '../errors.js';
import { addDays, dayNumber, fromDayNumber, isLocalDate, weekdayOf, type LocalDate } from '../time/local-date.js';

/** Record-keeping deadlines for Schedule III stock (CLINICAL.md §6). Dates are clinic-local calendar dates. */

/** Inventories: an initial one, then at least every two years (biennial). */
export function nextInventoryDue(lastInventory: LocalDate): LocalDate {
  return addYears(lastInventory, 2);
}

export function isInventoryOverdue(lastInventory: LocalDate, today: LocalDate): boolean {
  return dayNumber(today) > dayNumber(nextInventoryDue(lastInventory));
}

/** Keep records at least 2 years. */
export function retainRecordUntil(recordDate: LocalDate): LocalDate {
  return addYears(recordDate, 2);
}

/**
 * Theft or significant loss: notify DEA within 1 business day of discovery; DEA Form 106 within 45 days.
 * Business days here skip Saturdays, Sundays and the given holidays.
 */
export function lossReportDeadlines(
  discoveredOn: LocalDate,
  holidays: readonly LocalDate[] = [],
): { readonly notifyDeaBy: LocalDate; readonly form106By: LocalDate } {
  for (const date of [discoveredOn, ...holidays]) assertDate(date);
  const closed = new Set(holidays);
  let day = addDays(discoveredOn, 1);
  while (weekdayOf(day) === 'sat' || weekdayOf(day) === 'sun' || closed.has(day)) day = addDays(day, 1);
  return { notifyDeaBy: day, form106By: addDays(discoveredOn, 45) };
}

/** Same month and day two years on; 29 February becomes 28 February (never a later date than due). */
function addYears(date: LocalDate, years: number): LocalDate {
  assertDate(date);
  const year = Number(date.slice(0, 4)) + years;
  const candidate = `${String(year).padStart(4, '0')}${date.slice(4)}`;
  if (isLocalDate(candidate)) return candidate;
  return fromDayNumber(dayNumber(`${String(year).padStart(4, '0')}-03-01`) - 1);
}

function assertDate(date: LocalDate): void {
  if (!isLocalDate(date)) {
    throw new DomainError('validation_failed', `"${date}" is not a date.`, {
      errors: [{ path: '/date', message: 'must be a date YYYY-MM-DD' }],
    });
  }
}
