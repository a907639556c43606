import { useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useAuth } from './auth';

/** Pieces the staff console and the patient portal frame share. */

/** Moves focus to the new page's h1 after a client-side navigation (not on the first load). */
export function useFocusHeadingOnNavigate(): void {
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

/** Signs out on the server, then goes to the sign-in page; says what it is doing meanwhile. */
export function SignOutButton({ className }: { className: string }) {
  const { signOut } = useAuth();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className={className}
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
