import { describe, expect, it } from 'vitest';
import { loadDemoClinic } from '../../src/app/demo.js';
import { demoAccounts } from '../../src/app/identity/demo-accounts.js';
import { caller } from './chart-fixtures.js';
import { createIdentityTestApp, signIn } from '../setup/identity.js';

/** The worklist home: each role sees the lists it can act on, with counts, and reading it is audited. */
describe('GET /api/v1/worklist', async () => {
  const t = await createIdentityTestApp();
  const client = await t.db.pool.connect();
  let organizationId: string;
  try {
    organizationId = (await loadDemoClinic(client)).organizationId;
  } finally {
    client.release();
  }
  const as = async (role: string) => {
    const account = demoAccounts.find((a) => a.roles.includes(role))!;
    const users = await t.db.pool.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [account.email]);
    return caller(
      t,
      await signIn(t, {
        id: users.rows[0]!.id,
        email: account.email,
        password: account.password,
        organizationId,
        totpSecret: account.totpSecret,
        patientId: null,
      }),
    );
  };
  type Section = { id: string; count: number; items: { name: string; path: string; detail: string | null }[] };
  const worklist = async (role: string) => {
    const res = await (await as(role)).get('/worklist');
    expect(res.statusCode, res.body).toBe(200);
    return new Map(res.json<{ sections: Section[] }>().sections.map((s) => [s.id, s]));
  };

  it('gives a prescriber intakes, unsigned drafts, consents waiting, withdrawals and alerts', async () => {
    const lists = await worklist('prescriber');
    expect([...lists.keys()]).toEqual([
      'safety_alerts',
      'session_alerts',
      'todays_sessions',
      'urgent_intakes',
      'my_intakes',
      'open_intakes',
      'draft_assessments',
      'draft_plans',
      'consents_waiting',
      'withdrawals',
      'alerts',
      'maintenance_due',
      'non_responders',
    ]);
    const open = await t.db.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM intakes WHERE status IN ('new', 'contacted')",
    );
    expect(lists.get('open_intakes')!.count).toBe(open.rows[0]!.n);
    const withdrawn = lists.get('withdrawals')!;
    expect(withdrawn.count).toBeGreaterThan(0);
    expect(withdrawn.items[0]!.path).toMatch(/^\/patients\/[0-9a-f-]{36}$/);
    for (const s of lists.values()) expect(s.items.length).toBeLessThanOrEqual(Math.min(5, s.count));
    for (const item of lists.get('urgent_intakes')!.items) expect(item.detail ?? '').not.toMatch(/_/);
  });

  it('gives a nurse no intake or signing lists, a coordinator no clinical ones, an admin accounts only', async () => {
    expect([...(await worklist('nurse')).keys()]).toEqual([
      'safety_alerts',
      'session_alerts',
      'todays_sessions',
      'withdrawals',
      'alerts',
      'maintenance_due',
      'non_responders',
    ]);
    expect([...(await worklist('coordinator')).keys()]).toEqual([
      'todays_sessions',
      'urgent_intakes',
      'my_intakes',
      'open_intakes',
      'consents_waiting',
    ]);
    expect([...(await worklist('admin')).keys()]).toEqual(['accounts_without_mfa']);
  });

  it("lists today's appointments in the clinic's day with their status in words, and unacknowledged session alerts", async () => {
    // The demo clinic's calendar is built around the real today; the app's clock is moved there.
    t.clock.advance(Date.now() - t.clock.now.getTime());
    const lists = await worklist('nurse');
    const today = await t.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM appointments a JOIN organizations o ON o.id = a.organization_id
        WHERE a.status NOT IN ('cancelled', 'no_show')
          AND (a.starts_at AT TIME ZONE o.time_zone)::date = (now() AT TIME ZONE o.time_zone)::date`,
    );
    const todays = lists.get('todays_sessions')!;
    expect(today.rows[0]!.n).toBeGreaterThan(0);
    expect(todays.count).toBe(today.rows[0]!.n);
    for (const item of todays.items) {
      expect(item.path).toMatch(/^\/schedule\/appointments\/[0-9a-f-]{36}$/);
      expect(item.detail ?? '').not.toMatch(/_/);
    }
    const open = await t.db.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM session_alerts WHERE level IN ('alert', 'stop') AND acknowledged_at IS NULL",
    );
    expect(lists.get('session_alerts')!.count).toBe(open.rows[0]!.n);
  });

  it('records who read it and which patients it named', async () => {
    await worklist('prescriber');
    const row = await t.db.pool.query<{ details: { patientIds: string[] } }>(
      "SELECT details FROM audit_log WHERE action = 'worklist.read' ORDER BY id DESC LIMIT 1",
    );
    expect(row.rows[0]!.details.patientIds.length).toBeGreaterThan(0);
  });

  it('refuses a caller who is not signed in', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/worklist' });
    expect(res.statusCode).toBe(401);
  });
});
