import type { Queryable } from '../context.js';
import type { SiteSecret } from './site-secret.js';

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
  const res = await db.query<{ count: number }>(
    `INSERT INTO intake_rate_limits (client, window_start, count) VALUES ($1, $2, 1)
     ON CONFLICT (client, window_start) DO UPDATE SET count = intake_rate_limits.count + 1
     RETURNING count`,
    [clientKey, windowStart],
  );
  if (now.getTime() % 50 === 0) {
    await db.query('DELETE FROM intake_rate_limits WHERE window_start < $1', [
      new Date(windowStart.getTime() - windowMs),
    ]);
  }
  const count = res.rows[0]?.count ?? 0;
  if (count <= policy.limit) return { allowed: true };
  return {
    allowed: false,
    retryAfterSeconds: Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000)),
  };
}
