import { clearFailures, failuresSince, pruneFailures, recordFailure } from '../../db/repositories/login-failures.js';
import { DomainError } from '../../domain/errors.js';
import type { Queryable } from '../context.js';

/**
 * Sign-in throttling, per account and per IP, counted in PostgreSQL so that every app server sees
 * the same numbers. Keyed by the email as typed (lower-cased), so an unknown email is throttled
 * exactly like a known one and the 429 reveals nothing.
 */
export interface LoginLimits {
  readonly windowMinutes: number;
  readonly perAccount: number;
  readonly perIp: number;
}

// OWASP Authentication Cheat Sheet: lock out briefly after a handful of failures, per account; a
// higher ceiling per address so a clinic behind one NAT is not locked out by one person.
export const defaultLoginLimits: LoginLimits = { windowMinutes: 15, perAccount: 5, perIp: 50 };

export const accountKey = (email: string): string => `account:${email.trim().toLowerCase()}`;
export const ipKey = (ip: string | null): string => `ip:${ip ?? 'unknown'}`;

export async function assertNotThrottled(
  db: Queryable,
  keys: { account: string; ip: string },
  now: Date,
  limits: LoginLimits,
): Promise<void> {
  const windowMs = limits.windowMinutes * 60_000;
  const since = new Date(now.getTime() - windowMs);
  await pruneFailures(db, [keys.account, keys.ip], since);
  for (const [key, max] of [
    [keys.account, limits.perAccount],
    [keys.ip, limits.perIp],
  ] as const) {
    const { count, oldest } = await failuresSince(db, key, since);
    if (count >= max && oldest) {
      const retryAfterSeconds = Math.max(1, Math.ceil((oldest.getTime() + windowMs - now.getTime()) / 1000));
      throw new DomainError('rate_limited', 'Too many failed sign-in attempts. Wait a few minutes and try again.', {
        details: { retryAfterSeconds },
      });
    }
  }
}

export async function noteFailure(db: Queryable, keys: { account: string; ip: string }, now: Date): Promise<void> {
  await recordFailure(db, [keys.account, keys.ip], now);
}

export async function noteSuccess(db: Queryable, keys: { account: string }): Promise<void> {
  await clearFailures(db, keys.account);
}
