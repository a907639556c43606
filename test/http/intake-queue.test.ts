import { describe, expect, it } from 'vitest';
import { loadDemoClinic } from '../../src/app/demo.js';
import { createIdentityTestApp, createOrganization, createUser, signIn } from '../setup/identity.js';
import { formTokenFrom, validIntake, withPath } from './intake-fixtures.js';

const t = await createIdentityTestApp({
  env: { KETACLINIC_INTAKE_MIN_FILL_SECONDS: '0', KETACLINIC_INTAKE_RATE_LIMIT: '1000' },
});
const setup = await t.db.client();
// Without the demo's own intakes: the queue holds only what this file sends.
const { organizationId } = await loadDemoClinic(setup, { intakes: false });
await setup.end();
const coordinator = await createUser(t.db.pool, {
  organizationId,
  email: 'coord@intake-test.example.org',
  roles: ['coordinator'],
  name: 'Casey Coordinator',
});
const prescriber = await createUser(t.db.pool, {
  organizationId,
  email: 'rx@intake-test.example.org',
  roles: ['prescriber'],
  mfa: true,
  name: 'Pat Prescriber',
});
const nurse = await createUser(t.db.pool, { organizationId, email: 'nurse@intake-test.example.org', roles: ['nurse'] });
const token = await formTokenFrom(t.app);

async function submit(body: Record<string, unknown>): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/intake', payload: body });
  expect(res.statusCode).toBe(201);
  return res.json().reference as string;
}

const routine = await submit(validIntake(token));
t.clock.advance(60_000);
const urgentBody = withPath(withPath(validIntake(token), 'answers.phq9.phq9_9', 1), 'answers.cssrs_screener', {
  cssrs_1: true,
  cssrs_2: false,
  cssrs_3: null,
  cssrs_4: null,
  cssrs_5: null,
  cssrs_6_lifetime: true,
  cssrs_6_past_3_months: false,
});
const urgent = await submit(withPath(urgentBody, 'contact.givenName', 'Robin'));
t.clock.advance(60_000);

const coord = await signIn(t, coordinator);

describe('the intake queue', () => {
  it('lists urgent intakes first, then oldest first, with scores, bands, flags and time waiting', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/intakes', headers: coord.headers });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as {
      reference: string;
      urgent: boolean;
      waitingSeconds: number;
      scores: { shortTitle: string; total: number; severity: { label: string } }[];
      prescreenFlags: { flag: string }[];
    }[];
    expect(items.map((i) => i.reference)).toEqual([urgent, routine]);
    expect(items[0]!.urgent).toBe(true);
    expect(items[1]!.waitingSeconds).toBeGreaterThanOrEqual(120);
    expect(items[1]!.scores.map((s) => `${s.shortTitle} ${s.total} ${s.severity.label}`)).toEqual([
      'PHQ-9 10 Moderate',
      'GAD-7 8 Mild',
    ]);
    expect(items[1]!.prescreenFlags.map((f) => f.flag)).toEqual(['uncontrolled_hypertension', 'benzodiazepine_use']);
  });

  it('audits every view of the queue and of an intake', async () => {
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/intakes', headers: coord.headers });
    const id = list.json().items[0].id as string;
    await t.app.inject({ method: 'GET', url: `/api/v1/intakes/${id}`, headers: coord.headers });
    const entries = await t.db.pool.query<{ action: string; resource_id: string | null; actor_user_id: string }>(
      `SELECT action, resource_id, actor_user_id FROM audit_log WHERE action LIKE 'intake.%' ORDER BY id`,
    );
    expect(entries.rows.filter((e) => e.action === 'intake.list').length).toBeGreaterThanOrEqual(2);
    expect(entries.rows).toContainEqual({ action: 'intake.read', resource_id: id, actor_user_id: coordinator.id });
  });

  it('refuses people without intake permissions and people not signed in', async () => {
    const n = await signIn(t, nurse);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/intakes', headers: n.headers })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/intakes' })).statusCode).toBe(401);
  });

  it('never shows another clinic its intakes', async () => {
    const otherOrg = await createOrganization(t.db.pool, 'Another Demo Clinic');
    const other = await createUser(t.db.pool, {
      organizationId: otherOrg,
      email: 'coord@other.example.org',
      roles: ['coordinator'],
    });
    const s = await signIn(t, other);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/intakes', headers: s.headers })).json().items).toEqual(
      [],
    );
    const id = (await t.db.pool.query<{ id: string }>('SELECT id FROM intakes LIMIT 1')).rows[0]!.id;
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/intakes/${id}`, headers: s.headers })).statusCode).toBe(
      404,
    );
  });
});

describe('working an intake', () => {
  async function idOf(reference: string): Promise<string> {
    return (await t.db.pool.query<{ id: string }>('SELECT id FROM intakes WHERE reference = $1', [reference])).rows[0]!
      .id;
  }

  it('assigns, notes, marks contacted and converts into a patient with an assessment request', async () => {
    const id = await idOf(routine);
    const assign = await t.app.inject({
      method: 'POST',
      url: `/api/v1/intakes/${id}/assign`,
      headers: coord.headers,
      payload: {},
    });
    expect(assign.statusCode).toBe(200);
    const note = await t.app.inject({
      method: 'POST',
      url: `/api/v1/intakes/${id}/notes`,
      headers: coord.headers,
      payload: { body: 'Left a voicemail.' },
    });
    expect(note.statusCode).toBe(201);
    const contacted = await t.app.inject({
      method: 'POST',
      url: `/api/v1/intakes/${id}/contacted`,
      headers: coord.headers,
      payload: {},
    });
    expect(contacted.statusCode).toBe(200);

    const detailRes = await t.app.inject({ method: 'GET', url: `/api/v1/intakes/${id}`, headers: coord.headers });
    expect(detailRes.statusCode, detailRes.body).toBe(200);
    const detail = detailRes.json();
    expect(detail.status).toBe('contacted');
    expect(detail.assignedTo).toEqual({ id: coordinator.id, name: 'Casey Coordinator' });
    expect(detail.notes.map((n: { body: string }) => n.body)).toEqual(['Left a voicemail.']);

    const stale = await t.app.inject({
      method: 'POST',
      url: `/api/v1/intakes/${id}/convert`,
      headers: coord.headers,
      payload: { version: 1 },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('stale_version');

    const convert = await t.app.inject({
      method: 'POST',
      url: `/api/v1/intakes/${id}/convert`,
      headers: coord.headers,
      payload: { version: detail.version, requestAssessment: true },
    });
    expect(convert.statusCode).toBe(201);
    const { patientId, mrn, assessmentRequestId } = convert.json();
    expect(mrn).toBe('000001');
    const patient = (await t.db.pool.query('SELECT * FROM patients WHERE id = $1', [patientId])).rows[0];
    expect(patient).toMatchObject({
      organization_id: organizationId,
      given_name: 'Alex',
      family_name: 'Example',
      status: 'intake',
      state: 'NY',
    });
    expect(
      (await t.db.pool.query('SELECT date_of_birth::text AS d FROM patients WHERE id = $1', [patientId])).rows[0].d,
    ).toBe('1985-04-12');
    expect(assessmentRequestId).toEqual(expect.any(String));
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/intakes/${id}/convert`,
          headers: coord.headers,
          payload: {},
        })
      ).json().code,
    ).toBe('intake_closed');
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/intakes', headers: coord.headers }))
        .json()
        .items.map((i: { reference: string }) => i.reference),
    ).toEqual([urgent]);
  });

  it('declines with a reason and returns an email that repeats neither the reason nor any health detail', async () => {
    const p = await signIn(t, prescriber);
    const id = await idOf(urgent);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/intakes/${id}/decline`,
      headers: p.headers,
      payload: { reason: 'Needs a higher level of care first (C-SSRS)' },
    });
    expect(res.statusCode).toBe(200);
    const { email } = res.json();
    expect(email.to).toBe('alex@example.org');
    expect(email.body).toContain('Dear Robin');
    expect(email.body).toContain('988');
    expect(email.body).not.toMatch(/C-SSRS|higher level|PHQ|thoughts of|risk/i);
  });

  it('shows item-level answers and medicines to prescribers, and only scores and flags to coordinators', async () => {
    const id = await idOf(urgent);
    const asCoordinator = (
      await t.app.inject({ method: 'GET', url: `/api/v1/intakes/${id}`, headers: coord.headers })
    ).json();
    expect(asCoordinator).toMatchObject({ answers: null, prescreen: null, medications: null });
    expect(asCoordinator.scores.length).toBeGreaterThan(0);
    const p = await signIn(t, prescriber);
    const asPrescriber = (
      await t.app.inject({ method: 'GET', url: `/api/v1/intakes/${id}`, headers: p.headers })
    ).json();
    expect(asPrescriber.answers.cssrs_screener.cssrs_1).toBe(true);
    expect(asPrescriber.medications).toContain('sertraline');
  });

  it('validates action bodies field by field', async () => {
    const id = await idOf(routine);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/intakes/${id}/notes`,
      headers: coord.headers,
      payload: { body: '' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('/body/body');
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/intakes/not-a-uuid', headers: coord.headers })).statusCode,
    ).toBe(400);
  });
});
