import { describe, expect, it } from 'vitest';
import { createIdentityTestApp, createOrganization, createUser, signIn } from '../../setup/identity.js';

// Issue 9, defects 3, 5, 7 and 8.
const t = await createIdentityTestApp({
  env: { KETACLINIC_TRUST_PROXY: 'true' },
  loginLimits: { windowMinutes: 15, perAccount: 1000, perIp: 5 },
});
const org = await createOrganization(t.db.pool, 'Clinic A');
const nurse = await createUser(t.db.pool, { organizationId: org, email: 'nurse@a.example.org', roles: ['nurse'] });

function expectSecureProblem(res: { statusCode: number; headers: Record<string, unknown>; body: string }): void {
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['cache-control']).toBe('no-store');
  const body = JSON.parse(res.body) as { status: number; code: string };
  expect(body.status).toBe(res.statusCode);
  expect(typeof body.code).toBe('string');
}

describe('behind a proxy (KETACLINIC_TRUST_PROXY=true means one hop)', () => {
  it('takes the address the proxy saw, not the forged first hops: 5 failures from one client then 429', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: '10.0.0.2',
        headers: { 'x-forwarded-for': `203.0.113.${i}, 198.51.100.${i}, 192.0.2.77` },
        payload: { email: `someone${i}@a.example.org`, password: 'wrong password guess' },
      });
      codes.push(res.statusCode);
    }
    expect(codes).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    const logged = await t.db.pool.query<{ ip: string }>(
      "SELECT DISTINCT host(ip) AS ip FROM audit_log WHERE action = 'auth.login'",
    );
    expect(logged.rows.map((r) => r.ip)).toEqual(['192.0.2.77']);
  });
});

describe('NUL characters', () => {
  it('refuses \\u0000 in a body field, a query and a path parameter with 400 naming the field', async () => {
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'a\u0000b@example.org', password: 'whatever password' },
    });
    expect(login.statusCode).toBe(400);
    expect(login.json().errors).toEqual([{ path: '/body/email', message: expect.stringMatching(/NUL/) }]);

    const intake = await t.app.inject({
      method: 'POST',
      url: '/api/v1/intake',
      payload: { givenName: 'Ann\u0000', familyName: 'Example' },
    });
    expect(intake.statusCode).toBe(400);
    expect(intake.json().errors[0].path).toBe('/body/givenName');

    const session = await signIn(t, nurse);
    const query = await t.app.inject({ method: 'GET', url: '/api/v1/patients?q=a%00b', headers: session.headers });
    expect(query.statusCode).toBe(400);
    expect(query.json().errors[0].path).toBe('/query/q');
    const param = await t.app.inject({ method: 'GET', url: '/api/v1/patients/%00', headers: session.headers });
    expect(param.statusCode).toBe(400);
    expect(param.json().errors[0].path).toBe('/params/id');
  });
});

describe('framework errors are problem+json with the security headers', () => {
  it('answers a 5,000-character path parameter with 414 problem+json, without echoing the URL', async () => {
    const session = await signIn(t, nurse);
    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      const res = await t.app.inject({
        method,
        url: `/api/v1/patients/${'x'.repeat(5000)}`,
        headers: session.headers,
        ...(method === 'PATCH' ? { payload: {} } : {}),
      });
      expect(res.statusCode).toBe(414);
      expectSecureProblem(res);
      expect(res.json().code).toBe('uri_too_long');
      expect(res.body).not.toContain('xxxxxxxxxx');
    }
  });

  it('answers a badly encoded URL with 400 problem+json', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/patients/%E0%A4%A' });
    expect(res.statusCode).toBe(400);
    expectSecureProblem(res);
  });

  it('answers an over-large header section with 431 problem+json over a real socket', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address() as { port: number };
    const res = await fetch(`http://127.0.0.1:${address.port}/api/v1/me?q=${'a'.repeat(20_000)}`);
    expect(res.status).toBe(431);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(((await res.json()) as { code: string }).code).toBe('header_too_large');
  });
});

describe('Cache-Control', () => {
  it('sends no-store on /me (with the CSRF token), the patient list, the audit log and errors', async () => {
    const session = await signIn(t, nurse);
    for (const url of ['/api/v1/me', '/api/v1/patients', '/api/v1/audit', '/api/v1/intakes', '/api/v1/nothing-here']) {
      const res = await t.app.inject({ method: 'GET', url, headers: session.headers });
      expect(res.headers['cache-control'], url).toBe('no-store');
    }
  });
});
