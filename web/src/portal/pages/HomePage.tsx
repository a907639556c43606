import { Link, useLocation } from 'react-router';
import { useMe } from '../../console/auth';
import { LiveRegion, Notice, PageHeading } from '../../shared/kit';
import { contactText } from '../format';
import { formatDateTimeLong, formatDateLong } from '../../shared/time';
import type { ConsentStanding, OwnRecord } from '../portal-api';
import { useOwnRecord } from '../use-own-record';
import { LoadFailed, Loading } from './StatusPages';
import { QuestionnairesDue } from '../questionnaires/QuestionnairesDue';

/** A confirmation carried here in the router state after signing or withdrawing. */
export interface HomeNotice {
  notice?: { title: string; body: string };
}

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

function Attention({ standings }: { standings: ConsentStanding[] }) {
  const waiting = standings.filter((s) => s.state !== 'signed');
  if (waiting.length === 0) return <p>Nothing needs your attention right now.</p>;
  return (
    <ul className="task-list">
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

export function HomePage() {
  const me = useMe();
  const location = useLocation();
  const notice = (location.state as HomeNotice | null)?.notice;
  const { state } = useOwnRecord();
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
      <LiveRegion>
        {notice ? (
          <Notice kind="success" title={notice.title}>
            <p>{notice.body}</p>
          </Notice>
        ) : null}
      </LiveRegion>
      {heading}
      <section className="section" aria-labelledby="attention">
        <h2 id="attention">What needs your attention</h2>
        <QuestionnairesDue />
        <Attention standings={state.data.standings} />
      </section>
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
