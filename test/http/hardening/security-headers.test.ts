import helmet from '@fastify/helmet';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../setup/app.js';

/**
 * The security headers are computed once at start (decision 027) instead of by @fastify/helmet on every
 * request: they must be exactly what helmet sends for the configuration decision 013 chose, with HSTS only
 * behind a TLS proxy, on every kind of answer (a route, a 401 before any route runs, the not-found handler).
 */
async function helmetHeaders(hsts: boolean): Promise<Record<string, unknown>> {
  const reference = Fastify();
  await reference.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
    strictTransportSecurity: hsts,
    referrerPolicy: { policy: 'no-referrer' },
  });
  reference.get('/', async () => 'ok');
  const res = await reference.inject('/');
  await reference.close();
  const transport = new Set(['content-type', 'content-length', 'date', 'connection']);
  return Object.fromEntries(Object.entries(res.headers).filter(([name]) => !transport.has(name)));
}

const plain = await createTestApp();
const proxied = await createTestApp({ env: { KETACLINIC_TRUST_PROXY: 'true' }, db: plain.db });
afterAll(async () => {
  await proxied.app.close();
  await plain.app.close();
});

const securityPart = (headers: Record<string, unknown>, names: string[]) =>
  Object.fromEntries(names.map((name) => [name, headers[name]]));

describe('security headers, computed once', () => {
  for (const [label, t, hsts] of [
    ['plain HTTP', plain, false],
    ['behind a TLS proxy', proxied, true],
  ] as const) {
    it(`are helmet's, byte for byte, on every kind of answer (${label})`, async () => {
      const expected = await helmetHeaders(hsts);
      const names = Object.keys(expected);
      expect(names).toContain('content-security-policy');
      expect(names.includes('strict-transport-security')).toBe(hsts);
      for (const url of ['/healthz', '/api/v1/me', '/api/v1/no-such-route']) {
        const res = await t.app.inject({ method: 'GET', url });
        expect(securityPart(res.headers, names), url).toEqual(expected);
        expect(res.headers['x-request-id'], url).toMatch(/^[0-9a-f-]{36}$/);
        if (!hsts) expect(res.headers['strict-transport-security'], url).toBeUndefined();
      }
    });
  }
});
