/**
 * The browser's client for /api/v1: same-origin JSON with the session cookie, the CSRF token on every
 * request that changes something, and RFC 9457 problem+json turned into a typed ApiError.
 */

export interface FieldError {
  /** JSON pointer into the request, e.g. `/body/newPassword`. */
  path: string;
  message: string;
}

interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  errors?: FieldError[];
}

export class ApiError extends Error {
  readonly status: number;
  /** Stable code from the server's error catalogue (`invalid_credentials`, `stale_version`, …); `network` when the server was not reached. */
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly fieldErrors: readonly FieldError[];
  /** From the Retry-After header (429), in seconds. */
  readonly retryAfterSeconds: number | undefined;
  /** The page's address names no record: unknown (404), or not an id at all (a 400 naming only path parameters). */
  readonly noSuchRecord: boolean;

  constructor(status: number, problem: Problem, retryAfterSeconds?: number) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = problem.code ?? (status === 0 ? 'network' : `http_${status}`);
    this.title = problem.title ?? '';
    this.fieldErrors = problem.errors ?? [];
    // Only the address was wrong (a mistyped or cut link: the server names the path parameter): said plainly,
    // not as a form's "1 field needs attention".
    const addressOnly =
      status === 400 && this.fieldErrors.length > 0 && this.fieldErrors.every((e) => e.path.startsWith('/params/'));
    this.noSuchRecord = status === 404 || addressOnly;
    this.detail = addressOnly
      ? 'No such record: the address of this page is not right. Check the link, or find the record from the menu.'
      : problem.detail;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** The field a validation error names: `/body/newPassword` → `newPassword`. */
  fieldMessages(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.fieldErrors) {
      const field = e.path.replace(/^\/body\/?/, '').split('/')[0] ?? '';
      if (field && !(field in out)) out[field] = e.message;
    }
    return out;
  }
}

let csrfToken: string | undefined;
let sessionExpiredListener: (() => void) | undefined;

/** The token from login or /me; sent as `x-csrf-token` on every non-GET request. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** Called when any request that needs a session gets 401 (idle timeout, revoked, signed out elsewhere). */
export function onSessionExpired(listener: (() => void) | undefined): void {
  sessionExpiredListener = listener;
}

export interface RequestOptions {
  /** A 401 here is an answer, not a lost session (login, the first /me). */
  unauthorizedIsExpected?: boolean;
  signal?: AbortSignal;
  /** Extra request headers (an Idempotency-Key on a write a nurse may retry). */
  headers?: Record<string, string>;
}

/**
 * A 401 that means "no session" (never had one, idle timeout, revoked). Other 401s answer the request
 * itself — a wrong security code while setting up two-step verification is `mfa_invalid` — and keep
 * the person signed in.
 */
function sessionLost(error: ApiError): boolean {
  return (
    error.status === 401 &&
    (error.code === 'unauthenticated' || error.code === 'session_expired' || error.code === 'http_401')
  );
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

function parseRetryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.round((date - Date.now()) / 1000));
}

export async function request<T>(
  method: Method,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = {
    accept: 'application/json, application/problem+json',
    ...options.headers,
  };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? null : JSON.stringify(body),
      signal: options.signal ?? null,
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiError(0, {
      title: 'Network error',
      detail: 'The server could not be reached. Check your connection and try again.',
    });
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!res.ok) {
    const problem = typeof parsed === 'object' && parsed !== null ? (parsed as Problem) : { title: res.statusText };
    const error = new ApiError(res.status, problem, parseRetryAfter(res.headers.get('retry-after')));
    if (sessionLost(error) && !options.unauthorizedIsExpected) sessionExpiredListener?.();
    throw error;
  }
  return parsed as T;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, undefined, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('POST', path, body ?? {}, options),
  patch: <T>(path: string, body: unknown, options?: RequestOptions) => request<T>('PATCH', path, body, options),
  delete: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('DELETE', path, body, options),
};

/** "Try again in 3 minutes" from a 429's Retry-After. */
export function retryAfterText(seconds: number | undefined): string {
  if (seconds === undefined) return 'Try again later.';
  if (seconds < 60) return seconds <= 1 ? 'Try again in a moment.' : `Try again in ${Math.ceil(seconds)} seconds.`;
  const minutes = Math.ceil(seconds / 60);
  return `Try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`;
}

/**
 * One Idempotency-Key per entry on a form: kept while the entry is sent again (the answer was lost, or a
 * refusal is being corrected: a refused write stores nothing), new once the entry is recorded — or once the
 * server says an earlier send with this key was recorded (`idempotency_key_reused`: the entry was edited
 * after an answer that never arrived), so the form is not stuck on a used key.
 */
export function entryKey(): { current: () => string; recorded: () => void; failed: (error: unknown) => void } {
  let key: string | null = null;
  return {
    current: () => (key ??= crypto.randomUUID()),
    recorded: () => {
      key = null;
    },
    failed: (error) => {
      if (error instanceof ApiError && error.code === 'idempotency_key_reused') key = null;
    },
  };
}

/** Request options carrying an Idempotency-Key. */
export const withKey = (key: string): RequestOptions => ({ headers: { 'idempotency-key': key } });
