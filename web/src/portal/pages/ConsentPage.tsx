import { useEffect, useState, type SyntheticEvent } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../shared/api';
import {
  Checkbox,
  errorFor,
  ErrorSummary,
  type FormError,
  LiveRegion,
  Notice,
  PageHeading,
  TextField,
} from '../../shared/kit';
import { formatDateTimeLong } from '../../shared/time';
import { portalApi, type Consent, type ConsentTemplate } from '../portal-api';
import { useOwnRecord } from '../use-own-record';
import { LoadFailed, Loading, NotFoundPage } from './StatusPages';

function serverErrors(error: unknown): FormError[] {
  if (error instanceof ApiError && error.code === 'stale_version')
    return [{ message: 'The clinic has just updated this consent form. Read the new text below, then sign again.' }];
  if (error instanceof ApiError && error.fieldErrors.length > 0) {
    return error.fieldErrors.map((e) =>
      e.path.endsWith('signedName')
        ? { fieldId: 'signed-name', message: e.message }
        : e.path.endsWith('confirmed')
          ? { fieldId: 'confirmed', message: e.message }
          : { message: e.message },
    );
  }
  if (error instanceof ApiError) return [{ message: error.detail ?? error.title }];
  return [{ message: 'Something went wrong. Try again.' }];
}

/** Read the exact text, tick, type your name, sign: the server records the time, address and version. */
function SignForm({
  patientId,
  template,
  onSigned,
}: {
  patientId: string;
  template: ConsentTemplate;
  onSigned: () => Promise<void>;
}) {
  const [confirmed, setConfirmed] = useState(false);
  const [signedName, setSignedName] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    const found: FormError[] = [];
    if (!confirmed)
      found.push({
        fieldId: 'confirmed',
        message: 'Tick the box to say you have read and understood the consent form',
      });
    if (signedName.trim().length < 2) found.push({ fieldId: 'signed-name', message: 'Type your full name to sign' });
    setErrors(found);
    if (found.length > 0) return;
    setBusy(true);
    try {
      await portalApi.signConsent(patientId, {
        templateVersionId: template.currentVersion.id,
        signedName: signedName.trim(),
        confirmed,
      });
      await onSigned();
    } catch (error) {
      setErrors(serverErrors(error));
      setBusy(false);
    }
  };

  const confirmError = errorFor(errors, 'confirmed');
  return (
    <>
      <ErrorSummary errors={errors} />
      <p>Read the consent form carefully. If you have any questions, call the clinic before you sign.</p>
      <h2>
        Read the consent form <span className="muted">(version {template.currentVersion.number})</span>
      </h2>
      <div className="consent-text" role="region" aria-label="Consent form text">
        {template.currentVersion.body}
      </div>
      <form className="form" noValidate onSubmit={(e) => void submit(e)}>
        <h2>Sign the consent form</h2>
        <div className={`field${confirmError ? ' field--error' : ''}`}>
          {confirmError ? (
            <p className="field__error" id="confirmed-error">
              <span className="visually-hidden">Error: </span>
              {confirmError}
            </p>
          ) : null}
          <Checkbox
            id="confirmed"
            label="I have read and understood this consent form"
            checked={confirmed}
            onChange={setConfirmed}
          />
        </div>
        <TextField
          id="signed-name"
          label="Type your full name"
          hint="Typing your name here is your signature."
          value={signedName}
          onChange={setSignedName}
          width="medium"
          autoComplete="name"
          error={errorFor(errors, 'signed-name')}
        />
        <p className="muted">
          When you sign, the clinic records the date and time, your device’s internet address and the version of the
          text you read.
        </p>
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Signing…' : 'Sign the consent form'}
        </button>
      </form>
    </>
  );
}

function SignedView({ template, consent }: { template: ConsentTemplate; consent: Consent }) {
  return (
    <>
      <p>
        <strong className="tag tag--on">Signed</strong> You signed this consent form on{' '}
        {formatDateTimeLong(consent.signedAt)}.
      </p>
      <dl className="summary-list">
        <div className="summary-list__row">
          <dt>Signed as</dt>
          <dd>{consent.signedName}</dd>
        </div>
        <div className="summary-list__row">
          <dt>Date and time</dt>
          <dd>{formatDateTimeLong(consent.signedAt)}</dd>
        </div>
        <div className="summary-list__row">
          <dt>Version of the text</dt>
          <dd>Version {consent.templateVersion.number}</dd>
        </div>
        <div className="summary-list__row">
          <dt>Where</dt>
          <dd>{consent.channel === 'portal' ? 'In this portal' : 'At the clinic'}</dd>
        </div>
      </dl>
      {template.currentVersion.number !== consent.templateVersion.number ? (
        <p>
          The clinic has updated this form since you signed it. What you signed still applies; this is the text you
          signed.
        </p>
      ) : null}
      <h2>The text you signed</h2>
      <div className="consent-text" role="region" aria-label="The consent form text you signed">
        {consent.templateVersion.body}
      </div>
      <h2>Changed your mind?</h2>
      <p>You can withdraw your consent at any time. It stops new treatment sessions until you sign again.</p>
      <p>
        <Link className="action-link" to={`/consent/${template.id}/withdraw`}>
          Withdraw your consent
        </Link>
      </p>
    </>
  );
}

export function ConsentPage() {
  const { templateId = '' } = useParams();
  const { state, reload } = useOwnRecord();
  const [justSigned, setJustSigned] = useState(false);

  useEffect(() => {
    if (justSigned) document.querySelector<HTMLElement>('main h1')?.focus();
  }, [justSigned]);

  if (state.status === 'loading') return <Loading />;
  if (state.status === 'failed') return <LoadFailed message={state.message} />;
  const standing = state.data.standings.find((s) => s.template.id === templateId);
  if (!standing) return <NotFoundPage />;
  const { template } = standing;

  return (
    <>
      <p>
        <Link className="back-link" to="/">
          Back to your care
        </Link>
      </p>
      <LiveRegion>
        {justSigned && standing.state === 'signed' ? (
          <Notice kind="success" title="Consent signed">
            <p>Thank you. The clinic can see your signed consent now.</p>
          </Notice>
        ) : null}
      </LiveRegion>
      <PageHeading title={template.title} caption="Consent form">
        {template.title}
      </PageHeading>
      {standing.state === 'signed' ? (
        <SignedView template={template} consent={standing.consent} />
      ) : (
        <>
          {standing.state === 'withdrawn' ? (
            <Notice kind="warning" title="You withdrew your consent">
              <p>
                You withdrew it on {formatDateTimeLong(standing.consent.withdrawnAt ?? standing.consent.signedAt)}. New
                sessions are paused until you sign again.
              </p>
            </Notice>
          ) : null}
          <SignForm
            patientId={state.data.patientId}
            template={template}
            onSigned={async () => {
              await reload();
              setJustSigned(true);
            }}
          />
        </>
      )}
    </>
  );
}
