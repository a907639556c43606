import { useState, type SyntheticEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../../../shared/api';
import { identityApi } from '../../../shared/identity-api';
import { useAuth, useMe } from '../../../shared/auth';
import { errorFor, ErrorSummary, type FormError, CarriedNotice, PageHeading, TextField } from '../../../shared/kit';
import { roleLabel } from '../../nav';
import { ChangePasswordForm } from '../../../shared/account/ChangePasswordForm';
import { MfaSetup } from '../../../shared/account/MfaSetup';

export function AccountPage() {
  const me = useMe();
  return (
    <>
      <CarriedNotice />
      <PageHeading title="Your account">Your account</PageHeading>
      <dl className="summary-list">
        <div className="summary-list__row">
          <dt>Name</dt>
          <dd>{me.name}</dd>
        </div>
        <div className="summary-list__row">
          <dt>Email address</dt>
          <dd>{me.email}</dd>
        </div>
        <div className="summary-list__row">
          <dt>Clinic</dt>
          <dd>{me.organization.name}</dd>
        </div>
        <div className="summary-list__row">
          <dt>Roles</dt>
          <dd>{me.roles.length > 0 ? me.roles.map(roleLabel).join(', ') : 'None'}</dd>
        </div>
      </dl>
      <p className="muted">An administrator can change your name and roles.</p>

      <h2>Password</h2>
      <p>
        <Link className="action-link" to="/account/password">
          Change your password
        </Link>
      </p>

      <h2>Two-step verification</h2>
      {me.mfaEnabled ? (
        <>
          <p>
            <strong className="tag tag--on">On</strong> You enter a code from your authenticator app each time you sign
            in.
          </p>
          {me.mfaRequired ? (
            <p className="muted">Your role needs two-step verification, so it cannot be turned off.</p>
          ) : (
            <p>
              <Link className="action-link" to="/account/two-step/turn-off">
                Turn off two-step verification
              </Link>
            </p>
          )}
          <p className="muted">
            Lost your recovery codes or changed phone? Turn two-step verification off and set it up again
            {me.mfaRequired ? ', or ask an administrator' : ''}.
          </p>
        </>
      ) : (
        <>
          <p>
            <strong className="tag tag--off">Off</strong>{' '}
            {me.mfaRequired
              ? 'Your role needs two-step verification.'
              : 'Two-step verification protects your account even if someone learns your password.'}
          </p>
          <p>
            <Link className="action-link" to="/account/two-step">
              Set up two-step verification
            </Link>
          </p>
        </>
      )}
    </>
  );
}

export { ChangePasswordPage } from '../../../shared/account/ChangePasswordPage';

export function MfaSetupPage() {
  const navigate = useNavigate();
  const { refresh } = useAuth();
  return (
    <>
      <Link className="back-link" to="/account">
        Back to your account
      </Link>
      <MfaSetup
        onDone={() => {
          void refresh().then(() =>
            navigate('/account', {
              state: {
                notice: {
                  title: 'Two-step verification is on',
                  body: 'Next time you sign in, enter the code from your authenticator app after your password.',
                },
              },
            }),
          );
        }}
      />
    </>
  );
}

export function DisableMfaPage() {
  const me = useMe();
  const navigate = useNavigate();
  const { refresh } = useAuth();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    const found: FormError[] = [];
    if (!password) found.push({ fieldId: 'password', message: 'Enter your password' });
    if (!code.trim())
      found.push({ fieldId: 'security-code', message: 'Enter the security code from your authenticator app' });
    if (found.length > 0) {
      setErrors(found);
      return;
    }
    setBusy(true);
    try {
      await identityApi.disableMfa(password, code.trim());
      await refresh();
      void navigate('/account', {
        state: { notice: { title: 'Two-step verification is off', body: 'You can set it up again from this page.' } },
      });
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError && error.status === 403)
        setErrors([{ message: 'Your role needs two-step verification, so it cannot be turned off.' }]);
      else if (error instanceof ApiError && error.code === 'mfa_code_incorrect')
        setErrors([{ fieldId: 'security-code', message: 'The security code is not right or was already used' }]);
      else if (error instanceof ApiError && error.code === 'rate_limited')
        setErrors([{ message: error.detail ?? 'Too many attempts. Try again later.' }]);
      else if (
        error instanceof ApiError &&
        (error.code === 'invalid_credentials' || error.status === 400 || error.status === 401)
      )
        setErrors([{ fieldId: 'password', message: 'Your password is not correct' }]);
      else
        setErrors([
          {
            message:
              error instanceof ApiError
                ? (error.detail ?? 'Something went wrong. Try again.')
                : 'Something went wrong. Try again.',
          },
        ]);
    }
  };

  return (
    <>
      <Link className="back-link" to="/account">
        Back to your account
      </Link>
      <ErrorSummary errors={errors} />
      <PageHeading title="Turn off two-step verification">Turn off two-step verification</PageHeading>
      {me.mfaRequired ? (
        <p>Your role needs two-step verification, so it cannot be turned off.</p>
      ) : (
        <>
          <p>After this, your password alone will sign you in. Your recovery codes will stop working.</p>
          <form noValidate onSubmit={(e) => void submit(e)} className="form">
            <TextField
              id="password"
              label="Enter your password to confirm"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={setPassword}
              error={errorFor(errors, 'password')}
            />
            <TextField
              id="security-code"
              label="Security code"
              hint="The 6-digit code from your authenticator app, or one of your recovery codes."
              autoComplete="one-time-code"
              value={code}
              onChange={setCode}
              error={errorFor(errors, 'security-code')}
            />
            <button type="submit" className="button button--warning" disabled={busy}>
              {busy ? 'Turning off…' : 'Turn off two-step verification'}
            </button>
          </form>
        </>
      )}
    </>
  );
}

/** Shown instead of every page while the server says the password must change (first sign-in, reset). */
export function ForcedPasswordChange() {
  const me = useMe();
  const { refresh } = useAuth();
  return (
    <ChangePasswordForm
      askForCode={me.mfaEnabled}
      title="Choose a new password"
      intro={<p>You signed in with a temporary password. Choose your own password before you continue.</p>}
      submitLabel="Save password and continue"
      currentLabel="Temporary password"
      onChanged={() => void refresh()}
    />
  );
}

/** Shown instead of every page while the person's role needs two-step verification and it is not set up. */
export function ForcedMfaEnrolment() {
  const { refresh } = useAuth();
  return (
    <MfaSetup
      intro="Your role needs two-step verification before you can use the console. It takes about two minutes."
      onDone={() => void refresh()}
    />
  );
}
