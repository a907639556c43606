import type * as Argon2 from '@node-rs/argon2';
import { describe, expect, it, vi } from 'vitest';

// Issue 9, defect 12: the time of a sign-in must not tell whether an email is held in none, one or two
// organizations. Timing itself is noisy on a shared machine; the cause is not: count the argon2 checks.
const calls = vi.hoisted(() => ({ verify: 0 }));
vi.mock('@node-rs/argon2', async (original) => {
  const real = await original<typeof Argon2>();
  return {
    ...real,
    verify: async (...args: Parameters<typeof real.verify>) => {
      calls.verify += 1;
      return real.verify(...args);
    },
  };
});

const { createIdentityTestApp, createOrganization, createUser } = await import('../../setup/identity.js');
const { PASSWORD_CHECKS_PER_SIGN_IN } = await import('../../../src/app/identity/login.js');

const t = await createIdentityTestApp({ loginLimits: { windowMinutes: 15, perAccount: 100, perIp: 1000 } });
const orgA = await createOrganization(t.db.pool, 'Clinic A');
const orgB = await createOrganization(t.db.pool, 'Clinic B');
const single = await createUser(t.db.pool, { organizationId: orgA, email: 'one@example.org' });
const shared = await createUser(t.db.pool, { organizationId: orgA, email: 'two@example.org' });
await createUser(t.db.pool, { organizationId: orgB, email: 'two@example.org', password: 'another long password 2' });

async function checksFor(email: string, password: string): Promise<{ checks: number; status: number }> {
  const before = calls.verify;
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  return { checks: calls.verify - before, status: res.statusCode };
}

describe('sign-in does the same password work whatever the email', () => {
  it('checks the same number of hashes for an unknown email, one account and two accounts, right or wrong', async () => {
    const seen = [
      await checksFor('nobody@example.org', 'a wrong password here'),
      await checksFor(single.email, 'a wrong password here'),
      await checksFor(shared.email, 'a wrong password here'),
      await checksFor(single.email, single.password),
      await checksFor(shared.email, shared.password),
    ];
    expect(seen.map((s) => s.status)).toEqual([401, 401, 401, 200, 200]);
    expect(new Set(seen.map((s) => s.checks))).toEqual(new Set([PASSWORD_CHECKS_PER_SIGN_IN]));
  });
});
