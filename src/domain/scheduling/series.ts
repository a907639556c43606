import { DomainError, type FieldError } from '../errors.js';
import {
  planInductionSeries,
  planMaintenanceSeries,
  type MaintenancePhase,
  type SeriesConstraints,
  type SlotFinder,
} from '../planning/index.js';
import {
  addDays,
  daysBetween,
  isLocalDate,
  isLocalTime,
  minutesOfDay,
  type LocalDate,
  type LocalTime,
} from '../time/local-date.js';
import type { AppointmentTypeDefinition } from './appointment-types.js';
import { dosingSpacingClash, type BookedAppointment, type DosingSpacing } from './dosing-spacing.js';
import { ScheduleIndex, type FoundSlot, type LocationSchedule } from './slots.js';

/** One proposed session of a series: when, in which chair, with whom. */
export interface ProposedSession extends FoundSlot {
  readonly number: number;
}

export interface SeriesProposalInput {
  readonly schedule: LocationSchedule;
  readonly type: AppointmentTypeDefinition;
  readonly startDate: LocalDate;
  readonly preferredTime: LocalTime;
  /** The first day that may be proposed (today in the clinic's zone, or tomorrow). */
  readonly earliestDate: LocalDate;
  /**
   * The patient's appointments already booked, with the spacing to keep from their dosing ones: a day
   * where the slot found would come too close to one (dosingSpacingClash) is skipped like a full day.
   */
  readonly booked?: { readonly appointments: readonly BookedAppointment[]; readonly spacing: DosingSpacing };
}

export type SeriesPlanKind =
  | { readonly kind: 'induction'; readonly constraints: SeriesConstraints }
  | { readonly kind: 'maintenance'; readonly phases: readonly MaintenancePhase[] };

const minuteMs = 60_000;

/**
 * Proposes a whole series into free chair + staff slots. The dates come from the domain planner
 * (planInductionSeries / planMaintenanceSeries) with its spacing rules; the planner asks this location's
 * calendar, not just its opening hours, whether a day has room, so a day with every chair or nurse taken
 * is skipped like a closed day and the spacing rules still hold for the days chosen.
 */
export function proposeSeries(input: SeriesProposalInput, plan: SeriesPlanKind): ProposedSession[] {
  const errors: FieldError[] = [];
  if (!isLocalDate(input.startDate)) errors.push({ path: '/startDate', message: 'must be a date YYYY-MM-DD' });
  if (!isLocalTime(input.preferredTime)) errors.push({ path: '/preferredTime', message: 'must be a time HH:MM' });
  if (errors.length > 0) throw new DomainError('validation_failed', 'The series request is not valid.', { errors });
  const startDate = input.startDate < input.earliestDate ? input.earliestDate : input.startDate;
  const index = new ScheduleIndex(input.schedule);
  const found = new Map<LocalDate, FoundSlot>();
  const slotFinder = keepingSpacing(index.slotFinder(input.type, found), found, input.type, input.booked);
  const common = {
    calendar: input.schedule.calendar,
    preferredTime: input.preferredTime,
    appointmentMinutes: input.type.minutes,
    slotFinder,
  };
  const planned =
    plan.kind === 'induction'
      ? planInductionSeries({ ...common, constraints: plan.constraints, startDate }).sessions
      : planMaintenanceSeries({ ...common, phases: plan.phases, firstDate: startDate }).filter(
          (s) => s.localDate >= input.earliestDate,
        );
  return planned.map((s) => {
    const slot = found.get(s.localDate);
    if (!slot) throw new Error(`planner chose ${s.localDate} without a slot`);
    return { ...slot, number: s.number };
  });
}

/** A slot finder that also refuses a day whose slot would come too close to a booked dosing appointment. */
function keepingSpacing(
  finder: SlotFinder,
  found: Map<LocalDate, FoundSlot>,
  type: AppointmentTypeDefinition,
  booked: SeriesProposalInput['booked'],
): SlotFinder {
  if (!booked) return finder;
  return (date, preferredMinutes, appointmentMinutes) => {
    const slot = finder(date, preferredMinutes, appointmentMinutes);
    const at = found.get(date);
    if (!slot.open || !at) return slot;
    const candidate = { kind: type.kind, hasDose: type.phases !== null, localDate: date, startsAt: at.startsAt };
    if (!dosingSpacingClash(candidate, booked.appointments, booked.spacing)) return slot;
    found.delete(date);
    return { open: false };
  };
}

/** The dates and instants of a series as the coordinator left it, to check against the spacing rules. */
export interface SeriesSessionTime {
  readonly localDate: LocalDate;
  readonly startsAt: Date;
}

/**
 * Whether a (possibly hand-edited) induction series still keeps the rules: sessions in order, at least
 * `minSpacingDays` calendar days and `minSpacingHours` real hours apart, no more than `maxSessionsPerWeek`
 * in any week counted from the first session, and all within `maxSpanDays`.
 */
export function seriesSpacingErrors(
  sessions: readonly SeriesSessionTime[],
  c: SeriesConstraints,
  path = '/sessions',
): FieldError[] {
  const errors: FieldError[] = [];
  const sorted = [...sessions].map((s, i) => ({ ...s, i })).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const first = sorted[0];
  if (!first) return errors;
  const perWeek = new Map<number, number>();
  for (let k = 0; k < sorted.length; k++) {
    const s = sorted[k]!;
    const prev = k > 0 ? sorted[k - 1] : undefined;
    if (prev) {
      const days = daysBetween(prev.localDate, s.localDate);
      const hours = (s.startsAt.getTime() - prev.startsAt.getTime()) / (60 * minuteMs);
      if (days < c.minSpacingDays)
        errors.push({
          path: `${path}/${s.i}`,
          message: `must be at least ${c.minSpacingDays} days after the session on ${prev.localDate}`,
        });
      else if (hours < c.minSpacingHours)
        errors.push({
          path: `${path}/${s.i}`,
          message: `must start at least ${c.minSpacingHours} hours after the session on ${prev.localDate}`,
        });
    }
    if (daysBetween(first.localDate, s.localDate) + 1 > c.maxSpanDays)
      errors.push({
        path: `${path}/${s.i}`,
        message: `must be within ${c.maxSpanDays} days of the first session (${first.localDate})`,
      });
    const week = Math.floor(daysBetween(first.localDate, s.localDate) / 7);
    const count = (perWeek.get(week) ?? 0) + 1;
    perWeek.set(week, count);
    if (count > c.maxSessionsPerWeek)
      errors.push({
        path: `${path}/${s.i}`,
        message: `week ${week + 1} would have more than ${c.maxSessionsPerWeek} sessions`,
      });
  }
  return errors;
}

/** A session of a booked series, for re-planning. */
export interface BookedSeriesSession extends SeriesSessionTime {
  readonly number: number;
  /** Cancelled and no-show sessions are the ones to replace. */
  readonly active: boolean;
}

/**
 * After a cancellation: the replacement for `replace` (a session number) that keeps the series' spacing
 * rules with the sessions still active — the earliest day from `earliestDate` with a free slot near
 * `preferredTime` where the whole series still passes seriesSpacingErrors. Filling the gap comes first
 * (earliest), otherwise the series is extended at its end within the span. Throws
 * series_plan_unsatisfiable when no day works.
 */
export function replanAfterCancellation(input: {
  readonly schedule: LocationSchedule;
  readonly type: AppointmentTypeDefinition;
  readonly constraints: SeriesConstraints;
  readonly sessions: readonly BookedSeriesSession[];
  readonly replace: number;
  readonly preferredTime: LocalTime;
  readonly earliestDate: LocalDate;
  /** The patient's other appointments (outside this series) and the spacing to keep from their doses. */
  readonly booked?: SeriesProposalInput['booked'];
}): ProposedSession {
  const active = input.sessions.filter((s) => s.active && s.number !== input.replace);
  const index = new ScheduleIndex(input.schedule);
  const preferred = minutesOfDay(input.preferredTime);
  const firstActive = [...active].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())[0];
  const horizonStart =
    firstActive && firstActive.localDate < input.earliestDate ? firstActive.localDate : input.earliestDate;
  const lastDay = addDays(horizonStart, input.constraints.maxSpanDays + 28);
  for (let date = input.earliestDate; date <= lastDay; date = addDays(date, 1)) {
    const slot = index.findSlot(input.type, date, preferred);
    if (!slot) continue;
    const candidate = [...active, { localDate: date, startsAt: slot.startsAt }];
    if (seriesSpacingErrors(candidate, input.constraints).length > 0) continue;
    const dosing = {
      kind: input.type.kind,
      hasDose: input.type.phases !== null,
      localDate: date,
      startsAt: slot.startsAt,
    };
    if (input.booked && dosingSpacingClash(dosing, input.booked.appointments, input.booked.spacing)) continue;
    return { ...slot, number: input.replace };
  }
  throw new DomainError(
    'series_plan_unsatisfiable',
    `No free day keeps the series within its spacing rules after session ${input.replace} was cancelled.`,
    { details: { reason: 'no_replacement_day', replace: input.replace } },
  );
}
