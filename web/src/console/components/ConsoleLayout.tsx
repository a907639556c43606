import { useEffect, useRef, useState, type ReactNode } from 'react';
import { NavLink, useLocation, useNavigate } from 'react-router';
import { useAuth, useMe } from '../auth';
import { navFor } from '../nav';

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
      className="console-header__signout"
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

function Header({ withNav }: { withNav: boolean }) {
  const me = useMe();
  const items = navFor(me);
  return (
    <header className="console-header">
      <div className="console-header__bar">
        <div className="console-header__brand">
          <span className="console-header__product">ketaclinic</span>
          <span className="console-header__org">{me.organization.name}</span>
        </div>
        <div className="console-header__user">
          <span className="console-header__name">{me.name}</span>
          <SignOutButton />
        </div>
      </div>
      {withNav ? (
        <nav className="console-nav" aria-label="Console">
          <ul className="console-nav__list">
            {items.map((item) => (
              <li key={item.path}>
                <NavLink to={item.path} end={item.path === '/'} className="console-nav__link">
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
    </header>
  );
}

/** Skip link, header with the person and sign-out, role-filtered navigation, and the page in <main>. */
export function ConsoleLayout({ children, withNav = true }: { children: ReactNode; withNav?: boolean }) {
  useFocusHeadingOnNavigate();
  return (
    <>
      <a className="skip-link" href="#main">Skip to main content</a>
      <Header withNav={withNav} />
      <main id="main" className="console-main" tabIndex={-1}>
        {children}
      </main>
      <footer className="console-footer">
        <p>ketaclinic staff console. Sign out when you leave a shared computer.</p>
      </footer>
    </>
  );
}

/** The frame for pages seen before signing in: no navigation, no person. */
export function PlainLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <a className="skip-link" href="#main">Skip to main content</a>
      <header className="console-header">
        <div className="console-header__bar">
          <div className="console-header__brand">
            <a className="console-header__product" href="/">ketaclinic</a>
            <span className="console-header__org">Staff console</span>
          </div>
        </div>
      </header>
      <main id="main" className="console-main console-main--narrow" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
