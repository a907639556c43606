import {
  findSession,
  insertSession,
  revokeSession,
  touchSession,
  type SessionRow,
} from '../../db/repositories/sessions.js';
import { findUserById, type UserRow } from '../../db/repositories/users.js';

export type { UserRow };
import type { Principal } from '../../domain/permissions/index.js';
import type { Queryable } from '../context.js';
import { principalOf, restrictionOf, type SessionRestriction } from './me.js';
import type { SessionCache } from './session-cache.js';
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

export async function resolveSession(
  db: Queryable,
  token: string | undefined,
  now: Date,
  cache?: SessionCache,
  /** sha256(token), when the caller has it already (one hash per request). */
  tokenHash?: string,
): Promise<ResolvedSession> {
  if (!token || token.length > 100) return { status: token ? 'ended' : 'none' };
  const id = tokenHash ?? sha256(token);
  const hit = cache?.get(id);
  if (hit) {
    const session = hit.session;
    // Revoked and absolute expiry are final; idle is judged from what this server last saw, and when that
    // says "idle" the database decides (another server may have seen the session more recently).
    if (session.revokedAt || now >= session.expiresAt) return { status: 'ended' };
    const idleDeadline = session.lastSeenAt.getTime() + session.idleTimeoutSeconds * 1000;
    if (now.getTime() < idleDeadline && hit.user.active) {
      if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_AFTER_MS) {
        await touchSession(db, session.id, now);
        hit.session = { ...session, lastSeenAt: now };
      }
      return active(session, hit.user);
    }
    cache?.forgetSession(id);
  }
  const generation = cache?.generation ?? 0;
  const session = await findSession(db, id);
  if (!session) return { status: 'ended' };
  const idleDeadline = session.lastSeenAt.getTime() + session.idleTimeoutSeconds * 1000;
  if (session.revokedAt || now >= session.expiresAt || now.getTime() >= idleDeadline) return { status: 'ended' };
  const user = await findUserById(db, session.userId);
  if (!user?.active) return { status: 'ended' };
  let seen = session;
  if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_AFTER_MS) {
    await touchSession(db, session.id, now);
    seen = { ...session, lastSeenAt: now };
  }
  cache?.set(id, seen, user, generation);
  return active(session, user);
}

function active(session: SessionRow, user: UserRow): ResolvedSession {
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
