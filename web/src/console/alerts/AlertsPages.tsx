import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { Link, useParams } from 'react-router';
import {
  safetyAlertActionLabels,
  safetyAlertReasonLabels,
  safetyAlertStatusLabels,
} from '../../../../src/domain/labels/index.js';
import {
  safetyAlertActions,
  type SafetyAlertAction,
  type SafetyAlertReason,
} from '../../../../src/domain/questionnaires/safety.js';
import { ApiError } from '../../shared/api';
import { ErrorSummary, type FormError, LiveRegion, Notice, PageHeading, RadioGroup, TextArea } from '../../shared/kit';
import { failureText } from '../../shared/query';
import { formatDateTime } from '../../shared/time';
import { useMe } from '../../shared/auth';
import { can } from '../nav';
import { ALERT_POLL_MS, alertsApi, alertsKey, type SafetyAlert } from './alerts-api';

/**
 * Safety alerts: the urgent tasks a patient's portal answers raised (PHQ-9 item 9 above "Not at all",
 * C-SSRS moderate or high). Newest first, unacknowledged on top, refreshed every few seconds. A clinician
 * acknowledges (someone has it), acts, then resolves it with what was done.
 */
const reasonText = (r: string) => safetyAlertReasonLabels[r as SafetyAlertReason] ?? r;
const statusTag = (a: SafetyAlert) => (
  <strong className={`tag ${a.status === 'open' ? 'tag--alert' : a.status === 'resolved' ? 'tag--on' : 'tag--off'}`}>
    {safetyAlertStatusLabels[a.status]}
  </strong>
);

export function AlertsPage() {
  const [show, setShow] = useState<'unresolved' | 'resolved'>('unresolved');
  const { data, error, isPending } = useQuery({
    queryKey: [...alertsKey, show],
    queryFn: () => alertsApi.list(show),
    refetchInterval: ALERT_POLL_MS,
  });
  return (
    <>
      <PageHeading title="Safety alerts">Safety alerts</PageHeading>
      <p>
        Raised when a patient’s answers in the portal signal suicide risk. Acknowledge an alert when you take it on,
        then resolve it with what you did. An alert nobody acknowledges goes to the other prescribers and admins.
      </p>
      <p>
        <button
          type="button"
          className="button button--secondary"
          onClick={() => setShow(show === 'unresolved' ? 'resolved' : 'unresolved')}
        >
          {show === 'unresolved' ? 'Show resolved alerts' : 'Show alerts still to resolve'}
        </button>
      </p>
      <h2>{show === 'unresolved' ? 'To act on' : 'Resolved'}</h2>
      {isPending ? (
        <p aria-live="polite">Loading…</p>
      ) : error ? (
        <Notice kind="warning" title="The alerts could not be loaded">
          <p>{failureText(error, 'Try again in a moment.')}</p>
        </Notice>
      ) : data.items.length === 0 ? (
        <p>{show === 'unresolved' ? 'No safety alerts waiting.' : 'No resolved alerts yet.'}</p>
      ) : (
        <ul className="alert-list">
          {data.items.map((a) => (
            <li key={a.id} className="alert-list__item">
              <p className="alert-list__head">
                {statusTag(a)} <Link to={`/alerts/${a.id}`}>{a.patientName}</Link>{' '}
                <span className="muted">MRN {a.mrn}</span>
              </p>
              <p>{a.reasons.map(reasonText).join('; ')}</p>
              <p className="muted">
                Raised {formatDateTime(a.raisedAt)}
                {a.escalatedAt ? `; escalated ${formatDateTime(a.escalatedAt)}` : ''}
                {a.acknowledgedByName ? `; acknowledged by ${a.acknowledgedByName}` : ''}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function problems(error: unknown): FormError[] {
  if (error instanceof ApiError && error.fieldErrors.length > 0)
    return error.fieldErrors.map((e) => ({
      fieldId: e.path.endsWith('note') ? 'note' : `action-${safetyAlertActions[0]}`,
      message: e.message,
    }));
  if (error instanceof ApiError) return [{ message: error.detail ?? error.title }];
  return [{ message: 'That did not work. Try again.' }];
}

export function AlertPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const client = useQueryClient();
  const { data: alert, error } = useQuery({ queryKey: [...alertsKey, 'one', id], queryFn: () => alertsApi.get(id) });
  const [errors, setErrors] = useState<FormError[]>([]);
  const [action, setAction] = useState<SafetyAlertAction | undefined>();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  if (error)
    return (
      <>
        <PageHeading title="Safety alert">Safety alert</PageHeading>
        <Notice kind="warning" title="The alert could not be loaded">
          <p>{failureText(error, 'Try again in a moment.')}</p>
        </Notice>
      </>
    );
  if (!alert) return <p aria-live="polite">Loading…</p>;
  const mayRespond = can(me, 'safety_alerts.respond');

  const run = async (fn: () => Promise<SafetyAlert>, message: string) => {
    setBusy(true);
    try {
      const updated = await fn();
      client.setQueryData([...alertsKey, 'one', id], updated);
      void client.invalidateQueries({ queryKey: alertsKey });
      setErrors([]);
      setDone(message);
    } catch (e) {
      setErrors(problems(e));
      if (e instanceof ApiError && e.status === 409) void client.invalidateQueries({ queryKey: alertsKey });
    } finally {
      setBusy(false);
    }
  };

  const resolve = (event: SyntheticEvent) => {
    event.preventDefault();
    const found: FormError[] = [];
    if (!action) found.push({ fieldId: `action-${safetyAlertActions[0]}`, message: 'Choose what was done' });
    if (note.trim().length === 0) found.push({ fieldId: 'note', message: 'Describe what was done and the outcome' });
    setErrors(found);
    if (found.length > 0) return;
    void run(() => alertsApi.resolve(id, { version: alert.version, action: action!, note }), 'Alert resolved.');
  };

  return (
    <>
      <Link className="back-link" to="/alerts">
        All safety alerts
      </Link>
      <LiveRegion>
        {done ? (
          <Notice kind="success" title={done}>
            <p>The alert list is up to date.</p>
          </Notice>
        ) : null}
      </LiveRegion>
      <ErrorSummary errors={errors} />
      <PageHeading title={`Safety alert — ${alert.patientName}`} caption="Safety alert">
        {alert.patientName}
      </PageHeading>
      <p className="alert-status">
        {statusTag(alert)} {alert.reasons.map(reasonText).join('; ')}
      </p>
      <dl className="summary-list">
        <div className="summary-list__row">
          <dt>Raised</dt>
          <dd>{formatDateTime(alert.raisedAt)} from the patient portal</dd>
        </div>
        <div className="summary-list__row">
          <dt>Prescriber</dt>
          <dd>{alert.assignedUserName ?? 'No prescriber of record: every prescriber was told'}</dd>
        </div>
        <div className="summary-list__row">
          <dt>Patient</dt>
          <dd>
            <Link to={`/patients/${alert.patientId}`}>Open the chart</Link> (MRN {alert.mrn})
          </dd>
        </div>
        {alert.escalatedAt ? (
          <div className="summary-list__row">
            <dt>Escalated</dt>
            <dd>{formatDateTime(alert.escalatedAt)} to the other prescribers and admins (not acknowledged in time)</dd>
          </div>
        ) : null}
        {alert.acknowledgedAt ? (
          <div className="summary-list__row">
            <dt>Acknowledged</dt>
            <dd>
              {formatDateTime(alert.acknowledgedAt)} by {alert.acknowledgedByName}
            </dd>
          </div>
        ) : null}
        {alert.resolvedAt ? (
          <>
            <div className="summary-list__row">
              <dt>Resolved</dt>
              <dd>
                {formatDateTime(alert.resolvedAt)} by {alert.resolvedByName}
              </dd>
            </div>
            <div className="summary-list__row">
              <dt>Action taken</dt>
              <dd>
                {safetyAlertActionLabels[alert.resolutionAction as (typeof safetyAlertActions)[number]] ??
                  alert.resolutionAction}
              </dd>
            </div>
            <div className="summary-list__row">
              <dt>Note</dt>
              <dd className="pre-wrap">{alert.resolutionNote}</dd>
            </div>
          </>
        ) : null}
      </dl>
      {!mayRespond ? (
        <p>Only prescribers and nurses acknowledge and resolve safety alerts.</p>
      ) : alert.status === 'open' ? (
        <>
          <p>Acknowledge the alert when you take it on: that stops it escalating. Then contact the patient.</p>
          <button
            type="button"
            className="button button--warning"
            disabled={busy}
            onClick={() => void run(() => alertsApi.acknowledge(id, alert.version), 'Alert acknowledged.')}
          >
            Acknowledge: I am taking this on
          </button>
        </>
      ) : alert.status === 'acknowledged' ? (
        <form className="form" noValidate onSubmit={resolve}>
          <h2>Resolve the alert</h2>
          <RadioGroup
            name="action"
            legend="What was done"
            choices={safetyAlertActions.map((a) => ({ value: a, label: safetyAlertActionLabels[a] }))}
            value={action}
            onChange={setAction}
            error={errors.find((e) => e.fieldId?.startsWith('action'))?.message}
          />
          <TextArea
            id="note"
            label="Note"
            hint="What you found and what happens next (for example: who you spoke to, the safety plan, the next contact)."
            value={note}
            onChange={setNote}
            rows={5}
            error={errors.find((e) => e.fieldId === 'note')?.message}
          />
          <button type="submit" className="button" disabled={busy}>
            Resolve the alert
          </button>
        </form>
      ) : null}
    </>
  );
}
