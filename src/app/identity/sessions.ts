import { findSession, insertSession, revokeSession, touchSession } from '../../db/repositories/sessions.js';
import { findUserById, type UserRow } from '../../db/repositories/users.js';

export type { UserRow };
import type { Principal } from '../../domain/permissions/index.js';
import type { Queryable } from '../context.js';
import { principalOf, restrictionOf, type SessionRestriction } from './me.js';
import { randomToken, sha256 } from './tokens.js';

/**
 * Sessions live in PostgreSQL so any app server can serve any request. The cookie holds a random
 * token; the table holds its SHA-256. A session ends when revoked, when idle longer than its idle
 * timeout, or at its absolute expiry — whichever comes first.
 */
export interface SessionSettings {
  readonly idleMinutes: number;
  readonly absoluteHours: number;
}

export const defaultSessionSettings: SessionSettings = { idleMinutes: 15, absoluteHours: 12 };

// Writing last_seen_at on every request would turn every read into a write; a minute of slack in a
// 15-minute idle timeout costs nothing.
const TOUCH_AFTER_MS = 60_000;

export interface NewSessionResult {
  readonly token: string;
  readonly sessionId: string;
  readonly csrfToken: string;
}

export async function startSession(
  db: Queryable,
  input: { userId: string; now: Date; ip: string | null; userAgent: string | null; settings: SessionSettings },
): Promise<NewSessionResult> {
  const token = randomToken();
  const sessionId = sha256(token);
  const csrfToken = randomToken();
  await insertSession(db, {
    id: sessionId,
    userId: input.userId,
    csrfToken,
    now: input.now,
    expiresAt: new Date(input.now.getTime() + input.settings.absoluteHours * 3_600_000),
    idleTimeoutSeconds: input.settings.idleMinutes * 60,
    ip: input.ip,
    userAgent: input.userAgent,
  });
  return { token, sessionId, csrfToken };
}

export type ResolvedSession =
  | { readonly status: 'none' }
  | { readonly status: 'ended' }
  | {
      readonly status: 'active';
      readonly sessionId: string;
      readonly csrfToken: string;
      readonly principal: Principal;
      readonly user: UserRow;
      readonly restriction: SessionRestriction;
    };

export async function resolveSession(db: Queryable, token: string | undefined, now: Date): Promise<ResolvedSession> {
  if (!token || token.length > 100) return { status: token ? 'ended' : 'none' };
  const session = await findSession(db, sha256(token));
  if (!session) return { status: 'ended' };
  const idleDeadline = session.lastSeenAt.getTime() + session.idleTimeoutSeconds * 1000;
  if (session.revokedAt || now >= session.expiresAt || now.getTime() >= idleDeadline) return { status: 'ended' };
  const user = await findUserById(db, session.userId);
  if (!user?.active) return { status: 'ended' };
  if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_AFTER_MS) await touchSession(db, session.id, now);
  return {
    status: 'active',
    sessionId: session.id,
    csrfToken: session.csrfToken,
    principal: principalOf(user),
    user,
    restriction: restrictionOf(user),
  };
}

/** Ends a session; returns whose it was, when it was live. */
export async function endSession(db: Queryable, sessionId: string, now: Date): Promise<string | undefined> {
  return revokeSession(db, sessionId, now);
}
