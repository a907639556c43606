import { randomUUID } from 'node:crypto';
import { countAuthListeners, listenForAuthChanges, notifyAuthChange } from '../../db/auth-listener.js';
import type { SessionRow } from '../../db/repositories/sessions.js';
import type { UserRow } from '../../db/repositories/users.js';
import type { DatabasePool } from '../context.js';

/**
 * A short in-process cache of resolved sessions (decision 018), so most requests are authenticated without
 * a database round trip. Bounded (least recently used out first) and short-lived (a few seconds); it is only
 * used while this server is LISTENing for revocations (`ketaclinic_auth`, sent by triggers on sessions,
 * users and organizations — migration 0014): sign-out, password change, deactivation or a role change on any
 * server, or from the command line, evicts the entries concerned on every server at once. When the LISTEN
 * connection is lost the cache is emptied and bypassed until it is back (no notification can be missed).
 *
 * A read that started before an eviction never refills the cache (the generation check), so a revocation
 * cannot be undone by a request that was already in flight.
 */
export interface CachedSession {
  session: SessionRow;
  readonly user: UserRow;
  /** Monotonic ms when read from the database. */
  readonly loadedAt: number;
}

export interface SessionCacheOptions {
  readonly maxEntries?: number;
  readonly ttlMs?: number;
  /** Monotonic clock (ms). */
  readonly clock?: () => number;
}

export class SessionCache {
  private readonly entries = new Map<string, CachedSession>();
  private readonly maxEntries: number;
  private readonly ttlMs: number;
  private readonly clock: () => number;
  private listening = false;
  /** Bumped on every eviction: a read that began under an older generation does not fill the cache. */
  private generationCounter = 0;
  /** How often each recent payload was heard, and who waits for a payload to be heard often enough. */
  private readonly recent = new Map<string, number>();
  private readonly waiters = new Set<{ readonly payload: string; readonly times: number; readonly wake: () => void }>();

  constructor(options: SessionCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.ttlMs = options.ttlMs ?? 5_000;
    this.clock = options.clock ?? (() => performance.now());
  }

  /** Whether the cache may answer (its revocation feed is connected). */
  get enabled(): boolean {
    return this.listening;
  }

  get generation(): number {
    return this.generationCounter;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The revocation feed is up (true) or lost (false: everything cached is dropped). */
  setListening(listening: boolean): void {
    this.listening = listening;
    if (!listening) {
      this.clear();
      for (const waiter of [...this.waiters]) waiter.wake();
    }
  }

  get(sessionId: string): CachedSession | undefined {
    if (!this.listening) return undefined;
    const hit = this.entries.get(sessionId);
    if (!hit) return undefined;
    if (this.clock() - hit.loadedAt >= this.ttlMs) {
      this.entries.delete(sessionId);
      return undefined;
    }
    // Most recently used last (Map keeps insertion order).
    this.entries.delete(sessionId);
    this.entries.set(sessionId, hit);
    return hit;
  }

  /** Caches a session read under `generation` (read before the database query). */
  set(sessionId: string, session: SessionRow, user: UserRow, generation: number): void {
    if (!this.listening || generation !== this.generationCounter) return;
    this.entries.set(sessionId, { session, user, loadedAt: this.clock() });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  forgetSession(sessionId: string): void {
    this.generationCounter += 1;
    this.entries.delete(sessionId);
  }

  forgetUser(userId: string): void {
    this.generationCounter += 1;
    for (const [id, entry] of this.entries) if (entry.user.id === userId) this.entries.delete(id);
  }

  forgetOrganization(organizationId: string): void {
    this.generationCounter += 1;
    for (const [id, entry] of this.entries) if (entry.user.organizationId === organizationId) this.entries.delete(id);
  }

  clear(): void {
    this.generationCounter += 1;
    this.entries.clear();
  }

  /** Resolves once `payload` has been heard `times` times (or after `maxMs`, or at once when not listening). */
  async hear(payload: string, times: number, maxMs: number): Promise<void> {
    if (!this.listening || (this.recent.get(payload) ?? 0) >= times) return;
    await new Promise<void>((resolve) => {
      const waiter = {
        payload,
        times,
        wake: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve();
        },
      };
      const timer = setTimeout(waiter.wake, maxMs);
      this.waiters.add(waiter);
    });
  }

  /** A `ketaclinic_auth` notification: 's:<session id>', 'u:<user id>' or 'o:<organization id>'. */
  apply(payload: string): void {
    const times = (this.recent.get(payload) ?? 0) + 1;
    this.recent.delete(payload);
    this.recent.set(payload, times);
    if (this.recent.size > 1000) this.recent.delete(this.recent.keys().next().value!);
    for (const waiter of [...this.waiters]) if (waiter.payload === payload && times >= waiter.times) waiter.wake();
    const id = payload.slice(2);
    if (payload.startsWith('s:')) this.forgetSession(id);
    else if (payload.startsWith('u:')) this.forgetUser(id);
    else if (payload.startsWith('o:')) this.forgetOrganization(id);
    else if (!payload.startsWith('f:') && !payload.startsWith('a:')) this.clear();
  }
}

/** This server's session cache with its revocation feed (LISTEN ketaclinic_auth); `close` ends the feed. */
export function startSessionCache(
  pool: DatabasePool,
  log: (message: string, error?: unknown) => void,
  options: SessionCacheOptions = {},
): {
  cache: SessionCache;
  ready: (waitMs: number) => Promise<boolean>;
  fence: (maxMs: number) => Promise<void>;
  close: () => Promise<void>;
} {
  const cache = new SessionCache(options);
  const listener = listenForAuthChanges(pool, {
    onNotice: (payload) => {
      cache.apply(payload);
      // A fence: this server has now applied everything committed before it; say so.
      if (payload.startsWith('f:'))
        notifyAuthChange(pool, `a:${payload.slice(2)}`).catch((error: unknown) =>
          log('auth: could not acknowledge', error),
        );
    },
    onChange: (listening) => cache.setListening(listening),
    log,
  });
  return {
    cache,
    ready: (waitMs) => listener.ready(waitMs),
    /**
     * After a revocation committed: a fence sent down the channel, which every listening server acknowledges
     * once it has applied everything committed before it (notifications reach each listener in commit order).
     * Resolves when all have (or after `maxMs`).
     */
    async fence(maxMs) {
      if (!cache.enabled) return;
      const marker = randomUUID();
      const servers = await countAuthListeners(pool);
      const acknowledged = cache.hear(`a:${marker}`, servers, maxMs);
      await notifyAuthChange(pool, `f:${marker}`);
      await acknowledged;
    },
    close: () => listener.close(),
  };
}
