import { useState, type SyntheticEvent } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError, retryAfterText } from '../../shared/api';
import { identityApi } from '../../shared/identity-api';
import { ServiceStatus } from '../../shared/ServiceStatus';
import { useAuth } from '../../shared/auth';
import { errorFor, ErrorSummary, type FormError, LiveRegion, Notice, PageHeading, TextField } from '../../shared/kit';
import { returnPath } from '../../shared/return-path';

function problemToErrors(error: unknown): FormError[] {
  if (!(error instanceof ApiError)) return [{ message: 'Something went wrong. Try again.' }];
  switch (error.code) {
    case 'invalid_credentials':
      return [{ fieldId: 'email', message: 'Enter a correct email address and password' }];
    case 'mfa_invalid':
      return [{ fieldId: 'totp', message: 'The security code is not correct. Enter the code your app shows now' }];
    case 'rate_limited':
      return [{ message: `There have been too many attempts to sign in. ${retryAfterText(error.retryAfterSeconds)}` }];
    case 'network':
      return [{ message: 'We could not reach the clinic’s server. Check your internet connection and try again.' }];
    default:
      return [{ message: error.detail ?? 'Something went wrong. Try again.' }];
  }
}

/** Sign in to the portal: email and password (and a security code only if the person turned one on). */
export function SignInPage() {
  const { state, signedIn } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [needsCode, setNeedsCode] = useState(false);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);

  if (state.status === 'signed-in') return <Navigate to={returnPath(location.state)} replace />;
  const notice = state.status === 'signed-out' ? state.notice : undefined;

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    const found: FormError[] = [];
    if (!email.trim()) found.push({ fieldId: 'email', message: 'Enter your email address' });
    else if (!email.includes('@'))
      found.push({ fieldId: 'email', message: 'Enter an email address in the correct format, like name@example.org' });
    if (!password) found.push({ fieldId: 'password', message: 'Enter your password' });
    if (needsCode && !/^\d{6}$/.test(code.replace(/\s+/g, '')))
      found.push({ fieldId: 'totp', message: 'Enter the 6-digit security code from your app' });
    setErrors(found);
    if (found.length > 0) return;
    setBusy(true);
    try {
      const totp = needsCode ? code.replace(/\s+/g, '') : undefined;
      const result = await identityApi.login({ email: email.trim(), password, ...(totp ? { totp } : {}) });
      signedIn(result);
      void navigate(returnPath(location.state), { replace: true });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'mfa_required') {
        setNeedsCode(true);
        setErrors([{ fieldId: 'totp', message: 'Enter the 6-digit security code from your app' }]);
      } else {
        setErrors(problemToErrors(error));
        if (error instanceof ApiError && error.code === 'invalid_credentials') setPassword('');
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="portal-narrow">
      <ErrorSummary errors={errors} />
      <LiveRegion>
        {notice && errors.length === 0 ? (
          <Notice kind="info" title={notice.startsWith('You have') ? 'Signed out' : 'Session ended'}>
            <p>{notice}</p>
          </Notice>
        ) : null}
      </LiveRegion>
      <PageHeading title="Sign in">Sign in to your patient portal</PageHeading>
      <p>See the details the clinic holds about you, and read and sign your consent form.</p>
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
        {needsCode ? (
          <TextField
            id="totp"
            label="Security code"
            hint="The 6-digit code from your authenticator app."
            autoComplete="one-time-code"
            inputMode="numeric"
            width="short"
            value={code}
            onChange={setCode}
            error={errorFor(errors, 'totp')}
          />
        ) : null}
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p>
        <Link to="/forgot-password">Forgotten your password?</Link>
      </p>
      <p className="muted">
        No account yet? The clinic sends you an invitation by email. If you have not had one, call the clinic.
      </p>
      <div className="login-status">
        <ServiceStatus />
      </div>
    </div>
  );
}
