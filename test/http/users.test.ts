import { describe, expect, it } from 'vitest';
import { createIdentityTestApp, createOrganization, createUser, signIn } from '../setup/identity.js';

const t = await createIdentityTestApp();
const orgA = await createOrganization(t.db.pool, 'Clinic A');
const orgB = await createOrganization(t.db.pool, 'Clinic B');
const adminA = await createUser(t.db.pool, {
  organizationId: orgA,
  email: 'admin@a.example.org',
  roles: ['admin'],
  mfa: true,
});
const nurseA = await createUser(t.db.pool, { organizationId: orgA, email: 'nurse@a.example.org', roles: ['nurse'] });
const coordinatorA = await createUser(t.db.pool, {
  organizationId: orgA,
  email: 'coord@a.example.org',
  roles: ['coordinator'],
});
const adminB = await createUser(t.db.pool, {
  organizationId: orgB,
  email: 'admin@b.example.org',
  roles: ['admin'],
  mfa: true,
});
const nurseB = await createUser(t.db.pool, { organizationId: orgB, email: 'nurse@b.example.org', roles: ['nurse'] });
const patient1 = await createUser(t.db.pool, { organizationId: orgA, email: 'pat1@a.example.org', kind: 'patient' });
const patient2 = await createUser(t.db.pool, { organizationId: orgA, email: 'pat2@a.example.org', kind: 'patient' });

const admin = await signIn(t, adminA);
const api = (method: 'GET' | 'POST' | 'PATCH', url: string, headers: Record<string, string>, payload?: unknown) =>
  t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers,
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });

describe('user administration', () => {
  it('lists only the admin’s own organization, with cursor pagination', async () => {
    const first = await api('GET', '/users?limit=2', admin.headers);
    expect(first.statusCode).toBe(200);
    expect(first.json().items).toHaveLength(2);
    expect(first.json().nextCursor).toBeTruthy();
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await api('GET', `/users?limit=2${cursor ? `&cursor=${cursor}` : ''}`, admin.headers);
      all.push(...page.json().items.map((u: { email: string }) => u.email));
      cursor = page.json().nextCursor;
    } while (cursor);
    expect(all).toContain(nurseA.email);
    expect(all).not.toContain(nurseB.email);
    // Patients' portal accounts are not staff: they are managed from the chart, not the users list.
    expect(all).not.toContain('pat1@a.example.org');
    expect(JSON.stringify(first.json())).not.toMatch(/hash|secret/i);
  });

  it('invites a staff member who must change the temporary password at first sign-in', async () => {
    const res = await api('POST', '/users', admin.headers, {
      email: 'new.nurse@a.example.org',
      name: 'New Nurse',
      roles: ['nurse'],
      temporaryPassword: 'temporary pass 123',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      email: 'new.nurse@a.example.org',
      roles: ['nurse'],
      active: true,
      mfaEnabled: false,
      version: 1,
      lastLoginAt: null,
    });
    const dup = await api('POST', '/users', admin.headers, {
      email: 'NEW.nurse@a.example.org',
      name: 'Again',
      roles: ['nurse'],
      temporaryPassword: 'temporary pass 123',
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('email_taken');
    const weak = await api('POST', '/users', admin.headers, {
      email: 'weak@a.example.org',
      name: 'Weak',
      roles: ['nurse'],
      temporaryPassword: 'password1234',
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors[0].path).toBe('/body/temporaryPassword');
    const badRole = await api('POST', '/users', admin.headers, {
      email: 'r@a.example.org',
      name: 'R',
      roles: ['superuser'],
      temporaryPassword: 'temporary pass 123',
    });
    expect(badRole.statusCode).toBe(400);
    const first = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'new.nurse@a.example.org', password: 'temporary pass 123' },
    });
    expect(first.json().user.mustChangePassword).toBe(true);
  });

  it('refuses a stale version with 409, and deactivating signs the person out everywhere', async () => {
    const target = await createUser(t.db.pool, {
      organizationId: orgA,
      email: 'leaving@a.example.org',
      roles: ['coordinator'],
    });
    const theirs = await signIn(t, target);
    const renamed = await api('PATCH', `/users/${target.id}`, admin.headers, { name: 'Leaving Soon', version: 1 });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().version).toBe(2);
    const stale = await api('PATCH', `/users/${target.id}`, admin.headers, { active: false, version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('stale_version');
    expect((await api('GET', '/me', theirs.headers)).statusCode).toBe(200);
    const off = await api('PATCH', `/users/${target.id}`, admin.headers, { active: false, version: 2 });
    expect(off.statusCode).toBe(200);
    expect(off.json().active).toBe(false);
    expect((await api('GET', '/me', theirs.headers)).statusCode).toBe(401);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: target.email, password: target.password },
    });
    expect(again.json().code).toBe('invalid_credentials');
  });

  it('lets an admin revoke all sessions of a user', async () => {
    const s = await signIn(t, coordinatorA);
    expect((await api('POST', `/users/${coordinatorA.id}/revoke-sessions`, admin.headers)).statusCode).toBe(204);
    expect((await api('GET', '/me', s.headers)).statusCode).toBe(401);
  });

  it('does not let an admin lock themself out', async () => {
    const me = await api('GET', `/users/${adminA.id}`, admin.headers);
    const res = await api('PATCH', `/users/${adminA.id}`, admin.headers, { active: false, version: me.json().version });
    expect(res.statusCode).toBe(409);
  });
});

describe('hostile input to account administration', () => {
  it('stores SQL metacharacters as plain text', async () => {
    const name = "Robert'); DROP TABLE users; --";
    const res = await api('POST', '/users', admin.headers, {
      email: 'bobby@a.example.org',
      name,
      roles: ['nurse'],
      temporaryPassword: 'temporary pass 123',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().name).toBe(name);
    const injected = await api('GET', `/users?cursor=${encodeURIComponent("' OR '1'='1")}`, admin.headers);
    expect(injected.statusCode).toBe(400);
    expect(injected.json().errors[0].path).toBe('/query/cursor');
  });

  it('answers a 10 MB value in any field with 413 and creates nothing', async () => {
    const huge = 'x'.repeat(10 * 1024 * 1024);
    const valid = {
      email: 'huge@a.example.org',
      name: 'Huge',
      roles: ['nurse'],
      temporaryPassword: 'temporary pass 123',
    };
    for (const field of Object.keys(valid)) {
      const res = await api('POST', '/users', admin.headers, { ...valid, [field]: field === 'roles' ? [huge] : huge });
      expect(res.statusCode).toBe(413);
    }
    const patch = await api('PATCH', `/users/${nurseA.id}`, admin.headers, { name: huge, version: 1 });
    expect(patch.statusCode).toBe(413);
    expect((await t.db.pool.query("SELECT 1 FROM users WHERE email = 'huge@a.example.org'")).rowCount).toBe(0);
    expect((await t.db.pool.query('SELECT version FROM users WHERE id = $1', [nurseA.id])).rows[0].version).toBe(1);
  });
});

describe('scoping: ids of other organizations and other patients are never confirmed', () => {
  it('answers org A’s admin asking for org B’s user with 404, for reading and for changing', async () => {
    expect((await api('GET', `/users/${nurseB.id}`, admin.headers)).statusCode).toBe(404);
    const patch = await api('PATCH', `/users/${nurseB.id}`, admin.headers, { active: false, version: 1 });
    expect(patch.statusCode).toBe(404);
    expect((await api('POST', `/users/${nurseB.id}/revoke-sessions`, admin.headers)).statusCode).toBe(404);
    const b = await t.db.pool.query('SELECT active, version FROM users WHERE id = $1', [nurseB.id]);
    expect(b.rows[0]).toEqual({ active: true, version: 1 });
    const other = await signIn(t, adminB);
    expect((await api('GET', `/users/${nurseA.id}`, other.headers)).statusCode).toBe(404);
  });

  it('answers a patient asking for another patient’s record with 404 (not 403), and shows them their own', async () => {
    const p1 = await signIn(t, patient1);
    const own = await api('GET', `/users/${patient1.id}`, p1.headers);
    expect(own.statusCode).toBe(200);
    expect(own.json().kind).toBe('patient');
    const other = await api('GET', `/users/${patient2.id}`, p1.headers);
    expect(other.statusCode).toBe(404);
    const missing = await api('GET', '/users/00000000-0000-4000-8000-000000000000', p1.headers);
    expect(other.json().code).toBe(missing.json().code);
  });

  it('refuses a coordinator what they lack (clinical notes are not theirs; nor is the audit log) with 403', async () => {
    const c = await signIn(t, coordinatorA);
    expect(c.me.permissions).not.toContain('clinical_notes.read');
    const res = await api('GET', '/audit', c.headers);
    expect(res.statusCode).toBe(403);
    const denied = await t.db.pool.query(
      "SELECT outcome, details FROM audit_log WHERE action = 'access.denied' AND actor_user_id = $1",
      [coordinatorA.id],
    );
    expect(denied.rows[0]).toMatchObject({ outcome: 'denied', details: { needs: 'audit.read' } });
  });
});

describe('audit log', () => {
  it('records writes with who, what and from where, and lets an admin filter it', async () => {
    const res = await api('GET', `/audit?userId=${adminA.id}&limit=50`, admin.headers);
    expect(res.statusCode).toBe(200);
    const actions = res.json().items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['auth.login', 'users.create', 'users.update', 'users.revoke_sessions']),
    );
    const entry = res.json().items.find((e: { action: string }) => e.action === 'users.create');
    expect(entry).toMatchObject({
      actorUserId: adminA.id,
      actorRoles: ['admin'],
      resourceType: 'user',
      outcome: 'success',
      ip: '127.0.0.1',
      userAgent: 'lightMyRequest',
    });
    const none = await api('GET', `/audit?patientId=${patient1.patientId}&from=2020-01-01T00:00:00Z`, admin.headers);
    expect(none.json().items).toEqual([]);
    const bad = await api('GET', '/audit?from=yesterday', admin.headers);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('/query/from');
  });

  it('leaves no audit entry claiming success when the write it records fails', async () => {
    const count = async () =>
      (await t.db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'users.create'"))
        .rows[0]!.n;
    const before = await count();
    // A deferred trigger fails the transaction at COMMIT — after the user row AND its audit entry were written.
    const owner = await t.db.client();
    await owner.query(
      `CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused at commit'; END $$`,
    );
    await owner.query(
      'CREATE CONSTRAINT TRIGGER test_refuse AFTER INSERT ON users DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_refuse()',
    );
    try {
      const res = await api('POST', '/users', admin.headers, {
        email: 'zed@a.example.org',
        name: 'Zed',
        roles: ['nurse'],
        temporaryPassword: 'temporary pass 123',
      });
      expect(res.statusCode).toBe(500);
      expect(res.json().code).toBe('internal_error');
    } finally {
      await owner.query('DROP TRIGGER test_refuse ON users');
      await owner.query('DROP FUNCTION test_refuse()');
      await owner.end();
    }
    expect((await t.db.pool.query("SELECT 1 FROM users WHERE email = 'zed@a.example.org'")).rowCount).toBe(0);
    expect(await count()).toBe(before);
  });
});
