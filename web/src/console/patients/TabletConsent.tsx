import { useCallback, useState, type SyntheticEvent } from 'react';
import { useNavigate } from 'react-router';
import { crisisResources } from '../../../../src/domain/intake/crisis-resources';
import { api } from '../../shared/api';
import {
  Checkbox,
  errorFor,
  ErrorSummary,
  type FormError,
  Notice,
  PageHeading,
  RadioGroup,
  TextField,
} from '../../shared/kit';
import { useMe } from '../../shared/auth';
import { chartApi, type Consent, type ConsentTemplate } from './chart-api';
import { formErrors } from './shared';
import { SignaturePad } from './SignaturePad';
import { firstFailure, useChart, useConsentTemplates } from './queries';
import { takeTabletBack } from './tablet-lock';

/**
 * The clinic tablet in a patient's hands (issue 13): the consent text, its signature form and the crisis
 * line — no staff menu, no staff name, no sign-out, no way to another page. The staff member takes it back
 * with their password (and code), checked by the server.
 */
export function TabletConsent({ patientId }: { patientId: string }) {
  const chartQuery = useChart(patientId);
  const templatesQuery = useConsentTemplates();
  const chart = chartQuery.data ?? null;
  const templates = templatesQuery.data?.items ?? [];
  const failure = firstFailure([chartQuery, templatesQuery], 'The consent could not be loaded.');
  const [signed, setSigned] = useState<Consent | null>(null);
  const [returning, setReturning] = useState(false);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="console-header">
        <div className="console-header__bar">
          <div className="console-header__brand">
            <span className="console-header__product">Consent to treatment</span>
          </div>
        </div>
      </header>
      <TabletCrisisLine />
      <main id="main" className="console-main console-main--narrow" tabIndex={-1}>
        {returning ? (
          <ReturnToStaff patientId={patientId} onCancel={() => setReturning(false)} />
        ) : (
          <>
            {failure ? (
              <Notice kind="warning" title="Consent is not available">
                <p>{failure}. Please hand the tablet back to the clinic team.</p>
              </Notice>
            ) : !chart || !templatesQuery.data ? (
              <p aria-live="polite">Loading…</p>
            ) : signed ? (
              <>
                <PageHeading title="Signed — hand the tablet back">Signed — hand the tablet back</PageHeading>
                <Notice kind="success" title="Your consent is signed and saved">
                  <p>Thank you, {signed.signedName}. Please hand the tablet back to the clinic team now.</p>
                </Notice>
              </>
            ) : (
              <SigningForm
                patientId={patientId}
                patientName={`${chart.patient.givenName} ${chart.patient.familyName}`}
                templates={templates}
                onSigned={setSigned}
              />
            )}
            <p className="tablet-staff">
              <button type="button" className="link-button" onClick={() => setReturning(true)}>
                Clinic staff: return to the console
              </button>
            </p>
          </>
        )}
      </main>
    </>
  );
}

function TabletCrisisLine() {
  const { lifeline, emergency } = crisisResources;
  return (
    <aside className="tablet-crisis" aria-labelledby="crisis-title">
      <h2 id="crisis-title" className="tablet-crisis__title">
        Need help now?
      </h2>
      <p>
        {lifeline.name}: call <a href={`tel:${lifeline.call}`}>{lifeline.call}</a> or text{' '}
        <a href={`sms:${lifeline.text}`}>{lifeline.text}</a>, free and confidential, any time. In an emergency, call{' '}
        <a href={`tel:${emergency.call}`}>{emergency.call}</a>.
      </p>
    </aside>
  );
}

function SigningForm({
  patientId,
  patientName,
  templates,
  onSigned,
}: {
  patientId: string;
  patientName: string;
  templates: ConsentTemplate[];
  onSigned: (consent: Consent) => void;
}) {
  const [templateId, setTemplateId] = useState(templates[0]?.id ?? '');
  const [signedName, setSignedName] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [kind, setKind] = useState<'click' | 'drawn'>('click');
  const [drawing, setDrawing] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const template = templates.find((t) => t.id === templateId);

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
      setErrors(missing);
      return;
    }
    setBusy(true);
    try {
      const consent = await chartApi.signConsent(patientId, {
        templateVersionId: template.currentVersion.id,
        signedName,
        signatureKind: kind,
        ...(kind === 'drawn' ? { signatureDrawing: drawing } : {}),
        confirmed,
      });
      // The form (and with it the typed name and the drawing) goes away; the parent shows the confirmation.
      onSigned(consent);
    } catch (error) {
      setErrors(
        formErrors(error, { signedName: 'signed-name', confirmed: 'confirmed', signatureDrawing: 'signature-kind' }),
      );
      setBusy(false);
    }
  };

  if (!template)
    return (
      <Notice kind="warning" title="There is no consent form to sign">
        <p>Please hand the tablet back to the clinic team.</p>
      </Notice>
    );
  return (
    <>
      <PageHeading title={`Consent — ${patientName}`} caption={patientName}>
        Informed consent
      </PageHeading>
      <ErrorSummary errors={errors} />
      <form className="form" onSubmit={(e) => void sign(e)} noValidate>
        {templates.length > 1 ? (
          <div className="field">
            <label className="field__label" htmlFor="template">
              Consent form
            </label>
            <select id="template" className="select" value={templateId} onChange={(e) => setTemplateId(e.target.value)}>
              {templates.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.title}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <h2>
          {template.title} <span className="muted">(version {template.currentVersion.number})</span>
        </h2>
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
        <p className="muted">Signing records the time, this device's network address and the version of the text.</p>
        <button type="submit" className="button" disabled={busy}>
          Sign the consent
        </button>
      </form>
    </>
  );
}

/** The staff member proves it is them again: password, and the security code when two-step sign-in is on. */
function ReturnToStaff({ patientId, onCancel }: { patientId: string; onCancel: () => void }) {
  const me = useMe();
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);

  const submit = useCallback(
    async (e: SyntheticEvent) => {
      e.preventDefault();
      const missing: FormError[] = [];
      if (!password) missing.push({ fieldId: 'staff-password', message: 'Enter your password' });
      if (me.mfaEnabled && !code.trim())
        missing.push({ fieldId: 'staff-code', message: 'Enter the code from your authenticator app' });
      if (missing.length > 0) {
        setErrors(missing);
        return;
      }
      setBusy(true);
      try {
        await api.post<undefined>('/api/v1/me/reauthenticate', {
          password,
          ...(me.mfaEnabled ? { code } : {}),
          patientId,
        });
        takeTabletBack();
        void navigate(`/patients/${patientId}/consent`, { replace: true });
      } catch (error) {
        setPassword('');
        setCode('');
        setErrors(formErrors(error, { password: 'staff-password', code: 'staff-code' }));
        setBusy(false);
      }
    },
    [code, me.mfaEnabled, navigate, password, patientId],
  );

  return (
    <>
      <PageHeading title="Return to the staff console">Return to the staff console</PageHeading>
      <p>
        For clinic staff only: the member of staff who handed over the tablet enters their password
        {me.mfaEnabled ? ' and security code' : ''}.
      </p>
      <ErrorSummary errors={errors} />
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <TextField
          id="staff-password"
          label="Your password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
          error={errorFor(errors, 'staff-password')}
        />
        {me.mfaEnabled ? (
          <TextField
            id="staff-code"
            label="Security code"
            hint="The 6-digit code from your authenticator app, or one of your recovery codes."
            autoComplete="one-time-code"
            value={code}
            onChange={setCode}
            error={errorFor(errors, 'staff-code')}
          />
        ) : null}
        <div className="button-group">
          <button type="submit" className="button" disabled={busy}>
            Return to the console
          </button>
          <button type="button" className="button button--secondary" onClick={onCancel}>
            Back to the consent
          </button>
        </div>
      </form>
    </>
  );
}
