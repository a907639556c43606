import { describe, expect, it } from 'vitest';
import { createIdentityTestApp, createOrganization, createUser, signIn, type Session } from '../setup/identity.js';

/**
 * The permission matrix: every registered route × every kind of caller, against the expected answer.
 * A route under /api/v1 without an entry here fails the test — adding a route means deciding who
 * may call it. Outside the API, only public pages may exist without an entry (the site and the
 * web apps' static files); anything else non-public needs one too.
 *
 * 'public': nobody gets 401/403. A list: those roles get past access control (any status but
 * 401/403 — an empty body or a made-up id then gives 400/404); every other role gets 403, and an
 * anonymous caller 401.
 */
type Role = 'admin' | 'prescriber' | 'nurse' | 'coordinator' | 'patient';
type Expectation = 'public' | readonly Role[];

const everyone: readonly Role[] = ['admin', 'prescriber', 'nurse', 'coordinator', 'patient'];

const matrix: Record<string, Expectation> = {
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'GET /api/v1/openapi.json': 'public',
  'POST /api/v1/auth/login': 'public',
  'POST /api/v1/auth/logout': 'public',
  'GET /api/v1/me': everyone,
  'POST /api/v1/me/password': everyone,
  'POST /api/v1/me/mfa/enrolment': everyone,
  'POST /api/v1/me/mfa/confirm': everyone,
  'DELETE /api/v1/me/mfa': everyone,
  'GET /api/v1/users': ['admin'],
  'POST /api/v1/users': ['admin'],
  'GET /api/v1/users/:id': everyone,
  'PATCH /api/v1/users/:id': ['admin'],
  'POST /api/v1/users/:id/revoke-sessions': ['admin'],
  'POST /api/v1/users/:id/role-grants/:grantId/confirm': ['admin'],
  'POST /api/v1/users/:id/role-grants/:grantId/cancel': ['admin'],
  'GET /api/v1/audit': ['admin'],
  'GET /api/v1/audit/status': ['admin'],
  'GET /api/v1/system/status': ['admin'],
  'GET /api/v1/worklist': ['admin', 'prescriber', 'nurse', 'coordinator'],
  'GET /api/v1/setup': 'public',
  'POST /api/v1/setup': 'public',
  'GET /api/v1/instruments': 'public',
  'POST /api/v1/instruments/:id/score': 'public',
  'POST /api/v1/intake': 'public',
  'GET /api/v1/intakes': ['admin', 'prescriber', 'coordinator'],
  'GET /api/v1/intakes/:id': ['admin', 'prescriber', 'coordinator'],
  'POST /api/v1/intakes/:id/assign': ['prescriber', 'coordinator'],
  'POST /api/v1/intakes/:id/notes': ['prescriber', 'coordinator'],
  'POST /api/v1/intakes/:id/contacted': ['prescriber', 'coordinator'],
  'POST /api/v1/intakes/:id/decline': ['prescriber', 'coordinator'],
  'POST /api/v1/intakes/:id/convert': ['prescriber', 'coordinator'],
  // the chart (issue 6). The routes a patient also uses in the portal (their own record and consents)
  // are open to every signed-in person at the wall; the use-case answers 404 for anyone else's record.
  'GET /api/v1/patients': ['admin', 'prescriber', 'nurse', 'coordinator'],
  'GET /api/v1/patients/:id': everyone,
  'PATCH /api/v1/patients/:id': ['prescriber', 'coordinator'],
  'POST /api/v1/patients/:id/status': ['prescriber', 'coordinator'],
  'POST /api/v1/patients/:id/allergies': ['prescriber', 'nurse'],
  'POST /api/v1/patients/:id/diagnoses': ['prescriber', 'nurse'],
  'POST /api/v1/patients/:id/medications': ['prescriber', 'nurse'],
  'POST /api/v1/patients/:id/vitals': ['prescriber', 'nurse'],
  'POST /api/v1/patients/:id/questionnaires': ['prescriber', 'nurse'],
  'DELETE /api/v1/patients/:id/:list/:itemId': ['prescriber', 'nurse'],
  'GET /api/v1/patients/:id/assessments': ['prescriber', 'nurse'],
  'GET /api/v1/patients/:id/assessments/:assessmentId': ['prescriber', 'nurse'],
  'POST /api/v1/patients/:id/assessments': ['prescriber'],
  'PATCH /api/v1/patients/:id/assessments/:assessmentId': ['prescriber'],
  'POST /api/v1/patients/:id/assessments/:assessmentId/sign': ['prescriber'],
  'POST /api/v1/patients/:id/assessments/:assessmentId/amendments': ['prescriber'],
  'GET /api/v1/consent-templates': ['admin', 'prescriber', 'nurse', 'coordinator'],
  'POST /api/v1/consent-templates': ['admin'],
  'POST /api/v1/consent-templates/:templateId/versions': ['admin'],
  'GET /api/v1/patients/:id/consents': everyone,
  'POST /api/v1/patients/:id/consents': everyone,
  'POST /api/v1/patients/:id/consents/:consentId/withdraw': everyone,
  'GET /api/v1/patients/:id/plans': ['prescriber', 'nurse', 'coordinator'],
  'GET /api/v1/patients/:id/plans/:planId': ['prescriber', 'nurse', 'coordinator'],
  'POST /api/v1/patients/:id/plans': ['prescriber'],
  'PATCH /api/v1/patients/:id/plans/:planId': ['prescriber'],
  'POST /api/v1/patients/:id/plans/:planId/sign': ['prescriber'],
  // uploaded documents: every member of staff at the wall; the use-case hides clinical kinds from
  // coordinators and admins and lets only clinical staff (or, for referrals, the front desk) upload.
  'POST /api/v1/patients/:id/documents': ['admin', 'prescriber', 'nurse', 'coordinator'],
  'GET /api/v1/patients/:id/documents': ['admin', 'prescriber', 'nurse', 'coordinator'],
  'GET /api/v1/patients/:id/documents/:documentId/content': ['admin', 'prescriber', 'nurse', 'coordinator'],
  'POST /api/v1/patients/:id/documents/:documentId/retract': ['admin', 'prescriber', 'nurse', 'coordinator'],
  'GET /api/v1/protocols': ['admin', 'prescriber', 'nurse', 'coordinator'],
  // the patient portal: staff give a patient an account; the patient reads the consent texts to sign
  'POST /api/v1/patients/:id/portal-access': ['prescriber', 'coordinator'],
  'GET /api/v1/portal/consent-templates': ['patient'],
  'POST /api/v1/protocols': ['admin'],
};

const t = await createIdentityTestApp();
await t.app.ready();
const org = await createOrganization(t.db.pool, 'Matrix Clinic');
const sessions: Partial<Record<Role, Session>> = {};
for (const role of everyone) {
  const user = await createUser(t.db.pool, {
    organizationId: org,
    email: `${role}@matrix.example.org`,
    kind: role === 'patient' ? 'patient' : 'staff',
    roles: role === 'patient' ? [] : [role],
    mfa: role === 'admin' || role === 'prescriber',
  });
  sessions[role] = await signIn(t, user);
}

const routes = t.app.routeTable.filter((r) => r.method !== 'HEAD');
const key = (r: { method: string; url: string }): string => `${r.method} ${r.url}`;
const concreteUrl = (url: string): string =>
  url.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000').replace(/\*$/, 'matrix-probe');
// Sign-out ends the session it is sent with; it goes last.
const ordered = [...routes].sort((a, b) => Number(a.url.endsWith('/logout')) - Number(b.url.endsWith('/logout')));

describe('permission matrix', () => {
  it('has an entry for every API route and for every non-public route', () => {
    const missing = routes.filter(
      (r) => !(key(r) in matrix) && (r.url.startsWith('/api/') || (r.access !== 'public' && r.url !== '/*')),
    );
    expect(missing.map(key)).toEqual([]);
    const stale = Object.keys(matrix).filter((k) => !routes.some((r) => key(r) === k));
    expect(stale).toEqual([]);
  });

  it('declares access on every route except the static files', () => {
    const undeclared = t.app.routeTable.filter((r) => r.access === undefined);
    expect(undeclared.filter((r) => r.url !== '/*').map(key)).toEqual([]);
  });

  for (const route of ordered) {
    // A missing API entry already fails the coverage test above; pages outside the API are public.
    const expectation: Expectation | undefined =
      matrix[key(route)] ?? (route.url.startsWith('/api/') ? undefined : 'public');
    if (expectation === undefined) continue;
    it(`${key(route)}: ${expectation === 'public' ? 'public' : expectation.join(', ')}`, async () => {
      const url = concreteUrl(route.url);
      const anonymous = await t.app.inject({ method: route.method as 'GET', url });
      if (expectation === 'public') expect([401, 403]).not.toContain(anonymous.statusCode);
      else expect(anonymous.statusCode).toBe(401);
      for (const role of everyone) {
        const res = await t.app.inject({ method: route.method as 'GET', url, headers: sessions[role]!.headers });
        const allowed = expectation === 'public' || expectation.includes(role);
        if (allowed)
          expect(
            [401, 403],
            `${role} should get past access control (got ${res.statusCode} ${res.body.slice(0, 200)})`,
          ).not.toContain(res.statusCode);
        else expect(res.statusCode, `${role} should be refused`).toBe(403);
        expect(res.statusCode, `${role}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
      }
    });
  }
});
