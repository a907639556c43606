import crypto from 'node:crypto';

/** Random tokens and their hashes: session cookies, CSRF tokens, recovery codes. */
export const randomToken = (bytes = 32): string => crypto.randomBytes(bytes).toString('base64url');

export const sha256 = (text: string): string => crypto.createHash('sha256').update(text).digest('hex');

export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

// Crockford-style alphabet without 0/O/1/I/L: codes are read off paper and typed by hand.
const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A one-time recovery code "XXXXX-XXXXX" (about 49 bits). */
export function newRecoveryCode(): string {
  const chars = Array.from({ length: 10 }, () => alphabet[crypto.randomInt(alphabet.length)]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/** Recovery codes are compared case- and dash-insensitively, by hash. */
export const recoveryCodeHash = (code: string): string => sha256(code.toUpperCase().replace(/[^A-Z0-9]/g, ''));
