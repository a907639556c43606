import { Link } from 'react-router';
import { contactMethodOptions, contactTimeOptions } from '../../../../../src/domain/intake/index.js';
import { formatDateTime } from '../../../shared/time';
import type { IntakeDetail } from '../intake-api';
import { conditionLabel, statusLabels, urgentReasonLabel } from '../labels';
import { waitingText } from '../waiting';

/** Why the request is urgent (when it is), then who, when, how to reach them and what brings them. */
export function IntakeSummary({ intake }: { intake: IntakeDetail }) {
  return (
    <>
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
    </>
  );
}
