import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type SyntheticEvent } from 'react';
import { ErrorSummary, errorFor, type FormError, TextField, LiveRegion, PageHeading } from '../../shared/kit';
import { Link, useNavigate } from 'react-router';
import { api } from '../../shared/api';
import { failureText } from '../../shared/query';
import { useMe } from '../../shared/auth';
import { can } from '../nav';
import type { PatientListItem } from '../patients/chart-api';
import { formErrors } from '../patients/shared';
import { sessionApi, type Board, type ExpectedArrival, type Session } from './session-api';
import { sessionRouteLabels } from './labels';
import { formatTime, vitalsDue } from './time';
import { formatDate } from '../../shared/time';
import './sessions.css';

const boardKey = ['sessions', 'board'] as const;

/** The board with each session replaced by a newer copy heard on the live feed (the higher version wins). */
function withNewer(board: Board, heard: ReadonlyMap<string, Session>): Board {
  if (heard.size === 0) return board;
  const items = new Map(board.items.map((s) => [s.id, s]));
  for (const s of heard.values()) if ((items.get(s.id)?.version ?? 0) < s.version) items.set(s.id, s);
  return { ...board, items: [...items.values()] };
}

/**
 * The live feed (server-sent events): each saved change to a session goes into the board's query cache.
 * Every copy heard is also kept, so a board fetched while the feed was already talking (its snapshot
 * possibly older than an event) is brought up to date as it arrives. The browser reconnects by itself and
 * the server sends what was missed.
 */
function useBoardFeed(client: QueryClient, heard: Map<string, Session>) {
  const [live, setLive] = useState<'connecting' | 'live' | 'reconnecting'>('connecting');
  useEffect(() => {
    const source = new EventSource('/api/v1/sessions/board/events');
    source.addEventListener('ready', () => {
      setLive('live');
      // Back online after the board itself could not be fetched: fetch it again.
      if (client.getQueryState(boardKey)?.status === 'error') void client.invalidateQueries({ queryKey: boardKey });
    });
    source.addEventListener('session', (event) => {
      const session = JSON.parse((event as MessageEvent<string>).data) as Session;
      if ((heard.get(session.id)?.version ?? 0) <= session.version) heard.set(session.id, session);
      client.setQueryData<Board>(boardKey, (board) => (board ? withNewer(board, heard) : board));
    });
    source.onerror = () => setLive('reconnecting');
    return () => source.close();
  }, [client, heard]);
  return live;
}

/**
 * The chair board: every session of the day at a glance, live for everyone watching (server-sent
 * events; the browser reconnects by itself and the server sends what it missed).
 */
export function BoardPage() {
  const me = useMe();
  const client = useQueryClient();
  const [heard] = useState(() => new Map<string, Session>());
  const board = useQuery({
    queryKey: boardKey,
    queryFn: async ({ signal }) => withNewer(await sessionApi.board({}, signal), heard),
  });
  const live = useBoardFeed(client, heard);
  const [, tick] = useState(0);
  useEffect(() => {
    // "Due in n min" and the minutes since the dose move on without a change on the server.
    const timer = setInterval(() => tick((n) => n + 1), 30_000);
    return () => clearInterval(timer);
  }, []);

  const sessions = board.data?.items ?? [];
  const expected = board.data?.expected ?? [];
  const error =
    board.isError && !board.data
      ? failureText(board.error, 'The board could not be loaded. It will retry when the connection returns.')
      : null;
  const today = [...sessions].sort(
    (a, b) => (a.chair ?? '~').localeCompare(b.chair ?? '~') || a.checkedInAt.localeCompare(b.checkedInAt),
  );
  const active = today.filter((s) => s.phase !== 'discharged' && s.phase !== 'ended_without_dose');
  // A booked patient leaves "expected" the moment a session opens from their appointment (on any screen).
  const arrived = new Set(today.map((s) => s.appointmentId));
  const waiting = expected.filter((e) => !arrived.has(e.appointmentId));
  const done = today.filter((s) => !active.includes(s));
  return (
    <>
      <PageHeading title="Chair board">Chair board</PageHeading>
      <p className="board-status">
        {live === 'live'
          ? 'Live: changes appear as they are saved.'
          : live === 'connecting'
            ? 'Connecting…'
            : 'Connection lost: reconnecting…'}
      </p>
      {error ? <p className="field__error">{error}</p> : null}
      {!board.data && !error ? <p aria-live="polite">Loading the board…</p> : null}
      {board.data ? (
        <>
          <h2>In the chairs ({active.length})</h2>
          {active.length === 0 ? <p>No one is in a chair.</p> : null}
          <ul className="board">
            {active.map((s) => (
              <BoardCard key={s.id} session={s} />
            ))}
          </ul>
          <h2>Booked, not yet arrived ({waiting.length})</h2>
          {waiting.length === 0 ? <p>No one else is booked for today.</p> : null}
          {waiting.length > 0 ? <ExpectedList items={waiting} canCheckIn={can(me, 'sessions.checkin')} /> : null}
        </>
      ) : null}
      {can(me, 'sessions.checkin') ? <CheckInForm /> : null}
      {done.length > 0 ? (
        <>
          <h2>Finished today ({done.length})</h2>
          <ul className="board board--done">
            {done.map((s) => (
              <BoardCard key={s.id} session={s} />
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

function BoardCard({ session: s }: { session: Session }) {
  const open = s.alerts.filter((a) => a.acknowledgedAt === null && a.level !== 'notice');
  const due = s.nextVitalsDue;
  const when = due ? vitalsDue(due) : null;
  const v = s.lastVitals;
  const finished = s.phase === 'discharged' || s.phase === 'ended_without_dose';
  return (
    <li className={`board-card${open.length > 0 ? ' board-card--alert' : ''}`}>
      <h3 className="board-card__title">
        <Link to={`/sessions/${s.id}`}>{s.patient.name}</Link>
      </h3>
      <p className="board-card__meta">
        {s.chair ?? 'No chair'} · {sessionRouteLabels[s.route]} · <strong>{s.boardPhaseLabel}</strong>
      </p>
      <dl className="board-card__facts">
        {finished ? (
          // Over: when it happened, not minutes counted as if the patient were still in the chair. (The term's
          // trailing space keeps "Dose at 8:12 AM" one phrase in the card's text.)
          <div>
            <dt>{s.doseStartedAt ? 'Dose at ' : 'Checked in at '}</dt>
            <dd>{formatTime(s.doseStartedAt ?? s.checkedInAt)}</dd>
          </div>
        ) : (
          <div>
            <dt>{s.minutesSinceDose !== null ? 'Since dose' : 'Since check-in'}</dt>
            <dd>{s.minutesSinceDose ?? s.minutesElapsed} min</dd>
          </div>
        )}
        {s.clinical ? (
          <>
            <div>
              <dt>Last vitals</dt>
              <dd>
                {v
                  ? `BP ${v.systolicMmHg ?? '–'}/${v.diastolicMmHg ?? '–'}, HR ${v.heartRateBpm ?? '–'}, SpO2 ${v.spo2Percent ?? '–'} % at ${formatTime(v.takenAt)}`
                  : 'None yet'}
              </dd>
            </div>
            <div>
              <dt>Next vitals</dt>
              <dd>
                {due && when
                  ? when.kind === 'now'
                    ? 'Due now'
                    : when.kind === 'overdue'
                      ? `Overdue by ${when.minutes} min`
                      : `Due in ${when.minutes} min (${formatTime(due.dueAt)})`
                  : 'Not scheduled'}
              </dd>
            </div>
          </>
        ) : null}
      </dl>
      {open.length > 0 ? (
        <ul className="board-card__alerts">
          {open.map((a) => (
            <li key={a.id}>
              <strong>{a.level === 'stop' ? 'Stop: ' : 'Alert: '}</strong>
              {a.message}
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** Today's booked dosing visits from the calendar, by chair; checking in opens the session from the booking. */
function ExpectedList({ items, canCheckIn }: { items: readonly ExpectedArrival[]; canCheckIn: boolean }) {
  const navigate = useNavigate();
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  // One tap, one check-in: a second tap before the button is drawn disabled is ignored.
  const inFlight = useRef(false);
  const byChair = new Map<string, ExpectedArrival[]>();
  for (const e of [...items].sort((a, b) => a.startsAt.localeCompare(b.startsAt))) {
    const chair = e.chair ?? 'No chair';
    byChair.set(chair, [...(byChair.get(chair) ?? []), e]);
  }

  async function checkIn(e: ExpectedArrival) {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    try {
      const session = await sessionApi.checkIn({ patientId: e.patient.id, appointmentId: e.appointmentId });
      void navigate(`/sessions/${session.id}`);
    } catch (error) {
      setErrors(formErrors(error, {}));
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }

  return (
    <>
      <ErrorSummary errors={errors} />
      <ul className="board board--expected">
        {[...byChair.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([chair, list]) => (
            <li key={chair} className="board-card">
              <h3 className="board-card__title">{chair}</h3>
              <ul className="expected-list">
                {list.map((e) => (
                  <li key={e.appointmentId}>
                    <span>
                      {formatTime(e.startsAt)} · {e.patient.name} · {e.visit} ·{' '}
                      {e.status === 'confirmed' ? 'Confirmed' : 'Not confirmed'}
                    </span>
                    {canCheckIn ? (
                      <button
                        type="button"
                        className="button button--secondary"
                        disabled={busy}
                        onClick={() => void checkIn(e)}
                      >
                        Check in<span className="visually-hidden"> {e.patient.name}</span>
                      </button>
                    ) : null}
                  </li>
                ))}
              </ul>
            </li>
          ))}
      </ul>
    </>
  );
}

function CheckInForm() {
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const [matches, setMatches] = useState<PatientListItem[] | null>(null);
  const [chair, setChair] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);

  async function search(event: SyntheticEvent) {
    event.preventDefault();
    if (query.trim() === '') {
      setErrors([{ fieldId: 'checkin-query', message: 'Enter a name, date of birth or MRN' }]);
      return;
    }
    setErrors([]);
    try {
      const res = await api.get<{ items: PatientListItem[] }>(
        `/api/v1/patients?q=${encodeURIComponent(query.trim())}&limit=10`,
      );
      setMatches(res.items);
    } catch (error) {
      setErrors(formErrors(error, { 'querystring/q': 'checkin-query' }));
    }
  }

  async function checkIn(patientId: string) {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    try {
      const session = await sessionApi.checkIn({ patientId, chair: chair.trim() || null });
      void navigate(`/sessions/${session.id}`);
    } catch (error) {
      setErrors(formErrors(error, { chair: 'checkin-chair' }));
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="checkin-heading">
      <h2 id="checkin-heading">Check a patient in</h2>
      <ErrorSummary errors={errors} />
      <form onSubmit={(e) => void search(e)} noValidate>
        <TextField
          id="checkin-query"
          label="Patient name, date of birth or MRN"
          value={query}
          onChange={setQuery}
          error={errorFor(errors, 'checkin-query')}
          width="medium"
        />
        <TextField
          id="checkin-chair"
          label="Chair"
          hint="For example, Chair 2"
          value={chair}
          onChange={setChair}
          width="short"
          error={errorFor(errors, 'checkin-chair')}
        />
        <button type="submit" className="button button--secondary">
          Find patient
        </button>
      </form>
      <LiveRegion>
        {matches !== null ? (
          matches.length === 0 ? (
            <p>No patient matches.</p>
          ) : (
            <ul className="checkin-matches">
              {matches.map((m) => (
                <li key={m.id}>
                  <span>
                    {m.givenName} {m.familyName} · MRN {m.mrn} · born {formatDate(m.dateOfBirth)}
                  </span>
                  <button type="button" className="button" disabled={busy} onClick={() => void checkIn(m.id)}>
                    Check in {m.givenName} {m.familyName}
                  </button>
                </li>
              ))}
            </ul>
          )
        ) : null}
      </LiveRegion>
    </section>
  );
}
