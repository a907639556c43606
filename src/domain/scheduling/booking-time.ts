import { DomainError, type FieldError } from '../errors.js';
import type { ClinicCalendar } from '../planning/index.js';
import {
  isLocalDate,
  isLocalTime,
  minutesOfDay,
  weekdayOf,
  type LocalDate,
  type LocalTime,
} from '../time/local-date.js';
import { zoneRules } from '../time/zoned-time.js';

/** A requested appointment in the location's wall-clock time. */
export interface BookingTimeRequest {
  readonly date: LocalDate;
  readonly startTime: LocalTime;
  /** Optional: a longer block than the type needs; never shorter. */
  readonly endTime?: LocalTime | undefined;
  /** The appointment type's length. */
  readonly minutes: number;
}

export interface BookingTime {
  readonly startsAt: Date;
  readonly endsAt: Date;
}

const minuteMs = 60_000;

/**
 * Turns a wall-clock request into the instants to store, or refuses it with the problem named:
 * a date or time that does not exist (02:30 on the spring-forward day), an end before the start, a block
 * shorter than the type needs, a closed day, outside the location's opening hours, or in the past.
 * Pure: `now` is passed in.
 */
export function resolveBookingTime(request: BookingTimeRequest, calendar: ClinicCalendar, now: Date): BookingTime {
  const errors: FieldError[] = [];
  if (!isLocalDate(request.date)) errors.push({ path: '/date', message: 'must be a date YYYY-MM-DD' });
  if (!isLocalTime(request.startTime)) errors.push({ path: '/startTime', message: 'must be a time HH:MM' });
  if (request.endTime !== undefined && !isLocalTime(request.endTime))
    errors.push({ path: '/endTime', message: 'must be a time HH:MM' });
  if (errors.length > 0) throw new DomainError('validation_failed', 'The appointment time is not valid.', { errors });

  const zone = zoneRules(calendar.timeZone);
  const start = zone.fromLocal(request.date, request.startTime);
  if (start.resolution === 'gap_shifted_later') {
    throw new DomainError(
      'time_in_dst_gap',
      `${request.startTime} does not exist on ${request.date} in ${calendar.timeZone}: the clocks go forward that night.`,
      {
        errors: [
          { path: '/startTime', message: 'does not exist on this day (clocks go forward); choose another time' },
        ],
      },
    );
  }
  let endsAt = new Date(start.instant.getTime() + request.minutes * minuteMs);
  if (request.endTime !== undefined) {
    const end = zone.fromLocal(request.date, request.endTime);
    if (end.resolution === 'gap_shifted_later') {
      throw new DomainError('time_in_dst_gap', `${request.endTime} does not exist on ${request.date}.`, {
        errors: [{ path: '/endTime', message: 'does not exist on this day (clocks go forward); choose another time' }],
      });
    }
    if (end.instant.getTime() <= start.instant.getTime()) {
      throw new DomainError('appointment_end_before_start', 'The appointment ends before it starts.', {
        errors: [{ path: '/endTime', message: 'must be after the start time' }],
      });
    }
    if (end.instant.getTime() < endsAt.getTime()) {
      throw new DomainError('validation_failed', `This appointment type needs at least ${request.minutes} minutes.`, {
        errors: [{ path: '/endTime', message: `must be at least ${request.minutes} minutes after the start` }],
      });
    }
    endsAt = end.instant;
  }

  if (calendar.closedDates.includes(request.date)) {
    throw new DomainError('location_closed', `The clinic is closed on ${request.date}.`, {
      errors: [{ path: '/date', message: 'the clinic is closed on this day' }],
    });
  }
  const hours = calendar.openingHours[weekdayOf(request.date)];
  if (!hours) {
    throw new DomainError('location_closed', `The clinic does not open on ${weekdayName(request.date)}s.`, {
      errors: [{ path: '/date', message: `the clinic is closed on ${weekdayName(request.date)}s` }],
    });
  }
  const localEnd = zone.toLocal(endsAt);
  const startMinutes = minutesOfDay(request.startTime);
  const endMinutes =
    localEnd.date === request.date ? minutesOfDay(localEnd.time) : 24 * 60 + minutesOfDay(localEnd.time);
  if (startMinutes < minutesOfDay(hours.opens) || endMinutes > minutesOfDay(hours.closes)) {
    throw new DomainError(
      'outside_opening_hours',
      `The appointment (${request.startTime}–${localEnd.time}) is outside opening hours ${hours.opens}–${hours.closes}.`,
      {
        errors: [
          {
            path: startMinutes < minutesOfDay(hours.opens) ? '/startTime' : request.endTime ? '/endTime' : '/startTime',
            message: `must be within opening hours ${hours.opens}–${hours.closes}`,
          },
        ],
      },
    );
  }
  if (start.instant.getTime() < now.getTime()) {
    throw new DomainError('appointment_in_past', 'The appointment would start in the past.', {
      errors: [{ path: '/date', message: 'must not be in the past' }],
    });
  }
  // A clinic books months ahead, not decades: a year like 9999 is a slip of the keyboard.
  if (start.instant.getTime() > now.getTime() + BOOKING_HORIZON_DAYS * 86_400_000) {
    throw new DomainError('validation_failed', 'The appointment is more than two years ahead.', {
      errors: [{ path: '/date', message: 'must be within two years from today' }],
    });
  }
  return { startsAt: start.instant, endsAt };
}

/** How far ahead an appointment may be booked. */
export const BOOKING_HORIZON_DAYS = 731;

function weekdayName(date: LocalDate): string {
  const names = {
    mon: 'Monday',
    tue: 'Tuesday',
    wed: 'Wednesday',
    thu: 'Thursday',
    fri: 'Friday',
    sat: 'Saturday',
    sun: 'Sunday',
  };
  return names[weekdayOf(date)];
}
