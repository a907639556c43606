import { clinicDateTimeLocal, formatTime as formatClinicTime, fromClinicDateTimeLocal } from '../../shared/time.js';

/** "4:05 PM" in the clinic's time zone — the clock time of a reading or an event; "—" when there is none. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso || Number.isNaN(new Date(iso).getTime())) return '—';
  return formatClinicTime(iso);
}

/** Whole minutes from now until an instant (negative when past). */
export function minutesUntil(iso: string, now: number = Date.now()): number {
  return Math.round((new Date(iso).getTime() - now) / 60_000);
}

/** A datetime-local value for now, on the clinic's wall clock. */
export function localNow(): string {
  return clinicDateTimeLocal(new Date());
}

/** A datetime-local value (the clinic's wall clock) back to an ISO instant. */
export function fromLocal(value: string): string {
  return fromClinicDateTimeLocal(value);
}

/** When the next vitals are due, as a nurse reads it: now (within a minute), in n minutes, or n minutes late. */
export type VitalsDue = { kind: 'now' } | { kind: 'in'; minutes: number } | { kind: 'overdue'; minutes: number };

/**
 * The server's `nextVitalsDue` moved on to now: "0 min overdue" (late by less than a minute) and "in 0 min"
 * both read "due now". The server's overdue flag wins over this browser's clock.
 */
export function vitalsDue(
  due: { dueAt: string; overdue: boolean; minutesOverdue: number },
  now: number = Date.now(),
): VitalsDue {
  const ms = new Date(due.dueAt).getTime() - now;
  if (!due.overdue && ms > 0) {
    const minutes = Math.round(ms / 60_000);
    return minutes < 1 ? { kind: 'now' } : { kind: 'in', minutes };
  }
  const late = Math.max(due.minutesOverdue, Math.floor(-ms / 60_000));
  return late < 1 ? { kind: 'now' } : { kind: 'overdue', minutes: late };
}
