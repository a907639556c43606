import { clinicDateTimeLocal, formatTime as formatClinicTime, fromClinicDateTimeLocal } from '../../shared/time';

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
