import { describe, expect, it } from 'vitest';
import { createSetupGate } from '../../src/app/setup/first-run.js';
import { createIdentityTestApp } from '../setup/identity.js';

/** First run without the command line: the clinic and its admin, once, with the printed one-time code. */
describe('POST /api/v1/setup', async () => {
  const printed: string[] = [];
  const gate = createSetupGate((code) => printed.push(code));
  const t = await createIdentityTestApp({ setup: gate });
  const body = (setupCode: string) => ({
    setupCode,
    clinic: {
      name: 'Larkspur Test Clinic',
      phone: '(555) 010-0199',
      timeZone: 'America/Los_Angeles',
      address: { line1: '1 Example Way', city: 'Portland', state: 'or', postalCode: '97201' },
    },
    admin: { name: 'Sam Setup', email: 'sam.setup@example.test', password: 'a long passphrase for setup 42' },
  });
  const post = (payload: unknown) => t.app.inject({ method: 'POST', url: '/api/v1/setup', payload: payload as object });

  it('says setup is needed on an empty database, and refuses without the right code', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/setup' })).json()).toEqual({ needed: true });
    gate.open();
    const wrong = await post(body('AAAA-BBBB-CCCC'));
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors).toEqual([{ path: '/setupCode', message: expect.any(String) }]);
    const bad = await post({
      ...body(printed.at(-1)!),
      clinic: { ...body('').clinic, address: { line1: '', city: '', state: 'Oregon', postalCode: '9' } },
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(
      [
        '/body/clinic/address/city',
        '/body/clinic/address/line1',
        '/body/clinic/address/postalCode',
        '/body/clinic/address/state',
      ].sort(),
    );
    expect((await t.db.pool.query('SELECT 1 FROM organizations')).rowCount).toBe(0);
  });

  it('replaces the code after five wrong tries', async () => {
    const before = printed.length;
    for (let i = 0; i < 5; i++) await post(body('WRONG-CODE-0000'));
    expect(printed.length).toBe(before + 1);
  });

  it('creates the clinic, its site and an admin who must set up two-step sign-in; then never again', async () => {
    const code = printed.at(-1)!;
    const res = await post(body(code.toLowerCase().replaceAll('-', ' ')));
    expect(res.statusCode, res.body).toBe(201);
    const org = await t.db.pool.query<{ name: string; time_zone: string; phone: string }>(
      'SELECT name, time_zone, phone FROM organizations',
    );
    expect(org.rows).toEqual([
      { name: 'Larkspur Test Clinic', time_zone: 'America/Los_Angeles', phone: '(555) 010-0199' },
    ]);
    const site = await t.db.pool.query('SELECT city, state, postal_code FROM locations');
    expect(site.rows).toEqual([{ city: 'Portland', state: 'OR', postal_code: '97201' }]);
    const admin = await t.db.pool.query('SELECT roles, mfa_enabled FROM users');
    expect(admin.rows).toEqual([{ roles: ['admin'], mfa_enabled: false }]);
    const audit = await t.db.pool.query("SELECT 1 FROM audit_log WHERE action = 'clinic.setup'");
    expect(audit.rowCount).toBe(1);
    expect(gate.code).toBeNull();
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/setup' })).json()).toEqual({ needed: false });
    expect((await post(body(code))).statusCode).toBe(400);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'sam.setup@example.test', password: 'a long passphrase for setup 42' },
    });
    expect(login.statusCode, login.body).toBe(200);
    expect(login.json().user.mfaEnrolmentRequired).toBe(true);
  });
});
