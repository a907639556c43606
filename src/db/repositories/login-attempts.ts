import type { Queryable } from '../kysely.js';

/**
 * Sign-in attempts per key ("account:…", "ip:…", "totp:…"), shared by every app server through
 * PostgreSQL. Each attempt is counted by one atomic statement BEFORE any password or code is checked,
 * so concurrent attempts each see their own number and at most the limit of them go on to be checked.
 */

export interface AttemptCount {
  readonly attempts: number;
  readonly windowStartedAt: Date;
}

/** Counts one attempt for `key` in a fixed window of `windowMs`; a window that has passed restarts at 1. */
export async function countAttempt(db: Queryable, key: string, now: Date, windowMs: number): Promise<AttemptCount> {
  const res = await db.query<{ attempts: number; windowStartedAt: Date }>(
    `INSERT INTO login_attempts AS a (key, window_started_at, attempts) VALUES ($1, $2, 1)
     ON CONFLICT (key) DO UPDATE SET
       attempts = CASE WHEN a.window_started_at <= $2 - make_interval(secs => $3 / 1000.0) THEN 1 ELSE a.attempts + 1 END,
       window_started_at = CASE WHEN a.window_started_at <= $2 - make_interval(secs => $3 / 1000.0) THEN $2 ELSE a.window_started_at END
     RETURNING attempts, window_started_at AS "windowStartedAt"`,
    [key, now, windowMs],
  );
  return res.rows[0]!;
}

/** Takes back one counted attempt (it turned out not to be a failure). */
export async function refundAttempt(db: Queryable, key: string): Promise<void> {
  await db.query('UPDATE login_attempts SET attempts = greatest(attempts - 1, 0) WHERE key = $1', [key]);
}

export async function clearAttempts(db: Queryable, key: string): Promise<void> {
  await db.query('DELETE FROM login_attempts WHERE key = $1', [key]);
}

/** Windows that ended long ago tell nothing; dropped now and then so the table stays small. */
export async function pruneAttempts(db: Queryable, before: Date): Promise<void> {
  await db.query('DELETE FROM login_attempts WHERE window_started_at < $1', [before]);
}
