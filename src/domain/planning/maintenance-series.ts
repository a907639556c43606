import { DomainError, type FieldError } from '../errors.js';
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

/**
 * A stretch of maintenance at one cadence. `interval`: `count` sessions, each `everyDays` after the
 * one before. `per_week`: `sessionsPerWeek` a week for `weeks` weeks, spread across the week
 * (twice a week → 4 then 3 days apart).
 */
export type MaintenancePhase =
  | { readonly kind: 'interval'; readonly everyDays: number; readonly count: number }
  | { readonly kind: 'per_week'; readonly sessionsPerWeek: number; readonly weeks: number };

export const maintenancePresets = {
  /** Weekly × 4, then every 2–4 weeks (3 taken here) — dose before the effect wears off (Andrade 2017; CLINICAL.md §4). */
  andrade2017: [
    { kind: 'interval', everyDays: 7, count: 4 },
    { kind: 'interval', everyDays: 21, count: 4 },
  ],
  /** Esketamine label: twice weekly weeks 1–4, weekly weeks 5–8, then every 1–2 weeks (2 taken here) — CLINICAL.md §4. */
  esketamineLabel: [
    { kind: 'per_week', sessionsPerWeek: 2, weeks: 4 },
    { kind: 'interval', everyDays: 7, count: 4 },
    { kind: 'interval', everyDays: 14, count: 4 },
  ],
} as const satisfies Record<string, readonly MaintenancePhase[]>;

export interface MaintenancePlanInput {
  readonly phases: readonly MaintenancePhase[];
  /** The first maintenance session's target date. */
  readonly firstDate: LocalDate;
  readonly calendar: ClinicCalendar;
  readonly preferredTime: LocalTime;
  readonly appointmentMinutes: number;
  /** Where a session can start on a day; default: the calendar's opening hours (`slotOn`). */
  readonly slotFinder?: SlotFinder;
  /** How far a session may move off its target when the clinic is closed. Default 3 days. */
  readonly maxShiftDays?: number;
}

export interface MaintenanceSession extends PlannedSession {
  /** The date the cadence asked for. */
  readonly targetDate: LocalDate;
  /** Days moved off the target (negative = earlier) because the clinic was closed. */
  readonly shiftedDays: number;
}

/**
 * Maintenance target dates. Targets follow the cadence from the first date and never drift: a session
 * moved for a holiday does not move the ones after it. A closed target day moves to the nearest open
 * day, trying the day before first — a maintenance dose should come before the effect wears off, not
 * after (Andrade 2017) — and never onto or before the previous session's day.
 */
export function planMaintenanceSeries(input: MaintenancePlanInput): MaintenanceSession[] {
  validate(input);
  const zone = zoneRules(input.calendar.timeZone);
  const closed = new Set(input.calendar.closedDates);
  const preferred = minutesOfDay(input.preferredTime);
  const maxShift = input.maxShiftDays ?? 3;
  const sessions: MaintenanceSession[] = [];
  let target = input.firstDate;
  let lastDate: LocalDate | undefined;

  for (const gap of cadenceGaps(input.phases)) {
    target = addDays(target, gap);
    let placed = false;
    for (const shift of shiftsNearestFirst(maxShift)) {
      const date = addDays(target, shift);
      if (lastDate !== undefined && daysBetween(lastDate, date) < 1) continue;
      const slot = input.slotFinder
        ? closed.has(date)
          ? ({ open: false } as const)
          : input.slotFinder(date, preferred, input.appointmentMinutes)
        : slotOn(date, input.calendar, closed, preferred, input.appointmentMinutes);
      if (!slot.open) continue;
      const start = zone.fromLocal(date, slot.time);
      sessions.push({
        number: sessions.length + 1,
        localDate: date,
        localTime: slot.time,
        weekday: weekdayOf(date),
        startsAt: start.instant,
        timeResolution: start.resolution,
        timeAdjusted: slot.adjusted,
        targetDate: target,
        shiftedDays: shift,
      });
      lastDate = date;
      placed = true;
      break;
    }
    if (!placed) {
      throw new DomainError(
        'series_plan_unsatisfiable',
        `The clinic is closed on ${target} and every day within ${maxShift} days of it.`,
        {
          details: {
            reason: 'no_open_day',
            targetDate: target,
            planned: sessions.length,
            plannedDates: sessions.map((s) => s.localDate),
          },
        },
      );
    }
  }
  return sessions;
}

/** Days from one target to the next; the first is 0 (the first date itself). */
export function cadenceGaps(phases: readonly MaintenancePhase[]): number[] {
  const gaps: number[] = [];
  for (const phase of phases) {
    switch (phase.kind) {
      case 'interval':
        for (let i = 0; i < phase.count; i++) gaps.push(phase.everyDays);
        break;
      case 'per_week': {
        // Offsets within a week, spread evenly: 2 → 0, 4; 3 → 0, 2, 5.
        const offsets = Array.from({ length: phase.sessionsPerWeek }, (_, i) =>
          Math.round((i * 7) / phase.sessionsPerWeek),
        );
        const weekGaps = offsets.map((offset, i) => (offsets[i + 1] ?? 7) - offset);
        // Within the phase the first session sits at offset 0, one pattern-gap after the session before.
        const lastGap = weekGaps[weekGaps.length - 1] ?? 7;
        const ordered = [lastGap, ...weekGaps.slice(0, -1)];
        for (let w = 0; w < phase.weeks; w++) gaps.push(...ordered);
        break;
      }
      default: {
        const unreachable: never = phase;
        throw new Error(`unknown phase ${JSON.stringify(unreachable)}`);
      }
    }
  }
  if (gaps.length > 0) gaps[0] = 0;
  return gaps;
}

function shiftsNearestFirst(maxShift: number): number[] {
  const shifts = [0];
  for (let d = 1; d <= maxShift; d++) shifts.push(-d, d);
  return shifts;
}

function validate(input: MaintenancePlanInput): void {
  const errors: FieldError[] = [];
  if (input.phases.length === 0) errors.push({ path: '/phases', message: 'needs at least one phase' });
  const int = (path: string, value: number, min: number, max: number): void => {
    if (!Number.isInteger(value) || value < min || value > max)
      errors.push({ path, message: `must be a whole number from ${min} to ${max}` });
  };
  input.phases.forEach((phase, i) => {
    if (phase.kind === 'interval') {
      int(`/phases/${i}/everyDays`, phase.everyDays, 1, 365);
      int(`/phases/${i}/count`, phase.count, 1, 104);
    } else {
      int(`/phases/${i}/sessionsPerWeek`, phase.sessionsPerWeek, 1, 3);
      int(`/phases/${i}/weeks`, phase.weeks, 1, 52);
    }
  });
  const maxShift = input.maxShiftDays ?? 3;
  int('/maxShiftDays', maxShift, 0, 14);
  if (!isLocalDate(input.firstDate)) errors.push({ path: '/firstDate', message: 'must be a date YYYY-MM-DD' });
  if (!isLocalTime(input.preferredTime)) errors.push({ path: '/preferredTime', message: 'must be a time HH:MM' });
  int('/appointmentMinutes', input.appointmentMinutes, 1, 720);
  errors.push(...calendarErrors(input.calendar));
  if (errors.length > 0)
    throw new DomainError('validation_failed', 'The maintenance plan request is not valid.', { errors });
}
