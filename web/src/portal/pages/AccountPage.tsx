import { Link, useLocation, useNavigate } from 'react-router';
import { ChangePasswordForm } from '../../shared/account/ChangePasswordForm';
import { useAuth, useMe } from '../../shared/auth';
import { LiveRegion, Notice, PageHeading } from '../../shared/kit';

interface AccountNotice {
  notice?: { title: string; body: string };
}

/** The patient's own account: how they sign in, and changing their password. */
export function AccountPage() {
  const me = useMe();
  const location = useLocation();
  const notice = (location.state as AccountNotice | null)?.notice;
  return (
    <>
      <LiveRegion>
        {notice ? (
          <Notice kind="success" title={notice.title}>
            <p>{notice.body}</p>
          </Notice>
        ) : null}
      </LiveRegion>
      <PageHeading title="Your account">Your account</PageHeading>
      <section className="section" aria-labelledby="sign-in">
        <h2 id="sign-in">How you sign in</h2>
        <dl className="summary-list">
          <div>
            <dt>Email address</dt>
            <dd>{me.email}</dd>
          </div>
          <div>
            <dt>Password</dt>
            <dd>
              <Link to="/account/password">Change your password</Link>
            </dd>
          </div>
        </dl>
        <p>
          To change your email address, call the clinic: it is also how we reach you, so we check it with you first.
        </p>
      </section>
      <section className="section" aria-labelledby="forgot">
        <h2 id="forgot">If you forget your password</h2>
        <p>
          Sign out and choose “Forgotten your password?” on the sign-in page: we email you a link to choose a new one.
        </p>
      </section>
    </>
  );
}

export function AccountPasswordPage() {
  const me = useMe();
  const navigate = useNavigate();
  const { refresh } = useAuth();
  return (
    <>
      <Link className="back-link" to="/account">
        Back to your account
      </Link>
      <ChangePasswordForm
        title="Change your password"
        askForCode={me.mfaEnabled}
        intro={<p>Changing your password signs you out on your other devices.</p>}
        onChanged={() => {
          void refresh().then(() =>
            navigate('/account', {
              state: { notice: { title: 'Password changed', body: 'Use your new password next time you sign in.' } },
            }),
          );
        }}
      />
    </>
  );
}
