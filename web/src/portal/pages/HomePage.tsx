import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useMe } from '../../shared/auth';
import { CarriedNotice, Notice, PageHeading, type CarriedNoticeState } from '../../shared/kit';
import { contactText } from '../format';
import { formatDateTimeLong, formatDateLong } from '../../shared/time';
import { portalPagesApi, type ConsentStanding, type OwnRecord, type PortalHome } from '../portal-api';
import { useMoreAttentionItems } from '../home/attention-slot';
import { ConfirmForm, Preparation, When } from '../home/NextSession';
import { useOwnRecord } from '../use-own-record';
import { LoadFailed, Loading } from './StatusPages';

/** A confirmation carried here in the router state after signing or withdrawing. */
/** What the home page is handed in the router state (the carried notice). */
export type HomeNotice = CarriedNoticeState;

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="summary-list__row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function addressText(a: OwnRecord['patient']['address']): string {
  const parts = [a.line1, a.line2, a.city, [a.state, a.postalCode].filter(Boolean).join(' ')].filter(
    (p) => p && p.trim(),
  );
  return parts.length > 0 ? parts.join(', ') : 'Not recorded';
}

function Attention({ standings, home }: { standings: ConsentStanding[]; home: PortalHome | undefined }) {
  const more = useMoreAttentionItems();
  const waiting = standings.filter((s) => s.state !== 'signed');
  const unconfirmed = home?.next && home.next.status === 'scheduled' && home.next.canConfirm ? home.next : null;
  if (waiting.length === 0 && !unconfirmed && more.length === 0) return <p>Nothing needs your attention right now.</p>;
  return (
    <ul className="task-list">
      {unconfirmed ? (
        <li className="task-list__item">
          <a className="task-list__link" href="#next-session">
            Confirm your session on {formatDateTimeLong(unconfirmed.startsAt)}
          </a>
          <p className="task-list__hint">Tell us you are coming and who will take you home afterwards.</p>
        </li>
      ) : null}
      {more.map((item) => (
        <li key={item.key} className="task-list__item">
          <Link className="task-list__link" to={item.to}>
            {item.title}
          </Link>
          <p className="task-list__hint">{item.hint}</p>
        </li>
      ))}
      {waiting.map((s) => (
        <li key={s.template.id} className="task-list__item">
          <Link className="task-list__link" to={`/consent/${s.template.id}`}>
            {s.state === 'to_sign'
              ? `Read and sign: ${s.template.title}`
              : `Sign again if you want to continue: ${s.template.title}`}
          </Link>
          <p className="task-list__hint">
            {s.state === 'to_sign'
              ? 'The clinic needs your consent before your treatment can start.'
              : `You withdrew your consent on ${formatDateTimeLong(s.consent.withdrawnAt ?? s.consent.signedAt)}. New sessions are paused until you sign again.`}
          </p>
        </li>
      ))}
    </ul>
  );
}

function Sessions({ home }: { home: PortalHome | undefined }) {
  if (!home) return <p aria-live="polite">Loading your sessions…</p>;
  const next = home.next;
  return (
    <>
      <section className="section" aria-labelledby="next-session">
        <h2 id="next-session" tabIndex={-1}>
          Your next session
        </h2>
        {next ? (
          <>
            <When appointment={next} />
            <h3>How to prepare</h3>
            <Preparation appointment={next} />
            {next.canConfirm ? (
              <>
                <h3>{next.status === 'confirmed' ? 'You have confirmed' : 'Confirm you are coming'}</h3>
                <ConfirmForm key={next.id} appointment={next} />
              </>
            ) : null}
            <p>If you cannot come, call the clinic as soon as you can so someone else can have the time.</p>
          </>
        ) : (
          <p>You have no session booked. The clinic will contact you to book one.</p>
        )}
      </section>
      {home.later.length > 0 ? (
        <section className="section" aria-labelledby="later-sessions">
          <h2 id="later-sessions">After that</h2>
          <ul className="plain-list">
            {home.later.map((a) => (
              <li key={a.id}>
                {formatDateTimeLong(a.startsAt)}: {a.typeLabel}, {a.location.name}
                {a.status === 'confirmed' ? ' (confirmed)' : ''}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="section" aria-labelledby="past-sessions">
        <h2 id="past-sessions">Past sessions</h2>
        {home.past.length === 0 ? (
          <p>No past sessions yet.</p>
        ) : (
          <ul className="plain-list">
            {home.past.map((a) => (
              <li key={a.id}>
                {formatDateTimeLong(a.startsAt)}: {a.typeLabel}, {a.locationName} ({a.statusLabel.toLowerCase()})
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link to="/progress">See your progress and aftercare</Link>
        </p>
      </section>
    </>
  );
}

export function HomePage() {
  const me = useMe();
  const { state } = useOwnRecord();
  const home = useQuery({ queryKey: ['portal-home'], queryFn: portalPagesApi.home });
  const heading = (
    <PageHeading title={`Your care at ${me.organization.name}`}>Your care at {me.organization.name}</PageHeading>
  );
  if (state.status === 'loading')
    return (
      <>
        {heading}
        <Loading />
      </>
    );
  if (state.status === 'failed')
    return (
      <>
        {heading}
        <LoadFailed message={state.message} />
      </>
    );
  const { patient } = state.data.record;
  const signed = state.data.standings.filter((s) => s.state === 'signed');
  return (
    <>
      <CarriedNotice />
      {heading}
      <section className="section" aria-labelledby="attention">
        <h2 id="attention">What needs your attention</h2>
        <Attention standings={state.data.standings} home={home.data} />
      </section>
      {home.isError ? (
        <Notice kind="warning" title="Your sessions could not be loaded">
          <p>Reload the page in a minute. If it keeps happening, call the clinic.</p>
        </Notice>
      ) : (
        <Sessions home={home.data} />
      )}
      <section className="section" aria-labelledby="details">
        <h2 id="details">Your details</h2>
        <p>This is what the clinic holds about you. If something is wrong or has changed, tell the clinic.</p>
        <dl className="summary-list">
          <Row label="Name">
            {patient.givenName} {patient.familyName}
            {patient.preferredName ? ` (known as ${patient.preferredName})` : ''}
          </Row>
          <Row label="Date of birth">{formatDateLong(patient.dateOfBirth)}</Row>
          <Row label="Email address">
            <span className="break-anywhere">{patient.email ?? 'Not recorded'}</span>
          </Row>
          <Row label="Phone">{patient.phone ?? 'Not recorded'}</Row>
          <Row label="Address">{addressText(patient.address)}</Row>
          <Row label="Who takes you home after a session">{contactText(patient.companion)}</Row>
          <Row label="Emergency contact">{contactText(patient.emergencyContact)}</Row>
        </dl>
      </section>
      <section className="section" aria-labelledby="consent">
        <h2 id="consent">Your consent</h2>
        {signed.length === 0 ? (
          <p>You have no signed consent on file.</p>
        ) : (
          <ul className="task-list">
            {signed.map((s) => (
              <li key={s.template.id} className="task-list__item">
                <Link className="task-list__link" to={`/consent/${s.template.id}`}>
                  {s.template.title}
                </Link>
                <p className="task-list__hint">
                  <strong className="tag tag--on">Signed</strong> on {formatDateTimeLong(s.consent.signedAt)} (version{' '}
                  {s.consent.templateVersion.number} of the text)
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
