import './schedule.css';
import { formatClockTime, formatDate } from '../../shared/time';
import { ErrorSummary, errorFor, type FormError, TextField, LiveRegion, Notice, PageHeading } from '../../shared/kit';
import { useQuery } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMe } from '../../shared/auth';
import { can } from '../nav';
import { formErrors, StatusTag } from './parts';
import { failureText } from '../../shared/query';
import { useLocations } from './CalendarPage';
import { scheduleApi, statusLabels, type Appointment, type AppointmentStatus, type Location } from './schedule-api';
import { sessionApi } from '../sessions/session-api';

const dosing = new Set(['iv_session', 'im_session', 'esketamine_session']);

/** One appointment: its details, the day's status changes, moving it by form, cancelling with a reason. */
export function AppointmentPage() {
  const { id = '' } = useParams();
  const query = useQuery({
    queryKey: ['schedule', 'appointments', id],
    queryFn: ({ signal }) => scheduleApi.appointment(id, signal),
  });
  const { locations } = useLocations();
  if (query.isError)
    return (
      <>
        <PageHeading title="Appointment not available">Appointment not available</PageHeading>
        <p>{failureText(query.error, 'The appointment could not be loaded.')}</p>
        <p>
          <Link to="/schedule">Back to the calendar</Link>
        </p>
      </>
    );
  if (!query.data) return <p aria-live="polite">Loading the appointment…</p>;
  const location = locations?.find((l) => l.id === query.data.location.id) ?? null;
  return <AppointmentDetails key={id} initial={query.data} location={location} />;
}

/** The loaded appointment; its forms start from what was loaded and follow each change saved. */
function AppointmentDetails({ initial, location }: { initial: Appointment; location: Location | null }) {
  const me = useMe();
  const [appointment, setAppointment] = useState<Appointment>(initial);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [companion, setCompanion] = useState(initial.companionName ?? '');
  const [reason, setReason] = useState('');
  const [move, setMove] = useState({
    date: initial.localDate,
    startTime: initial.startTime,
    chairId: initial.chair?.id ?? '',
  });
  const a = appointment;
  const navigate = useNavigate();
  // A dosing visit with its treatment session open: link to it.
  const board = useQuery({
    queryKey: ['sessions', 'board', a.localDate, a.location.id],
    queryFn: () => sessionApi.board({ date: a.localDate, locationId: a.location.id }),
    enabled: dosing.has(a.type.kind),
  });
  const sessionId = board.data?.items.find((s) => s.appointmentId === a.id)?.id ?? null;

  const act = async (status: AppointmentStatus, extra: { reason?: string; companionName?: string } = {}) => {
    setBusy(true);
    setErrors([]);
    setDone(null);
    try {
      if (status === 'checked_in' && dosing.has(a.type.kind)) {
        // A dosing visit: checking in opens the treatment session, which moves the appointment from now on.
        const session = await sessionApi.checkIn({ patientId: a.patient.id, appointmentId: a.id });
        void navigate(`/sessions/${session.id}`);
        return;
      }
      const updated = await scheduleApi.setStatus(a.id, { status, version: a.version, ...extra });
      setAppointment(updated);
      setDone(
        `${statusLabels[status]}.${updated.lateCancel && status === 'cancelled' ? ' This was a late cancellation (less than 24 hours before).' : ''}`,
      );
    } catch (error) {
      setErrors(formErrors(error, { '/reason': 'cancel-reason', '/status': 'status-actions' }));
    } finally {
      setBusy(false);
    }
  };

  const reschedule = async (event: SyntheticEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors([]);
    setDone(null);
    try {
      const updated = await scheduleApi.reschedule(a.id, {
        date: move.date,
        startTime: move.startTime,
        chairId: move.chairId || null,
        version: a.version,
      });
      setAppointment(updated);
      setDone(`Moved to ${formatDate(updated.localDate)} at ${formatClockTime(updated.startTime)}.`);
    } catch (error) {
      setErrors(
        formErrors(error, {
          '/date': 'move-date',
          '/startTime': 'move-time',
          '/endTime': 'move-time',
          '/chairId': 'move-chair',
          '/staffUserId': 'move-chair',
        }),
      );
    } finally {
      setBusy(false);
    }
  };

  const canSchedule = can(me, 'sessions.schedule');
  const canCheckIn = can(me, 'sessions.checkin');
  const canRecord = can(me, 'sessions.record');
  const open = a.status === 'scheduled' || a.status === 'confirmed';

  return (
    <>
      <PageHeading title={`Appointment: ${a.patient.name}`} caption={`${a.type.label} · ${a.location.name}`}>
        {a.patient.name}, {formatDate(a.localDate)} at {formatClockTime(a.startTime)}
      </PageHeading>
      <ErrorSummary errors={errors} />
      <LiveRegion>
        {done ? (
          <Notice kind="success" title="Saved">
            <p>{done}</p>
          </Notice>
        ) : null}
      </LiveRegion>
      <dl className="summary-list">
        <div>
          <dt>Status</dt>
          <dd>
            <StatusTag status={a.status} />
            {a.lateCancel ? ' (late cancellation)' : ''}
            {a.cancelReason ? ` — ${a.cancelReason}` : ''}
          </dd>
        </div>
        <div>
          <dt>When</dt>
          <dd>
            {formatDate(a.localDate)}, {formatClockTime(a.startTime)}–{formatClockTime(a.endTime)} (
            {a.location.timeZone})
          </dd>
        </div>
        <div>
          <dt>Visit</dt>
          <dd>
            {a.type.label}
            {a.series ? `, session ${a.series.number} of a series` : ''}
          </dd>
        </div>
        <div>
          <dt>Chair</dt>
          <dd>{a.chair?.name ?? 'None'}</dd>
        </div>
        <div>
          <dt>Staff</dt>
          <dd>{a.staff?.name ?? 'None'}</dd>
        </div>
        <div>
          <dt>Companion</dt>
          <dd>{a.companionName ?? 'Not named yet'}</dd>
        </div>
        <div>
          <dt>Pre-visit questionnaires</dt>
          <dd>{a.questionnairesDone > 0 ? `${a.questionnairesDone} done` : 'None yet'}</dd>
        </div>
        <div>
          <dt>Patient</dt>
          <dd>
            <Link to={`/patients/${a.patient.id}`}>
              {a.patient.name} (MRN {a.patient.mrn})
            </Link>
          </dd>
        </div>
      </dl>

      <h2 id="status-actions" tabIndex={-1}>
        The day
      </h2>
      <div className="button-group">
        {open && canCheckIn ? (
          <button type="button" className="button" disabled={busy} onClick={() => void act('checked_in')}>
            Check in
          </button>
        ) : null}
        {sessionId ? (
          <Link className="button" to={`/sessions/${sessionId}`}>
            Open the treatment session
          </Link>
        ) : null}
        {a.status === 'checked_in' && canRecord && !dosing.has(a.type.kind) ? (
          <button type="button" className="button" disabled={busy} onClick={() => void act('in_session')}>
            Start the visit
          </button>
        ) : null}
        {(a.status === 'in_session' || a.status === 'recovery') && canRecord && !dosing.has(a.type.kind) ? (
          <button type="button" className="button" disabled={busy} onClick={() => void act('discharged')}>
            Discharge
          </button>
        ) : null}
        {open && canCheckIn ? (
          <button
            type="button"
            className="button button--secondary"
            disabled={busy}
            onClick={() => void act('no_show')}
          >
            Mark as no-show
          </button>
        ) : null}
      </div>

      {a.status === 'scheduled' && canSchedule ? (
        <>
          <h2>Confirm by phone</h2>
          <TextField
            id="companion"
            label="Name of the adult taking the patient home"
            value={companion}
            onChange={setCompanion}
            width="medium"
            error={errorFor(errors, 'companion')}
          />
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => void act('confirmed', companion.trim() ? { companionName: companion.trim() } : {})}
          >
            Confirm the appointment
          </button>
        </>
      ) : null}

      {open && canSchedule ? (
        <>
          <h2>Move</h2>
          <form onSubmit={(e) => void reschedule(e)} noValidate>
            <TextField
              id="move-date"
              label="Date"
              type="date"
              value={move.date}
              onChange={(date) => setMove({ ...move, date })}
              width="medium"
              error={errorFor(errors, 'move-date')}
            />
            <TextField
              id="move-time"
              label="Start time"
              hint="24-hour clock, e.g. 14:30"
              type="time"
              value={move.startTime}
              onChange={(startTime) => setMove({ ...move, startTime })}
              width="short"
              error={errorFor(errors, 'move-time')}
            />
            <div className="field">
              <label className="field__label" htmlFor="move-chair">
                Chair
              </label>
              {errorFor(errors, 'move-chair') ? (
                <p className="field__error" id="move-chair-error">
                  <span className="visually-hidden">Error: </span>
                  {errorFor(errors, 'move-chair')}
                </p>
              ) : null}
              <select
                id="move-chair"
                className="input input--medium"
                value={move.chairId}
                onChange={(e) => setMove({ ...move, chairId: e.target.value })}
              >
                <option value="">Any free chair</option>
                {(location?.chairs ?? [])
                  .filter((c) => c.active)
                  .map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
              </select>
            </div>
            <button type="submit" className="button" disabled={busy}>
              Move the appointment
            </button>
          </form>

          <h2>Cancel</h2>
          <div className={`field${errorFor(errors, 'cancel-reason') ? ' field--error' : ''}`}>
            <label className="field__label" htmlFor="cancel-reason">
              Reason for cancelling
            </label>
            <div className="field__hint" id="cancel-reason-hint">
              Less than 24 hours before the start counts as a late cancellation.
            </div>
            {errorFor(errors, 'cancel-reason') ? (
              <p className="field__error" id="cancel-reason-error">
                <span className="visually-hidden">Error: </span>
                {errorFor(errors, 'cancel-reason')}
              </p>
            ) : null}
            <textarea
              id="cancel-reason"
              className="input input--full"
              rows={3}
              maxLength={500}
              value={reason}
              aria-describedby="cancel-reason-hint"
              onChange={(e) => setReason(e.target.value)}
            />
          </div>
          <button
            type="button"
            className="button button--warning"
            disabled={busy}
            onClick={() => void act('cancelled', { reason: reason.trim() })}
          >
            Cancel the appointment
          </button>
        </>
      ) : null}
      <p>
        <Link to={`/schedule?location=${a.location.id}&date=${a.localDate}`}>Back to the calendar</Link>
      </p>
    </>
  );
}
