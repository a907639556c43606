import type { UserSummary } from '../../../../shared/identity-api';

/** Deactivate (after asking, in the page) or reactivate the account. */
export function ActiveSection({
  user,
  isSelf,
  busy,
  confirming,
  setConfirming,
  onSetActive,
}: {
  user: UserSummary;
  isSelf: boolean;
  busy: boolean;
  confirming: boolean;
  setConfirming: (confirming: boolean) => void;
  onSetActive: (active: boolean) => void;
}) {
  return (
    <>
      <h2>{user.active ? 'Deactivate account' : 'Reactivate account'}</h2>
      {user.active ? (
        confirming ? (
          <div className="confirm">
            <p>
              <strong>Deactivate {user.name}?</strong> They will be signed out and cannot sign in until the account is
              reactivated. Their records stay.
            </p>
            <div className="button-group">
              <button
                type="button"
                className="button button--warning"
                disabled={busy}
                onClick={() => onSetActive(false)}
              >
                Yes, deactivate
              </button>
              <button type="button" className="link-button" autoFocus onClick={() => setConfirming(false)}>
                Cancel
              </button>
            </div>
          </div>
        ) : (
          <>
            <p>A deactivated person cannot sign in. Nothing they recorded is deleted.</p>
            <button
              type="button"
              className="button button--warning"
              disabled={isSelf}
              onClick={() => setConfirming(true)}
            >
              Deactivate account
            </button>
            {isSelf ? <p className="muted">You cannot deactivate your own account.</p> : null}
          </>
        )
      ) : (
        <>
          <p>They will be able to sign in again with their existing password.</p>
          <button type="button" className="button" disabled={busy} onClick={() => onSetActive(true)}>
            Reactivate account
          </button>
        </>
      )}
    </>
  );
}
