import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { ApiError } from '../../../shared/api';
import { identityApi, isStaffRole, type UserChanges, type UserSummary } from '../../../shared/identity-api';
import { useMe } from '../../../shared/auth';
import {
  CheckboxGroup,
  errorFor,
  ErrorSummary,
  type FormError,
  LiveRegion,
  Notice,
  PageHeading,
  TextField,
} from '../../../shared/kit';
import { failureText } from '../../../shared/query';
import { formatDateTime } from '../../../shared/time';
import { NotFoundPage } from '../StatusPages';
import { roleOptions, staleVersionMessage, userFormErrors } from './user-form';
import { rolesText } from './UsersPage';

/** The account with this id, or null when the server says there is none (404, or an id that is not one). */
async function findUser(id: string, signal?: AbortSignal): Promise<UserSummary | null> {
  try {
    return await identityApi.getUser(id, signal);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 400)) return null;
    throw error;
  }
}

type Load =
  | { kind: 'loading' }
  | { kind: 'missing' }
  | { kind: 'failed'; message: string }
  | { kind: 'ready'; user: UserSummary };

function DetailsForm({
  user,
  isSelf,
  onSaved,
  onStale,
}: {
  user: UserSummary;
  isSelf: boolean;
  onSaved: (u: UserSummary) => void;
  onStale: () => void;
}) {
  const [name, setName] = useState(user.name);
  const [roles, setRoles] = useState<string[]>(user.roles);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    const found: FormError[] = [];
    if (!name.trim()) found.push({ fieldId: 'user-name', message: 'Enter their full name' });
    if (user.kind === 'staff' && roles.length === 0)
      found.push({ fieldId: 'user-roles', message: 'Select at least one role' });
    setErrors(found);
    if (found.length > 0) return;
    setBusy(true);
    try {
      const changes: UserChanges = { name: name.trim(), version: user.version };
      if (user.kind === 'staff' && !isSelf) changes.roles = roles.filter(isStaffRole);
      onSaved(await identityApi.updateUser(user.id, changes));
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError && error.code === 'stale_version') onStale();
      else setErrors(userFormErrors(error, 'The changes could not be saved. Try again.'));
    }
  };
  return (
    <>
      <ErrorSummary errors={errors} />
      <form noValidate onSubmit={(e) => void submit(e)} className="form">
        <TextField
          id="user-name"
          label="Full name"
          autoComplete="off"
          spellCheck={false}
          value={name}
          onChange={setName}
          error={errorFor(errors, 'user-name')}
        />
        {user.kind === 'staff' && isSelf ? (
          <p className="muted">Another admin changes your roles: nobody changes their own.</p>
        ) : null}
        {user.kind === 'staff' && !isSelf ? (
          <CheckboxGroup
            name="roles"
            firstId="user-roles"
            legend="Roles"
            hint="Select all that apply."
            choices={roleOptions}
            values={roles}
            onChange={setRoles}
            error={errorFor(errors, 'user-roles')}
          />
        ) : null}
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Saving…' : 'Save changes'}
        </button>
      </form>
    </>
  );
}

export function EditUserPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const location = useLocation();
  const fromList = (location.state as { user?: UserSummary } | null)?.user;
  const client = useQueryClient();
  const userKey = ['users', id];
  // The list's copy shows at once; the server's current one (and its version) replaces it.
  const query = useQuery({
    queryKey: userKey,
    queryFn: ({ signal }) => findUser(id, signal),
    placeholderData: fromList && fromList.id === id ? fromList : undefined,
  });
  const load: Load = query.isError
    ? { kind: 'failed', message: failureText(query.error, 'The account could not be loaded.') }
    : query.data === undefined
      ? { kind: 'loading' }
      : query.data === null
        ? { kind: 'missing' }
        : { kind: 'ready', user: query.data };
  const [message, setMessage] = useState<{ kind: 'success' | 'warning'; title: string; body: string } | null>(null);
  const [confirmingDeactivate, setConfirmingDeactivate] = useState(false);
  const [busy, setBusy] = useState(false);
  /** Bumped after each save or reload so the details form starts again from the server's values. */
  const [formKey, setFormKey] = useState(0);

  const reload = () => client.invalidateQueries({ queryKey: userKey });
  // Each copy the server sends restarts the details form from its values.
  const [shown, setShown] = useState(query.data);
  if (query.data !== shown) {
    setShown(query.data);
    setFormKey((k) => k + 1);
  }

  const stale = () => {
    setMessage({ kind: 'warning', title: 'This account has changed', body: staleVersionMessage });
    void reload();
  };

  const saved = (user: UserSummary, title: string, body: string) => {
    client.setQueryData(userKey, user);
    setMessage({ kind: 'success', title, body });
  };

  const setActive = async (user: UserSummary, active: boolean) => {
    setBusy(true);
    try {
      const updated = await identityApi.updateUser(user.id, { active, version: user.version });
      setConfirmingDeactivate(false);
      saved(
        updated,
        active ? 'Account reactivated' : 'Account deactivated',
        active ? `${updated.name} can sign in again.` : `${updated.name} can no longer sign in.`,
      );
    } catch (error) {
      if (error instanceof ApiError && error.code === 'stale_version') stale();
      else
        setMessage({
          kind: 'warning',
          title: 'Nothing was changed',
          body: error instanceof ApiError ? (error.detail ?? 'Try again.') : 'Try again.',
        });
    } finally {
      setBusy(false);
    }
  };

  const decide = async (user: UserSummary, decision: 'confirm' | 'cancel') => {
    if (!user.pendingRoleGrant) return;
    setBusy(true);
    try {
      const updated = await identityApi.decideRoleGrant(user.id, user.pendingRoleGrant.id, decision);
      saved(
        updated,
        decision === 'confirm' ? 'Role change confirmed' : 'Role change cancelled',
        `${updated.name}: ${rolesText(updated)}.`,
      );
    } catch (error) {
      setMessage({
        kind: 'warning',
        title: 'Nothing was changed',
        body: error instanceof ApiError ? (error.detail ?? 'Try again.') : 'Try again.',
      });
      void reload();
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (user: UserSummary) => {
    setBusy(true);
    try {
      await identityApi.revokeSessions(user.id);
      setMessage({
        kind: 'success',
        title: 'Signed out everywhere',
        body: `${user.name} has been signed out on every device. They can sign in again with their password${user.mfaEnabled ? ' and security code' : ''}.`,
      });
    } catch (error) {
      setMessage({
        kind: 'warning',
        title: 'They were not signed out',
        body: error instanceof ApiError ? (error.detail ?? 'Try again.') : 'Try again.',
      });
    } finally {
      setBusy(false);
    }
  };

  if (load.kind === 'missing') return <NotFoundPage />;
  const back = (
    <Link className="back-link" to="/admin/users">
      Back to users
    </Link>
  );
  if (load.kind !== 'ready') {
    return (
      <>
        {back}
        <PageHeading title="User">User</PageHeading>
        <LiveRegion>
          {load.kind === 'loading' ? (
            <p>Loading…</p>
          ) : (
            <Notice kind="warning" title="The account could not be loaded">
              <p>{load.message}</p>
            </Notice>
          )}
        </LiveRegion>
      </>
    );
  }
  const { user } = load;
  const isSelf = user.id === me.id;
  return (
    <>
      {back}
      <LiveRegion>
        {message ? (
          <Notice kind={message.kind} title={message.title}>
            <p>{message.body}</p>
          </Notice>
        ) : null}
      </LiveRegion>
      <PageHeading title={user.name} caption="User">
        {user.name}
      </PageHeading>
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

      <h2>Name and roles</h2>
      {user.pendingRoleGrant ? (
        <>
          <h2>Role change waiting for a second admin</h2>
          <p>
            Prescribing is granted only when a second admin confirms it. Asked for:{' '}
            {rolesText({ kind: 'staff', roles: user.pendingRoleGrant.roles })}, on{' '}
            {formatDateTime(user.pendingRoleGrant.requestedAt)}.
          </p>
          {user.pendingRoleGrant.requestedBy === me.id || isSelf ? (
            <p className="muted">Another admin must confirm this change.</p>
          ) : null}
          <div className="button-group">
            <button
              type="button"
              className="button"
              disabled={busy || user.pendingRoleGrant.requestedBy === me.id || isSelf}
              onClick={() => void decide(user, 'confirm')}
            >
              Confirm role change
            </button>
            <button
              type="button"
              className="button button--secondary"
              disabled={busy}
              onClick={() => void decide(user, 'cancel')}
            >
              Cancel role change
            </button>
          </div>
        </>
      ) : null}

      <DetailsForm
        key={formKey}
        user={user}
        isSelf={isSelf}
        onStale={stale}
        onSaved={(u) => saved(u, 'Changes saved', `${u.name}: ${rolesText(u)}.`)}
      />

      <h2>Sign out of all devices</h2>
      <p>
        Ends every session {isSelf ? 'you have' : `${user.name} has`} open, for example on a lost phone or a shared
        computer{isSelf ? ', including this one' : ''}.
      </p>
      <button type="button" className="button button--secondary" disabled={busy} onClick={() => void revoke(user)}>
        Sign {isSelf ? 'me' : 'them'} out everywhere
      </button>

      <h2>{user.active ? 'Deactivate account' : 'Reactivate account'}</h2>
      {user.active ? (
        confirmingDeactivate ? (
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
                onClick={() => void setActive(user, false)}
              >
                Yes, deactivate
              </button>
              <button type="button" className="link-button" autoFocus onClick={() => setConfirmingDeactivate(false)}>
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
              onClick={() => setConfirmingDeactivate(true)}
            >
              Deactivate account
            </button>
            {isSelf ? <p className="muted">You cannot deactivate your own account.</p> : null}
          </>
        )
      ) : (
        <>
          <p>They will be able to sign in again with their existing password.</p>
          <button type="button" className="button" disabled={busy} onClick={() => void setActive(user, true)}>
            Reactivate account
          </button>
        </>
      )}
    </>
  );
}
