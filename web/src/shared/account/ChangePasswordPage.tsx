import { Link, useNavigate } from 'react-router';
import { useAuth, useMe } from '../auth';
import { ChangePasswordForm } from './ChangePasswordForm';

/**
 * "Change your password" below an account page at `/account` (the console's and the portal's): back to it
 * with a notice once the server has accepted the new password.
 */
export function ChangePasswordPage() {
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
