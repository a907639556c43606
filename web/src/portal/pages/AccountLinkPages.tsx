import { useEffect, useState, type ReactNode, type SyntheticEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError, retryAfterText } from '../../shared/api';
import {
  errorFor,
  ErrorSummary,
  type FormError,
  LiveRegion,
  minimumPasswordLength,
  NewPasswordFields,
  newPasswordProblems,
  Notice,
  PageHeading,
  TextField,
} from '../../shared/kit';
import { formatDateTimeLong } from '../../shared/time';
import { useAuth } from '../../shared/auth';
import { MfaSetup } from '../../shared/account/MfaSetup';
import { accountApi, takeTokenFromFragment, type LinkPurpose, type LinkView } from '../account-api';

/**
 * The pages an email link opens: accepting the invitation (choose a password, then optionally two-step
 * sign-in), and choosing a new password after a reset request; plus the page that asks for a reset.
 * A link that cannot be used gets its own page saying why and what to do; nothing is changed.
 */
const problemTitles: Record<string, string> = {
  portal_link_invalid: 'This link does not work',
  portal_link_expired: 'This link has expired',
  portal_link_used: 'This link has already been used',
};

function LinkProblem({ error, purpose }: { error: unknown; purpose: LinkPurpose }) {
  const code = error instanceof ApiError ? error.code : 'network';
  const title = problemTitles[code] ?? 'The link could not be checked';
  const detail =
    error instanceof ApiError && error.detail
      ? error.detail
      : 'We could not reach the clinic’s server. Check your internet connection and reload the page.';
  return (
    <div className="portal-narrow">
      <PageHeading title={title}>{title}</PageHeading>
      <p>{detail}</p>
      <p>Nothing has been changed.</p>
      <ul className="link-list">
        <li>
          <Link to="/login">Go to sign in</Link>
        </li>
        {purpose === 'password_reset' || code === 'portal_link_used' ? (
          <li>
            <Link to="/forgot-password">Ask for a new password reset link</Link>
          </li>
        ) : null}
      </ul>
    </div>
  );
}

function serverProblems(error: unknown): FormError[] {
  if (error instanceof ApiError && error.code === 'password_weak')
    return (
      error.fieldErrors.length ? error.fieldErrors : [{ path: '/password', message: error.detail ?? error.title }]
    ).map((e) => ({ fieldId: 'new-password', message: e.message }));
  if (error instanceof ApiError) return [{ message: error.detail ?? error.title }];
  return [{ message: 'We could not reach the clinic’s server. Check your internet connection and try again.' }];
}

type LinkCheck = { status: 'checking' } | { status: 'ok'; link: LinkView } | { status: 'failed'; error: unknown };

/**
 * Checks the link once, on arrival. Not a cached query: the token is single-use and the answer changes
 * when it is used, and signing in or out (which this page does) clears the query cache.
 */
function useLink(purpose: LinkPurpose): { token: string; check: LinkCheck } {
  const [token] = useState(takeTokenFromFragment);
  const [check, setCheck] = useState<LinkCheck>({ status: 'checking' });
  useEffect(() => {
    let live = true;
    accountApi.inspect(token, purpose).then(
      (link) => live && setCheck({ status: 'ok', link }),
      (error: unknown) => live && setCheck({ status: 'failed', error }),
    );
    return () => {
      live = false;
    };
  }, [token, purpose]);
  return { token, check };
}

function Checking() {
  return <p aria-live="polite">Checking your link…</p>;
}

function EmailRow({ link }: { link: LinkView }) {
  return (
    <dl className="summary-list">
      <div className="summary-list__row">
        <dt>Your email address (you sign in with it)</dt>
        <dd className="break-anywhere">{link.email}</dd>
      </div>
      <div className="summary-list__row">
        <dt>This link works until</dt>
        <dd>{formatDateTimeLong(link.expiresAt)}</dd>
      </div>
    </dl>
  );
}

/**
 * The page of a link that lets the patient choose a password (the invitation, a reset): the heading, the
 * account it is for, the password twice. `onChoose` sends it; a refusal is shown on the form.
 */
function ChoosePasswordForm({
  link,
  title,
  heading,
  intro,
  submitLabel,
  busyLabel,
  onChoose,
}: {
  link: LinkView;
  title: string;
  heading: ReactNode;
  intro?: ReactNode;
  submitLabel: string;
  busyLabel: string;
  onChoose: (password: string) => Promise<void>;
}) {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    const found = newPasswordProblems(password, confirm, {
      empty: 'Enter a password',
      short: `Your password must be at least ${minimumPasswordLength} characters`,
      mismatch: 'The passwords do not match. Enter your password again',
    });
    setErrors(found);
    if (found.length) return;
    setBusy(true);
    try {
      await onChoose(password);
    } catch (error) {
      setErrors(serverProblems(error));
      setBusy(false);
    }
  };

  return (
    <div className="portal-narrow">
      <ErrorSummary errors={errors} />
      <PageHeading title={title}>{heading}</PageHeading>
      {intro}
      <EmailRow link={link} />
      <form noValidate onSubmit={(e) => void submit(e)} className="form">
        <input type="email" name="username" autoComplete="username" value={link.email} readOnly hidden />
        <NewPasswordFields
          errors={errors}
          password={password}
          confirm={confirm}
          onPassword={setPassword}
          onConfirm={setConfirm}
          labels={{ password: 'Choose a password', confirm: 'Enter the password again' }}
        />
        <button type="submit" className="button" disabled={busy}>
          {busy ? busyLabel : submitLabel}
        </button>
      </form>
    </div>
  );
}

/** /welcome#token=…: the invitation. */
export function WelcomePage() {
  const { signedIn } = useAuth();
  const navigate = useNavigate();
  const { token, check } = useLink('invitation');
  const [stage, setStage] = useState<'password' | 'offer' | 'mfa'>('password');

  if (stage === 'offer')
    return (
      <div className="portal-narrow">
        <LiveRegion>
          <Notice kind="success" title="Your account is ready">
            <p>Your password is saved and you are signed in.</p>
          </Notice>
        </LiveRegion>
        <PageHeading title="Two-step sign-in (optional)">Protect your account with two-step sign-in</PageHeading>
        <p>
          With two-step sign-in, you also enter a 6-digit code from an authenticator app on your phone when you sign in.
          Someone who learns your password still cannot get in. You can set it up now or skip it.
        </p>
        <div className="button-group">
          <button type="button" className="button" onClick={() => setStage('mfa')}>
            Set up two-step sign-in
          </button>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => void navigate('/', { replace: true })}
          >
            Not now, go to my home page
          </button>
        </div>
      </div>
    );
  if (stage === 'mfa')
    return (
      <div className="portal-narrow">
        <MfaSetup
          intro="Scan the code with an authenticator app on your phone, then enter the code it shows."
          onDone={() => void navigate('/', { replace: true })}
        />
      </div>
    );

  if (check.status === 'failed') return <LinkProblem error={check.error} purpose="invitation" />;
  if (check.status === 'checking') return <Checking />;
  const link = check.link;

  return (
    <ChoosePasswordForm
      link={link}
      title="Set up your account"
      heading={<>Welcome to {link.clinicName}’s patient portal</>}
      intro={
        <p>
          Hello {link.givenName}. Choose a password to set up your account. Only you should know it: the clinic will
          never ask you for it.
        </p>
      }
      submitLabel="Set up my account"
      busyLabel="Setting up…"
      onChoose={async (password) => {
        const result = await accountApi.accept(token, password);
        signedIn(result);
        if (result.mfaOffered) setStage('offer');
        else void navigate('/', { replace: true });
      }}
    />
  );
}

/** /reset-password#token=…: a new password from the reset email. */
export function ResetPasswordPage() {
  const { token, check } = useLink('password_reset');
  const [done, setDone] = useState(false);

  if (done)
    return (
      <div className="portal-narrow">
        <PageHeading title="Password changed">Your password has been changed</PageHeading>
        <p>You have been signed out everywhere else. Sign in with your new password.</p>
        <p>
          <Link className="button" to="/login">
            Sign in
          </Link>
        </p>
      </div>
    );
  if (check.status === 'failed') return <LinkProblem error={check.error} purpose="password_reset" />;
  if (check.status === 'checking') return <Checking />;

  return (
    <ChoosePasswordForm
      link={check.link}
      title="Choose a new password"
      heading="Choose a new password"
      submitLabel="Save my new password"
      busyLabel="Saving…"
      onChoose={async (password) => {
        await accountApi.reset(token, password);
        setDone(true);
      }}
    />
  );
}

/** /forgot-password: ask for a reset link. The answer is the same for every address. */
export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<string | null>(null);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    const found: FormError[] = [];
    if (!email.trim()) found.push({ fieldId: 'email', message: 'Enter your email address' });
    else if (!email.includes('@'))
      found.push({ fieldId: 'email', message: 'Enter an email address in the correct format, like name@example.org' });
    setErrors(found);
    if (found.length) return;
    setBusy(true);
    try {
      setSent((await accountApi.requestReset(email.trim())).message);
    } catch (error) {
      setErrors(
        error instanceof ApiError && error.code === 'rate_limited'
          ? [{ message: `There have been too many requests. ${retryAfterText(error.retryAfterSeconds)}` }]
          : serverProblems(error),
      );
    } finally {
      setBusy(false);
    }
  };

  if (sent)
    return (
      <div className="portal-narrow">
        <PageHeading title="Check your email">Check your email</PageHeading>
        <p>{sent}</p>
        <p>If nothing arrives in a few minutes, check your spam folder, or call the clinic.</p>
        <p>
          <Link to="/login">Back to sign in</Link>
        </p>
      </div>
    );
  return (
    <div className="portal-narrow">
      <ErrorSummary errors={errors} />
      <PageHeading title="Reset your password">Reset your password</PageHeading>
      <p>Enter the email address you sign in with. We will send you a link to choose a new password.</p>
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
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Sending…' : 'Send me a link'}
        </button>
      </form>
      <p>
        <Link to="/login">Back to sign in</Link>
      </p>
    </div>
  );
}
