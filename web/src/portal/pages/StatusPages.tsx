import { Link } from 'react-router';
import { Notice, PageHeading } from '../../shared/kit';

export function Loading() {
  return <p aria-live="polite">Loading your details…</p>;
}

export function LoadFailed({ message }: { message: string }) {
  return (
    <Notice kind="warning" title="Your details could not be loaded">
      <p>{message}</p>
      <p>Reload the page in a minute. If it keeps happening, call the clinic.</p>
    </Notice>
  );
}

export function NotFoundPage() {
  return (
    <>
      <PageHeading title="Page not found">Page not found</PageHeading>
      <p>If you typed the web address, check it is correct. If you followed a link, the page may have moved.</p>
      <p>
        <Link className="action-link" to="/">
          Go to your portal home page
        </Link>
      </p>
    </>
  );
}

/** A member of staff signed in here: this is not their place, and the console is one link away. */
export function StaffHerePage() {
  return (
    <>
      <PageHeading title="This is the patient portal">This is the patient portal</PageHeading>
      <p>You are signed in with a staff account. The portal is for patients to see their own care.</p>
      <p>
        <a className="button" href="/app/">
          Go to the staff console
        </a>
      </p>
      <p className="muted">To see the portal as a patient does, sign out and sign in with a patient account.</p>
    </>
  );
}
