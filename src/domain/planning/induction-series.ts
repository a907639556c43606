import { DomainError, type FieldError } from '../errors.js';
import type { InductionDefaults } from '../protocol/clinic-protocol.js';
import {
  addDays,
  daysBetween,
  isLocalDate,
  isLocalTime,
  minutesOfDay,
  weekdayOf,
  type LocalDate,
  type LocalTime,
} from '../time/local-date.js';
import { zoneRules } from '../time/zoned-time.js';
import { calendarErrors, slotOn, type ClinicCalendar, type SlotFinder } from './clinic-calendar.js';
import type { PlannedSession } from './planned-session.js';

/** The plan parameters; `protocol.induction` fits as-is. */
export type SeriesConstraints = Omit<InductionDefaults, 'source' | 'verified'>;

export interface InductionPlanInput {
  readonly constraints: SeriesConstraints;
  readonly calendar: ClinicCalendar;
  /** The first day the patient could come. */
  readonly startDate: LocalDate;
  readonly preferredTime: LocalTime;
  /** Chair time the whole visit needs (check-in, infusion, recovery), so it ends before closing. */
  readonly appointmentMinutes: number;
  /** Where a session can start on a day; default: the calendar's opening hours (`slotOn`). */
  readonly slotFinder?: SlotFinder;
}

export interface InductionPlan {
  readonly sessions: readonly PlannedSession[];
  /** First to last session, inclusive. */
  readonly spanDays: number;
}

// The first session must fall within four weeks of the start date; past that the plan is not what the
// patient asked for.
const maxDaysToFirstSession = 28;
const minuteMs = 60_000;

/**
 * Target dates of an induction series (default six over 2–3 weeks, 2–3 a week, never two on one day —
 * Murrough 2013, Feder 2021, Anand 2023; CLINICAL.md §4).
 *
 * Greedy, earliest first: each open day is taken if it keeps the minimum spacing (in calendar days, and
 * in real hours between start instants — DST-safe) and the week (7-day windows counted from the first
 * session) still has room. Taking the earliest feasible day packs as many sessions as early as the rules
 * allow, so when this fails to fit the span or the weekly minimum, the rules cannot be met — we say so
 * with the details rather than return a plan that breaks them.
 */
export function planInductionSeries(input: InductionPlanInput): InductionPlan {
  validate(input);
  const { constraints: c, calendar } = input;
  const zone = zoneRules(calendar.timeZone);
  const closed = new Set(calendar.closedDates);
  const preferred = minutesOfDay(input.preferredTime);
  const sessions: PlannedSession[] = [];
  const perWeek: number[] = [];
  let lastMs = Number.NEGATIVE_INFINITY;
  let lastDate: LocalDate | undefined;
  let firstDate: LocalDate | undefined;

  for (let date = input.startDate; sessions.length < c.sessions; date = addDays(date, 1)) {
    if (firstDate === undefined && daysBetween(input.startDate, date) >= maxDaysToFirstSession) {
      throw unsatisfiable(
        `No open day for a first session within ${maxDaysToFirstSession} days of ${input.startDate}.`,
        input,
        sessions,
        'no_open_day',
      );
    }
    if (firstDate !== undefined && daysBetween(firstDate, date) + 1 > c.maxSpanDays) {
      throw unsatisfiable(
        `Only ${sessions.length} of ${c.sessions} sessions fit within ${c.maxSpanDays} days from ${firstDate}.`,
        input,
        sessions,
        'span_exceeded',
      );
    }
    if (lastDate !== undefined && daysBetween(lastDate, date) < c.minSpacingDays) continue;
    const week = firstDate === undefined ? 0 : Math.floor(daysBetween(firstDate, date) / 7);
    if ((perWeek[week] ?? 0) >= c.maxSessionsPerWeek) continue;
    const slot = input.slotFinder
      ? closed.has(date)
        ? ({ open: false } as const)
        : input.slotFinder(date, preferred, input.appointmentMinutes)
      : slotOn(date, calendar, closed, preferred, input.appointmentMinutes);
    if (!slot.open) continue;
    const start = zone.fromLocal(date, slot.time);
    if (start.instant.getTime() - lastMs < c.minSpacingHours * 60 * minuteMs) continue;

    firstDate ??= date;
    perWeek[week] = (perWeek[week] ?? 0) + 1;
    lastMs = start.instant.getTime();
    lastDate = date;
    sessions.push({
      number: sessions.length + 1,
      localDate: date,
      localTime: slot.time,
      weekday: weekdayOf(date),
      startsAt: start.instant,
      timeResolution: start.resolution,
      timeAdjusted: slot.adjusted,
    });
  }

  // Every full week before the last one must meet the weekly minimum (the last may hold the remainder).
  for (let week = 0; week < perWeek.length - 1; week++) {
    if ((perWeek[week] ?? 0) < c.minSessionsPerWeek) {
      throw unsatisfiable(
        `Week ${week + 1} of the series has ${perWeek[week] ?? 0} sessions; at least ${c.minSessionsPerWeek} are required.`,
        input,
        sessions,
        'weekly_minimum_not_met',
      );
    }
  }
  const first = sessions[0];
  const last = sessions[sessions.length - 1];
  return { sessions, spanDays: first && last ? daysBetween(first.localDate, last.localDate) + 1 : 0 };
}

function unsatisfiable(
  message: string,
  input: InductionPlanInput,
  planned: readonly PlannedSession[],
  reason: 'no_open_day' | 'span_exceeded' | 'weekly_minimum_not_met',
): DomainError {
  return new DomainError('series_plan_unsatisfiable', message, {
    details: {
      reason,
      required: input.constraints.sessions,
      planned: planned.length,
      plannedDates: planned.map((s) => s.localDate),
      constraints: input.constraints,
    },
  });
}

function validate(input: InductionPlanInput): void {
  const c = input.constraints;
  const errors: FieldError[] = [];
  const int = (path: string, value: number, min: number, max: number): void => {
    if (!Number.isInteger(value) || value < min || value > max)
      errors.push({ path, message: `must be a whole number from ${min} to ${max}` });
  };
  int('/constraints/sessions', c.sessions, 1, 30);
  int('/constraints/maxSpanDays', c.maxSpanDays, 1, 366);
  int('/constraints/minSessionsPerWeek', c.minSessionsPerWeek, 0, 7);
  int('/constraints/maxSessionsPerWeek', c.maxSessionsPerWeek, 1, 7);
  // At least one day apart: never two sessions on the same day (CLINICAL.md §4).
  int('/constraints/minSpacingDays', c.minSpacingDays, 1, 60);
  if (!Number.isFinite(c.minSpacingHours) || c.minSpacingHours < 0 || c.minSpacingHours > 24 * 60) {
    errors.push({ path: '/constraints/minSpacingHours', message: 'must be from 0 to 1440 hours' });
  }
  if (c.minSessionsPerWeek > c.maxSessionsPerWeek) {
    errors.push({ path: '/constraints/minSessionsPerWeek', message: 'must not be above maxSessionsPerWeek' });
  }
  if (!isLocalDate(input.startDate)) errors.push({ path: '/startDate', message: 'must be a date YYYY-MM-DD' });
  if (!isLocalTime(input.preferredTime)) errors.push({ path: '/preferredTime', message: 'must be a time HH:MM' });
  int('/appointmentMinutes', input.appointmentMinutes, 1, 720);
  errors.push(...calendarErrors(input.calendar));
  if (errors.length > 0)
    throw new DomainError('validation_failed', 'The series plan request is not valid.', { errors });
}
