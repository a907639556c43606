import { Link } from 'react-router';
import { useMe } from '../auth';
import { PageHeading } from '../../shared/kit';
import { navFor, roleInfo, roleLabel } from '../nav';

/** Who you are, what your roles cover, and the areas you can open now. */
export function HomePage() {
  const me = useMe();
  const areas = navFor(me).filter((item) => item.path !== '/');
  return (
    <>
      <PageHeading title="Home" caption={me.organization.name}>
        Welcome, {me.name}
      </PageHeading>
      <p className="lead">
        You are signed in as <strong>{me.name}</strong> ({me.email}).
      </p>

      <h2>Your roles</h2>
      {me.roles.length === 0 ? (
        <p>
          You have no role yet, so you can only manage your own account. Ask a clinic administrator to give you a role.
        </p>
      ) : (
        <dl className="role-list">
          {me.roles.map((role) => (
            <div className="role-list__item" key={role}>
              <dt>{roleLabel(role)}</dt>
              <dd>{roleInfo[role]?.covers ?? ''}</dd>
            </div>
          ))}
        </dl>
      )}

      <h2>What you can do here</h2>
      <ul className="card-list">
        {areas.map((item) => (
          <li className="card" key={item.path}>
            <h3 className="card__title">
              <Link to={item.path}>{item.label}</Link>
            </h3>
            <p>{item.summary}</p>
          </li>
        ))}
      </ul>
      <p className="muted">
        More of the clinic&apos;s work will appear here as it is added to the console, shown to the roles it is for.
      </p>

      <h2>Account security</h2>
      <p>
        Two-step verification is <strong>{me.mfaEnabled ? 'on' : 'off'}</strong>
        {me.mfaEnabled ? '.' : me.mfaRequired ? ', but your role needs it.' : '.'}{' '}
        {me.mfaEnabled ? null : (
          <Link className="action-link" to="/account/two-step">
            Set up two-step verification
          </Link>
        )}
      </p>
    </>
  );
}
