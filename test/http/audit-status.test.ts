import { describe, expect, it } from 'vitest';
import { sealPending } from '../../src/app/audit/seal.js';
import { memoryKeyring } from '../../src/app/audit/keyring.js';
const keyring = memoryKeyring();
import { createIdentityTestApp, createOrganization, createUser, signIn } from '../setup/identity.js';

/** GET /api/v1/audit/status: the seal state the audit log page shows. */
const t = await createIdentityTestApp();
const org = await createOrganization(t.db.pool, 'Status Clinic');
const otherOrg = await createOrganization(t.db.pool, 'Other Status Clinic');
const admin = await createUser(t.db.pool, {
  organizationId: org,
  email: 'admin@status.example.org',
  roles: ['admin'],
  mfa: true,
});
const otherAdmin = await createUser(t.db.pool, {
  organizationId: otherOrg,
  email: 'admin@other-status.example.org',
  roles: ['admin'],
  mfa: true,
});

const status = async (headers: Record<string, string>) => {
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/audit/status', headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{
    lastSealedSeq: number | null;
    lastSealedAt: string | null;
    unsealedCount: number;
    oldestUnsealedAt: string | null;
    sealerBehind: boolean;
  }>();
};

describe('audit chain status', () => {
  it("reports the clinic's unsealed entries, then the chain's end once the sealer has run", async () => {
    const session = await signIn(t, admin);
    const before = await status(session.headers);
    expect(before.lastSealedSeq).toBeNull();
    expect(before.unsealedCount).toBeGreaterThanOrEqual(1); // the admin's own sign-in
    expect(before.oldestUnsealedAt).toEqual(expect.any(String));
    expect(before.sealerBehind).toBe(false);

    const sealed = await sealPending(t.db.pool, { now: () => t.clock.now, keyring });
    expect(sealed.sealed).toBeGreaterThan(0);
    const after = await status(session.headers);
    expect(after).toMatchObject({ unsealedCount: 0, oldestUnsealedAt: null, sealerBehind: false });
    expect(after.lastSealedSeq).toBe(sealed.sealed);
    expect(after.lastSealedAt).toBe(t.clock.now.toISOString());
  });

  it('says the sealer is behind when an entry has waited longer than verify-audit allows', async () => {
    const session = await signIn(t, admin);
    t.clock.advance(61_000);
    const s = await status(session.headers);
    expect(s.unsealedCount).toBeGreaterThan(0);
    expect(s.sealerBehind).toBe(true);
  });

  it("counts only the admin's own clinic's unsealed entries", async () => {
    await sealPending(t.db.pool, { now: () => t.clock.now, keyring });
    const session = await signIn(t, admin);
    const own = (await status(session.headers)).unsealedCount;
    const other = await signIn(t, otherAdmin);
    expect((await status(session.headers)).unsealedCount).toBe(own);
    expect((await status(other.headers)).unsealedCount).toBeGreaterThanOrEqual(1);
  });
});
