import { describe, expect, it } from 'vitest';
import { loadDemoClinic } from '../../src/app/demo.js';
import { demoAccounts, demoPatientAccount } from '../../src/app/identity/demo-accounts.js';
import { totpCode } from '../../src/app/identity/totp.js';
import { createIdentityTestApp } from '../setup/identity.js';

const t = await createIdentityTestApp();
const client = await t.db.client();
try {
  await loadDemoClinic(client);
  // Loading twice changes nothing.
  expect((await loadDemoClinic(client)).created).toBe(false);
} finally {
  await client.end();
}

describe('the demo clinic’s printed sign-ins', () => {
  it.each(demoAccounts.map((a) => [a.roles.join(','), a] as const))(
    '%s signs in with the printed password (and TOTP secret)',
    async (_role, account) => {
      expect(account.password.length).toBeGreaterThanOrEqual(12);
      const totp = account.totpSecret ? totpCode(account.totpSecret, t.clock.now) : undefined;
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: account.email, password: account.password, ...(totp ? { totp } : {}) },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().user).toMatchObject({
        roles: account.roles,
        mfaEnrolmentRequired: false,
        mustChangePassword: false,
        organization: { name: 'Larkspur Demo Ketamine Clinic' },
      });
      t.clock.advance(30_000);
    },
  );

  it('has exactly one sign-in account per staff role (plus the three rota nurses of the demo calendar), and two demo patients', async () => {
    const rows = await t.db.pool.query<{ kind: string; n: number }>(
      'SELECT kind, count(*)::int AS n FROM users GROUP BY kind ORDER BY kind',
    );
    expect(rows.rows).toEqual([
      // Arlo Assessworth (being assessed) and Ines Inductova (in induction, src/app/portal/demo-portal.ts).
      { kind: 'patient', n: 2 },
      // src/app/demo-schedule.ts adds three nurses to the rota; nobody is given their passwords.
      { kind: 'staff', n: demoAccounts.length + 3 },
    ]);
  });

  it('the demo patient signs in to their own record, which has a consent still to sign', async () => {
    expect(demoPatientAccount.password.length).toBeGreaterThanOrEqual(12);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: demoPatientAccount.email, password: demoPatientAccount.password },
    });
    expect(res.statusCode).toBe(200);
    const { user, csrfToken } = res.json<{
      user: { kind: string; patientId: string; mustChangePassword: boolean };
      csrfToken: string;
    }>();
    expect(user).toMatchObject({ kind: 'patient', mustChangePassword: false });
    const cookie = res.cookies.find((c) => c.name === 'kc_session')!;
    const headers = { cookie: `kc_session=${cookie.value}`, 'x-csrf-token': csrfToken };
    const chart = await t.app.inject({ method: 'GET', url: `/api/v1/patients/${user.patientId}`, headers });
    expect(chart.statusCode).toBe(200);
    expect(chart.json()).toMatchObject({ patient: { familyName: 'Assessworth' }, consent: { status: 'none' } });
  });
});
