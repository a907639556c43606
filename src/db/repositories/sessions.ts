import { kysely, type Queryable } from '../kysely.js';

/** Sign-in sessions. The id is the SHA-256 of the cookie's token; the token itself is never stored. */

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
  await kysely(db)
    .insertInto('sessions')
    .values({
      id: s.id,
      userId: s.userId,
      csrfToken: s.csrfToken,
      createdAt: s.now,
      lastSeenAt: s.now,
      expiresAt: s.expiresAt,
      idleTimeoutSeconds: s.idleTimeoutSeconds,
      ip: s.ip,
      userAgent: s.userAgent?.slice(0, 500) ?? null,
    })
    .execute();
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
  return kysely(db)
    .selectFrom('sessions')
    .select(['id', 'userId', 'csrfToken', 'lastSeenAt', 'expiresAt', 'idleTimeoutSeconds', 'revokedAt'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function touchSession(db: Queryable, id: string, now: Date): Promise<void> {
  await kysely(db)
    .updateTable('sessions')
    .set({ lastSeenAt: now })
    .where('id', '=', id)
    .where('lastSeenAt', '<', now)
    .execute();
}

/** Revokes one session; returns its user when it was live. */
export async function revokeSession(db: Queryable, id: string, now: Date): Promise<string | undefined> {
  const row = await kysely(db)
    .updateTable('sessions')
    .set({ revokedAt: now })
    .where('id', '=', id)
    .where('revokedAt', 'is', null)
    .returning('userId')
    .executeTakeFirst();
  return row?.userId;
}

/** Revokes every live session of a user, except `keep` (the one asking, when it changes its own password). */
export async function revokeUserSessions(
  db: Queryable,
  userId: string,
  now: Date,
  keep?: string | null,
): Promise<number> {
  let query = kysely(db)
    .updateTable('sessions')
    .set({ revokedAt: now })
    .where('userId', '=', userId)
    .where('revokedAt', 'is', null);
  if (keep) query = query.where('id', '<>', keep);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
