import { describe, expect, it } from 'vitest';
import { createIdentityTestApp, createOrganization, createUser, signIn } from '../../setup/identity.js';

// Issue 9, defect 11: an admin never changes their own roles; prescribing needs a second admin.
const t = await createIdentityTestApp();
const org = await createOrganization(t.db.pool, 'Clinic A');
const adminOne = await createUser(t.db.pool, {
  organizationId: org,
  email: 'one@a.example.org',
  roles: ['admin'],
  mfa: true,
});
const adminTwo = await createUser(t.db.pool, {
  organizationId: org,
  email: 'two@a.example.org',
  roles: ['admin'],
  mfa: true,
});
const nurse = await createUser(t.db.pool, { organizationId: org, email: 'nurse@a.example.org', roles: ['nurse'] });
const one = await signIn(t, adminOne);
const two = await signIn(t, adminTwo);

const api = (method: 'GET' | 'POST' | 'PATCH', url: string, headers: Record<string, string>, payload?: unknown) =>
  t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers,
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
const rolesOf = async (id: string): Promise<string[]> =>
  (await t.db.pool.query<{ roles: string[] }>('SELECT roles FROM users WHERE id = $1', [id])).rows[0]!.roles;
const auditActions = async (resourceId: string): Promise<string[]> =>
  (
    await t.db.pool.query<{ action: string }>('SELECT action FROM audit_log WHERE resource_id = $1 ORDER BY id', [
      resourceId,
    ])
  ).rows.map((r) => r.action);

describe('role changes', () => {
  it('refuses an admin granting themself prescribing, or changing their own roles at all', async () => {
    const me = (await api('GET', `/users/${adminOne.id}`, one.headers)).json();
    for (const roles of [['admin', 'prescriber'], ['admin', 'nurse'], ['nurse']]) {
      const res = await api('PATCH', `/users/${adminOne.id}`, one.headers, { roles, version: me.version });
      expect(res.statusCode).toBe(403);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
    }
    expect(await rolesOf(adminOne.id)).toEqual(['admin']);
  });

  it('holds a grant of prescribing until a second admin confirms it, and audits both admins', async () => {
    const before = (await api('GET', `/users/${nurse.id}`, one.headers)).json();
    const asked = await api('PATCH', `/users/${nurse.id}`, one.headers, {
      roles: ['nurse', 'prescriber'],
      version: before.version,
    });
    expect(asked.statusCode).toBe(200);
    expect(asked.json().roles).toEqual(['nurse']);
    const grant = asked.json().pendingRoleGrant;
    expect(grant).toMatchObject({ roles: ['nurse', 'prescriber'], requestedBy: adminOne.id });
    expect(await rolesOf(nurse.id)).toEqual(['nurse']);

    // The admin who asked cannot confirm; neither can the person concerned (not an admin here anyway).
    const self = await api('POST', `/users/${nurse.id}/role-grants/${grant.id}/confirm`, one.headers);
    expect(self.statusCode).toBe(403);
    expect(await rolesOf(nurse.id)).toEqual(['nurse']);

    const confirmed = await api('POST', `/users/${nurse.id}/role-grants/${grant.id}/confirm`, two.headers);
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toMatchObject({ roles: ['nurse', 'prescriber'], pendingRoleGrant: null });
    expect(await rolesOf(nurse.id)).toEqual(['nurse', 'prescriber']);
    expect(await auditActions(nurse.id)).toEqual(
      expect.arrayContaining(['users.update', 'users.role_grant_requested', 'users.role_grant_confirmed']),
    );
    const entry = await t.db.pool.query<{ details: Record<string, unknown>; actor_user_id: string }>(
      "SELECT details, actor_user_id FROM audit_log WHERE action = 'users.role_grant_confirmed' AND resource_id = $1",
      [nurse.id],
    );
    expect(entry.rows[0]).toMatchObject({
      actor_user_id: adminTwo.id,
      details: { requestedBy: adminOne.id, decidedBy: adminTwo.id, roles: ['nurse', 'prescriber'] },
    });
    // Confirmed once: a second confirmation finds nothing pending.
    expect((await api('POST', `/users/${nurse.id}/role-grants/${grant.id}/confirm`, two.headers)).statusCode).toBe(404);
  });

  it('creates a new account without prescribing until a second admin confirms, and lets any admin cancel', async () => {
    const created = await api('POST', '/users', one.headers, {
      email: 'new.prescriber@a.example.org',
      name: 'New Prescriber',
      roles: ['prescriber'],
      temporaryPassword: 'temporary pass 123',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().roles).toEqual([]);
    const grant = created.json().pendingRoleGrant;
    expect(grant.roles).toEqual(['prescriber']);
    const cancelled = await api('POST', `/users/${created.json().id}/role-grants/${grant.id}/cancel`, one.headers);
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ roles: [], pendingRoleGrant: null });
    expect(await auditActions(created.json().id)).toContain('users.role_grant_cancelled');
  });

  it('applies other role changes at once (no second admin needed to add nursing or remove prescribing)', async () => {
    const current = (await api('GET', `/users/${nurse.id}`, one.headers)).json();
    const res = await api('PATCH', `/users/${nurse.id}`, one.headers, {
      roles: ['nurse', 'coordinator'],
      version: current.version,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ roles: ['nurse', 'coordinator'], pendingRoleGrant: null });
  });
});
