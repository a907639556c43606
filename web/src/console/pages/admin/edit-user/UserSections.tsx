import type { UserSummary } from '../../../../shared/identity-api';
import { formatDateTime } from '../../../../shared/time';
import { rolesText } from '../UsersPage';

/** Who the account is: email, roles, status, two-step verification, last sign-in. */
export function UserSummaryList({ user }: { user: UserSummary }) {
  return (
    <dl className="summary-list">
      <div className="summary-list__row">
        <dt>Email address</dt>
        <dd className="break-anywhere">{user.email}</dd>
      </div>
      <div className="summary-list__row">
        <dt>Roles</dt>
        <dd>{rolesText(user)}</dd>
      </div>
      <div className="summary-list__row">
        <dt>Status</dt>
        <dd>
          <span className={`tag ${user.active ? 'tag--on' : 'tag--off'}`}>
            {user.active ? 'Active' : 'Deactivated'}
          </span>
        </dd>
      </div>
      <div className="summary-list__row">
        <dt>Two-step verification</dt>
        <dd>{user.mfaEnabled ? 'On' : 'Off'}</dd>
      </div>
      <div className="summary-list__row">
        <dt>Last signed in</dt>
        <dd>{formatDateTime(user.lastLoginAt)}</dd>
      </div>
    </dl>
  );
}

/** A prescribing grant waiting for a second admin, with confirm and cancel. */
export function PendingRoleGrant({
  user,
  meId,
  isSelf,
  busy,
  onDecide,
}: {
  user: UserSummary;
  meId: string;
  isSelf: boolean;
  busy: boolean;
  onDecide: (decision: 'confirm' | 'cancel') => void;
}) {
  if (!user.pendingRoleGrant) return null;
  return (
    <>
      <h2>Role change waiting for a second admin</h2>
      <p>
        Prescribing is granted only when a second admin confirms it. Asked for:{' '}
        {rolesText({ kind: 'staff', roles: user.pendingRoleGrant.roles })}, on{' '}
        {formatDateTime(user.pendingRoleGrant.requestedAt)}.
      </p>
      {user.pendingRoleGrant.requestedBy === meId || isSelf ? (
        <p className="muted">Another admin must confirm this change.</p>
      ) : null}
      <div className="button-group">
        <button
          type="button"
          className="button"
          disabled={busy || user.pendingRoleGrant.requestedBy === meId || isSelf}
          onClick={() => onDecide('confirm')}
        >
          Confirm role change
        </button>
        <button type="button" className="button button--secondary" disabled={busy} onClick={() => onDecide('cancel')}>
          Cancel role change
        </button>
      </div>
    </>
  );
}
