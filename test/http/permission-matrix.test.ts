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
  'POST /api/v1/me/reauthenticate': ['prescriber'],
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
  // admins read no intakes or patient records (README role table, issue 13)
  'GET /api/v1/intakes': ['prescriber', 'coordinator'],
  'GET /api/v1/intakes/:id': ['prescriber', 'coordinator'],
  'POST /api/v1/intakes/:id/assign': ['prescriber', 'coordinator'],
  'POST /api/v1/intakes/:id/notes': ['prescriber', 'coordinator'],
  'POST /api/v1/intakes/:id/contacted': ['prescriber', 'coordinator'],
  'POST /api/v1/intakes/:id/decline': ['prescriber', 'coordinator'],
  'POST /api/v1/intakes/:id/convert': ['prescriber', 'coordinator'],
  // the chart (issue 6). The routes a patient also uses in the portal (their own record and consents)
  // are open to every signed-in person at the wall; the use-case answers 404 for anyone else's record.
  'GET /api/v1/patients': ['prescriber', 'nurse', 'coordinator'],
  'GET /api/v1/patients/:id': everyone,
  // older pages of the chart's histories: as the chart itself (the use-case answers 404 for anyone else's)
  'GET /api/v1/patients/:id/vitals': everyone,
  'GET /api/v1/patients/:id/questionnaires': everyone,
  'GET /api/v1/patients/:id/timeline': everyone,
  'PATCH /api/v1/patients/:id': ['prescriber', 'coordinator'],
  'POST /api/v1/patients/:id/status': ['prescriber', 'coordinator'],
  'POST /api/v1/patients/:id/allergies': ['prescriber', 'nurse'],
  'POST /api/v1/patients/:id/no-known-allergies': ['prescriber', 'nurse'],
  'POST /api/v1/patients/:id/diagnoses': ['prescriber', 'nurse'],
  'POST /api/v1/patients/:id/medications': ['prescriber', 'nurse'],
  'POST /api/v1/patients/:id/vitals': ['prescriber', 'nurse'],
  'POST /api/v1/patients/:id/questionnaires': ['prescriber', 'nurse'],
  'DELETE /api/v1/patients/:id/:list/:itemId': ['prescriber', 'nurse'],
  'GET /api/v1/patients/:id/assessments': ['prescriber', 'nurse'],
  'GET /api/v1/patients/:id/assessments/:assessmentId': ['prescriber', 'nurse'],
  'POST /api/v1/patients/:id/assessments': ['prescriber'],
  'PATCH /api/v1/patients/:id/assessments/:assessmentId': ['prescriber'],
  'DELETE /api/v1/patients/:id/assessments/:assessmentId': ['prescriber'],
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
  'DELETE /api/v1/patients/:id/plans/:planId': ['prescriber'],
  'POST /api/v1/patients/:id/plans/:planId/sign': ['prescriber'],
  // uploaded documents: staff who read patient records at the wall (not admins); the use-case hides
  // clinical kinds from coordinators and lets only clinical staff (or, for referrals, the front desk) upload.
  'POST /api/v1/patients/:id/documents': ['prescriber', 'nurse', 'coordinator'],
  'GET /api/v1/patients/:id/documents': ['prescriber', 'nurse', 'coordinator'],
  'GET /api/v1/patients/:id/documents/:documentId/content': ['prescriber', 'nurse', 'coordinator'],
  'POST /api/v1/patients/:id/documents/:documentId/retract': ['prescriber', 'nurse', 'coordinator'],
  'GET /api/v1/protocols': ['admin', 'prescriber', 'nurse', 'coordinator'],
  // the patient portal: staff give a patient an account; the patient reads the consent texts to sign
  'POST /api/v1/patients/:id/portal-access': ['prescriber', 'coordinator'],
  'GET /api/v1/portal/consent-templates': ['patient'],
  'GET /api/v1/portal/clinic': ['patient'],
  // portal accounts by email (issue 17, decision 020): staff invite; the link and reset routes are public
  'POST /api/v1/patients/:id/portal-invitation': ['prescriber', 'coordinator'],
  'GET /api/v1/patients/:id/portal-invitation': ['prescriber', 'nurse', 'coordinator'],
  'POST /api/v1/portal/account-links/inspect': 'public',
  'POST /api/v1/portal/invitations/accept': 'public',
  'POST /api/v1/portal/password-reset/request': 'public',
  'POST /api/v1/portal/password-reset': 'public',
  // the portal's pages: always the signed-in patient's own record; staff choose what documents are shared
  'GET /api/v1/portal/home': ['patient'],
  'POST /api/v1/portal/appointments/:id/confirm': ['patient'],
  'GET /api/v1/portal/progress': ['patient'],
  'GET /api/v1/portal/documents': ['patient'],
  'GET /api/v1/portal/documents/:documentId/content': ['patient'],
  'GET /api/v1/patients/:id/document-sharing': ['prescriber', 'nurse', 'coordinator'],
  'POST /api/v1/patients/:id/documents/:documentId/sharing': ['prescriber', 'nurse', 'coordinator'],
  // questionnaires between visits and safety alerts (issue 17b)
  'GET /api/v1/patients/:id/questionnaire-schedule': ['prescriber', 'nurse'],
  'PUT /api/v1/patients/:id/questionnaire-schedule': ['prescriber'],
  'GET /api/v1/portal/questionnaires': ['patient'],
  'GET /api/v1/portal/questionnaires/:assignmentId': ['patient'],
  'PUT /api/v1/portal/questionnaires/:assignmentId/answers/:itemId': ['patient'],
  'POST /api/v1/portal/questionnaires/:assignmentId/submit': ['patient'],
  'GET /api/v1/safety-alerts': ['prescriber', 'nurse'],
  'GET /api/v1/safety-alerts/counts': ['prescriber', 'nurse'],
  'GET /api/v1/safety-alerts/:alertId': ['prescriber', 'nurse'],
  'POST /api/v1/safety-alerts/:alertId/acknowledge': ['prescriber', 'nurse'],
  'POST /api/v1/safety-alerts/:alertId/resolve': ['prescriber', 'nurse'],
  'GET /api/v1/safety-alert-settings': ['admin', 'prescriber', 'nurse', 'coordinator'],
  'PUT /api/v1/safety-alert-settings': ['admin'],
  'GET /api/v1/questionnaires/overdue': ['prescriber', 'nurse'],
  // treatment sessions (issue 15): nurses run them, prescribers override and co-sign, coordinators check in
  // and see the board without clinical detail, patients never
  'GET /api/v1/sessions/board': ['admin', 'prescriber', 'nurse', 'coordinator'],
  'GET /api/v1/sessions/board/events': ['admin', 'prescriber', 'nurse', 'coordinator'],
  'GET /api/v1/sessions/:id': ['admin', 'prescriber', 'nurse', 'coordinator'],
  'POST /api/v1/sessions': ['prescriber', 'nurse', 'coordinator'],
  'POST /api/v1/sessions/:id/pre-checks': ['prescriber', 'nurse'],
  'POST /api/v1/sessions/:id/questionnaires': ['prescriber', 'nurse'],
  'POST /api/v1/sessions/:id/vitals': ['prescriber', 'nurse'],
  'POST /api/v1/sessions/:id/overrides': ['prescriber', 'nurse'],
  'POST /api/v1/sessions/:id/order': ['prescriber', 'nurse'],
  'POST /api/v1/sessions/:id/start': ['prescriber', 'nurse'],
  'GET /api/v1/sessions/:id/vials': ['prescriber', 'nurse'],
  'GET /api/v1/sessions/:id/note.pdf': ['prescriber', 'nurse'],
  'POST /api/v1/sessions/:id/waste': ['prescriber', 'nurse'],
  'POST /api/v1/sessions/:id/bag-waste': ['prescriber', 'nurse'],
  'POST /api/v1/sessions/:id/infusion': ['prescriber', 'nurse'],
  'POST /api/v1/sessions/:id/alerts/:alertId/acknowledge': ['prescriber', 'nurse'],
  'POST /api/v1/sessions/:id/entries': ['prescriber', 'nurse'],
  'POST /api/v1/sessions/:id/discharge': ['prescriber', 'nurse'],
  'POST /api/v1/sessions/:id/end': ['prescriber', 'nurse'],
  'POST /api/v1/sessions/:id/sign': ['prescriber', 'nurse'],
  'POST /api/v1/sessions/:id/cosign': ['prescriber'],
  'POST /api/v1/sessions/:id/amendments': ['prescriber', 'nurse'],
  'POST /api/v1/protocols': ['admin'],
  // measurement-based care (issue 17): clinical staff only
  'GET /api/v1/patients/:id/measurements': ['prescriber', 'nurse'],
  'GET /api/v1/patients/:id/measurements/export': ['prescriber', 'nurse'],
  'GET /api/v1/measurement-lists/:list': ['prescriber', 'nurse'],
  // scheduling (issue 14): every member of staff reads the calendar; admins configure; the front desk (and
  // prescribers) book; status changes pass the wall for staff and the use-case checks the change itself
  // (confirm/cancel: sessions.schedule, check-in/no-show: sessions.checkin, the session: sessions.record).
  'GET /api/v1/schedule/locations': ['admin', 'prescriber', 'nurse', 'coordinator'],
  'POST /api/v1/schedule/locations': ['admin'],
  'PATCH /api/v1/schedule/locations/:id': ['admin'],
  'POST /api/v1/schedule/chairs': ['admin'],
  'PATCH /api/v1/schedule/chairs/:id': ['admin'],
  'GET /api/v1/schedule/locations/:id/staff-hours': ['admin', 'prescriber', 'nurse', 'coordinator'],
  'PUT /api/v1/schedule/locations/:id/staff-hours/:userId': ['admin'],
  'GET /api/v1/schedule/appointment-types': ['admin', 'prescriber', 'nurse', 'coordinator'],
  'PATCH /api/v1/schedule/appointment-types/:id': ['admin'],
  'GET /api/v1/schedule/calendar': ['admin', 'prescriber', 'nurse', 'coordinator'],
  'GET /api/v1/schedule/today': ['admin', 'prescriber', 'nurse', 'coordinator'],
  'POST /api/v1/schedule/appointments': ['prescriber', 'coordinator'],
  'GET /api/v1/schedule/appointments/:id': ['admin', 'prescriber', 'nurse', 'coordinator'],
  'POST /api/v1/schedule/appointments/:id/reschedule': ['prescriber', 'coordinator'],
  'POST /api/v1/schedule/appointments/:id/status': ['admin', 'prescriber', 'nurse', 'coordinator'],
  'POST /api/v1/schedule/series/proposal': ['prescriber', 'coordinator'],
  'POST /api/v1/schedule/series': ['prescriber', 'coordinator'],
  'POST /api/v1/schedule/appointments/:id/replan': ['prescriber', 'coordinator'],
  'POST /api/v1/schedule/appointments/:id/replacement': ['prescriber', 'coordinator'],
  'GET /api/v1/schedule/outbox': ['admin'],
  // calendar feeds: any signed-in person at the wall; the use-case lets staff make patient and chair
  // feeds and a patient only their own. The feed itself is public behind its secret URL.
  'POST /api/v1/schedule/feeds': everyone,
  'GET /api/v1/schedule/feeds': everyone,
  'DELETE /api/v1/schedule/feeds/:id': everyone,
  'GET /api/v1/calendar-feeds/:file': 'public',
  // controlled-substance record (issue 16): nurses and prescribers record and read stock, admins read
  // stock; the dispensing log and inventory documents are for review by admins and prescribers.
  'GET /api/v1/controlled-substances/products': ['admin', 'prescriber', 'nurse'],
  'POST /api/v1/controlled-substances/products': ['prescriber', 'nurse'],
  'GET /api/v1/controlled-substances/stock': ['admin', 'prescriber', 'nurse'],
  'GET /api/v1/controlled-substances/witnesses': ['prescriber', 'nurse'],
  'GET /api/v1/controlled-substances/vials/:id': ['admin', 'prescriber', 'nurse'],
  'POST /api/v1/controlled-substances/vials/:id/expire': ['prescriber', 'nurse'],
  'GET /api/v1/controlled-substances/receipts': ['admin', 'prescriber', 'nurse'],
  'POST /api/v1/controlled-substances/receipts': ['prescriber', 'nurse'],
  'POST /api/v1/controlled-substances/administrations': ['prescriber', 'nurse'],
  'POST /api/v1/controlled-substances/wastes': ['prescriber', 'nurse'],
  'POST /api/v1/controlled-substances/entries/:id/corrections': ['prescriber', 'nurse'],
  'GET /api/v1/controlled-substances/expected-stock': ['admin', 'prescriber', 'nurse'],
  'GET /api/v1/controlled-substances/counts': ['admin', 'prescriber', 'nurse'],
  'GET /api/v1/controlled-substances/counts/:id': ['admin', 'prescriber', 'nurse'],
  'POST /api/v1/controlled-substances/counts': ['prescriber', 'nurse'],
  'POST /api/v1/controlled-substances/counts/:id/resolution': ['prescriber', 'nurse'],
  'GET /api/v1/controlled-substances/inventories': ['admin', 'prescriber', 'nurse'],
  'GET /api/v1/controlled-substances/inventories/:id': ['admin', 'prescriber', 'nurse'],
  'POST /api/v1/controlled-substances/inventories': ['prescriber', 'nurse'],
  'GET /api/v1/controlled-substances/inventories/:id/report': ['admin', 'prescriber'],
  'GET /api/v1/controlled-substances/disposals': ['admin', 'prescriber', 'nurse'],
  'POST /api/v1/controlled-substances/disposals': ['prescriber', 'nurse'],
  'GET /api/v1/controlled-substances/loss-reports': ['admin', 'prescriber', 'nurse'],
  'POST /api/v1/controlled-substances/loss-reports': ['prescriber', 'nurse'],
  'PATCH /api/v1/controlled-substances/loss-reports/:id': ['prescriber', 'nurse'],
  'GET /api/v1/controlled-substances/dispensing-log': ['admin', 'prescriber'],
  'GET /api/v1/controlled-substances/dispensing-log/report': ['admin', 'prescriber'],
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
