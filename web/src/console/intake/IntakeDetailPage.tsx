import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type SyntheticEvent } from 'react';
import { Link, useParams } from 'react-router';
import {
  contactMethodOptions,
  contactTimeOptions,
  cssrsQuestions,
  prescreenQuestions,
} from '../../../../src/domain/intake/index.js';
import { getInstrument, isInstrumentId } from '../../../../src/domain/instruments/index.js';
import { ApiError } from '../../shared/api';
import { ErrorSummary, type FormError, LiveRegion, Notice, PageHeading } from '../../shared/kit';
import { formatDateTime } from '../../shared/time';
import { ConfirmStep } from './ConfirmStep';
import { intakeApi, type IntakeDetail } from './intake-api';
import { conditionLabel, scoreText, statusLabels, urgentReasonLabel } from './labels';
import { waitingText } from './waiting';

type Load = { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'ready'; intake: IntakeDetail };
type Done = { title: string; lines: string[]; email?: { to: string; subject: string; body: string } } | null;

const message = (error: unknown) =>
  error instanceof ApiError ? (error.detail ?? error.title) : 'Something went wrong.';

/** One request: who, scores and flags, answers, notes, and what to do next (assign, contact, convert, decline). */
export function IntakeDetailPage() {
  const { id = '' } = useParams();
  const query = useQuery({ queryKey: ['intakes', id], queryFn: ({ signal }) => intakeApi.get(id, signal) });
  const client = useQueryClient();
  const load: Load = query.isError
    ? { kind: 'failed', message: message(query.error) }
    : query.data
      ? { kind: 'ready', intake: query.data }
      : { kind: 'loading' };
  const [done, setDone] = useState<Done>(null);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [requestAssessment, setRequestAssessment] = useState(true);
  const [busy, setBusy] = useState(false);
  // Converting and declining cannot be undone: each asks first, in the page (not a browser dialog).
  const [confirming, setConfirming] = useState<'convert' | 'decline' | null>(null);
  const convertButton = useRef<HTMLButtonElement>(null);
  const declineButton = useRef<HTMLButtonElement>(null);
  const [returnFocus, setReturnFocus] = useState<'convert' | 'decline' | null>(null);
  const cancelConfirm = (which: 'convert' | 'decline') => {
    setConfirming(null);
    setReturnFocus(which);
  };
  // After "Cancel", focus goes back to the button that opened the step, once it is shown again.
  useEffect(() => {
    if (!returnFocus) return;
    (returnFocus === 'convert' ? convertButton : declineButton).current?.focus();
    setReturnFocus(null);
  }, [returnFocus]);

  const reload = () => client.invalidateQueries({ queryKey: ['intakes', id] });

  if (load.kind !== 'ready') {
    return (
      <>
        <PageHeading title="Intake request">Intake request</PageHeading>
        <LiveRegion>
          {load.kind === 'loading' ? (
            <p>Loading…</p>
          ) : (
            <Notice kind="warning" title="The request could not be loaded">
              <p>{load.message}</p>
            </Notice>
          )}
        </LiveRegion>
      </>
    );
  }
  const intake = load.intake;
  const open = intake.status === 'new' || intake.status === 'contacted';

  const act = async (run: () => Promise<Done>, errorField?: string) => {
    setBusy(true);
    setErrors([]);
    try {
      setDone(await run());
      await reload();
    } catch (error) {
      setErrors([{ ...(errorField ? { fieldId: errorField } : {}), message: message(error) }]);
    } finally {
      setBusy(false);
    }
  };

  const addNote = (e: SyntheticEvent) => {
    e.preventDefault();
    if (!note.trim()) return setErrors([{ fieldId: 'note', message: 'Write the note' }]);
    void act(async () => {
      await intakeApi.addNote(intake.id, note.trim());
      setNote('');
      return { title: 'Note added', lines: [] };
    }, 'note');
  };
  const decline = (e: SyntheticEvent) => {
    e.preventDefault();
    if (!reason.trim()) return setErrors([{ fieldId: 'decline-reason', message: 'Give the reason for declining' }]);
    setErrors([]);
    setConfirming('decline');
  };
  const confirmDecline = () => {
    setConfirming(null);
    void act(async () => {
      const res = await intakeApi.decline(intake.id, reason.trim(), intake.version);
      return {
        title: 'Request declined',
        lines: ['Send this email from the clinic mailbox. It does not repeat the reason or any health detail.'],
        email: res.email,
      };
    }, 'decline-reason');
  };
  const confirmConvert = () => {
    setConfirming(null);
    void act(async () => {
      const res = await intakeApi.convert(intake.id, requestAssessment, intake.version);
      return {
        title: 'Patient record created',
        lines: [
          `Medical record number ${res.mrn}.`,
          res.assessmentRequestId
            ? 'An assessment appointment has been requested.'
            : 'No assessment appointment was requested.',
        ],
      };
    });
  };
  const name = `${intake.givenName} ${intake.familyName}`;

  return (
    <>
      <p>
        <Link className="back-link" to="/intake">
          Back to the intake queue
        </Link>
      </p>
      <LiveRegion>
        {done ? (
          <Notice kind="success" title={done.title}>
            {done.lines.map((l) => (
              <p key={l}>{l}</p>
            ))}
            {done.email ? (
              <div className="field">
                <p>
                  <strong>To:</strong> {done.email.to}
                  <br />
                  <strong>Subject:</strong> {done.email.subject}
                </p>
                <label className="field__label" htmlFor="decline-email">
                  Email text
                </label>
                <textarea id="decline-email" className="input input--full" rows={12} readOnly value={done.email.body} />
              </div>
            ) : null}
          </Notice>
        ) : null}
      </LiveRegion>
      <ErrorSummary errors={errors} />
      <PageHeading title={`${intake.givenName} ${intake.familyName}`} caption={`Intake ${intake.reference}`}>
        {intake.givenName} {intake.familyName}
      </PageHeading>
      {intake.urgent ? (
        <div className="notice notice--warning intake-urgent">
          <h2 className="notice__title">Urgent: contact today</h2>
          <ul>
            {intake.urgentReasons.map((r) => (
              <li key={r}>{urgentReasonLabel(r)}</li>
            ))}
          </ul>
          <p>The person was shown the 988 Suicide &amp; Crisis Lifeline and emergency numbers when they answered.</p>
        </div>
      ) : null}

      <dl className="summary-list">
        <div className="summary-list__row">
          <dt>Status</dt>
          <dd>
            {statusLabels[intake.status]}
            {intake.assignedTo ? `, assigned to ${intake.assignedTo.name}` : ''}
          </dd>
        </div>
        <div className="summary-list__row">
          <dt>Submitted</dt>
          <dd>
            {formatDateTime(intake.submittedAt)} ({waitingText(intake.waitingSeconds)} ago)
          </dd>
        </div>
        <div className="summary-list__row">
          <dt>Phone</dt>
          <dd>
            <a href={`tel:${intake.phone.replace(/[^0-9+]/g, '')}`}>{intake.phone}</a>
          </dd>
        </div>
        <div className="summary-list__row">
          <dt>Email</dt>
          <dd className="break-anywhere">{intake.email}</dd>
        </div>
        <div className="summary-list__row">
          <dt>Date of birth</dt>
          <dd>{intake.dateOfBirth}</dd>
        </div>
        <div className="summary-list__row">
          <dt>State</dt>
          <dd>{intake.state}</dd>
        </div>
        <div className="summary-list__row">
          <dt>Contact</dt>
          <dd>
            {contactMethodOptions.find((o) => o.id === intake.contactMethod)?.label ?? intake.contactMethod};{' '}
            {intake.contactTimes.map((t) => contactTimeOptions.find((o) => o.id === t)?.label ?? t).join('; ')}
          </dd>
        </div>
        <div className="summary-list__row">
          <dt>What brings them</dt>
          <dd>{intake.conditions.map(conditionLabel).join('; ')}</dd>
        </div>
        {intake.patientId ? (
          <div className="summary-list__row">
            <dt>Patient record</dt>
            <dd>
              <Link to={`/patients/${encodeURIComponent(intake.patientId)}`}>Open the patient's chart</Link>
            </dd>
          </div>
        ) : null}
        {intake.declineReason ? (
          <div className="summary-list__row">
            <dt>Declined because</dt>
            <dd>{intake.declineReason}</dd>
          </div>
        ) : null}
      </dl>

      <h2>Screening</h2>
      <ul className="plain-list intake-scores">
        {intake.scores.map((s) => (
          <li key={s.instrumentId}>{scoreText(s)}</li>
        ))}
      </ul>
      <h2>Pre-screen flags</h2>
      {intake.prescreenFlags.length === 0 ? (
        <p>None: every health question was answered "no".</p>
      ) : (
        <ul>
          {intake.prescreenFlags.map((f) => (
            <li key={f.flag}>
              <strong>{f.label}</strong> — answered {f.answer === 'yes' ? 'yes' : 'not sure'} (
              {f.severity === 'absolute' ? 'absolute contraindication if confirmed' : 'relative contraindication'})
            </li>
          ))}
        </ul>
      )}
      {intake.answers === null || intake.prescreen === null ? (
        <p>The answers to each question and the medicines list are shown to prescribers.</p>
      ) : (
        <>
          <h2>Medicines</h2>
          <p>{intake.medications || 'None given'}</p>
          <details className="details">
            <summary>All answers</summary>
            {Object.entries(intake.answers).map(([instrumentId, answers]) => (
              <section key={instrumentId}>
                <h3>{isInstrumentId(instrumentId) ? getInstrument(instrumentId).shortTitle : instrumentId}</h3>
                <ol>
                  {Object.entries(answers).map(([itemId, value]) => {
                    const text =
                      instrumentId === 'cssrs_screener'
                        ? cssrsQuestions.find((q) => q.itemId === itemId)?.text
                        : isInstrumentId(instrumentId)
                          ? getInstrument(instrumentId).items.find((i) => i.id === itemId)?.text
                          : undefined;
                    return (
                      <li key={itemId}>
                        {text ?? itemId}:{' '}
                        <strong>
                          {value === null ? 'not asked' : value === true ? 'yes' : value === false ? 'no' : value}
                        </strong>
                      </li>
                    );
                  })}
                </ol>
              </section>
            ))}
            <h3>Health questions</h3>
            <ul>
              {prescreenQuestions.map((q) => (
                <li key={q.id}>
                  {q.text} <strong>{(intake.prescreen?.[q.id] ?? '').replace('_', ' ')}</strong>
                </li>
              ))}
            </ul>
          </details>
        </>
      )}

      {open ? (
        <>
          <h2>Next steps</h2>
          <div className="button-group">
            <button
              type="button"
              className="button button--secondary"
              disabled={busy}
              onClick={() =>
                void act(
                  async () => (
                    await intakeApi.assignToMe(intake.id, intake.version),
                    { title: 'Assigned to you', lines: [] }
                  ),
                )
              }
            >
              Assign to me
            </button>
            <button
              type="button"
              className="button button--secondary"
              disabled={busy}
              onClick={() =>
                void act(
                  async () => (
                    await intakeApi.markContacted(intake.id, intake.version),
                    { title: 'Marked as contacted', lines: [] }
                  ),
                )
              }
            >
              Mark as contacted
            </button>
          </div>
          <form
            className="form"
            onSubmit={(e) => {
              e.preventDefault();
              setConfirming('convert');
            }}
          >
            <h3>Convert to a patient</h3>
            <div className="checkbox">
              <input
                type="checkbox"
                id="request-assessment"
                checked={requestAssessment}
                onChange={(e) => setRequestAssessment(e.target.checked)}
              />
              <label htmlFor="request-assessment">Request an assessment appointment</label>
            </div>
            {confirming === 'convert' ? (
              <ConfirmStep
                id="confirm-convert"
                title={`Convert ${name} to a patient?`}
                confirmLabel="Yes, create the patient record"
                busy={busy}
                onConfirm={confirmConvert}
                onCancel={() => cancelConfirm('convert')}
              >
                <p>
                  This creates a patient record with a medical record number and closes the request.
                  {requestAssessment
                    ? ' An assessment appointment will be requested.'
                    : ' No assessment appointment will be requested.'}{' '}
                  It cannot be undone.
                </p>
              </ConfirmStep>
            ) : (
              <button type="submit" className="button" disabled={busy} ref={convertButton}>
                Convert to patient
              </button>
            )}
          </form>
          <form className="form" onSubmit={decline}>
            <h3>Decline</h3>
            <div className={`field${errors.some((e) => e.fieldId === 'decline-reason') ? ' field--error' : ''}`}>
              <label className="field__label" htmlFor="decline-reason">
                Reason (kept in the record, not sent to the person)
              </label>
              <textarea
                id="decline-reason"
                className="input input--full"
                rows={3}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
            </div>
            {confirming === 'decline' ? (
              <ConfirmStep
                id="confirm-decline"
                title={`Decline the request from ${name}?`}
                confirmLabel="Yes, decline the request"
                warning
                busy={busy}
                onConfirm={confirmDecline}
                onCancel={() => cancelConfirm('decline')}
              >
                <p>
                  The request closes and you get an email to send to the person. The reason stays in the record. It
                  cannot be undone.
                </p>
              </ConfirmStep>
            ) : (
              <button type="submit" className="button button--warning" disabled={busy} ref={declineButton}>
                Decline
              </button>
            )}
          </form>
        </>
      ) : null}

      <h2>Notes</h2>
      {intake.notes.length === 0 ? (
        <p>No notes yet.</p>
      ) : (
        <ul className="plain-list intake-notes">
          {intake.notes.map((n) => (
            <li key={n.id}>
              <p>{n.body}</p>
              <p className="muted">
                {n.author.name}, {formatDateTime(n.createdAt)}
              </p>
            </li>
          ))}
        </ul>
      )}
      <form className="form" onSubmit={addNote}>
        <div className="field">
          <label className="field__label" htmlFor="note">
            Add a note
          </label>
          <textarea
            id="note"
            className="input input--full"
            rows={3}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </div>
        <button type="submit" className="button button--secondary" disabled={busy}>
          Add note
        </button>
      </form>
    </>
  );
}
