import { Link } from 'react-router';
import { useMe } from '../../shared/auth';
import { CarriedNotice, PageHeading } from '../../shared/kit';

/** The patient's own account: how they sign in, and changing their password. */
export function AccountPage() {
  const me = useMe();
  return (
    <>
      <CarriedNotice />
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

/** Changing the password: the same page as the console's, below this account page. */
export { ChangePasswordPage as AccountPasswordPage } from '../../shared/account/ChangePasswordPage';
