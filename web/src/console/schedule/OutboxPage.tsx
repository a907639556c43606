import './schedule.css';
import { Notice, PageHeading } from '../../shared/kit';
import { useEffect, useState } from 'react';
import { ApiError } from '../../shared/api';
import { formatDateTime } from '../../shared/time';
import { emailStatusLabels, labelOf } from '../../../../src/domain/labels';
import { scheduleApi, type Email } from './schedule-api';

/** Every email the clinic sent or holds, newest first. Without SMTP settings, this is where reminders wait. */
export function OutboxPage() {
  const [items, setItems] = useState<Email[] | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    scheduleApi.outbox().then(
      (r) => setItems(r.items),
      (e: unknown) => setFailed(e instanceof ApiError ? (e.detail ?? e.title) : 'The outbox could not be loaded.'),
    );
  }, []);
  return (
    <>
      <PageHeading title="Email outbox">Email outbox</PageHeading>
      <p>
        Appointment reminders and other emails, newest first. When no mail server is configured (KETACLINIC_SMTP_URL),
        messages stay here so that nothing is lost; reading this page is recorded in the audit log.
      </p>
      {failed ? (
        <Notice kind="warning" title="The outbox could not be loaded">
          <p>{failed}</p>
        </Notice>
      ) : null}
      {items && items.length === 0 ? <p>No emails yet.</p> : null}
      {items?.map((m) => (
        <details key={m.id} className="outbox-item">
          <summary>
            {m.subject} — to {m.to} — {labelOf(emailStatusLabels, m.status)}, {formatDateTime(m.createdAt)}
          </summary>
          <pre>{m.text}</pre>
        </details>
      ))}
    </>
  );
}
