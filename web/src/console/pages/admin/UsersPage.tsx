import { Link, useLocation } from 'react-router';
import { identityApi, type UserSummary } from '../../../shared/identity-api';
import { useMe } from '../../../shared/auth';
import { LiveRegion, Notice, PageHeading, ShowMoreButton } from '../../../shared/kit';
import { usePagedList } from '../../../shared/query';
import { formatDateTime } from '../../../shared/time';
import { can, roleLabel } from '../../nav';

export interface UsersNotice {
  notice?: { title: string; lines: string[]; temporaryPassword?: string };
}

export function rolesText(user: Pick<UserSummary, 'kind' | 'roles'>): string {
  if (user.kind === 'patient') return 'Patient';
  return user.roles.length > 0 ? user.roles.map(roleLabel).join(', ') : 'No role';
}

export function UsersPage() {
  const me = useMe();
  const location = useLocation();
  const notice = (location.state as UsersNotice | null)?.notice;
  const mayManage = can(me, 'users.manage');
  const load = usePagedList(
    ['users'],
    (cursor, signal) => identityApi.listUsers(cursor, 50, signal),
    'The list of users could not be loaded.',
  );

  return (
    <>
      <LiveRegion>
        {notice ? (
          <Notice kind="success" title={notice.title}>
            {notice.temporaryPassword ? (
              <p>
                Temporary password: <code className="setup-key">{notice.temporaryPassword}</code>
              </p>
            ) : null}
            {notice.lines.map((line) => (
              <p key={line}>{line}</p>
            ))}
          </Notice>
        ) : null}
      </LiveRegion>
      <PageHeading title="Users" caption={me.organization.name}>
        Users
      </PageHeading>
      <p>
        Everyone with an account at the clinic.
        {mayManage
          ? ' Select a name to change their roles, sign them out of all devices or deactivate their account.'
          : ''}
      </p>
      {mayManage ? (
        <p>
          <Link className="button" to="/admin/users/invite">
            Invite a user
          </Link>
        </p>
      ) : null}
      <LiveRegion>
        {load.kind === 'loading' ? <p>Loading users…</p> : null}
        {load.kind === 'failed' ? (
          <Notice kind="warning" title="The list of users could not be loaded">
            <p>{load.message}</p>
          </Notice>
        ) : null}
      </LiveRegion>
      {load.kind === 'ready' ? (
        <>
          <table className="table table--stack">
            <caption className="visually-hidden">Users, {load.items.length} shown</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email address</th>
                <th scope="col">Roles</th>
                <th scope="col">Status</th>
                <th scope="col">Two-step verification</th>
                <th scope="col">Last signed in</th>
              </tr>
            </thead>
            <tbody>
              {load.items.map((user) => (
                <tr key={user.id}>
                  <th scope="row" data-label="Name">
                    {mayManage ? (
                      <Link to={`/admin/users/${encodeURIComponent(user.id)}`} state={{ user }}>
                        {user.name}
                      </Link>
                    ) : (
                      user.name
                    )}
                    {user.id === me.id ? <span className="muted"> (you)</span> : null}
                  </th>
                  <td data-label="Email address" className="break-anywhere">
                    {user.email}
                  </td>
                  <td data-label="Roles">{rolesText(user)}</td>
                  <td data-label="Status">
                    <span className={`tag ${user.active ? 'tag--on' : 'tag--off'}`}>
                      {user.active ? 'Active' : 'Deactivated'}
                    </span>
                  </td>
                  <td data-label="Two-step verification">{user.mfaEnabled ? 'On' : 'Off'}</td>
                  <td data-label="Last signed in">{formatDateTime(user.lastLoginAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {load.moreFailed ? <p className="muted">{load.moreFailed}</p> : null}
          {load.hasMore ? (
            <ShowMoreButton label="Show more users" loading={load.loadingMore} onClick={load.loadMore} />
          ) : null}
        </>
      ) : null}
    </>
  );
}
