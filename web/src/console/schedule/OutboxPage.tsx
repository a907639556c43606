import './schedule.css';
import { Notice, PageHeading } from '../../shared/kit';
import { useQuery } from '@tanstack/react-query';
import { failureText } from '../../shared/query';
import { formatDateTime } from '../../shared/time';
import { emailStatusLabels, labelOf } from '../../../../src/domain/labels';
import { scheduleApi } from './schedule-api';

/** Every email the clinic sent or holds, newest first. Without SMTP settings, this is where reminders wait. */
export function OutboxPage() {
  const query = useQuery({ queryKey: ['schedule', 'outbox'], queryFn: ({ signal }) => scheduleApi.outbox(signal) });
  const items = query.data?.items ?? null;
  const failed = query.isError ? failureText(query.error, 'The outbox could not be loaded.') : null;
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
      {!items && !failed ? <p aria-live="polite">Loading the outbox…</p> : null}
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
