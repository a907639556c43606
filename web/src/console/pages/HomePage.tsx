import { Link } from 'react-router';
import { useMe } from '../../shared/auth';
import { Notice, PageHeading } from '../../shared/kit';
import { failureText } from '../../shared/query';
import { formatDateTime } from '../../shared/time';
import { roleLabel } from '../nav';
import { useWorklist, type WorklistSection } from '../worklist/worklist-api';
import '../worklist/worklist.css';
import { SystemPanel } from './SystemPanel';

/** The home a member of staff starts the day from: what is waiting for their roles, with counts. */
export function HomePage() {
  const me = useMe();
  const worklist = useWorklist();
  const sections = worklist.data?.sections ?? [];
  const waiting = sections.reduce((n, s) => n + s.count, 0);
  return (
    <>
      <PageHeading
        title="Home"
        caption={`${me.organization.name} — ${me.roles.map(roleLabel).join(', ') || 'no role'}`}
      >
        Your worklist
      </PageHeading>
      {me.mfaRequired && !me.mfaEnabled ? (
        <Notice kind="warning" title="Your role needs two-step verification">
          <p>
            <Link to="/account/two-step">Set up two-step verification</Link>
          </p>
        </Notice>
      ) : null}
      {worklist.isError ? (
        <Notice kind="warning" title="The worklist could not be loaded">
          <p>{failureText(worklist.error, 'Try again in a moment.')}</p>
        </Notice>
      ) : !worklist.data ? (
        <p aria-live="polite">Loading your worklist…</p>
      ) : sections.length === 0 ? (
        <p>
          Your role has no worklist. {me.roles.length === 0 ? 'Ask a clinic administrator to give you a role.' : null}
        </p>
      ) : (
        <>
          <p className="lead" aria-live="polite">
            {waiting === 0
              ? 'Nothing is waiting for you.'
              : `${waiting} ${waiting === 1 ? 'item is' : 'items are'} waiting.`}
          </p>
          <div className="worklist">
            {sections.map((s) => (
              <Section key={s.id} section={s} />
            ))}
          </div>
        </>
      )}
      {me.roles.includes('admin') ? <SystemPanel /> : null}
      {!me.mfaEnabled && !me.mfaRequired ? (
        <p className="muted">
          Two-step verification is off for your account.{' '}
          <Link to="/account/two-step">Set up two-step verification</Link>
        </p>
      ) : null}
    </>
  );
}

function Section({ section: s }: { section: WorklistSection }) {
  const headingId = `worklist-${s.id}`;
  return (
    <section
      className={`worklist__section${s.urgent && s.count > 0 ? ' worklist__section--urgent' : ''}`}
      aria-labelledby={headingId}
    >
      <h2 id={headingId} className="worklist__title">
        <span className="worklist__count" aria-hidden="true">
          {s.count}
        </span>
        <span>
          {s.title}
          <span className="visually-hidden">: {s.count}</span>
        </span>
      </h2>
      {s.count === 0 ? (
        <p className="muted">Nothing waiting.</p>
      ) : (
        <ul className="worklist__items">
          {s.items.map((item) => (
            <li key={item.id}>
              <Link to={item.path}>{item.name}</Link>
              {item.mrn ? <span className="muted"> · MRN {item.mrn}</span> : null}
              <div className="worklist__meta">
                {item.detail ? <span>{item.detail} · </span> : null}
                <time dateTime={item.at}>{formatDateTime(item.at)}</time>
              </div>
            </li>
          ))}
        </ul>
      )}
      {s.path && s.count > s.items.length ? (
        <p>
          <Link to={s.path}>
            See all {s.count}
            <span className="visually-hidden"> {s.title.toLowerCase()}</span>
          </Link>
        </p>
      ) : null}
    </section>
  );
}
