import { describe, expect, it } from 'vitest';
import { SessionCache } from '../../src/app/identity/session-cache.js';
import type { SessionRow } from '../../src/db/repositories/sessions.js';
import type { UserRow } from '../../src/db/repositories/users.js';

const session = (id: string, userId = 'u1'): SessionRow => ({
  id,
  userId,
  csrfToken: 'c',
  lastSeenAt: new Date(0),
  expiresAt: new Date(1e13),
  idleTimeoutSeconds: 900,
  revokedAt: null,
});
const user = (id = 'u1', organizationId = 'o1') => ({ id, organizationId, active: true }) as UserRow;

function cache(options: { maxEntries?: number; ttlMs?: number } = {}) {
  let t = 0;
  const c = new SessionCache({ ...options, clock: () => t });
  c.setListening(true);
  return { c, advance: (ms: number) => (t += ms) };
}

describe('the session cache', () => {
  it('answers nothing while its revocation feed is down, and empties when the feed is lost', () => {
    const c = new SessionCache();
    c.set('s1', session('s1'), user(), c.generation);
    expect(c.get('s1')).toBeUndefined();
    c.setListening(true);
    c.set('s1', session('s1'), user(), c.generation);
    expect(c.get('s1')).toBeDefined();
    c.setListening(false);
    c.setListening(true);
    expect(c.get('s1')).toBeUndefined();
  });

  it('forgets an entry after its time to live', () => {
    const { c, advance } = cache({ ttlMs: 5000 });
    c.set('s1', session('s1'), user(), c.generation);
    advance(4999);
    expect(c.get('s1')).toBeDefined();
    advance(1);
    expect(c.get('s1')).toBeUndefined();
  });

  it('is bounded: the least recently used entry goes first', () => {
    const { c } = cache({ maxEntries: 2 });
    c.set('a', session('a'), user(), c.generation);
    c.set('b', session('b'), user(), c.generation);
    c.get('a');
    c.set('c', session('c'), user(), c.generation);
    expect([c.get('a'), c.get('b'), c.get('c')].map(Boolean)).toEqual([true, false, true]);
    expect(c.size).toBe(2);
  });

  it('applies notifications: a session, every session of a user, of an organization', () => {
    const { c } = cache();
    c.set('a', session('a', 'u1'), user('u1', 'o1'), c.generation);
    c.set('b', session('b', 'u1'), user('u1', 'o1'), c.generation);
    c.set('c', session('c', 'u2'), user('u2', 'o1'), c.generation);
    c.set('d', session('d', 'u3'), user('u3', 'o2'), c.generation);
    c.apply('s:a');
    expect(c.get('a')).toBeUndefined();
    c.apply('u:u1');
    expect(c.get('b')).toBeUndefined();
    expect(c.get('c')).toBeDefined();
    c.apply('o:o1');
    expect(c.get('c')).toBeUndefined();
    expect(c.get('d')).toBeDefined();
    c.apply('f:marker');
    expect(c.get('d')).toBeDefined();
    c.apply('garbage');
    expect(c.get('d')).toBeUndefined();
  });

  it('a read that began before a revocation never refills the cache', () => {
    const { c } = cache();
    const before = c.generation;
    c.apply('s:a'); // revoked while the read was in flight
    c.set('a', session('a'), user(), before);
    expect(c.get('a')).toBeUndefined();
  });

  it('waits until a payload has been heard enough times, or gives up after the bound', async () => {
    const { c } = cache();
    const waiting = c.hear('a:m', 2, 10_000);
    c.apply('a:m');
    let done = false;
    void waiting.then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    c.apply('a:m');
    await waiting;
    const started = performance.now();
    await c.hear('a:never', 1, 20);
    expect(performance.now() - started).toBeGreaterThanOrEqual(15);
  });
});
