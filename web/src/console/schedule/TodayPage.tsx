import './schedule.css';
import { formatClockTime } from '../../shared/time';
import { LiveRegion, Notice, PageHeading } from '../../shared/kit';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../shared/api';
import { useMe } from '../../shared/auth';
import { can } from '../nav';
import { LocationSelect, mainLocation, useLocations } from './CalendarPage';
import { StatusTag } from './parts';
import { dayLabel, scheduleApi, type Appointment } from './schedule-api';
import { sessionApi } from '../sessions/session-api';

// Visits with a dose: checking in opens the treatment session from the booking (the session then moves it).
const dosing = new Set(['iv_session', 'im_session', 'esketamine_session']);

/** The front desk's day: who is due, confirmed or not, companion named or not, questionnaires done; check in. */
export function TodayPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const { locations } = useLocations();
  const location = locations?.find((l) => l.id === params.get('location')) ?? mainLocation(locations);
  const locationId = location?.id ?? '';
  const todayKey = ['schedule', 'today', locationId];
  const query = useQuery({
    queryKey: todayKey,
    queryFn: ({ signal }) => scheduleApi.today(locationId, signal),
    enabled: location !== undefined,
  });
  const client = useQueryClient();
  const state = query.data ?? null;
  const setState = (update: (s: typeof state) => typeof state) =>
    client.setQueryData<{ date: string; items: Appointment[] }>(todayKey, (s) => update(s ?? null) ?? undefined);
  const [saved, setMessage] = useState<{ kind: 'success' | 'warning'; text: string } | null>(null);
  const message = query.isError ? { kind: 'warning' as const, text: 'The list could not be loaded.' } : saved;
  const navigate = useNavigate();
  // Which booked visits already have a session open (to link to it).
  const board = useQuery({
    queryKey: ['sessions', 'board', state?.date, locationId],
    queryFn: () => sessionApi.board({ date: state?.date, locationId }),
    enabled: state !== null && locationId !== '',
  });
  const sessionFor = new Map(
    (board.data?.items ?? []).flatMap((s) => (s.appointmentId ? [[s.appointmentId, s.id] as const] : [])),
  );

  const checkIn = async (a: Appointment) => {
    try {
      if (dosing.has(a.type.kind)) {
        const session = await sessionApi.checkIn({ patientId: a.patient.id, appointmentId: a.id });
        void navigate(`/sessions/${session.id}`);
        return;
      }
      const updated = await scheduleApi.setStatus(a.id, { status: 'checked_in', version: a.version });
      setState((s) => (s ? { ...s, items: s.items.map((x) => (x.id === a.id ? updated : x)) } : s));
      setMessage({ kind: 'success', text: `${a.patient.name} is checked in.` });
    } catch (error) {
      setMessage({
        kind: 'warning',
        text: error instanceof ApiError ? (error.detail ?? error.title) : 'Not checked in.',
      });
    }
  };

  return (
    <>
      <PageHeading title="Today" caption={location?.name}>
        Today{state ? `: ${dayLabel(state.date)}` : ''}
      </PageHeading>
      {locations && locations.length > 1 && location ? (
        <LocationSelect locations={locations} value={location.id} onChange={(id) => setParams({ location: id })} />
      ) : null}
      <LiveRegion>
        {message ? (
          <Notice kind={message.kind} title={message.kind === 'success' ? 'Done' : 'There is a problem'}>
            <p>{message.text}</p>
          </Notice>
        ) : null}
      </LiveRegion>
      {state && state.items.length === 0 ? <p>No appointments today.</p> : null}
      {state && state.items.length > 0 ? (
        <table className="table table--stack">
          <caption className="visually-hidden">Appointments today</caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Patient</th>
              <th scope="col">Visit</th>
              <th scope="col">Chair</th>
              <th scope="col">Status</th>
              <th scope="col">Confirmed</th>
              <th scope="col">Companion</th>
              <th scope="col">Questionnaires</th>
              <th scope="col">
                <span className="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {state.items.map((a) => (
              <tr key={a.id}>
                <th scope="row" data-label="Time">
                  <Link to={`/schedule/appointments/${a.id}`}>
                    {formatClockTime(a.startTime)}–{formatClockTime(a.endTime)}
                  </Link>
                </th>
                <td data-label="Patient">{a.patient.name}</td>
                <td data-label="Visit">{a.type.label}</td>
                <td data-label="Chair">{a.chair?.name ?? '—'}</td>
                <td data-label="Status">
                  <StatusTag status={a.status} />
                </td>
                <td data-label="Confirmed">
                  {a.confirmedAt ? `Yes (${a.confirmedVia === 'link' ? 'by the patient' : 'by phone'})` : 'No'}
                </td>
                <td data-label="Companion">{a.companionName ?? 'Not named'}</td>
                <td data-label="Questionnaires">
                  {a.questionnairesDone > 0 ? `Done (${a.questionnairesDone})` : 'Not yet'}
                </td>
                <td data-label="Action">
                  {sessionFor.has(a.id) ? (
                    <Link to={`/sessions/${sessionFor.get(a.id)}`}>
                      Open the session<span className="visually-hidden"> of {a.patient.name}</span>
                    </Link>
                  ) : null}
                  {(a.status === 'scheduled' || a.status === 'confirmed') && can(me, 'sessions.checkin') ? (
                    <button type="button" className="button button--secondary" onClick={() => void checkIn(a)}>
                      Check in<span className="visually-hidden"> {a.patient.name}</span>
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <p>
        <Link to="/schedule">The calendar</Link>
      </p>
    </>
  );
}
