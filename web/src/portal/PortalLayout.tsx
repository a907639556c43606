import { type ReactNode } from 'react';
import { Link } from 'react-router';
import { useAuth } from '../console/auth';
import { SignOutButton, useFocusHeadingOnNavigate } from '../console/components/LayoutParts';
import { CrisisResources } from './CrisisResources';

/**
 * Every portal page: skip link, header (the clinic, and the person with sign-out once signed in), crisis
 * resources, the page, and a footer. `home` links the brand back to the portal's home page.
 */
export function PortalLayout({ children }: { children: ReactNode }) {
  useFocusHeadingOnNavigate();
  const { state } = useAuth();
  const me = state.status === 'signed-in' ? state.me : null;
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="portal-header">
        <div className="portal-header__bar">
          <div className="portal-header__brand">
            {me ? (
              <Link className="portal-header__product" to="/">
                Patient portal
              </Link>
            ) : (
              <span className="portal-header__product">Patient portal</span>
            )}
            <span className="portal-header__org">{me ? me.organization.name : 'ketaclinic'}</span>
          </div>
          {me ? (
            <div className="portal-header__user">
              <span className="portal-header__name">{me.name}</span>
              <SignOutButton className="portal-header__signout" />
            </div>
          ) : null}
        </div>
      </header>
      <CrisisResources />
      <main id="main" className="portal-main" tabIndex={-1}>
        {children}
      </main>
      <footer className="portal-footer">
        <p>
          Sign out when you finish, especially on a shared computer. For questions about your care, call the clinic.
        </p>
      </footer>
    </>
  );
}
