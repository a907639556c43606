import { countRateLimitHit, deleteRateLimitWindowsBefore } from '../../db/repositories/site.js';
import type { Queryable } from '../context.js';
import type { SiteSecret } from '../public-site/site-secret.js';

export interface RateLimitPolicy {
  /** Requests allowed per client per window. */
  readonly limit: number;
  readonly windowSeconds: number;
}

export type RateLimitResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * A fixed-window counter per client in PostgreSQL, so every app server counts together. The client is an
 * HMAC of its IP address: the table never holds an address. Old windows are swept now and then.
 */
export async function takeRateLimitToken(
  db: Queryable,
  secret: SiteSecret,
  ip: string,
  policy: RateLimitPolicy,
  now: Date,
): Promise<RateLimitResult> {
  const windowMs = policy.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const clientKey = (await secret.hmac('intake-rate', ip)).slice(0, 32);
  const count = await countRateLimitHit(db, clientKey, windowStart);
  if (now.getTime() % 50 === 0) await deleteRateLimitWindowsBefore(db, new Date(windowStart.getTime() - windowMs));
  if (count <= policy.limit) return { allowed: true };
  return {
    allowed: false,
    retryAfterSeconds: Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000)),
  };
}
