import { useEffect, useRef, useState, type SyntheticEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { ApiError, api, retryAfterText } from '../../shared/api';
import { SetupPage } from './SetupPage';
import { identityApi } from '../../shared/identity-api';
import { ServiceStatus } from '../../shared/ServiceStatus';
import { useAuth } from '../../shared/auth';
import { errorFor, ErrorSummary, type FormError, LiveRegion, Notice, PageHeading, TextField } from '../../shared/kit';
import { PlainLayout } from '../components/ConsoleLayout';
import { returnPath } from '../../shared/return-path';

type Step = 'password' | 'code';

function problemToErrors(error: unknown): FormError[] {
  if (!(error instanceof ApiError)) return [{ message: 'Something went wrong. Try again.' }];
  switch (error.code) {
    case 'invalid_credentials':
      return [{ fieldId: 'email', message: 'Enter a correct email address and password' }];
    case 'mfa_invalid':
      return [
        {
          fieldId: 'totp',
          message: 'The security code is not correct. Enter the code your app shows now, or an unused recovery code',
        },
      ];
    case 'rate_limited':
      return [{ message: `There have been too many attempts to sign in. ${retryAfterText(error.retryAfterSeconds)}` }];
    case 'network':
      return [{ message: 'The server could not be reached. Check your connection and try again.' }];
    default: {
      const fields = error.fieldMessages();
      const list = Object.entries(fields).map(([fieldId, message]) => ({ fieldId, message }));
      return list.length > 0 ? list : [{ message: error.detail ?? 'Something went wrong. Try again.' }];
    }
  }
}

/** Sign-in, or on an empty installation "Set up your clinic" first. */
export function LoginPage() {
  const setup = useQuery({
    queryKey: ['setup'],
    queryFn: () => api.get<{ needed: boolean }>('/api/v1/setup', { unauthorizedIsExpected: true }),
  });
  if (setup.data?.needed) return <SetupPage onDone={() => void setup.refetch()} />;
  return <SignIn />;
}

function SignIn() {
  const { state, signedIn } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const [step, setStep] = useState<Step>('password');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [useRecoveryCode, setUseRecoveryCode] = useState(false);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const firstRender = useRef(true);

  // A new step is a new page to a screen reader: move focus to its heading.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, [step]);

  // Switching between an app code and a recovery code: straight to the field.
  const toggled = useRef(false);
  useEffect(() => {
    if (toggled.current) document.getElementById('totp')?.focus();
  }, [useRecoveryCode]);

  if (state.status === 'signed-in') return <Navigate to={returnPath(location.state)} replace />;
  const notice = state.status === 'signed-out' ? state.notice : undefined;

  const validate = (): FormError[] => {
    if (step === 'password') {
      const found: FormError[] = [];
      if (!email.trim()) found.push({ fieldId: 'email', message: 'Enter your email address' });
      else if (!email.includes('@'))
        found.push({
          fieldId: 'email',
          message: 'Enter an email address in the correct format, like name@example.org',
        });
      if (!password) found.push({ fieldId: 'password', message: 'Enter your password' });
      return found;
    }
    const trimmed = code.replace(/\s+/g, '');
    if (!trimmed)
      return [
        {
          fieldId: 'totp',
          message: useRecoveryCode
            ? 'Enter one of your recovery codes'
            : 'Enter the 6-digit security code from your authenticator app',
        },
      ];
    if (!useRecoveryCode && !/^\d{6}$/.test(trimmed))
      return [{ fieldId: 'totp', message: 'Enter the security code as 6 digits, like 123456' }];
    return [];
  };

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    const found = validate();
    setErrors(found);
    if (found.length > 0) return;
    setBusy(true);
    try {
      const totp = step === 'code' ? code.replace(/\s+/g, '') : undefined;
      const result = await identityApi.login({ email: email.trim(), password, ...(totp ? { totp } : {}) });
      signedIn(result);
      void navigate(returnPath(location.state), { replace: true });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'mfa_required') {
        setErrors([]);
        setCode('');
        setStep('code');
      } else {
        setErrors(problemToErrors(error));
        if (error instanceof ApiError && error.code === 'invalid_credentials') {
          setPassword('');
          setStep('password');
        }
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <PlainLayout>
      {step === 'code' ? (
        <button
          type="button"
          className="back-link"
          onClick={() => {
            setErrors([]);
            setCode('');
            setStep('password');
          }}
        >
          Back
        </button>
      ) : null}
      <ErrorSummary errors={errors} />
      <LiveRegion>
        {notice && errors.length === 0 ? (
          <Notice kind="info" title={notice.startsWith('You have') ? 'Signed out' : 'Session ended'}>
            <p>{notice}</p>
          </Notice>
        ) : null}
      </LiveRegion>
      {step === 'password' ? (
        <>
          <PageHeading title="Sign in">Sign in to the staff console</PageHeading>
          <form noValidate onSubmit={(e) => void submit(e)} className="form">
            <TextField
              id="email"
              label="Email address"
              type="email"
              autoComplete="username"
              spellCheck={false}
              autoCapitalize="none"
              value={email}
              onChange={setEmail}
              error={errorFor(errors, 'email')}
            />
            <TextField
              id="password"
              label="Password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={setPassword}
              error={errorFor(errors, 'password')}
            />
            <button type="submit" className="button" disabled={busy}>
              {busy ? 'Signing in…' : 'Sign in'}
            </button>
          </form>
          <p className="muted">
            Forgotten your password or lost your phone? Ask a clinic administrator to reset your account.
          </p>
        </>
      ) : (
        <>
          {useRecoveryCode ? (
            <>
              <PageHeading title="Enter a recovery code">Enter a recovery code</PageHeading>
              <p>Use one of the recovery codes you saved when you set up two-step verification.</p>
            </>
          ) : (
            <>
              <PageHeading title="Enter your security code">Enter your security code</PageHeading>
              <p>Open the authenticator app on your phone and enter the code it shows for ketaclinic.</p>
            </>
          )}
          <form noValidate onSubmit={(e) => void submit(e)} className="form">
            <TextField
              key={useRecoveryCode ? 'recovery' : 'totp'}
              id="totp"
              label={useRecoveryCode ? 'Recovery code' : 'Security code'}
              hint={
                useRecoveryCode
                  ? 'Each recovery code works only once.'
                  : 'The code has 6 digits and changes every 30 seconds.'
              }
              autoComplete="one-time-code"
              inputMode={useRecoveryCode ? 'text' : 'numeric'}
              spellCheck={false}
              autoCapitalize="none"
              width={useRecoveryCode ? 'medium' : 'short'}
              value={code}
              onChange={setCode}
              error={errorFor(errors, 'totp')}
            />
            <div className="button-group">
              <button type="submit" className="button" disabled={busy}>
                {busy ? 'Checking…' : 'Continue'}
              </button>
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  toggled.current = true;
                  setUseRecoveryCode((v) => !v);
                  setCode('');
                  setErrors([]);
                }}
              >
                {useRecoveryCode ? 'Use a code from your app instead' : 'Use a recovery code instead'}
              </button>
            </div>
          </form>
        </>
      )}
      <div className="login-status">
        <ServiceStatus />
      </div>
    </PlainLayout>
  );
}
