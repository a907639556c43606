import { describe, expect, it } from 'vitest';
import { totpCode } from '../../../src/app/identity/totp.js';
import { insertUser } from '../../../src/db/repositories/users.js';
import { createIdentityTestApp, createOrganization, createUser } from '../../setup/identity.js';

// Issue 9, defects 1 and 2: the attempt is counted before it is checked, and one email key is used
// for throttling, lookup and uniqueness.
const t = await createIdentityTestApp({ loginLimits: { windowMinutes: 15, perAccount: 5, perIp: 1000, perTotp: 5 } });
const org = await createOrganization(t.db.pool, 'Clinic A');

const login = (payload: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload });

const tally = (codes: number[]) =>
  codes.reduce<Record<number, number>>((acc, c) => ({ ...acc, [c]: (acc[c] ?? 0) + 1 }), {});

describe('sign-in throttling under concurrency', () => {
  it('lets at most 5 of 40 concurrent wrong passwords for one account be checked; the rest get 429', async () => {
    const user = await createUser(t.db.pool, { organizationId: org, email: 'burst@a.example.org' });
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => login({ email: user.email, password: `wrong guess number ${i}` })),
    );
    const counts = tally(results.map((r) => r.statusCode));
    expect(counts[401]).toBe(5);
    expect(counts[429]).toBe(35);
    // The right password is refused too until the window passes.
    expect((await login({ email: user.email, password: user.password })).statusCode).toBe(429);
  });

  it('checks at most 5 of 60 concurrent TOTP guesses sent with the right password', async () => {
    const user = await createUser(t.db.pool, {
      organizationId: org,
      email: 'totp-burst@a.example.org',
      roles: ['admin'],
      mfa: true,
    });
    const right = totpCode(user.totpSecret!, t.clock.now);
    const guesses = Array.from({ length: 60 }, (_, i) => String(100000 + i * 7919).slice(0, 6)).filter(
      (g) => g !== right,
    );
    const results = await Promise.all(
      guesses.map((totp) => login({ email: user.email, password: user.password, totp })),
    );
    const codes = results.map((r) => r.json().code as string);
    expect(codes.filter((c) => c === 'mfa_invalid').length).toBeLessThanOrEqual(5);
    expect(codes.filter((c) => c === 'rate_limited').length).toBeGreaterThanOrEqual(guesses.length - 5);
    expect(results.every((r) => r.statusCode === 401 || r.statusCode === 429)).toBe(true);
  });

  it('refuses a sixth wrong second-factor code within the window, and accepts the right one after it', async () => {
    const user = await createUser(t.db.pool, { organizationId: org, email: 'totp-own@a.example.org', mfa: true });
    for (let i = 0; i < 5; i += 1)
      expect((await login({ email: user.email, password: user.password, totp: '000000' })).json().code).toBe(
        'mfa_invalid',
      );
    const sixth = await login({ email: user.email, password: user.password, totp: '000000' });
    expect(sixth.statusCode).toBe(429);
    t.clock.advance(15 * 60_000 + 1000);
    const ok = await login({
      email: user.email,
      password: user.password,
      totp: totpCode(user.totpSecret!, t.clock.now),
    });
    expect(ok.statusCode).toBe(200);
  });

  it('does not count the first step of a two-step sign-in (right password, code still to come) as a failure', async () => {
    const user = await createUser(t.db.pool, { organizationId: org, email: 'steps@a.example.org', mfa: true });
    for (let i = 0; i < 8; i += 1)
      expect((await login({ email: user.email, password: user.password })).json().code).toBe('mfa_required');
    t.clock.advance(30_000);
    const ok = await login({
      email: user.email,
      password: user.password,
      totp: totpCode(user.totpSecret!, t.clock.now),
    });
    expect(ok.statusCode).toBe(200);
  });
});

describe('one email key (NFKC + case fold) for throttle, lookup and uniqueness', () => {
  it.each([
    ['coordinator@b.example.org', 'coord\u0130nator@b.example.org'],
    ['kate@b.example.org', '\u212Aate@b.example.org'],
    ['strasse@b.example.org', 'STRA\u1E9EE@b.example.org'],
    ['nina@b.example.org', '\uFF2E\uFF49\uFF4E\uFF41@b.example.org'],
  ])('a locked %s stays locked when signed in to as %s', async (email, variant) => {
    const user = await createUser(t.db.pool, { organizationId: org, email });
    for (let i = 0; i < 5; i += 1)
      expect((await login({ email: variant, password: `wrong guess ${i}` })).statusCode).toBe(401);
    // The variant and the plain address share one counter: the account is locked under both spellings.
    expect((await login({ email: user.email, password: user.password })).statusCode).toBe(429);
    expect((await login({ email: variant, password: user.password })).statusCode).toBe(429);
    t.clock.advance(15 * 60_000 + 1000);
    // And the variant finds the same account.
    expect((await login({ email: variant, password: user.password })).statusCode).toBe(200);
  });

  it('refuses a second account whose email differs only by case folding in the same organization', async () => {
    await createUser(t.db.pool, { organizationId: org, email: 'unique@b.example.org' });
    const again = await insertUser(t.db.pool, {
      organizationId: org,
      email: 'UN\u0130QUE@B.example.org',
      name: 'Someone',
      kind: 'staff',
      roles: ['nurse'],
      patientId: null,
      passwordHash: 'x',
      mustChangePassword: false,
      mfaSecret: null,
      now: t.clock.now,
    });
    expect(again).toBeUndefined();
  });
});
