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
  { ok: true } | { ok: false; reason: 'malformed' | 'bad_signature' | 'too_fast' | 'from_the_future' | 'expired' };

/**
 * A served form is good for a day (issue 9): long enough for someone to fill it in over a break, short
 * enough that one captured token cannot be replayed for ever. An expired token is answered plainly
 * (the person reloads the page), not dropped as spam.
 */
export const FORM_TOKEN_MAX_AGE_MS = 24 * 60 * 60 * 1000;

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
  if (elapsed > FORM_TOKEN_MAX_AGE_MS) return { ok: false, reason: 'expired' };
  return { ok: true };
}
