import type { FastifyRequest } from 'fastify';
import { sameToken } from '../../app/identity/tokens.js';

/**
 * CSRF defences. Requests made with a session carry the session's synchronizer token in
 * `x-csrf-token` (given by login and /me); a cross-site page can make the browser send the cookie
 * but cannot read the token. Sign-in and sign-out have no session token yet: SameSite=Lax keeps the
 * cookie off cross-site POSTs, and a foreign Origin is refused outright.
 */
export const CSRF_HEADER = 'x-csrf-token';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export const changesState = (request: FastifyRequest): boolean => !safeMethods.has(request.method);

export function csrfTokenMatches(request: FastifyRequest, expected: string): boolean {
  const sent = request.headers[CSRF_HEADER];
  return typeof sent === 'string' && sameToken(sent, expected);
}

/** A browser's Origin (or, lacking it, Referer) must name this host; a request without either is not from a browser form. */
export function sameOrigin(request: FastifyRequest): boolean {
  const source = request.headers.origin ?? request.headers.referer;
  if (source === undefined) return true;
  if (source === 'null') return false;
  try {
    return new URL(source).host === request.host;
  } catch {
    return false;
  }
}
