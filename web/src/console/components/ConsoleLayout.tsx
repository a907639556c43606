import { type ReactNode } from 'react';
import { NavLink, useLocation } from 'react-router';
import { PageErrorBoundary } from '../../shared/kit';
import { useMe } from '../../shared/auth';
import { AlertBadge } from '../alerts/AlertBadge';
import { navFor } from '../nav';
import { SignOutButton, useFocusHeadingOnNavigate } from '../../shared/LayoutParts';

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
          <SignOutButton className="console-header__signout" />
        </div>
      </div>
      {withNav ? (
        <nav className="console-nav" aria-label="Console">
          <ul className="console-nav__list">
            {items.map((item) => (
              <li key={item.path}>
                <NavLink to={item.path} end={item.path === '/'} className="console-nav__link">
                  {item.label}
                  {item.path === '/alerts' ? <AlertBadge /> : null}
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
  const { pathname } = useLocation();
  useFocusHeadingOnNavigate();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <Header withNav={withNav} />
      <main id="main" className="console-main" tabIndex={-1}>
        <PageErrorBoundary resetKey={pathname}>{children}</PageErrorBoundary>
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
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="console-header">
        <div className="console-header__bar">
          <div className="console-header__brand">
            <a className="console-header__product" href="/">
              ketaclinic
            </a>
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
