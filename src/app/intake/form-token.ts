import crypto from 'node:crypto';
import type { SiteSecret } from '../public-site/site-secret.js';

/**
 * The "Get started" page carries a token saying when it was served, signed with the site secret. A
 * submission made sooner than the minimum fill time after that, or with a token the server did not sign, is
 * treated as spam (decision 005). The token holds only a time: no health information, nothing about the person.
 */
export async function issueFormToken(secret: SiteSecret, now: Date): Promise<string> {
  const issuedAt = String(now.getTime());
  return `${issuedAt}.${(await secret.hmac('intake-form', issuedAt)).slice(0, 32)}`;
}

export type FormTokenCheck =
  { ok: true } | { ok: false; reason: 'malformed' | 'bad_signature' | 'too_fast' | 'from_the_future' };

export async function checkFormToken(
  secret: SiteSecret,
  token: string,
  now: Date,
  minFillMs: number,
): Promise<FormTokenCheck> {
  const match = /^(\d{1,15})\.([A-Za-z0-9_-]{32})$/.exec(token);
  if (!match) return { ok: false, reason: 'malformed' };
  const [, issuedAt, signature] = match as unknown as [string, string, string];
  const expected = (await secret.hmac('intake-form', issuedAt)).slice(0, 32);
  if (!crypto.timingSafeEqual(Buffer.from(signature), Buffer.from(expected)))
    return { ok: false, reason: 'bad_signature' };
  const elapsed = now.getTime() - Number(issuedAt);
  // A minute of clock skew between app servers is tolerated.
  if (elapsed < -60_000) return { ok: false, reason: 'from_the_future' };
  if (elapsed < minFillMs) return { ok: false, reason: 'too_fast' };
  return { ok: true };
}
