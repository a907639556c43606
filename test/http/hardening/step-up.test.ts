import { describe, expect, it } from 'vitest';
import { recoveryCodeHash } from '../../../src/app/identity/tokens.js';
import { totpCode } from '../../../src/app/identity/totp.js';
import { createIdentityTestApp, createOrganization, createUser, signIn } from '../../setup/identity.js';

// Issue 9, defect 10: replacing the second factor, changing the password and turning TOTP off need
// the password AND a current code (or a recovery code), and are throttled like sign-in.
const t = await createIdentityTestApp({ loginLimits: { windowMinutes: 15, perAccount: 5, perIp: 1000, perTotp: 5 } });
const org = await createOrganization(t.db.pool, 'Clinic A');

const post = (url: string, headers: Record<string, string>, payload?: Record<string, unknown>, method = 'POST') =>
  t.app.inject({ method: method as 'POST', url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) });

describe('step-up for account changes', () => {
  it('refuses to replace an enrolled second factor with a session alone, or with the password alone', async () => {
    const user = await createUser(t.db.pool, {
      organizationId: org,
      email: 'replace@a.example.org',
      roles: ['admin'],
      mfa: true,
    });
    const s = await signIn(t, user);
    const bare = await post('/me/mfa/enrolment', s.headers);
    expect(bare.statusCode).toBe(400);
    expect(bare.json().code).toBe('password_incorrect');
    const passwordOnly = await post('/me/mfa/enrolment', s.headers, { password: user.password });
    expect(passwordOnly.statusCode).toBe(400);
    expect(passwordOnly.json()).toMatchObject({ code: 'mfa_code_incorrect', errors: [{ path: '/body/code' }] });
    const pending = await t.db.pool.query('SELECT mfa_pending_secret FROM users WHERE id = $1', [user.id]);
    expect(pending.rows[0].mfa_pending_secret).toBeNull();
    const ok = await post('/me/mfa/enrolment', s.headers, {
      password: user.password,
      code: totpCode(user.totpSecret!, t.clock.now),
    });
    expect(ok.statusCode).toBe(200);
  });

  it('asks for a current code to change the password when two-step sign-in is on', async () => {
    const user = await createUser(t.db.pool, {
      organizationId: org,
      email: 'pw@a.example.org',
      roles: ['prescriber'],
      mfa: true,
    });
    const s = await signIn(t, user);
    const newPassword = 'a completely new long passphrase';
    const noCode = await post('/me/password', s.headers, { currentPassword: user.password, newPassword });
    expect(noCode.statusCode).toBe(400);
    expect(noCode.json().errors[0].path).toBe('/body/code');
    const ok = await post('/me/password', s.headers, {
      currentPassword: user.password,
      newPassword,
      code: totpCode(user.totpSecret!, t.clock.now),
    });
    expect(ok.statusCode).toBe(204);
  });

  it('throttles wrong current passwords like sign-in: 12 in a row get 5 answers, then 429', async () => {
    const user = await createUser(t.db.pool, { organizationId: org, email: 'guess@a.example.org', roles: ['nurse'] });
    const s = await signIn(t, user);
    const codes: number[] = [];
    for (let i = 0; i < 12; i += 1)
      codes.push(
        (
          await post('/me/password', s.headers, {
            currentPassword: `guess number ${i} here`,
            newPassword: 'another long passphrase',
          })
        ).statusCode,
      );
    expect(codes.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
    expect(codes.slice(5)).toEqual(Array(7).fill(429));
    // The same counter guards sign-in: the account is locked there too.
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password: user.password },
    });
    expect(login.statusCode).toBe(429);
  });

  it('throttles wrong codes on turning TOTP off, and accepts a recovery code instead of a code', async () => {
    const user = await createUser(t.db.pool, {
      organizationId: org,
      email: 'off@a.example.org',
      roles: ['nurse'],
      mfa: true,
    });
    const s = await signIn(t, user);
    const codes: number[] = [];
    for (let i = 0; i < 7; i += 1)
      codes.push((await post('/me/mfa', s.headers, { password: user.password, code: '000000' }, 'DELETE')).statusCode);
    expect(codes).toEqual([400, 400, 400, 400, 400, 429, 429]);
    t.clock.advance(15 * 60_000 + 1000);
    await t.db.pool.query('INSERT INTO user_recovery_codes (user_id, code_hash) VALUES ($1, $2)', [
      user.id,
      recoveryCodeHash('ABCDE-FGHIJ'),
    ]);
    const s2 = await signIn(t, user);
    const recovery = await post('/me/mfa', s2.headers, { password: user.password, code: 'ABCDE-FGHIJ' }, 'DELETE');
    expect(recovery.statusCode).toBe(204);
  });
});
