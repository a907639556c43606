import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorSummary, LiveRegion, Notice, PageHeading, type FormError } from '../../shared/kit';
import { ApiError } from '../../shared/api';
import { useMe } from '../../shared/auth';
import { can } from '../nav';
import { formErrors } from '../patients/shared';
import { flushPending, onPendingChange, pendingFor, sessionApi, type Pending, type Session } from './session-api';
import { sessionRouteLabels } from './labels';
import { VitalsChart } from './VitalsChart';
import { BeforeDose } from './page/BeforeDose';
import { fieldIds, sessionKey, type Ctx, type Write } from './page/context';
import { DuringDose } from './page/DuringDose';
import { AlertsPanel, BigNumbers, PendingList, RemsPanel } from './page/SessionOverview';
import { EntriesList, Signatures, VitalsTable } from './page/SessionRecord';
import { WasteForm } from './page/WasteForm';
import { BagWasteForm } from './page/BagWasteForm';
import './sessions.css';

/** A session's id as the server makes it; anything else in the address names no session. */
const sessionId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One treatment session, from check-in to signed record (CLINICAL.md §3). Every decision is the
 * server's: the page shows the gate, alerts and readiness it answers, and sends what the nurse enters.
 *
 * The session is a TanStack Query entry (`sessionKey`): read again after every write (a write's answer
 * may be a lighter body than the whole record) and whenever the board's live feed says it changed.
 * Writes go through `sessionApi.write` with an Idempotency-Key; without a network they wait in this
 * browser ("Not yet saved") and go out when the connection returns, then the session is read again.
 */
export function SessionPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const queries = useQueryClient();
  // Not a session id (a mistyped address, or "board"): nothing to ask the server, whose /sessions/board is the board.
  const wellFormed = sessionId.test(id);
  const query = useQuery({ queryKey: sessionKey(id), queryFn: () => sessionApi.get(id), enabled: wellFormed });
  const [errors, setErrors] = useState<FormError[]>([]);
  // The last write's outcome; `queued` marks "not yet saved", which lasts only while something waits.
  const [message, setMessage] = useState<{ text: string; queued?: boolean } | null>(null);
  const [pending, setPending] = useState<Pending[]>(() => pendingFor(id));
  const [online, setOnline] = useState(() => navigator.onLine);

  // Subscriptions, not fetches: the live feed, the network state and the queue of writes not yet saved.
  useEffect(() => {
    const refresh = () => queries.invalidateQueries({ queryKey: sessionKey(id) });
    // The queue changed: once nothing of this session waits any more, "not yet saved" is no longer true.
    const syncPending = () => {
      const list = pendingFor(id);
      setPending(list);
      if (!list.some((p) => !p.refused)) setMessage((m) => (m?.queued ? settledMessage(list) : m));
    };
    const flush = () => void flushPending().then(refresh);
    const source = new EventSource('/api/v1/sessions/board/events');
    source.addEventListener('session', (event) => {
      const s = JSON.parse((event as MessageEvent<string>).data) as Pick<Session, 'id'>;
      if (s.id === id) void refresh();
    });
    // The server is reachable again (the feed reconnected): send what waits, even if no 'online' event came.
    source.addEventListener('ready', () => {
      if (pendingFor(id).some((p) => !p.refused)) flush();
    });
    const off = onPendingChange(syncPending);
    const up = () => {
      setOnline(true);
      flush();
    };
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    void flushPending().then(syncPending);
    return () => {
      source.close();
      off();
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
    };
  }, [id, queries]);

  const session = query.data;
  const reload = () => queries.invalidateQueries({ queryKey: sessionKey(id) });

  const write: Write = async (path, body, label, ids) => {
    if (!session) return false;
    setErrors([]);
    setMessage(null);
    try {
      const result = await sessionApi.write(session, path, body, label);
      if (result === 'queued') {
        const waiting = pendingFor(id);
        setPending(waiting);
        // Already sent meanwhile (the connection came back at once): nothing is left to wait for.
        if (!waiting.some((p) => !p.refused)) {
          setMessage(settledMessage(waiting));
          await reload();
        } else {
          setMessage({
            text: navigator.onLine
              ? `${label}: not yet saved — it is sent after the entries waiting before it.`
              : `${label}: not yet saved — no network. It will be sent when the connection returns.`,
            queued: true,
          });
        }
        return true;
      }
      // The whole record when the server sends it (shown at once); read again either way.
      if (isWholeSession(result, id)) queries.setQueryData(sessionKey(id), result);
      await reload();
      setMessage({ text: `${label}: saved.` });
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.code === 'stale_version') {
        await reload();
        setErrors([
          {
            message:
              'Someone else changed this session while you were entering this. Check the latest record and enter it again.',
          },
        ]);
      } else {
        setErrors(formErrors(error, ids ? { ...fieldIds, ...ids } : fieldIds));
      }
      return false;
    }
  };

  if (!session) {
    if (!wellFormed) return <p>No such session.</p>;
    if (query.isError) {
      return (
        <p>
          {query.error instanceof ApiError && query.error.noSuchRecord
            ? 'No such session.'
            : 'The session could not be loaded.'}
        </p>
      );
    }
    return <p aria-live="polite">Loading the session…</p>;
  }
  const ctx: Ctx = { session, write, errors, prescriber: can(me, 'sessions.sign'), reload };
  const before = session.phase === 'checked_in' || session.phase === 'pre_checks';
  const dosed = session.phase === 'dosing' || session.phase === 'observation';
  const finished = session.phase === 'discharged' || session.phase === 'ended_without_dose';
  const recorder = can(me, 'sessions.record');

  return (
    <>
      <p>
        <Link to="/sessions">Back to the chair board</Link>
      </p>
      <PageHeading
        title={`Session — ${session.patient.name}`}
        caption={`${sessionRouteLabels[session.route]} session · ${session.chair ?? 'no chair'} · MRN ${session.patient.mrn}`}
      >
        {session.patient.name}
      </PageHeading>
      <p className="session-phase">
        Step: <strong>{session.boardPhaseLabel}</strong>
        {session.doseNumber ? ` · dose ${session.doseNumber}` : ''}
      </p>
      {session.clinical ? (
        <p>
          <a href={`/api/v1/sessions/${session.id}/note.pdf`} download>
            Session note (PDF)
          </a>
        </p>
      ) : null}
      {!online ? (
        <Notice kind="warning" title="No network">
          <p>You can keep entering: entries wait on this tablet and are sent when the connection returns.</p>
        </Notice>
      ) : null}
      {pending.length > 0 ? <PendingList pending={pending} /> : null}
      <ErrorSummary errors={errors} />
      <LiveRegion>{message ? <p className="session-message">{message.text}</p> : null}</LiveRegion>
      {!session.clinical ? (
        <p>You can see where this patient is in the session; the clinical record is for nurses and prescribers.</p>
      ) : (
        <>
          <BigNumbers session={session} />
          <AlertsPanel ctx={ctx} />
          {session.rems ? <RemsPanel session={session} /> : null}
          {before && recorder ? <BeforeDose ctx={ctx} /> : null}
          {dosed && recorder ? <DuringDose ctx={ctx} /> : null}
          {session.vitals.length > 0 ? (
            <section className="panel" aria-labelledby="chart-heading">
              <h2 id="chart-heading">Vitals</h2>
              <VitalsChart vitals={session.vitals} doseStartedAt={session.doseStartedAt} />
              <VitalsTable session={session} />
            </section>
          ) : null}
          {session.entries.length > 0 ? <EntriesList session={session} /> : null}
          {finished && recorder && !session.nurseSignature && session.vialRemainder ? (
            <WasteForm ctx={ctx} step />
          ) : null}
          {finished && recorder && !session.nurseSignature && session.bagRemainder ? (
            <BagWasteForm key={`bag-${session.bagRemainder.remainingMl}`} ctx={ctx} step />
          ) : null}
          {finished ? <Signatures ctx={ctx} recorder={recorder} /> : null}
        </>
      )}
    </>
  );
}

/**
 * What replaces "not yet saved" once nothing of the session waits: saved, when every queued entry went
 * through; nothing, when the server refused one (the list of entries not saved says which, and why).
 */
function settledMessage(left: readonly Pending[]): { text: string } | null {
  return left.length === 0 ? { text: 'Entries made without a network: saved.' } : null;
}

/** A write's answer that is this whole session record (not a lighter acknowledgement of the write). */
function isWholeSession(result: unknown, id: string): result is Session {
  if (typeof result !== 'object' || result === null) return false;
  const r = result as Partial<Session>;
  return r.id === id && typeof r.version === 'number' && Array.isArray(r.vitals) && typeof r.patient === 'object';
}
