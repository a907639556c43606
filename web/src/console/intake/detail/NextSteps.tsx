import type { RefObject, SyntheticEvent } from 'react';
import type { FormError } from '../../../shared/kit';
import { ConfirmStep } from '../../components/ConfirmStep';
import { intakeApi, type IntakeDetail } from '../intake-api';
import type { Done } from './DoneNotice';

type Which = 'convert' | 'decline';

/** Assign, mark contacted, convert to a patient or decline; converting and declining ask first. */
export function NextSteps({
  intake,
  name,
  busy,
  errors,
  act,
  requestAssessment,
  setRequestAssessment,
  reason,
  setReason,
  confirming,
  setConfirming,
  cancelConfirm,
  confirmConvert,
  confirmDecline,
  decline,
  convertButton,
  declineButton,
}: {
  intake: IntakeDetail;
  name: string;
  busy: boolean;
  errors: FormError[];
  act: (run: () => Promise<Done>) => Promise<void>;
  requestAssessment: boolean;
  setRequestAssessment: (value: boolean) => void;
  reason: string;
  setReason: (value: string) => void;
  confirming: Which | null;
  setConfirming: (which: Which | null) => void;
  cancelConfirm: (which: Which) => void;
  confirmConvert: () => void;
  confirmDecline: () => void;
  decline: (e: SyntheticEvent) => void;
  convertButton: RefObject<HTMLButtonElement | null>;
  declineButton: RefObject<HTMLButtonElement | null>;
}) {
  return (
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
              The request closes and you get an email to send to the person. The reason stays in the record. It cannot
              be undone.
            </p>
          </ConfirmStep>
        ) : (
          <button type="submit" className="button button--warning" disabled={busy} ref={declineButton}>
            Decline
          </button>
        )}
      </form>
    </>
  );
}
