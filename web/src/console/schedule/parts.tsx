import { Link } from 'react-router';
import { formatClockTime, formatDate } from '../../shared/time';
import { type FormError } from '../../shared/kit';
import { ApiError } from '../../shared/api';
import { statusLabels, type Appointment, type AppointmentStatus } from './schedule-api';

export const typeColours: { kind: string; label: string }[] = [
  { kind: 'iv_session', label: 'IV session' },
  { kind: 'im_session', label: 'IM session' },
  { kind: 'esketamine_session', label: 'Esketamine session' },
  { kind: 'assessment', label: 'Assessment' },
  { kind: 'follow_up', label: 'Follow-up / integration' },
  { kind: 'telehealth', label: 'Telehealth' },
];

export function StatusTag({ status }: { status: AppointmentStatus }) {
  return <span className={`status status--${status}`}>{statusLabels[status]}</span>;
}

/** One appointment in the calendar: time, patient, visit type and status in words; colour only repeats them. */
export function AppointmentCard({
  appointment: a,
  showDate = false,
}: {
  appointment: Appointment;
  showDate?: boolean;
}) {
  return (
    <Link to={`/schedule/appointments/${a.id}`} className={`appt appt--${a.type.kind} appt--${a.status}`}>
      <span className="appt__time">
        {showDate ? `${formatDate(a.localDate)} ` : ''}
        {formatClockTime(a.startTime)}–{formatClockTime(a.endTime)}
      </span>
      {a.patient.name}
      <span className="appt__type">
        {a.type.label}
        {a.series ? ` (${a.series.number})` : ''}
      </span>
      <StatusTag status={a.status} />
    </Link>
  );
}

export function TypeLegend() {
  return (
    <ul className="legend" aria-label="Appointment types">
      {typeColours.map((t) => (
        <li key={t.kind} className={`appt--${t.kind}`}>
          {t.label}
        </li>
      ))}
    </ul>
  );
}

/** An API error as form errors: field paths (/date, /body/startTime, /sessions/2/chairId) to field ids. */
export function formErrors(
  error: unknown,
  fieldIds: Record<string, string> = {},
  fallback = 'Something went wrong.',
): FormError[] {
  if (!(error instanceof ApiError)) return [{ message: fallback }];
  const errors: FormError[] = error.fieldErrors.map((e) => {
    const key = e.path.replace(/^\/body/, '');
    const fieldId = fieldIds[key];
    return fieldId ? { fieldId, message: e.message } : { message: `${error.detail ?? error.title} (${e.message})` };
  });
  return errors.length > 0 ? errors : [{ message: error.detail ?? error.title }];
}
