import { clearAttempts, countAttempt, pruneAttempts, refundAttempt } from '../../db/repositories/login-attempts.js';
import { normaliseEmail } from '../../domain/identity/email.js';
import { DomainError } from '../../domain/errors.js';
import type { Queryable } from '../context.js';

/**
 * Sign-in throttling, counted in PostgreSQL so that every app server sees the same numbers. Every
 * attempt is counted atomically BEFORE the password or code is checked (one INSERT … ON CONFLICT …
 * RETURNING per key), so 200 concurrent attempts cannot all slip past a read-then-write check:
 * at most `perAccount` of them are ever verified per window.
 *
 * Keys: the account ("account:" + the domain's email key, so an unknown email is throttled exactly
 * like a known one and the 429 reveals nothing), the client address ("ip:…"), and, once the password
 * was right, the account's second factor ("totp:<user id>", its own limit). A password check that
 * succeeds takes its attempt back, and so does one refused over the limit (it checked nothing); a full
 * sign-in clears the account's count.
 */
export interface LoginLimits {
  readonly windowMinutes: number;
  readonly perAccount: number;
  readonly perIp: number;
  /** Wrong TOTP or recovery codes per account (after a right password); default: perAccount. */
  readonly perTotp?: number;
}

// OWASP Authentication Cheat Sheet: lock out briefly after a handful of failures, per account; a
// higher ceiling per address so a clinic behind one NAT is not locked out by one person.
export const defaultLoginLimits: LoginLimits = { windowMinutes: 15, perAccount: 5, perIp: 50, perTotp: 5 };

export const accountKey = (email: string): string => `account:${normaliseEmail(email)}`;
export const ipKey = (ip: string | null): string => `ip:${ip ?? 'unknown'}`;
export const totpKey = (userId: string): string => `totp:${userId}`;

export interface ThrottleKeys {
  readonly account: string;
  readonly ip: string;
}

function limited(retryAfterSeconds: number, what = 'sign-in attempts'): DomainError {
  return new DomainError('rate_limited', `Too many failed ${what}. Wait a few minutes and try again.`, {
    details: { retryAfterSeconds },
  });
}

async function count(db: Queryable, key: string, max: number, now: Date, windowMs: number): Promise<number | null> {
  const { attempts, windowStartedAt } = await countAttempt(db, key, now, windowMs);
  if (attempts <= max) return null;
  return Math.max(1, Math.ceil((windowStartedAt.getTime() + windowMs - now.getTime()) / 1000));
}

/**
 * Counts this attempt against the account and the address; throws rate_limited (with the seconds to
 * wait) when either is over its limit. Both keys are counted whatever the outcome.
 */
export async function countSignInAttempt(
  db: Queryable,
  keys: ThrottleKeys,
  now: Date,
  limits: LoginLimits,
): Promise<void> {
  const windowMs = limits.windowMinutes * 60_000;
  // Now and then (1 in 50 attempts) drop windows long over, so the table stays small.
  if (Math.random() < 0.02) await pruneAttempts(db, new Date(now.getTime() - 2 * windowMs));
  const waits = [
    await count(db, keys.account, limits.perAccount, now, windowMs),
    await count(db, keys.ip, limits.perIp, now, windowMs),
  ].filter((w): w is number => w !== null);
  if (waits.length) {
    // Refused without a check: it tested no secret, so it is taken back. Otherwise a burst of requests (a
    // witness confirming several entries at once) would keep the account and the address locked for longer.
    await refundSignInAttempt(db, keys);
    throw limited(Math.max(...waits));
  }
}

/** Counts one second-factor attempt for the user; throws rate_limited over the limit. */
export async function countTotpAttempt(db: Queryable, userId: string, now: Date, limits: LoginLimits): Promise<void> {
  const windowMs = limits.windowMinutes * 60_000;
  const wait = await count(db, totpKey(userId), limits.perTotp ?? limits.perAccount, now, windowMs);
  if (wait !== null) {
    await refundTotpAttempt(db, userId);
    throw limited(wait, 'two-step sign-in codes');
  }
}

/** The password was right (a code is still to come, or the step-up goes on): take the attempt back. */
export async function refundSignInAttempt(db: Queryable, keys: ThrottleKeys): Promise<void> {
  await refundAttempt(db, keys.account);
  await refundAttempt(db, keys.ip);
}

export async function refundTotpAttempt(db: Queryable, userId: string): Promise<void> {
  await refundAttempt(db, totpKey(userId));
}

/** A complete sign-in: the account and its second factor start afresh; the address's attempt is taken back. */
export async function noteSuccess(db: Queryable, keys: ThrottleKeys, userId: string): Promise<void> {
  await clearAttempts(db, keys.account);
  await clearAttempts(db, totpKey(userId));
  await refundAttempt(db, keys.ip);
}
