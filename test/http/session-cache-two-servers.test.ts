import { afterAll, describe, expect, it } from 'vitest';
import { makeClock } from '../setup/clock.js';
import { createTestApp } from '../setup/app.js';
import { createOrganization, createUser, type TestUser } from '../setup/identity.js';

/**
 * Sessions are validated from a short in-process cache on each server; revocations reach every server at
 * once over LISTEN/NOTIFY (migration 0014, decision 018). Two app servers on one database, over real
 * loopback HTTP: what one server ends, the other refuses on the very next request.
 */
const clock = makeClock();
const a = await createTestApp({ clock });
const b = await createTestApp({ clock, db: a.db });
const urlA = await a.app.listen({ port: 0, host: '127.0.0.1' });
const urlB = await b.app.listen({ port: 0, host: '127.0.0.1' });
afterAll(async () => {
  await Promise.all([a.app.close(), b.app.close()]);
});
const pool = a.db.pool;
const organizationId = await createOrganization(pool, 'Two Servers Clinic');
let n = 0;
const nurse = async (): Promise<TestUser> =>
  createUser(pool, { organizationId, email: `nurse${++n}@two-servers.example.org`, roles: ['nurse'] });

interface Signed {
  cookie: string;
  csrf: string;
}

async function signInAt(url: string, user: TestUser, totp?: string): Promise<Signed> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: user.email, password: user.password, ...(totp ? { totp } : {}) }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  const cookie = /kc_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
  return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

const me = async (url: string, s: Signed): Promise<number> =>
  (await fetch(`${url}/api/v1/me`, { headers: { cookie: s.cookie } })).status;

async function post(url: string, s: Signed, path: string, body: unknown, method = 'POST'): Promise<number> {
  const res = await fetch(`${url}/api/v1${path}`, {
    method,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  return res.status;
}

describe('two app servers on one database', () => {
  it('sign-out on A is refused on B at once, though B had the session cached', async () => {
    const session = await signInAt(urlA, await nurse());
    expect(await me(urlB, session)).toBe(200);
    expect(await me(urlB, session)).toBe(200); // from B's cache
    expect(await post(urlA, session, '/auth/logout', {})).toBe(204);
    expect(await me(urlB, session)).toBe(401);
    expect(await me(urlA, session)).toBe(401);
  });

  it('a password change on B ends the user’s other sessions on A at once', async () => {
    const user = await nurse();
    const first = await signInAt(urlA, user);
    const second = await signInAt(urlB, user);
    expect(await me(urlA, first)).toBe(200);
    const status = await post(urlB, second, '/me/password', {
      currentPassword: user.password,
      newPassword: 'a-much-longer-new-passphrase-2026',
    });
    expect(status).toBe(204);
    expect(await me(urlA, first)).toBe(401);
    expect(await me(urlB, second)).toBe(200);
  });

  it('deactivation from outside the servers (the command line, straight SQL) reaches both caches', async () => {
    const user = await nurse();
    const session = await signInAt(urlA, user);
    expect(await me(urlA, session)).toBe(200);
    expect(await me(urlB, session)).toBe(200);
    await pool.query('UPDATE users SET active = false WHERE id = $1', [user.id]);
    // The notification is sent at commit; give it the time a packet over loopback takes.
    const deadline = Date.now() + 500;
    while (Date.now() < deadline && ((await me(urlA, session)) !== 401 || (await me(urlB, session)) !== 401))
      await new Promise((r) => setTimeout(r, 5));
    expect([await me(urlA, session), await me(urlB, session)]).toEqual([401, 401]);
  });

  it('a role change made in the database (as the command line does) applies to the cached session', async () => {
    const user = await nurse();
    const session = await signInAt(urlB, user);
    const intakes = async () => (await fetch(`${urlB}/api/v1/intakes`, { headers: { cookie: session.cookie } })).status;
    expect(await intakes()).toBe(403);
    await pool.query(`UPDATE users SET roles = '{coordinator}' WHERE id = $1`, [user.id]);
    const deadline = Date.now() + 500;
    while (Date.now() < deadline && (await intakes()) === 403) await new Promise((r) => setTimeout(r, 5));
    expect(await intakes()).toBe(200);
  });

  it('keeps the idle timeout: a cached session idle past it is refused, one in use stays alive on both', async () => {
    const idle = await signInAt(urlA, await nurse());
    const busy = await signInAt(urlA, await nurse());
    expect(await me(urlB, idle)).toBe(200);
    expect(await me(urlB, busy)).toBe(200);
    // In use on B every 10 minutes (B records it in the database: at most a minute behind).
    clock.advance(10 * 60_000);
    expect(await me(urlB, busy)).toBe(200);
    clock.advance(10 * 60_000);
    // 20 minutes: past the 15-minute idle timeout for the idle one, on both servers; the busy one was
    // seen 10 minutes ago, and A (which never saw it since sign-in) agrees from the database.
    expect(await me(urlB, idle)).toBe(401);
    expect(await me(urlA, idle)).toBe(401);
    expect(await me(urlA, busy)).toBe(200);
    expect(await me(urlB, busy)).toBe(200);
  });
});
