import { describe, expect, it } from 'vitest';
import { loadDemoClinic } from '../../src/app/demo.js';
import { demoAccounts } from '../../src/app/identity/demo-accounts.js';
import { caller } from './chart-fixtures.js';
import { createIdentityTestApp, signIn } from '../setup/identity.js';

describe('the demo clinic’s treatment sessions', async () => {
  const t = await createIdentityTestApp();
  const client = await t.db.pool.connect();
  let organizationId: string;
  try {
    organizationId = (await loadDemoClinic(client)).organizationId;
    // Loading twice changes nothing.
    await loadDemoClinic(client);
  } finally {
    client.release();
  }
  const account = demoAccounts.find((a) => a.roles.includes('nurse'))!;
  const users = await t.db.pool.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [account.email]);
  const nurse = caller(
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

  it('has one patient mid-infusion and one session discharged, signed and co-signed', async () => {
    const rows = await t.db.pool.query<{ id: string; clinic_date: string }>(
      "SELECT id, to_char(clinic_date, 'YYYY-MM-DD') AS clinic_date FROM treatment_sessions WHERE organization_id = $1 AND checked_in_at > now() - interval '1 day' ORDER BY checked_in_at",
      [organizationId],
    );
    expect(rows.rows).toHaveLength(2);
    type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const [done, live] = await Promise.all(
      rows.rows.map(async (r) => (await nurse.get(`/sessions/${r.id}`)).json<Json>()),
    );
    if (!done || !live) throw new Error('two sessions expected');
    expect(done).toMatchObject({
      route: 'IM',
      phase: 'discharged',
      doseNumber: 1,
      discharge: { collectedBy: 'Noor Inductova (sister)' },
      nurseSignature: { by: expect.any(String) },
      prescriberSignature: { by: expect.any(String) },
    });
    expect(live).toMatchObject({
      route: 'IV',
      phase: 'dosing',
      infusion: { state: 'running', rateMlPerHour: 120 },
      order: { vial: { lotNumber: 'DEMO-K2601', strengthMgPerMl: 50, ledgerEntryId: expect.any(String) } },
    });
    expect(live.vitals.length).toBeGreaterThanOrEqual(3);
    const board = (await nurse.get(`/sessions/board?date=${rows.rows[1]!.clinic_date}`)).json();
    expect(board.items.map((i: { id: string }) => i.id)).toContain(live.id);
  });
});
