import './schedule.css';
import { ErrorSummary, errorFor, type FormError, TextField, LiveRegion, Notice, PageHeading } from '../../shared/kit';
import { useState, type SyntheticEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { LocationSelect, mainLocation, useLocations } from './CalendarPage';
import { AppointmentCard, formErrors } from './parts';
import { dayLabel, scheduleApi, type Appointment, type SeriesProposal } from './schedule-api';

interface Row {
  date: string;
  startTime: string;
  chairId: string;
}

/**
 * Series booking as one screen, from the patient's signed plan: propose the whole series into free chair +
 * nurse + prescriber slots, move any session, then book them all at once (all or none).
 */
export function SeriesPage() {
  const [params] = useSearchParams();
  const patientId = params.get('patientId') ?? '';
  const { locations } = useLocations();
  const [locationId, setLocationId] = useState('');
  const location = locations?.find((l) => l.id === locationId) ?? mainLocation(locations);
  const [kind, setKind] = useState<'induction' | 'maintenance'>(
    params.get('kind') === 'maintenance' ? 'maintenance' : 'induction',
  );
  const [startDate, setStartDate] = useState('');
  const [preferredTime, setPreferredTime] = useState('');
  const [proposal, setProposal] = useState<SeriesProposal | null>(null);
  const [rows, setRows] = useState<Row[]>([]);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const [booked, setBooked] = useState<Appointment[] | null>(null);

  const propose = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (!location) return;
    setBusy(true);
    setErrors([]);
    setBooked(null);
    try {
      const p = await scheduleApi.propose({
        patientId,
        locationId: location.id,
        kind,
        ...(startDate ? { startDate } : {}),
        ...(preferredTime ? { preferredTime } : {}),
      });
      setProposal(p);
      setRows(p.sessions.map((s) => ({ date: s.date, startTime: s.startTime, chairId: s.chair?.id ?? '' })));
    } catch (error) {
      setProposal(null);
      setErrors(formErrors(error, { '/startDate': 'start-date', '/preferredTime': 'preferred-time' }));
    } finally {
      setBusy(false);
    }
  };

  const book = async () => {
    if (!location || !proposal) return;
    setBusy(true);
    setErrors([]);
    try {
      const result = await scheduleApi.bookSeries({
        patientId,
        locationId: location.id,
        kind,
        sessions: rows.map((r) => ({ date: r.date, startTime: r.startTime, chairId: r.chairId || null })),
      });
      setBooked(result.appointments);
      setProposal(null);
    } catch (error) {
      const ids: Record<string, string> = {};
      rows.forEach((_, i) => {
        ids[`/sessions/${i}`] = `session-${i}-date`;
        ids[`/sessions/${i}/date`] = `session-${i}-date`;
        ids[`/sessions/${i}/startTime`] = `session-${i}-time`;
        ids[`/sessions/${i}/endTime`] = `session-${i}-time`;
        ids[`/sessions/${i}/chairId`] = `session-${i}-chair`;
        ids[`/sessions/${i}/staffUserId`] = `session-${i}-time`;
        ids[`/sessions/${i}/patientId`] = `session-${i}-date`;
      });
      setErrors(formErrors(error, ids));
    } finally {
      setBusy(false);
    }
  };

  const update = (i: number, change: Partial<Row>) => setRows(rows.map((r, k) => (k === i ? { ...r, ...change } : r)));

  return (
    <>
      <PageHeading title="Book a treatment series" caption="Scheduling">
        Book a treatment series
      </PageHeading>
      {!patientId ? (
        <Notice kind="info" title="Choose a patient first">
          <p>
            Open the patient’s chart from <Link to="/patients">Patients</Link> and choose “Book the series”.
          </p>
        </Notice>
      ) : null}
      <ErrorSummary errors={errors} />
      <LiveRegion>
        {booked ? (
          <Notice kind="success" title={`${booked.length} sessions booked`}>
            <ul className="appt-list">
              {booked.map((a) => (
                <li key={a.id}>
                  <AppointmentCard appointment={a} showDate />
                </li>
              ))}
            </ul>
            <p>
              <Link to={`/schedule?view=week&date=${booked[0]?.localDate ?? ''}`}>See them in the calendar</Link>
            </p>
          </Notice>
        ) : null}
      </LiveRegion>
      {patientId && locations && location ? (
        <form onSubmit={(e) => void propose(e)} noValidate>
          {locations.length > 1 ? (
            <LocationSelect locations={locations} value={location.id} onChange={setLocationId} />
          ) : null}
          <fieldset className="field">
            <legend className="field__label">Series</legend>
            <label>
              <input type="radio" name="kind" checked={kind === 'induction'} onChange={() => setKind('induction')} />{' '}
              Induction (from the signed plan)
            </label>{' '}
            <label>
              <input
                type="radio"
                name="kind"
                checked={kind === 'maintenance'}
                onChange={() => setKind('maintenance')}
              />{' '}
              Maintenance cadence
            </label>
          </fieldset>
          <TextField
            id="start-date"
            label="First possible day (optional)"
            hint="Leave empty to start from the plan’s start date."
            type="date"
            value={startDate}
            onChange={setStartDate}
            width="medium"
            error={errorFor(errors, 'start-date')}
          />
          <TextField
            id="preferred-time"
            label="Preferred time (optional)"
            hint="24-hour clock; empty: the plan’s preferred time."
            type="time"
            value={preferredTime}
            onChange={setPreferredTime}
            width="short"
            error={errorFor(errors, 'preferred-time')}
          />
          <button type="submit" className="button button--secondary" disabled={busy}>
            Propose dates
          </button>
        </form>
      ) : null}
      {proposal && location ? (
        <>
          <h2>
            Proposed: {proposal.sessions.length} × {proposal.type.label} ({proposal.type.minutes} minutes each)
          </h2>
          <p>Change any date, time or chair; the plan’s spacing rules are checked again when you book.</p>
          <div className="calendar-scroll" tabIndex={0} role="region" aria-label="Proposed sessions">
            <table className="table series-table">
              <caption className="visually-hidden">Proposed sessions</caption>
              <thead>
                <tr>
                  <th scope="col">Session</th>
                  <th scope="col">Date</th>
                  <th scope="col">Start</th>
                  <th scope="col">Chair</th>
                  <th scope="col">Nurse</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r, i) => (
                  <tr key={proposal.sessions[i]?.number ?? i}>
                    <th scope="row">
                      {i + 1}
                      <span className="muted"> {dayLabel(r.date)}</span>
                    </th>
                    <td>
                      <label className="visually-hidden" htmlFor={`session-${i}-date`}>
                        Date of session {i + 1}
                      </label>
                      <input
                        id={`session-${i}-date`}
                        className="input"
                        type="date"
                        value={r.date}
                        aria-invalid={errorFor(errors, `session-${i}-date`) ? true : undefined}
                        onChange={(e) => update(i, { date: e.target.value })}
                      />
                    </td>
                    <td>
                      <label className="visually-hidden" htmlFor={`session-${i}-time`}>
                        Start time of session {i + 1}
                      </label>
                      <input
                        id={`session-${i}-time`}
                        className="input"
                        type="time"
                        value={r.startTime}
                        aria-invalid={errorFor(errors, `session-${i}-time`) ? true : undefined}
                        onChange={(e) => update(i, { startTime: e.target.value })}
                      />
                    </td>
                    <td>
                      <label className="visually-hidden" htmlFor={`session-${i}-chair`}>
                        Chair for session {i + 1}
                      </label>
                      <select
                        id={`session-${i}-chair`}
                        className="input"
                        value={r.chairId}
                        aria-invalid={errorFor(errors, `session-${i}-chair`) ? true : undefined}
                        onChange={(e) => update(i, { chairId: e.target.value })}
                      >
                        <option value="">Any free chair</option>
                        {location.chairs
                          .filter((c) => c.active)
                          .map((c) => (
                            <option key={c.id} value={c.id}>
                              {c.name}
                            </option>
                          ))}
                      </select>
                    </td>
                    <td>{proposal.sessions[i]?.staff?.name ?? 'Any free nurse'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <button type="button" className="button" disabled={busy} onClick={() => void book()}>
            Book all {rows.length} sessions
          </button>
        </>
      ) : null}
    </>
  );
}
