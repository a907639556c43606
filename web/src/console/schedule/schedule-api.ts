import type {
  Appointment,
  Chair,
  Location,
  ProposedSession,
  SeriesProposal,
  StaffHours,
} from '../../../../src/contracts/scheduling';
export type { Appointment, Chair, Location, ProposedSession, SeriesProposal, StaffHours };
export type { AppointmentStatus } from '../../../../src/domain/scheduling/status';
import type { AppointmentStatus } from '../../../../src/domain/scheduling/status';
import { api } from '../../shared/api';

/** The scheduling API (src/http/routes/schedule.ts); its shapes are the contracts'. Dates and times are the location's wall clock. */

export interface Email {
  id: string;
  to: string;
  subject: string;
  text: string;
  kind: string;
  status: string;
  createdAt: string;
  sentAt: string | null;
}

const base = '/api/v1/schedule';

export const scheduleApi = {
  locations: (signal?: AbortSignal) =>
    api.get<{ items: Location[] }>(`${base}/locations`, signal ? { signal } : undefined),
  staffHours: (locationId: string, signal?: AbortSignal) =>
    api.get<{ items: StaffHours[] }>(`${base}/locations/${locationId}/staff-hours`, signal ? { signal } : undefined),
  calendar: (locationId: string, from: string, days: number, signal?: AbortSignal) =>
    api.get<{ items: Appointment[]; from: string; to: string }>(
      `${base}/calendar?${new URLSearchParams({ locationId, from, days: String(days) }).toString()}`,
      signal ? { signal } : undefined,
    ),
  today: (locationId: string, signal?: AbortSignal) =>
    api.get<{ date: string; items: Appointment[] }>(
      `${base}/today?${new URLSearchParams({ locationId }).toString()}`,
      signal ? { signal } : undefined,
    ),
  appointment: (id: string, signal?: AbortSignal) =>
    api.get<Appointment>(`${base}/appointments/${id}`, signal ? { signal } : undefined),
  setStatus: (
    id: string,
    body: { status: AppointmentStatus; version: number; reason?: string; companionName?: string },
  ) => api.post<Appointment>(`${base}/appointments/${id}/status`, body),
  reschedule: (id: string, body: { date: string; startTime: string; chairId?: string | null; version: number }) =>
    api.post<Appointment>(`${base}/appointments/${id}/reschedule`, body),
  propose: (body: {
    patientId: string;
    locationId: string;
    kind: 'induction' | 'maintenance';
    startDate?: string;
    preferredTime?: string;
  }) => api.post<SeriesProposal>(`${base}/series/proposal`, body),
  bookSeries: (body: {
    patientId: string;
    locationId: string;
    kind: 'induction' | 'maintenance';
    sessions: { date: string; startTime: string; chairId: string | null }[];
  }) => api.post<{ seriesId: string; appointments: Appointment[] }>(`${base}/series`, body),
  outbox: (signal?: AbortSignal) =>
    api.get<{ items: Email[]; next: string | null }>(`${base}/outbox?limit=50`, signal ? { signal } : undefined),
};

/** The words for an appointment's status (src/domain/labels). */
export { appointmentStatusLabels as statusLabels } from '../../../../src/domain/labels';

/** "2026-12-01" + n days, on day numbers (no time zone involved). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const weekdayFormat = new Intl.DateTimeFormat('en-US', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  timeZone: 'UTC',
});
/** "Tue, Dec 1" for a local date (a calendar date: no time zone involved). */
export function dayLabel(date: string): string {
  return weekdayFormat.format(new Date(`${date}T00:00:00Z`));
}

/** Monday of the week a local date falls in. */
export function mondayOf(date: string): string {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, -((day + 6) % 7));
}

/** Today's date in a time zone. */
export function todayIn(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(),
  );
}
