import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { API_PREFIX_PATH } from '../paths.js';
import { problem, toProblem, type Problem } from './problem.js';

/**
 * Request hygiene every route shares (issue 9): NUL characters refused before validation, errors
 * Fastify and Node raise before a route runs (over-long parameters, bad URL encoding, oversized
 * headers) answered as problem+json with the same security headers as everything else, and
 * `Cache-Control: no-store` on every API response and every response to a signed-in person.
 */

/** The headers helmet sends, for the answers that are written before helmet runs. */
export const contentSecurityPolicy =
  "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data:;connect-src 'self';font-src 'self';object-src 'none';frame-ancestors 'none';base-uri 'self';form-action 'self'";

export const rawSecurityHeaders: Readonly<Record<string, string>> = {
  'content-security-policy': contentSecurityPolicy,
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
  'cache-control': 'no-store',
};

/**
 * The security headers of every response (decision 013: helmet's defaults with our CSP directives, no-referrer,
 * HSTS only behind a TLS proxy), as helmet writes them, computed once (decision 027): @fastify/helmet rebuilt
 * helmet's middleware — parsing the CSP directives again — on every request. A test compares this with what
 * @fastify/helmet sends for the same configuration.
 */
export const responseSecurityHeaders: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self';base-uri 'self';font-src 'self';form-action 'self';frame-ancestors 'none';img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self';upgrade-insecure-requests;connect-src 'self'",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};
export const strictTransportSecurity = 'max-age=31536000; includeSubDomains';

/**
 * One synchronous onRequest hook for what every response carries: the security headers (on the raw response,
 * as helmet set them, so a hijacked stream has them too) and the request id.
 */
export function registerResponseHeaders(app: FastifyInstance, options: { readonly hsts: boolean }): void {
  const headers = Object.entries({
    ...responseSecurityHeaders,
    ...(options.hsts ? { 'strict-transport-security': strictTransportSecurity } : {}),
  });
  app.addHook('onRequest', (request, reply, done) => {
    const raw = reply.raw;
    for (const [name, value] of headers) raw.setHeader(name, value);
    void reply.header('x-request-id', request.id);
    done();
  });
}

/** The first place a NUL character appears in a parsed value (keys too), as a path like "/body/notes/0". */
export function findNul(value: unknown, path: string): string | null {
  const trail = nulTrail(value, 0);
  return trail === null ? null : path + trail;
}

const pointerSegment = (key: string): string => key.replaceAll('~', '~0').replaceAll('/', '~1');

/** The path below `value` to its first NUL ('' for the value itself), or null; built only when one is found. */
function nulTrail(value: unknown, depth: number): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? '' : null;
  if (value === null || typeof value !== 'object' || depth > 2000) return null;
  if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const trail = nulTrail(value[i], depth + 1);
      if (trail !== null) return `/${i}${trail}`;
    }
    return null;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key.includes('\u0000')) return `/${pointerSegment(key).replaceAll('\u0000', '\\u0000')}`;
    const trail = nulTrail(record[key], depth + 1);
    if (trail !== null) return `/${pointerSegment(key)}${trail}`;
  }
  return null;
}

function nulProblem(path: string): Problem {
  return problem('validation_failed', '1 field needs attention', {
    errors: [{ path, message: 'Must not contain a NUL character (\\u0000)' }],
  });
}

function sendRaw(reply: FastifyReply, body: Problem): void {
  void reply
    .code(body.status)
    .headers({ ...rawSecurityHeaders, 'x-request-id': reply.request.id })
    .type('application/problem+json; charset=utf-8')
    .send(body);
}

/** Fastify's `frameworkErrors`: errors raised while routing, before any hook runs. */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const body = toProblem(error, request);
  body.instance = request.id;
  // Never echo the URL (it may be long, or carry what someone pasted into it).
  body.detail =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? 'A path parameter is longer than any valid value.'
      : error.code === 'FST_ERR_BAD_URL'
        ? 'The URL is not correctly encoded.'
        : body.detail;
  sendRaw(reply, body);
}

/** Node's `clientError` (malformed request, header section too large, timeouts): a raw problem+json answer. */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed || !socket.writable) {
    socket.destroy();
    return;
  }
  const body =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? problem('header_too_large', 'The request headers (or the URL) are too large.')
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? problem('request_timeout', 'The request took too long to arrive.')
        : error.code === 'HPE_URI_TOO_LONG' || error.code === 'HPE_INVALID_URL'
          ? problem('uri_too_long', 'The URL is too long or not valid.')
          : problem('validation_failed', 'The request could not be read.');
  const json = JSON.stringify(body);
  const head = [
    `HTTP/1.1 ${body.status} ${body.title}`,
    'content-type: application/problem+json; charset=utf-8',
    `content-length: ${Buffer.byteLength(json)}`,
    'connection: close',
    ...Object.entries(rawSecurityHeaders).map(([k, v]) => `${k}: ${v}`),
  ].join('\r\n');
  socket.end(`${head}\r\n\r\n${json}`);
}

export function registerHardening(app: FastifyInstance): void {
  // Synchronous hooks (decision 027): no promise and no extra microtask per request.
  // The web UI's static wildcard (/*) also catches an API path whose parameter is too long for its
  // route (find-my-way then falls through to the wildcard): answer as the API would, not as a file.
  // (preHandler: after the security headers' and the session's onRequest hooks, so the answer carries them.)
  app.addHook('preHandler', (request, reply, done) => {
    if (request.routeOptions.url !== '/*') return done();
    const path = request.url.split('?')[0] ?? '';
    if (!path.startsWith('/api/')) return done();
    if (!path.split('/').some((segment) => segment.length > 100)) {
      reply.callNotFound();
      return;
    }
    const body = problem('uri_too_long', 'A path parameter is longer than any valid value.');
    body.instance = request.id;
    void reply.code(body.status).type('application/problem+json; charset=utf-8').send(body);
  });

  // After parsing, before validation: PostgreSQL cannot store U+0000 in text, and no field needs it.
  app.addHook('preValidation', (request, reply, done) => {
    const found =
      findNul(request.params, '/params') ?? findNul(request.query, '/query') ?? findNul(request.body, '/body');
    if (!found) return done();
    const body = nulProblem(found);
    body.instance = request.id;
    void reply.code(body.status).type('application/problem+json; charset=utf-8').send(body);
  });

  // Patient data and the CSRF token must never sit in a shared or browser cache.
  const apiPrefix = `${API_PREFIX_PATH.split('/v')[0]}/`;
  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.auth || request.url.startsWith(apiPrefix)) void reply.header('cache-control', 'no-store');
    done(null, payload);
  });
}
