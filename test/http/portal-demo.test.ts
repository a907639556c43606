import { describe, expect, it } from 'vitest';
import { loadDemoClinic } from '../../src/app/demo.js';
import { demoInductionPortalAccount } from '../../src/app/portal/demo-portal.js';
import { caller } from './chart-fixtures.js';
import { createIdentityTestApp, signIn } from '../setup/identity.js';

/** The demo clinic's patient in induction signs in to a portal with a coming session, scores and aftercare. */
describe('the demo portal patient in induction', async () => {
  const t = await createIdentityTestApp();
  const client = await t.db.pool.connect();
  let organizationId: string;
  try {
    organizationId = (await loadDemoClinic(client, { intakes: false })).organizationId;
    await loadDemoClinic(client, { intakes: false });
  } finally {
    client.release();
  }
  const user = await t.db.pool.query<{ id: string; patient_id: string }>(
    'SELECT id, patient_id FROM users WHERE email = $1',
    [demoInductionPortalAccount.email],
  );

  it('has one account (loading twice adds none), and sees her next session, scores and aftercare', async () => {
    expect(user.rows).toHaveLength(1);
    const ines = caller(
      t,
      await signIn(t, {
        id: user.rows[0]!.id,
        email: demoInductionPortalAccount.email,
        password: demoInductionPortalAccount.password,
        organizationId,
        totpSecret: null,
        patientId: user.rows[0]!.patient_id,
      }),
    );
    const home = await ines.get('/portal/home');
    expect(home.statusCode).toBe(200);
    expect(home.json().next).not.toBeNull();
    const progress = (await ines.get('/portal/progress')).json();
    const phq9 = progress.series.find((s: { instrumentId: string }) => s.instrumentId === 'phq9');
    expect(phq9.points.length).toBeGreaterThanOrEqual(2);
    expect(progress.sessions.length).toBeGreaterThanOrEqual(1);
    expect(progress.aftercare).toMatchObject({ collectedBy: 'Noor Inductova (sister)' });
  });
});
