import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, onSessionExpired, setCsrfToken } from './api';
import { identityApi, type LoginResult, type Me } from './identity-api';
import { setClinicTimeZone } from './time';

/** Who is signed in to the console, as the server last told us (GET /api/v1/me). */
export type AuthState =
  | { status: 'loading' }
  | { status: 'unavailable'; message: string }
  | { status: 'signed-out'; notice?: string }
  | { status: 'signed-in'; me: Me };

interface Auth {
  state: AuthState;
  /** After a successful login. */
  signedIn: (result: LoginResult) => void;
  signOut: () => Promise<void>;
  /** Reload /me (after a password change or MFA enrolment changes what the server requires). */
  refresh: () => Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

export const sessionEndedNotice = 'Your session has ended, so you have been signed out. Sign in again to continue.';

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'loading' });
  const queries = useQueryClient();
  // Nothing one person loaded stays in memory for the next one at this screen.
  const signedOut = state.status === 'signed-out';
  useEffect(() => {
    if (signedOut) queries.clear();
  }, [signedOut, queries]);

  const load = useCallback(async (signal?: AbortSignal) => {
    try {
      const me = await identityApi.me({ unauthorizedIsExpected: true });
      if (signal?.aborted) return;
      setCsrfToken(me.csrfToken);
      setClinicTimeZone(me.organization.timeZone);
      setState({ status: 'signed-in', me });
    } catch (error) {
      if (signal?.aborted) return;
      if (error instanceof ApiError && error.status === 401) {
        setCsrfToken(undefined);
        setState({ status: 'signed-out' });
      } else {
        setState({
          status: 'unavailable',
          message: error instanceof ApiError ? (error.detail ?? error.title) : String(error),
        });
      }
    }
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [load]);

  useEffect(() => {
    onSessionExpired(() => {
      setCsrfToken(undefined);
      setState((s) => (s.status === 'signed-in' ? { status: 'signed-out', notice: sessionEndedNotice } : s));
    });
    return () => onSessionExpired(undefined);
  }, []);

  const auth = useMemo<Auth>(
    () => ({
      state,
      signedIn: (result) => {
        queries.clear();
        setCsrfToken(result.csrfToken);
        setClinicTimeZone(result.user.organization.timeZone);
        setState({ status: 'signed-in', me: { ...result.user, csrfToken: result.csrfToken } });
      },
      signOut: async () => {
        try {
          await identityApi.logout();
        } catch {
          // Signed out here either way; the server's session ends at its idle timeout if the call failed.
        }
        setCsrfToken(undefined);
        setState({ status: 'signed-out', notice: 'You have signed out.' });
      },
      refresh: () => load(),
    }),
    [state, load, queries],
  );
  return <AuthContext.Provider value={auth}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}

/** The signed-in person; only for components rendered behind RequireAuth. */
export function useMe(): Me {
  const { state } = useAuth();
  if (state.status !== 'signed-in') throw new Error('useMe without a signed-in user');
  return state.me;
}
