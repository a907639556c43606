import { useEffect, useState } from 'react';
import { remsItemLabels } from '../../../../../src/domain/labels';
import { TextField, errorFor } from '../../../shared/kit';
import { discardPending, type Pending, type Session } from '../session-api';
import { formatTime, vitalsDue } from '../time';
import type { Ctx } from './context';
import { EntryForm, Panel } from './entry-kit';

/** What the page shows above the forms: writes not yet saved, the big numbers, open alerts, the REMS checklist. */
export function PendingList({ pending }: { pending: Pending[] }) {
  return (
    <section className="pending" aria-labelledby="pending-heading">
      <h2 id="pending-heading">Not yet saved ({pending.length})</h2>
      <ul>
        {pending.map((p) => (
          <li key={p.key}>
            {p.label}, entered {formatTime(p.queuedAt)}:{' '}
            {p.refused ? (
              <>
                <strong>refused by the server — {p.refused}</strong>{' '}
                <button type="button" className="button button--secondary" onClick={() => discardPending(p.key)}>
                  Discard
                </button>
              </>
            ) : (
              <strong>waiting for the network</strong>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The three numbers a nurse looks for across the room. */
export function BigNumbers({ session }: { session: Session }) {
  const v = session.lastVitals;
  const due = session.nextVitalsDue;
  const finished = session.phase === 'discharged' || session.phase === 'ended_without_dose';
  const [, tick] = useState(0);
  useEffect(() => {
    // "Due in n min" moves on without a change on the server.
    if (!due) return;
    const timer = setInterval(() => tick((n) => n + 1), 30_000);
    return () => clearInterval(timer);
  }, [due]);
  const when = due ? vitalsDue(due) : null;
  return (
    <dl className="big-numbers">
      <div>
        <dt>Blood pressure</dt>
        <dd>{v?.systolicMmHg != null ? `${v.systolicMmHg}/${v.diastolicMmHg ?? '–'}` : '–'}</dd>
        <dd className="big-numbers__note">{v ? `mmHg at ${formatTime(v.takenAt)}` : 'no reading yet'}</dd>
      </div>
      {finished ? (
        // The session is over: the time of the dose, not a count of minutes as if it were still running
        // (the term's trailing space keeps "Dose at 8:12 AM" one phrase in the text).
        <div>
          <dt>{session.doseStartedAt ? 'Dose at ' : 'Dose'}</dt>
          <dd>{session.doseStartedAt ? formatTime(session.doseStartedAt) : '–'}</dd>
          <dd className="big-numbers__note">
            {session.doseStartedAt
              ? session.dischargedAt
                ? `discharged ${formatTime(session.dischargedAt)}`
                : 'the session has ended'
              : 'none given'}
          </dd>
        </div>
      ) : (
        <div>
          <dt>Since dose</dt>
          <dd>{session.minutesSinceDose !== null ? `${session.minutesSinceDose} min` : '–'}</dd>
          <dd className="big-numbers__note">
            {session.doseStartedAt ? `started ${formatTime(session.doseStartedAt)}` : 'not started'}
          </dd>
        </div>
      )}
      <div>
        <dt>Next vitals</dt>
        <dd>
          {when
            ? when.kind === 'now'
              ? 'Due now'
              : when.kind === 'overdue'
                ? `${when.minutes} min overdue`
                : `in ${when.minutes} min`
            : '–'}
        </dd>
        <dd className="big-numbers__note">
          {due
            ? `every ${due.intervalMinutes} min`
            : finished
              ? 'none: the session has ended'
              : 'after the dose starts'}
        </dd>
      </div>
    </dl>
  );
}

export function AlertsPanel({ ctx }: { ctx: Ctx }) {
  const open = ctx.session.alerts.filter((a) => a.acknowledgedAt === null);
  const [notes, setNotes] = useState<Record<string, string>>({});
  if (open.length === 0) return null;
  return (
    <Panel id="alerts" title={`Open alerts (${open.length})`} tone="alert">
      <ul className="alert-list">
        {open.map((a) => {
          const mayAck = a.level === 'notice' || ctx.prescriber;
          return (
            <li key={a.id}>
              <p>
                <strong>
                  {a.level === 'stop' ? 'Stop and escalate' : a.level === 'alert' ? 'Alert the prescriber' : 'Notice'}:
                </strong>{' '}
                {a.message}{' '}
                <span className="hint">
                  (threshold {a.threshold}; {a.source}; raised {formatTime(a.raisedAt)})
                </span>
              </p>
              {mayAck ? (
                <EntryForm
                  ctx={ctx}
                  path={`/alerts/${a.id}/acknowledge`}
                  label="Alert acknowledged"
                  submit="Acknowledge"
                  fieldIds={{ note: `ack-${a.id}` }}
                  body={() => ({ note: notes[a.id] ?? '' })}
                >
                  <TextField
                    id={`ack-${a.id}`}
                    label="What you decided"
                    value={notes[a.id] ?? ''}
                    onChange={(v) => setNotes({ ...notes, [a.id]: v })}
                    error={errorFor(ctx.errors, `ack-${a.id}`)}
                  />
                </EntryForm>
              ) : (
                <p className="hint">A prescriber must acknowledge this alert.</p>
              )}
            </li>
          );
        })}
      </ul>
    </Panel>
  );
}

/** The esketamine REMS checklist: each check with its due time, done or missing (decision 019). */
export function RemsPanel({ session }: { session: Session }) {
  const rems = session.rems!;
  return (
    <Panel id="rems" title={`Esketamine REMS checklist${rems.complete ? ': complete' : ''}`}>
      <p>
        {rems.observationEndsAt
          ? `The patient may leave no earlier than ${formatTime(rems.observationEndsAt)} (2 hours from the dose). Nobody can override this.`
          : 'The 2-hour observation starts when the first device is given.'}
      </p>
      <table className="table">
        <caption className="visually-hidden">REMS checks</caption>
        <thead>
          <tr>
            <th scope="col">Check</th>
            <th scope="col">Due</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {rems.checks.map((c) => (
            <tr key={c.item}>
              <th scope="row">{remsItemLabels[c.item]}</th>
              <td>{c.dueAt ? formatTime(c.dueAt) : 'Timed from the dose'}</td>
              <td>{c.done ? 'Done' : 'Missing'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rems.missing.length > 0 ? (
        <ul>
          {rems.missing.map((m) => (
            <li key={m.item}>{m.message}</li>
          ))}
        </ul>
      ) : null}
    </Panel>
  );
}
