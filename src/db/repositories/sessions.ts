import type pg from 'pg';

/** SQL for sign-in sessions. The id is the SHA-256 of the cookie's token; the token itself is never stored. */
type Queryable = pg.Pool | pg.ClientBase;

export interface NewSession {
  readonly id: string;
  readonly userId: string;
  readonly csrfToken: string;
  readonly now: Date;
  readonly expiresAt: Date;
  readonly idleTimeoutSeconds: number;
  readonly ip: string | null;
  readonly userAgent: string | null;
}

export async function insertSession(db: Queryable, s: NewSession): Promise<void> {
  await db.query(
    `INSERT INTO sessions (id, user_id, csrf_token, created_at, last_seen_at, expires_at, idle_timeout_seconds, ip, user_agent)
     VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8)`,
    [s.id, s.userId, s.csrfToken, s.now, s.expiresAt, s.idleTimeoutSeconds, s.ip, s.userAgent?.slice(0, 500) ?? null],
  );
}

export interface SessionRow {
  readonly id: string;
  readonly userId: string;
  readonly csrfToken: string;
  readonly lastSeenAt: Date;
  readonly expiresAt: Date;
  readonly idleTimeoutSeconds: number;
  readonly revokedAt: Date | null;
}

export async function findSession(db: Queryable, id: string): Promise<SessionRow | undefined> {
  const res = await db.query<SessionRow>(
    `SELECT id, user_id AS "userId", csrf_token AS "csrfToken", last_seen_at AS "lastSeenAt", expires_at AS "expiresAt",
            idle_timeout_seconds AS "idleTimeoutSeconds", revoked_at AS "revokedAt"
       FROM sessions WHERE id = $1`,
    [id],
  );
  return res.rows[0];
}

export async function touchSession(db: Queryable, id: string, now: Date): Promise<void> {
  await db.query('UPDATE sessions SET last_seen_at = $2 WHERE id = $1 AND last_seen_at < $2', [id, now]);
}

/** Revokes one session; returns its user when it was live. */
export async function revokeSession(db: Queryable, id: string, now: Date): Promise<string | undefined> {
  const res = await db.query<{ userId: string }>(
    'UPDATE sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING user_id AS "userId"',
    [id, now],
  );
  return res.rows[0]?.userId;
}

/** Revokes every live session of a user, except `keep` (the one asking, when it changes its own password). */
export async function revokeUserSessions(
  db: Queryable,
  userId: string,
  now: Date,
  keep?: string | null,
): Promise<number> {
  const res = await db.query(
    'UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL AND ($3::text IS NULL OR id <> $3)',
    [userId, now, keep ?? null],
  );
  return res.rowCount ?? 0;
}
