import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMe } from '../../shared/auth';
import { errorFor, ErrorSummary, type FormError, LiveRegion, Notice, PageHeading, TextField } from '../../shared/kit';
import { formatDateTime } from '../../shared/time';
import { can } from '../nav';
import { chartApi, type Consent } from './chart-api';
import { formErrors } from './shared';
import { firstFailure, useChart, useConsents, useConsentTemplates, useReloadPatient } from './queries';
import { handTabletTo } from './tablet-lock';

/**
 * Informed consent, as staff see it: what is on file (the signed consent as a printable document), the
 * withdrawal, and handing the tablet to the patient — who then signs in the locked patient mode
 * (TabletConsent). Withdrawal blocks new sessions.
 */
export function ConsentPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const chartQuery = useChart(id);
  const templatesQuery = useConsentTemplates();
  const consentsQuery = useConsents(id);
  const load = useReloadPatient(id);
  const chart = chartQuery.data ?? null;
  const templates = templatesQuery.data?.items ?? [];
  const consents = consentsQuery.data?.items ?? [];
  const failure = firstFailure([chartQuery, templatesQuery, consentsQuery], 'The consent could not be loaded.');
  const [withdrawReason, setWithdrawReason] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (failure)
    return (
      <Notice kind="warning" title="Consent is not available">
        <p>{failure}</p>
      </Notice>
    );
  // Wait for all three: an empty list while loading would offer a form that is not there, or hide a signature.
  if (!chart || !templatesQuery.data || !consentsQuery.data) return <p aria-live="polite">Loading…</p>;
  const name = `${chart.patient.givenName} ${chart.patient.familyName}`;
  const active = consents.find((c) => c.status === 'signed');

  const withdraw = async (consent: Consent) => {
    setBusy(true);
    try {
      await chartApi.withdrawConsent(id, consent.id, { reason: withdrawReason, version: consent.version });
      setErrors([]);
      setDone('Consent withdrawn. New sessions are blocked until the patient consents again.');
      await load();
    } catch (error) {
      setErrors(formErrors(error, { reason: 'withdraw-reason' }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <p>
        <Link className="back-link" to={`/patients/${id}?tab=documents`}>
          Back to the chart
        </Link>
      </p>
      <PageHeading title={`Consent — ${name}`} caption={name}>
        Informed consent
      </PageHeading>
      <LiveRegion>{done ? <Notice kind="success" title={done} /> : null}</LiveRegion>
      <ErrorSummary errors={errors} />
      {consents.length > 0 ? (
        <section className="section no-print" aria-labelledby="on-file">
          <h2 id="on-file">On file</h2>
          <ul>
            {consents.map((c) => (
              <li key={c.id}>
                {c.templateTitle} (version {c.templateVersion.number}) — signed “{c.signedName}” on{' '}
                {formatDateTime(c.signedAt)}
                {c.witnessedBy ? `, with ${c.witnessedBy.name} present` : ' in the portal'}
                {c.status === 'withdrawn' ? (
                  <strong>
                    {' '}
                    — withdrawn {formatDateTime(c.withdrawnAt)}: {c.withdrawalReason}
                  </strong>
                ) : null}
              </li>
            ))}
          </ul>
          {active && can(me, 'consents.record') ? (
            <details className="details">
              <summary>Record that the patient withdraws consent</summary>
              <TextField
                id="withdraw-reason"
                label="What the patient said"
                value={withdrawReason}
                onChange={setWithdrawReason}
                error={errorFor(errors, 'withdraw-reason')}
              />
              <button
                type="button"
                className="button button--warning"
                disabled={busy}
                onClick={() => void withdraw(active)}
              >
                Withdraw consent
              </button>
            </details>
          ) : null}
        </section>
      ) : null}
      {active ? <SignedConsent consent={active} patientName={name} /> : null}
      {templates.length === 0 ? (
        <Notice kind="warning" title="No consent template yet">
          <p>An administrator writes the clinic's consent text first (Protocol settings).</p>
        </Notice>
      ) : can(me, 'consents.record') ? (
        <section className="section no-print" aria-labelledby="hand-over">
          <h2 id="hand-over">Hand the tablet to the patient</h2>
          <p>
            The tablet then shows only this consent for the patient to read and sign, with the crisis line. To take it
            back you enter your password{me.mfaEnabled ? ' and security code' : ''}.
          </p>
          <button type="button" className="button" onClick={() => handTabletTo(id)}>
            Hand the tablet to the patient
          </button>
        </section>
      ) : null}
    </>
  );
}

/**
 * The signed consent as the document it is — the text the patient signed, who signed, when and where —
 * with a print button (the print stylesheet leaves the document alone on the page).
 */
function SignedConsent({ consent, patientName }: { consent: Consent; patientName: string }) {
  return (
    <article className="section document" aria-labelledby="signed-consent-title">
      <h2 id="signed-consent-title">
        {consent.templateTitle} <span className="muted">(version {consent.templateVersion.number})</span>
      </h2>
      <div className="document__signature">
        <p>
          Signed by <strong>{consent.signedName}</strong> ({patientName}) on {formatDateTime(consent.signedAt)}
          {consent.witnessedBy ? `, on the clinic tablet with ${consent.witnessedBy.name} present` : ' in the portal'}
          {consent.signatureKind === 'drawn' ? ', with a drawn signature' : ', with their typed name'}.
        </p>
      </div>
      <div className="consent-text consent-text--document">{consent.templateVersion.body}</div>
      <div className="button-group no-print">
        <button type="button" className="button button--secondary" onClick={() => window.print()}>
          Print or save as PDF
        </button>
      </div>
    </article>
  );
}
