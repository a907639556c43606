import { useCallback, useEffect, useState, type SyntheticEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useMe } from '../auth';
import {
  Checkbox,
  errorFor,
  ErrorSummary,
  type FormError,
  LiveRegion,
  Notice,
  PageHeading,
  RadioGroup,
  TextField,
} from '../../shared/kit';
import { formatDateTime } from '../../shared/time';
import { can } from '../nav';
import { chartApi, type Chart, type Consent, type ConsentTemplate } from './chart-api';
import { errorMessage, formErrors } from './shared';
import { SignaturePad } from './SignaturePad';

/**
 * Informed consent on the clinic tablet: the patient reads the current template version, types their
 * name and signs by clicking (time, IP and template version are recorded by the server). Withdrawal
 * blocks new sessions.
 */
export function ConsentPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const [chart, setChart] = useState<Chart | null>(null);
  const [templates, setTemplates] = useState<ConsentTemplate[]>([]);
  const [consents, setConsents] = useState<Consent[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [templateId, setTemplateId] = useState('');
  const [signedName, setSignedName] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [kind, setKind] = useState<'click' | 'drawn'>('click');
  const [drawing, setDrawing] = useState('');
  const [withdrawReason, setWithdrawReason] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [done, setDone] = useState<string | null>(null);
  // The consent signed on this tablet just now: the form gives way to a confirmation, so the patient's
  // signature is not left on screen and the form is not offered to sign twice.
  const [justSigned, setJustSigned] = useState<Consent | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      const [c, t, list] = await Promise.all([chartApi.chart(id), chartApi.consentTemplates(), chartApi.consents(id)]);
      setChart(c);
      setTemplates(t.items);
      setConsents(list.items);
      setTemplateId((prev) => prev || (t.items[0]?.id ?? ''));
    } catch (error) {
      setFailure(errorMessage(error, 'The consent could not be loaded.'));
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  if (failure)
    return (
      <Notice kind="warning" title="Consent is not available">
        <p>{failure}</p>
      </Notice>
    );
  if (!chart) return <p aria-live="polite">Loading…</p>;
  const template = templates.find((t) => t.id === templateId);
  const name = `${chart.patient.givenName} ${chart.patient.familyName}`;
  const active = consents.find((c) => c.status === 'signed');

  const sign = async (e: SyntheticEvent) => {
    e.preventDefault();
    if (!template) return;
    // Every missing answer at once (the server checks them one by one), each linked from the summary.
    const missing: FormError[] = [];
    if (!confirmed)
      missing.push({ fieldId: 'confirmed', message: 'Tick the box to confirm you have read and understood it' });
    if (signedName.trim().length < 2) missing.push({ fieldId: 'signed-name', message: 'Type your full name' });
    if (kind === 'drawn' && !drawing.trim())
      missing.push({ fieldId: 'signature-kind', message: 'Draw the signature, or sign with your typed name' });
    if (missing.length > 0) {
      setDone(null);
      setErrors(missing);
      return;
    }
    setBusy(true);
    try {
      const signed = await chartApi.signConsent(id, {
        templateVersionId: template.currentVersion.id,
        signedName,
        signatureKind: kind,
        ...(kind === 'drawn' ? { signatureDrawing: drawing } : {}),
        confirmed,
      });
      setErrors([]);
      setDone(null);
      setJustSigned(signed);
      setSignedName('');
      setConfirmed(false);
      setDrawing('');
      setKind('click');
      await load();
    } catch (error) {
      setErrors(
        formErrors(error, { signedName: 'signed-name', confirmed: 'confirmed', signatureDrawing: 'signature-kind' }),
      );
    } finally {
      setBusy(false);
    }
  };

  const withdraw = async (consent: Consent) => {
    setBusy(true);
    try {
      await chartApi.withdrawConsent(id, consent.id, { reason: withdrawReason, version: consent.version });
      setErrors([]);
      setJustSigned(null);
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
      {justSigned ? (
        <section className="section no-print" aria-labelledby="signed-heading">
          <Notice kind="success" title="Signed — hand the tablet back">
            <p id="signed-heading">
              Thank you, {justSigned.signedName}. Your consent is signed and saved. Please hand the tablet back to the
              clinic team.
            </p>
          </Notice>
        </section>
      ) : templates.length === 0 ? (
        <Notice kind="warning" title="No consent template yet">
          <p>An administrator writes the clinic's consent text first (Protocol settings).</p>
        </Notice>
      ) : can(me, 'consents.record') ? (
        <form className="form no-print" onSubmit={(e) => void sign(e)} noValidate>
          <h2>Hand the tablet to the patient</h2>
          {templates.length > 1 ? (
            <div className="field">
              <label className="field__label" htmlFor="template">
                Consent form
              </label>
              <select
                id="template"
                className="select"
                value={templateId}
                onChange={(e) => setTemplateId(e.target.value)}
              >
                {templates.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.title}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          {template ? (
            <>
              <h3>
                {template.title} <span className="muted">(version {template.currentVersion.number})</span>
              </h3>
              <div className="consent-text" tabIndex={0} aria-label="Consent text">
                {template.currentVersion.body}
              </div>
              <Checkbox
                id="confirmed"
                label="I have read and understood this, and my questions have been answered"
                checked={confirmed}
                onChange={setConfirmed}
              />
              {errorFor(errors, 'confirmed') ? <p className="field__error">{errorFor(errors, 'confirmed')}</p> : null}
              <TextField
                id="signed-name"
                label="Type your full name to sign"
                value={signedName}
                onChange={setSignedName}
                width="medium"
                autoComplete="name"
                error={errorFor(errors, 'signed-name')}
              />
              <RadioGroup
                name="signature-kind"
                firstId="signature-kind"
                legend="How to sign"
                value={kind}
                onChange={setKind}
                choices={[
                  { value: 'click', label: 'Sign with my typed name' },
                  { value: 'drawn', label: 'Draw my signature as well' },
                ]}
              />
              {kind === 'click' ? (
                <div className="signature-box" aria-hidden="true">
                  {signedName}
                </div>
              ) : (
                <SignaturePad value={drawing} onChange={setDrawing} />
              )}
              <p className="muted">
                Signing records the time, this device's network address and the version of the text.
              </p>
              <button type="submit" className="button" disabled={busy}>
                Sign the consent
              </button>
            </>
          ) : null}
        </form>
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
