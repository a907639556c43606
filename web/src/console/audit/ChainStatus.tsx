import { Notice } from '../../shared/kit';
import type { AuditStatus } from './audit-api';
import { formatDateTimeSeconds } from '../../shared/time';

/**
 * Where the hash chain stands. Entries are sealed about once a second, off the request path; a pending
 * entry is recorded and protected from change by the database, but not yet part of the chain.
 */
export function ChainStatus({ status }: { status: AuditStatus }) {
  const pending = status.unsealedCount;
  return (
    <Notice
      kind={status.sealerBehind ? 'warning' : 'info'}
      title={status.sealerBehind ? 'Chain status: sealing has fallen behind' : 'Chain status'}
    >
      <dl className="audit-status">
        <div className="audit-status__row">
          <dt>Sealed into the chain</dt>
          <dd>
            {status.lastSealedSeq === null
              ? 'Nothing yet'
              : `Up to position ${status.lastSealedSeq.toLocaleString()}${status.lastSealedAt ? `, last sealed ${formatDateTimeSeconds(status.lastSealedAt)}` : ''}`}
          </dd>
        </div>
        <div className="audit-status__row">
          <dt>Waiting to be sealed</dt>
          <dd>
            {pending === 0 ? 'None' : `${pending.toLocaleString()} ${pending === 1 ? 'entry' : 'entries'}`}
            {status.oldestUnsealedAt ? `, the oldest from ${formatDateTimeSeconds(status.oldestUnsealedAt)}` : ''}
          </dd>
        </div>
      </dl>
      {status.sealerBehind ? (
        <p>Entries have waited more than a minute. The sealing job may not be running: tell whoever runs the server.</p>
      ) : null}
      <p className="muted">
        This is the chain’s position, not a check of every hash: to verify the whole chain run{' '}
        <code>npx ketaclinic verify-audit</code> on the server.
      </p>
    </Notice>
  );
}
