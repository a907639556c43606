import { useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { ApiError } from '../../shared/api';
import { errorFor, ErrorSummary, type FormError, LiveRegion, Notice, TextField } from '../../shared/kit';
import { formatDateTimeLong, formatTime } from '../../shared/time';
import { portalPagesApi, type PortalAppointment } from '../portal-api';

/** When and where, in the words a patient uses. */
export function When({ appointment }: { appointment: PortalAppointment }) {
  return (
    <dl className="summary-list">
      <div className="summary-list__row">
        <dt>When</dt>
        <dd>
          {formatDateTimeLong(appointment.startsAt)} (until about {formatTime(appointment.endsAt)})
        </dd>
      </div>
      <div className="summary-list__row">
        <dt>What</dt>
        <dd>{appointment.typeLabel}</dd>
      </div>
      <div className="summary-list__row">
        <dt>Where</dt>
        <dd>
          <address className="portal-address">
            {appointment.location.name}
            {appointment.location.addressLines.map((line) => (
              <span key={line}>
                <br />
                {line}
              </span>
            ))}
          </address>
        </dd>
      </div>
      <div className="summary-list__row">
        <dt>Status</dt>
        <dd>
          {appointment.status === 'confirmed' ? (
            <strong className="tag tag--on">Confirmed</strong>
          ) : (
            <strong className="tag">{appointment.statusLabel}</strong>
          )}
        </dd>
      </div>
    </dl>
  );
}

export function Preparation({ appointment }: { appointment: PortalAppointment }) {
  return (
    <ol className="prep-list">
      {appointment.preparation.map((step) => (
        <li key={step.id} className="prep-list__item">
          <strong>{step.title}</strong>
          <p>{step.text}</p>
        </li>
      ))}
    </ol>
  );
}

/** Confirm the session and name the adult who takes the patient home (or change the name). */
export function ConfirmForm({ appointment }: { appointment: PortalAppointment }) {
  const client = useQueryClient();
  const confirmed = appointment.status === 'confirmed';
  const [editing, setEditing] = useState(!confirmed);
  const [companion, setCompanion] = useState(appointment.companionName ?? '');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (companion.trim().length < 2) {
      setErrors([{ fieldId: 'companion-name', message: 'Enter the name of the adult who will take you home' }]);
      return;
    }
    setErrors([]);
    setBusy(true);
    try {
      const saved = await portalPagesApi.confirm(appointment.id, {
        companionName: companion.trim(),
        version: appointment.version,
      });
      setDone(
        confirmed
          ? `We have noted that ${saved.companionName ?? ''} will take you home.`
          : `Thank you. Your session is confirmed, and ${saved.companionName ?? ''} will take you home.`,
      );
      setEditing(false);
      await client.invalidateQueries({ queryKey: ['portal-home'] });
    } catch (error) {
      setErrors(
        error instanceof ApiError
          ? error.code === 'validation_failed'
            ? [{ fieldId: 'companion-name', message: error.fieldErrors[0]?.message ?? error.detail ?? error.title }]
            : [{ message: error.detail ?? error.title }]
          : [{ message: 'We could not reach the clinic’s server. Check your connection and try again.' }],
      );
      if (error instanceof ApiError && error.code === 'stale_version')
        await client.invalidateQueries({ queryKey: ['portal-home'] });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <LiveRegion>
        {done ? (
          <Notice kind="success" title={confirmed ? 'Saved' : 'Session confirmed'}>
            <p>{done}</p>
          </Notice>
        ) : null}
      </LiveRegion>
      {editing ? (
        <form noValidate onSubmit={(e) => void submit(e)} className="form">
          <ErrorSummary errors={errors} />
          <TextField
            id="companion-name"
            label="Who will take you home?"
            hint="An adult who will collect you after the session and stay with you. Their full name."
            autoComplete="off"
            value={companion}
            onChange={setCompanion}
            error={errorFor(errors, 'companion-name')}
          />
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Saving…' : confirmed ? 'Save the name' : 'Confirm I am coming'}
          </button>
        </form>
      ) : (
        <p>
          {appointment.companionName ? `${appointment.companionName} will take you home. ` : ''}
          <button type="button" className="button button--secondary" onClick={() => setEditing(true)}>
            Change who takes me home
          </button>
        </p>
      )}
    </>
  );
}
