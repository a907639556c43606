import type { FieldError } from '../errors.js';
import {
  isLocalDate,
  isLocalTime,
  minutesOfDay,
  timeFromMinutes,
  weekdayOf,
  weekdays,
  type LocalDate,
  type LocalTime,
  type Weekday,
} from '../time/local-date.js';

export interface OpeningHours {
  readonly opens: LocalTime;
  readonly closes: LocalTime;
}

/** When the clinic can see patients. Weekdays left out are closed. */
export interface ClinicCalendar {
  /** IANA time zone of the clinic, e.g. "America/New_York". */
  readonly timeZone: string;
  readonly openingHours: Partial<Readonly<Record<Weekday, OpeningHours>>>;
  /** Holidays and other whole days closed. */
  readonly closedDates: readonly LocalDate[];
}

/** Where an appointment of `appointmentMinutes` can start on `date`, given a preferred time. */
export type DaySlot =
  { readonly open: false } | { readonly open: true; readonly time: LocalTime; readonly adjusted: boolean };

/**
 * Where a session could start on a day, asked by the planners. The default (`slotOn`) knows only opening
 * hours; scheduling passes one that also knows which chairs and staff are free that day.
 */
export type SlotFinder = (date: LocalDate, preferredMinutes: number, appointmentMinutes: number) => DaySlot;

/**
 * The preferred start if the whole appointment fits in the day's opening hours; otherwise the nearest
 * start that fits (e.g. 14:00 on a Saturday open 09:00–13:00 becomes 11:00 for a 2-hour visit).
 */
export function slotOn(
  date: LocalDate,
  calendar: ClinicCalendar,
  closed: ReadonlySet<LocalDate>,
  preferredMinutes: number,
  appointmentMinutes: number,
): DaySlot {
  if (closed.has(date)) return { open: false };
  const hours = calendar.openingHours[weekdayOf(date)];
  if (!hours) return { open: false };
  const opens = minutesOfDay(hours.opens);
  const latestStart = minutesOfDay(hours.closes) - appointmentMinutes;
  if (latestStart < opens) return { open: false };
  const start = Math.min(Math.max(preferredMinutes, opens), latestStart);
  return { open: true, time: timeFromMinutes(start), adjusted: start !== preferredMinutes };
}

export function calendarErrors(calendar: ClinicCalendar, path = '/calendar'): FieldError[] {
  const errors: FieldError[] = [];
  for (const [day, hours] of Object.entries(calendar.openingHours)) {
    if (!weekdays.includes(day as Weekday)) {
      errors.push({ path: `${path}/openingHours/${day}`, message: 'must be one of mon, tue, wed, thu, fri, sat, sun' });
    } else if (hours && (!isLocalTime(hours.opens) || !isLocalTime(hours.closes) || hours.opens >= hours.closes)) {
      errors.push({
        path: `${path}/openingHours/${day}`,
        message: 'needs opens and closes as HH:MM with opens before closes',
      });
    }
  }
  calendar.closedDates.forEach((date, i) => {
    if (!isLocalDate(date)) errors.push({ path: `${path}/closedDates/${i}`, message: 'must be a date YYYY-MM-DD' });
  });
  return errors;
}
