import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { useAuth } from '../console/auth';
import { CrisisResources } from './CrisisResources';

/** Moves focus to the new page's h1 after a client-side navigation (not on the first load). */
function useFocusHeadingOnNavigate(): void {
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, [pathname]);
}

function SignOutButton() {
  const { signOut } = useAuth();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className="portal-header__signout"
      disabled={busy}
      onClick={() => {
        setBusy(true);
        void signOut().then(() => navigate('/login', { replace: true }));
      }}
    >
      {busy ? 'Signing out…' : 'Sign out'}
    </button>
  );
}

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
      <a className="skip-link" href="#main">Skip to main content</a>
      <header className="portal-header">
        <div className="portal-header__bar">
          <div className="portal-header__brand">
            {me ? <Link className="portal-header__product" to="/">Patient portal</Link> : <span className="portal-header__product">Patient portal</span>}
            <span className="portal-header__org">{me ? me.organization.name : 'ketaclinic'}</span>
          </div>
          {me ? (
            <div className="portal-header__user">
              <span className="portal-header__name">{me.name}</span>
              <SignOutButton />
            </div>
          ) : null}
        </div>
      </header>
      <CrisisResources />
      <main id="main" className="portal-main" tabIndex={-1}>
        {children}
      </main>
      <footer className="portal-footer">
        <p>Sign out when you finish, especially on a shared computer. For questions about your care, call the clinic.</p>
      </footer>
    </>
  );
}
