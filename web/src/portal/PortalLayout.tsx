import { useQuery } from '@tanstack/react-query';
import { type ReactNode } from 'react';
import { Link, NavLink, useLocation } from 'react-router';
import { useAuth } from '../shared/auth';
import { PageErrorBoundary } from '../shared/kit';
import { SignOutButton, useFocusHeadingOnNavigate } from '../shared/LayoutParts';
import { CrisisResources } from './CrisisResources';
import { portalApi } from './portal-api';

/**
 * Every portal page: skip link, header (the clinic, and the person with sign-out once signed in), crisis
 * resources, the page, and a footer. `home` links the brand back to the portal's home page.
 */
export function PortalLayout({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
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
      {me?.kind === 'patient' && !me.mustChangePassword ? <PortalNav /> : null}
      <CrisisResources />
      <main id="main" className="portal-main" tabIndex={-1}>
        <PageErrorBoundary resetKey={pathname}>{children}</PageErrorBoundary>
      </main>
      <footer className="portal-footer">
        {me?.kind === 'patient' && !me.mustChangePassword ? <ClinicContactDetails /> : null}
        <p>Sign out when you finish, especially on a shared computer.</p>
      </footer>
    </>
  );
}

const telHref = (phone: string): string => `tel:${phone.replace(/[^0-9+]/g, '')}`;

/** The clinic's phone number and addresses, on every signed-in page. */
function ClinicContactDetails() {
  const { data } = useQuery({ queryKey: ['portal', 'clinic'], queryFn: portalApi.clinic, staleTime: 10 * 60_000 });
  if (!data) return null;
  return (
    <section className="portal-contact" aria-labelledby="portal-contact-heading">
      <h2 id="portal-contact-heading" className="portal-contact__heading">
        Contact {data.name}
      </h2>
      {data.phone ? (
        <p>
          For questions about your care, call the clinic on <a href={telHref(data.phone)}>{data.phone}</a>.
        </p>
      ) : (
        <p>For questions about your care, contact the clinic.</p>
      )}
      {data.email ? (
        <p>
          Email: <a href={`mailto:${data.email}`}>{data.email}</a>
        </p>
      ) : null}
      {data.locations.map((l) => (
        <address key={l.name} className="portal-contact__address">
          <strong>{l.name}</strong>
          {l.addressLines.map((line) => (
            <span key={line}>
              <br />
              {line}
            </span>
          ))}
          {l.phone ? (
            <>
              <br />
              Phone: <a href={telHref(l.phone)}>{l.phone}</a>
            </>
          ) : null}
        </address>
      ))}
    </section>
  );
}

/** The portal's sections; the current one is marked for assistive technology by NavLink (aria-current). */
function PortalNav() {
  const items = [
    { to: '/', label: 'Home', end: true },
    { to: '/progress', label: 'Progress', end: false },
    { to: '/calendar', label: 'Calendar', end: false },
    { to: '/account', label: 'Account', end: false },
  ];
  return (
    <nav className="portal-nav" aria-label="Portal">
      <ul className="portal-nav__list">
        {items.map((item) => (
          <li key={item.to}>
            <NavLink className="portal-nav__link" to={item.to} end={item.end}>
              {item.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
