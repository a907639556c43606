import { useEffect, useRef, useState, type SyntheticEvent } from 'react';
import { ApiError } from '../api';
import { identityApi, type MfaEnrolment } from '../identity-api';
import { errorFor, ErrorSummary, type FormError, LiveRegion, Notice, PageHeading, TextField } from '../kit';

type Stage = { kind: 'start' } | { kind: 'scan'; enrolment: MfaEnrolment } | { kind: 'codes'; recoveryCodes: string[] };

/** The setup key in groups of four, easier to copy by hand. */
function groupKey(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

function svgDataUri(svg: string): string {
  return `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`;
}

function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const [saved, setSaved] = useState(false);
  const [copied, setCopied] = useState<string>('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [downloadUrl, setDownloadUrl] = useState('');
  useEffect(() => {
    const url = URL.createObjectURL(
      new Blob([`ketaclinic recovery codes\nEach code works once.\n\n${codes.join('\n')}\n`], { type: 'text/plain' }),
    );
    setDownloadUrl(url);
    return () => URL.revokeObjectURL(url);
  }, [codes]);
  return (
    <>
      <ErrorSummary errors={errors} />
      <PageHeading title="Save your recovery codes">Save your recovery codes</PageHeading>
      <Notice kind="warning" title="You will only see these codes once">
        <p>
          If you lose your phone, sign in with one of these codes instead of a security code. Each code works once. Keep
          them somewhere safe, away from your phone.
        </p>
      </Notice>
      <ol className="recovery-codes" aria-label="Recovery codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ol>
      <div className="button-group">
        <button
          type="button"
          className="button button--secondary"
          onClick={() => {
            navigator.clipboard.writeText(codes.join('\n')).then(
              () => setCopied('Recovery codes copied.'),
              () => setCopied('Your browser did not allow copying. Select the codes and copy them, or download them.'),
            );
          }}
        >
          Copy codes
        </button>
        {downloadUrl ? (
          <a className="button button--secondary" href={downloadUrl} download="ketaclinic-recovery-codes.txt">
            Download codes
          </a>
        ) : null}
      </div>
      <LiveRegion>{copied ? <p>{copied}</p> : null}</LiveRegion>
      <form
        noValidate
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!saved) {
            setErrors([{ fieldId: 'codes-saved', message: 'Confirm that you have saved your recovery codes' }]);
            return;
          }
          onDone();
        }}
      >
        <div className={`field${errors.length > 0 ? ' field--error' : ''}`}>
          {errors.length > 0 ? (
            <p className="field__error" id="codes-saved-error">
              <span className="visually-hidden">Error: </span>
              {errors[0]!.message}
            </p>
          ) : null}
          <div className="checkbox">
            <input
              type="checkbox"
              id="codes-saved"
              checked={saved}
              onChange={(e) => setSaved(e.target.checked)}
              aria-describedby={errors.length > 0 ? 'codes-saved-error' : undefined}
            />
            <label htmlFor="codes-saved">I have saved my recovery codes</label>
          </div>
        </div>
        <button type="submit" className="button">
          Continue
        </button>
      </form>
    </>
  );
}

/**
 * Two-step verification set-up: start (the server makes a secret), scan the QR code or type the key,
 * confirm with a code from the app, then see the recovery codes once.
 */
export function MfaSetup({ intro, onDone }: { intro?: string; onDone: () => void }) {
  const [stage, setStage] = useState<Stage>({ kind: 'start' });
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, [stage.kind]);

  const start = async () => {
    setBusy(true);
    setErrors([]);
    try {
      setStage({ kind: 'scan', enrolment: await identityApi.startMfaEnrolment() });
    } catch (error) {
      setErrors([
        {
          message:
            error instanceof ApiError
              ? (error.detail ?? 'Set-up could not start. Try again.')
              : 'Set-up could not start. Try again.',
        },
      ]);
    } finally {
      setBusy(false);
    }
  };

  const confirm = async (event: SyntheticEvent) => {
    event.preventDefault();
    const trimmed = code.replace(/\s+/g, '');
    if (!/^\d{6}$/.test(trimmed)) {
      setErrors([
        {
          fieldId: 'mfa-code',
          message: trimmed
            ? 'Enter the security code as 6 digits, like 123456'
            : 'Enter the 6-digit security code from your authenticator app',
        },
      ]);
      return;
    }
    setBusy(true);
    try {
      const { recoveryCodes } = await identityApi.confirmMfa(trimmed);
      setErrors([]);
      setStage({ kind: 'codes', recoveryCodes });
    } catch (error) {
      const message =
        (error instanceof ApiError && error.status === 400) ||
        (error instanceof ApiError && error.code === 'mfa_invalid')
          ? 'The security code is not correct. Check that your phone sets its time automatically, then enter the code the app shows now'
          : error instanceof ApiError
            ? (error.detail ?? 'The code could not be checked. Try again')
            : 'The code could not be checked. Try again';
      setErrors([{ fieldId: 'mfa-code', message }]);
    } finally {
      setBusy(false);
    }
  };

  if (stage.kind === 'codes') return <RecoveryCodes codes={stage.recoveryCodes} onDone={onDone} />;

  if (stage.kind === 'start') {
    return (
      <>
        <ErrorSummary errors={errors} />
        <PageHeading title="Set up two-step verification">Set up two-step verification</PageHeading>
        {intro ? <p>{intro}</p> : null}
        <p>
          Each time you sign in you will enter your password and a 6-digit code from an app on your phone. Someone who
          learns your password still cannot sign in as you.
        </p>
        <p>You need an authenticator app, such as Google Authenticator, Microsoft Authenticator or 1Password.</p>
        <button type="button" className="button" disabled={busy} onClick={() => void start()}>
          {busy ? 'Starting…' : 'Start set-up'}
        </button>
      </>
    );
  }

  const { enrolment } = stage;
  return (
    <>
      <ErrorSummary errors={errors} />
      <PageHeading title="Set up two-step verification">Set up two-step verification</PageHeading>
      <ol className="steps">
        <li>
          <h2 className="steps__title">Scan the QR code with your authenticator app</h2>
          <img
            className="qr-code"
            src={svgDataUri(enrolment.qrSvg)}
            width={200}
            height={200}
            alt="QR code to add ketaclinic to your authenticator app. If you cannot scan it, use the setup key below."
          />
          <details className="details">
            <summary>I cannot scan the QR code</summary>
            <p>In your app, choose to enter a setup key, and type this key:</p>
            <p className="setup-key">
              <code>{groupKey(enrolment.secret)}</code>
            </p>
            <p>
              On a phone with the app installed you can also{' '}
              <a href={enrolment.otpauthUri}>open the setup link in your authenticator app</a>.
            </p>
          </details>
        </li>
        <li>
          <h2 className="steps__title">Enter the code the app shows</h2>
          <form noValidate onSubmit={(e) => void confirm(e)} className="form">
            <TextField
              id="mfa-code"
              label="Security code"
              hint="The code has 6 digits and changes every 30 seconds."
              autoComplete="one-time-code"
              inputMode="numeric"
              width="short"
              value={code}
              onChange={setCode}
              error={errorFor(errors, 'mfa-code')}
            />
            <button type="submit" className="button" disabled={busy}>
              {busy ? 'Checking…' : 'Turn on two-step verification'}
            </button>
          </form>
        </li>
      </ol>
    </>
  );
}
