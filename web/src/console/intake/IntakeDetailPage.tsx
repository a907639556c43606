import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type SyntheticEvent } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../shared/api';
import { ErrorSummary, type FormError, LiveRegion, Notice, PageHeading } from '../../shared/kit';
import { intakeApi, type IntakeDetail } from './intake-api';
import { type Done, DoneNotice } from './detail/DoneNotice';
import { IntakeAnswers } from './detail/IntakeAnswers';
import { IntakeNotes } from './detail/IntakeNotes';
import { IntakeSummary } from './detail/IntakeSummary';
import { NextSteps } from './detail/NextSteps';

type Load = { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'ready'; intake: IntakeDetail };

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
        <DoneNotice done={done} />
      </LiveRegion>
      <ErrorSummary errors={errors} />
      <PageHeading title={`${intake.givenName} ${intake.familyName}`} caption={`Intake ${intake.reference}`}>
        {intake.givenName} {intake.familyName}
      </PageHeading>
      <IntakeSummary intake={intake} />

      <IntakeAnswers intake={intake} />

      {open ? (
        <NextSteps
          intake={intake}
          name={name}
          busy={busy}
          errors={errors}
          act={act}
          requestAssessment={requestAssessment}
          setRequestAssessment={setRequestAssessment}
          reason={reason}
          setReason={setReason}
          confirming={confirming}
          setConfirming={setConfirming}
          cancelConfirm={cancelConfirm}
          confirmConvert={confirmConvert}
          confirmDecline={confirmDecline}
          decline={decline}
          convertButton={convertButton}
          declineButton={declineButton}
        />
      ) : null}

      <IntakeNotes intake={intake} note={note} setNote={setNote} addNote={addNote} busy={busy} />
    </>
  );
}
