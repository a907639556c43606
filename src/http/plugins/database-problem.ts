import type { Problem } from './problem.js';
import { problem } from './problem.js';

/**
 * Errors that come from the database being away, read-only or out of space, as 503 problem+json
 * (with Retry-After, set by the error handler) instead of a 500: the request can be repeated once the
 * database is back, and PostgreSQL has rolled back whatever the request had begun (nothing is half-written).
 */
export const RETRY_AFTER_SECONDS = 5;

// SQLSTATE classes and codes (PostgreSQL appendix A).
const unavailableStates = new Set(['57P01', '57P02', '57P03', '57P04', '53300', '58000', '58030', 'XX000']);
const unavailableErrno = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOENT', // the unix socket is gone: the embedded PostgreSQL is not running
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
const unavailableMessages = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error and is not queryable/i,
  /Client was closed and is not queryable/i,
  /Cannot use a pool after calling end on the pool/i,
  /the database system is (starting up|shutting down|in recovery mode|not yet accepting connections)/i,
  /terminating connection due to/i,
  /server closed the connection unexpectedly/i,
];

export type DatabaseFault = 'unavailable' | 'read_only' | 'disk_full';

/** What kind of database fault an error is, if it is one. */
export function databaseFault(error: unknown): DatabaseFault | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message, syscall } = error as { code?: unknown; message?: unknown; syscall?: unknown };
  // A missing file is a database fault only when it is the unix socket being connected to.
  if (code === 'ENOENT' && syscall !== 'connect') return undefined;
  if (typeof code === 'string') {
    if (code === '25006') return 'read_only';
    if (code === '53100') return 'disk_full';
    if (code.startsWith('08') || unavailableStates.has(code) || unavailableErrno.has(code)) return 'unavailable';
  }
  if (typeof message === 'string') {
    if (/No space left on device/i.test(message)) return 'disk_full';
    if (/read-only transaction/i.test(message)) return 'read_only';
    if (unavailableMessages.some((pattern) => pattern.test(message))) return 'unavailable';
  }
  // AggregateError from a failed connect (every address refused)
  const errors = (error as { errors?: unknown }).errors;
  if (Array.isArray(errors) && errors.length && errors.every((e) => databaseFault(e) === 'unavailable'))
    return 'unavailable';
  return undefined;
}

/**
 * PostgreSQL failed the transaction to break a deadlock (40P01) or a serialization conflict (40001) with
 * another one running at the same moment. Not the caller's fault, and nothing was saved: a 503 to repeat.
 */
export function isTransactionConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

export function databaseProblem(error: unknown): Problem | undefined {
  if (isTransactionConflict(error))
    return problem(
      'database_busy',
      'Other changes to the same records were being saved at the same moment, and this one had to give way. Nothing from this request was saved; please try again.',
    );
  switch (databaseFault(error)) {
    case 'unavailable':
      return problem(
        'database_unavailable',
        'The clinic database is restarting or cannot be reached. Nothing from this request was saved; please try again in a few seconds.',
      );
    case 'read_only':
      return problem(
        'database_read_only',
        'The clinic database is read-only at the moment (a read-only replica, or default_transaction_read_only is on). Nothing from this request was saved; records can still be read.',
      );
    case 'disk_full':
      return problem(
        'database_disk_full',
        'The disk holding the clinic database is full. Nothing from this request was saved; an administrator must free space.',
      );
    case undefined:
      return undefined;
  }
}

const lastLogged = new Map<DatabaseFault, number>();

/**
 * One clear log line per kind of fault every 10 s (an outage fails every request the same way), and the
 * rest at debug: the log says what is wrong without drowning in it.
 */
export function logDatabaseFault(
  log: { error(msg: string): void; warn(msg: string): void; debug(msg: string): void },
  error: { message: string; code?: string },
): void {
  const fault = databaseFault(error);
  if (fault === undefined) return;
  const now = Date.now();
  if (now - (lastLogged.get(fault) ?? -Infinity) < 10_000) {
    log.debug(`database fault (${fault}): ${error.message}`);
    return;
  }
  lastLogged.set(fault, now);
  const text: Record<DatabaseFault, string> = {
    unavailable: `the database is not reachable (${error.message}); requests that need it get 503 until it is back`,
    read_only: `the database is read-only (${error.message}); writes get 503 database_read_only, reads keep working`,
    disk_full: `PostgreSQL cannot write: the disk holding the database is full (${error.message}); writes get 503 until space is freed`,
  };
  if (fault === 'unavailable') log.warn(text[fault]);
  else log.error(text[fault]);
}
