import { describe, expect, it } from 'vitest';
import { loadDemoClinic } from '../../src/app/demo.js';
import { demoAccounts } from '../../src/app/identity/demo-accounts.js';
import { patientStatuses } from '../../src/domain/chart/index.js';
import { caller } from './chart-fixtures.js';
import { createIdentityTestApp, signIn } from '../setup/identity.js';

describe('the demo clinic’s patients', async () => {
  const t = await createIdentityTestApp();
  const client = await t.db.pool.connect();
  let organizationId: string;
  try {
    organizationId = (await loadDemoClinic(client)).organizationId;
  } finally {
    client.release();
  }
  const account = demoAccounts.find((a) => a.roles.includes('prescriber'))!;
  const users = await t.db.pool.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [account.email]);
  const prescriber = caller(
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

  it('has a fictional patient in every status, each with a chart and a timeline', async () => {
    const list = (await prescriber.get('/patients?limit=50')).json<{
      items: { id: string; status: string; familyName: string }[];
    }>().items;
    expect([...new Set(list.map((p) => p.status))].sort()).toEqual([...patientStatuses].sort());
    for (const p of list) {
      const chart = (await prescriber.get(`/patients/${p.id}`)).json();
      expect(chart.timeline.length, p.familyName).toBeGreaterThan(0);
      expect(chart.patient.companion.phone).toMatch(/^\(555\) 010-01\d\d$/);
    }
    const inInduction = list.find((p) => p.status === 'in_induction')!;
    const plans = (await prescriber.get(`/patients/${inInduction.id}/plans`)).json().items;
    expect(plans).toMatchObject([{ status: 'signed', number: 1 }]);
    const paused = list.find((p) => p.status === 'paused')!;
    expect((await prescriber.get(`/patients/${paused.id}`)).json().consent.status).toBe('withdrawn');
  });

  it('adds nothing when loaded twice', async () => {
    const before = await t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM patients');
    const again = await t.db.pool.connect();
    try {
      await loadDemoClinic(again);
    } finally {
      again.release();
    }
    expect((await t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM patients')).rows[0]!.n).toBe(
      before.rows[0]!.n,
    );
  });
});
