import type { FieldError } from '../errors.js';
import { daysBetween, type LocalDate, type LocalTime } from '../time/local-date.js';
import type { AppointmentKind } from './appointment-types.js';
import { appointmentStatuses, isHolding, type AppointmentStatus } from './status.js';

/**
 * The spacing between a patient's dosing appointments, whoever booked them and however: a series, a
 * single booking, a move. Never two doses on the same clinic day; the signed plan's protocol sets the
 * minimum spacing (CLINICAL.md §4: trials used alternate days, titration studies a week).
 */

/** The kinds that give the patient a dose: IV and IM ketamine, esketamine. */
export const dosingKinds: readonly AppointmentKind[] = ['iv_session', 'im_session', 'esketamine_session'];

/** A dosing appointment: one of the dosing kinds, or any type given a dose phase. */
export function isDosing(a: { readonly kind: string; readonly hasDose?: boolean }): boolean {
  return a.hasDose === true || (dosingKinds as readonly string[]).includes(a.kind);
}

export interface DosingSpacing {
  /** Minimum calendar days (the clinic's) between two dosing appointments; below 1 counts as 1. */
  readonly minSpacingDays: number;
  /** Minimum real hours between their start instants. */
  readonly minSpacingHours: number;
}

/** The floor when the patient has no signed plan to take the spacing from: never two on one clinic day. */
export const sameDayOnly: DosingSpacing = { minSpacingDays: 1, minSpacingHours: 0 };

/** An appointment's place in time: its clinic day and start instant. */
export interface DosingTime {
  readonly localDate: LocalDate;
  readonly startsAt: Date;
}

/** An appointment the patient already has (any kind, any status: the rule picks what counts). */
export interface BookedAppointment extends DosingTime {
  readonly id: string;
  readonly kind: string;
  readonly hasDose?: boolean;
  readonly status: string;
  readonly localTime?: LocalTime;
  readonly label?: string;
}

/** A proposed time for an appointment of this kind (`id` when it is a move of a booked one). */
export interface DosingCandidate extends DosingTime {
  readonly id?: string;
  readonly kind: string;
  readonly hasDose?: boolean;
}

export interface DosingClash {
  readonly with: BookedAppointment;
  /** Which rule is broken: the same clinic day, too few days, or too few hours. */
  readonly rule: 'same_day' | 'min_days' | 'min_hours';
  /** Calendar days and real hours between the two (absolute). */
  readonly days: number;
  readonly hours: number;
}

const hourMs = 3_600_000;

const counts = (status: string): boolean =>
  (appointmentStatuses as readonly string[]).includes(status) && isHolding(status as AppointmentStatus);

/**
 * The booked dosing appointment a dosing candidate comes too close to, in either direction, or null.
 * Too close: on the same clinic day, fewer than `minSpacingDays` calendar days apart, or fewer than
 * `minSpacingHours` hours between the starts. Exactly the minimum is allowed. Cancelled and no-show
 * appointments, appointments without a dose and the candidate itself (same id) do not count. When
 * several clash, the nearest in time is named.
 */
export function dosingSpacingClash(
  candidate: DosingCandidate,
  booked: readonly BookedAppointment[],
  spacing: DosingSpacing,
): DosingClash | null {
  if (!isDosing(candidate)) return null;
  const minDays = Math.max(1, spacing.minSpacingDays);
  let nearest: DosingClash | null = null;
  for (const b of booked) {
    if ((candidate.id !== undefined && b.id === candidate.id) || !isDosing(b) || !counts(b.status)) continue;
    const days = Math.abs(daysBetween(b.localDate, candidate.localDate));
    const hours = Math.abs(candidate.startsAt.getTime() - b.startsAt.getTime()) / hourMs;
    const rule =
      days === 0 ? 'same_day' : days < minDays ? 'min_days' : hours < spacing.minSpacingHours ? 'min_hours' : null;
    if (rule && (!nearest || hours < nearest.hours)) nearest = { with: b, rule, days, hours };
  }
  return nearest;
}

/** What to tell the coordinator: which appointment it clashes with, when, and the rule. */
export function dosingClashMessage(clash: DosingClash, spacing: DosingSpacing): string {
  const b = clash.with;
  const what = b.label ?? 'dosing session';
  const when = b.localTime ? `${b.localDate} at ${b.localTime}` : b.localDate;
  const rule =
    clash.rule === 'same_day'
      ? 'never two dosing sessions on the same day'
      : clash.rule === 'min_days'
        ? `dosing sessions must be at least ${Math.max(1, spacing.minSpacingDays)} days apart`
        : `dosing sessions must start at least ${spacing.minSpacingHours} hours apart`;
  return `is too close to the patient’s ${what} on ${when} (${rule})`;
}

/**
 * Field errors for a set of proposed dosing times (a series) against the patient's booked appointments:
 * one per session that clashes, at `${path}/${i}/date`.
 */
export function dosingSpacingErrors(
  sessions: readonly DosingCandidate[],
  booked: readonly BookedAppointment[],
  spacing: DosingSpacing,
  path = '/sessions',
): FieldError[] {
  const errors: FieldError[] = [];
  sessions.forEach((s, i) => {
    const clash = dosingSpacingClash(s, booked, spacing);
    if (clash) errors.push({ path: `${path}/${i}/date`, message: dosingClashMessage(clash, spacing) });
  });
  return errors;
}
