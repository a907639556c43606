import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { ApiError } from '../../../shared/api';
import { identityApi, type UserSummary } from '../../../shared/identity-api';
import { useMe } from '../../../shared/auth';
import { LiveRegion, Notice, PageHeading } from '../../../shared/kit';
import { failureText } from '../../../shared/query';
import { NotFoundPage } from '../StatusPages';
import { staleVersionMessage } from './user-form';
import { rolesText } from './UsersPage';
import { ActiveSection } from './edit-user/ActiveSection';
import { DetailsForm } from './edit-user/DetailsForm';
import { PendingRoleGrant, UserSummaryList } from './edit-user/UserSections';

/** The account with this id, or null when the server says there is none (404, or an id that is not one). */
async function findUser(id: string, signal?: AbortSignal): Promise<UserSummary | null> {
  try {
    return await identityApi.getUser(id, signal);
  } catch (error) {
    if (error instanceof ApiError && error.noSuchRecord) return null;
    throw error;
  }
}

type Load =
  | { kind: 'loading' }
  | { kind: 'missing' }
  | { kind: 'failed'; message: string }
  | { kind: 'ready'; user: UserSummary };
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
      <UserSummaryList user={user} />

      <h2>Name and roles</h2>
      <PendingRoleGrant
        user={user}
        meId={me.id}
        isSelf={isSelf}
        busy={busy}
        onDecide={(decision) => void decide(user, decision)}
      />

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

      <ActiveSection
        user={user}
        isSelf={isSelf}
        busy={busy}
        confirming={confirmingDeactivate}
        setConfirming={setConfirmingDeactivate}
        onSetActive={(active) => void setActive(user, active)}
      />
    </>
  );
}
