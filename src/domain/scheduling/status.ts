import { DomainError } from '../errors.js';

/**
 * An appointment's day: scheduled → confirmed → checked_in → in_session → recovery → discharged, or
 * cancelled / no_show. Visits without a dose (assessment, follow-up, telehealth) go from in_session
 * straight to discharged.
 */
export const appointmentStatuses = [
  'scheduled',
  'confirmed',
  'checked_in',
  'in_session',
  'recovery',
  'discharged',
  'cancelled',
  'no_show',
] as const;
export type AppointmentStatus = (typeof appointmentStatuses)[number];

export const appointmentStatusLabels: Readonly<Record<AppointmentStatus, string>> = {
  scheduled: 'Scheduled',
  confirmed: 'Confirmed',
  checked_in: 'Checked in',
  in_session: 'In session',
  recovery: 'In recovery',
  discharged: 'Discharged',
  cancelled: 'Cancelled',
  no_show: 'No-show',
};

const transitions: Readonly<Record<AppointmentStatus, readonly AppointmentStatus[]>> = {
  scheduled: ['confirmed', 'checked_in', 'cancelled', 'no_show'],
  confirmed: ['checked_in', 'cancelled', 'no_show'],
  checked_in: ['in_session', 'cancelled'],
  in_session: ['recovery', 'discharged'],
  recovery: ['discharged'],
  discharged: [],
  cancelled: [],
  no_show: [],
};

/** Statuses that still hold the chair and the member of staff. */
export const holdingStatuses: readonly AppointmentStatus[] = [
  'scheduled',
  'confirmed',
  'checked_in',
  'in_session',
  'recovery',
  'discharged',
];

export function isHolding(status: AppointmentStatus): boolean {
  return holdingStatuses.includes(status);
}

export function nextStatuses(status: AppointmentStatus): readonly AppointmentStatus[] {
  return transitions[status];
}

const minuteMs = 60_000;
/** Check-in opens this long before the start (a patient who arrives early). */
export const checkInOpensMinutesBefore = 120;
/** Cancelling within this many hours of the start counts as a late cancellation (clinic policy). */
export const lateCancelHours = 24;

export interface TransitionContext {
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly now: Date;
  /** Whether the appointment includes a dose (recovery applies). */
  readonly hasDose: boolean;
}

/**
 * Checks one status change and says why it is refused: a change the flow does not allow, a check-in
 * more than two hours early, a no-show before the start time, recovery for a visit without a dose.
 */
export function assertTransition(from: AppointmentStatus, to: AppointmentStatus, ctx: TransitionContext): void {
  const refuse = (message: string): never => {
    throw new DomainError('appointment_status_transition_invalid', message, {
      errors: [{ path: '/status', message }],
      details: { from, to, allowed: transitions[from] },
    });
  };
  if (!transitions[from].includes(to)) {
    refuse(
      `An appointment that is ${appointmentStatusLabels[from].toLowerCase()} cannot become ${appointmentStatusLabels[to].toLowerCase()}.`,
    );
  }
  if (to === 'checked_in' && ctx.now.getTime() < ctx.startsAt.getTime() - checkInOpensMinutesBefore * minuteMs) {
    refuse(`Check-in opens ${checkInOpensMinutesBefore / 60} hours before the appointment.`);
  }
  if (to === 'no_show' && ctx.now.getTime() < ctx.startsAt.getTime()) {
    refuse('A patient can be marked as a no-show only once the appointment has started.');
  }
  if (to === 'recovery' && !ctx.hasDose) refuse('Only a dosing session has a recovery period.');
  if ((to === 'confirmed' || to === 'cancelled') && ctx.now.getTime() >= ctx.endsAt.getTime()) {
    refuse(
      `An appointment that has ended cannot be ${to === 'confirmed' ? 'confirmed' : 'cancelled'}; mark it as a no-show instead.`,
    );
  }
}

/** A cancellation within `lateCancelHours` of the start (or after it) is late. */
export function isLateCancellation(startsAt: Date, now: Date, windowHours: number = lateCancelHours): boolean {
  return startsAt.getTime() - now.getTime() < windowHours * 60 * minuteMs;
}
