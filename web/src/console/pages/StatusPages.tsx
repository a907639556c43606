import { Link } from 'react-router';
import { PageHeading } from '../../shared/kit';

export function NotFoundPage() {
  return (
    <>
      <PageHeading title="Page not found">Page not found</PageHeading>
      <p>
        If you typed the web address, check it is correct. If you followed a link, the page may have moved or may not be
        part of the console yet.
      </p>
      <p>
        <Link className="action-link" to="/">
          Go to the console home page
        </Link>
      </p>
    </>
  );
}

export function NoAccessPage() {
  return (
    <>
      <PageHeading title="You do not have access to this page">You do not have access to this page</PageHeading>
      <p>
        Your roles do not include this part of the console. If you need it for your work, ask a clinic administrator.
      </p>
      <p>
        <Link className="action-link" to="/">
          Go to the console home page
        </Link>
      </p>
    </>
  );
}
