import { can, type Principal } from '../../domain/permissions/index.js';
import { requireStaffAction } from '../chart/access.js';
import { audit } from '../audit/record.js';
import { withTransaction, type AppContext } from '../context.js';
import {
  listSessionRowsByIds,
  listSessionRowsChangedSince,
  listenForSessionChanges,
  notifySessionChange,
  notifySessionChanges,
  sessionBoardChannel,
  unlistenSessionChanges,
  type BoardPool,
  type ListenClient,
} from '../../db/repositories/treatment-sessions.js';
import { asSessionRow, sessionAlerts, sessionVitals, summarize, type SessionView } from './session-read.js';

/**
 * The chair board, live. After every committed session write the server sends NOTIFY session_board;
 * each app server holds one LISTEN connection and fans the change out to its own subscribers, so a
 * board served by any server sees writes made through any other. The event id is the row's updated_at
 * in microseconds: a board that reconnects with Last-Event-ID gets every session changed since.
 *
 * The NOTIFY goes out after the commit, on its own, not inside the write: PostgreSQL serialises the
 * commits of notifying transactions (the notify queue lock is held through the WAL flush), which would
 * turn every audited write into a single file. A server that dies between the two leaves the boards one
 * change behind until the next change or their next reconnect.
 */
export async function announceSessionChange(
  pool: BoardPool,
  change: { organizationId: string; sessionId: string },
): Promise<void> {
  await notifySessionChange(pool, JSON.stringify(change));
}

/**
 * The same, for the write routes: the notice is queued and sent without holding up the answer. Notices
 * are gathered for a few milliseconds (and while one statement is on its way) and go together in one
 * statement, one per session changed: on a busy floor one round trip announces many writes, and a board
 * hears of a change a few milliseconds later (its budget is 250 ms).
 */
export class SessionAnnouncer {
  private queue: { payload: string; onError: (error: unknown) => void }[] = [];
  private sending = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly pool: BoardPool,
    private readonly gatherMs = 5,
  ) {}

  announce(change: { organizationId: string; sessionId: string }, onError: (error: unknown) => void): void {
    this.queue.push({ payload: JSON.stringify(change), onError });
    this.schedule();
  }

  private schedule(): void {
    if (this.sending || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.gatherMs);
  }

  private async flush(): Promise<void> {
    this.sending = true;
    const batch = this.queue;
    this.queue = [];
    try {
      await notifySessionChanges(this.pool, [...new Set(batch.map((b) => b.payload))]);
    } catch (error) {
      for (const b of batch) b.onError(error);
    }
    this.sending = false;
    if (this.queue.length > 0) this.schedule();
  }
}

export interface BoardEvent {
  readonly id: string;
  readonly session: SessionView;
  /** The session as JSON, serialized once per audience. */
  readonly data: string;
}

const event = (id: string, session: SessionView): BoardEvent => ({ id, session, data: JSON.stringify(session) });

interface Subscriber {
  readonly principal: Principal;
  readonly locationId: string | undefined;
  readonly send: (event: BoardEvent) => void;
  /** Ends the subscriber's stream (the server is shutting down). */
  readonly end: () => void;
}

interface Notice {
  organizationId: string;
  sessionId: string;
}

const retryMs = [250, 500, 1000, 2000, 5000];

export class BoardHub {
  private readonly subscribers = new Map<string, Set<Subscriber>>();
  private client: ListenClient | undefined;
  private connecting: Promise<void> | undefined;
  private closed = false;
  private failures = 0;

  constructor(
    private readonly pool: BoardPool,
    private readonly now: () => Date,
    private readonly log: (message: string, error?: unknown) => void = () => undefined,
  ) {}

  /** Subscribe; returns the unsubscribe function. The LISTEN connection opens with the first subscriber. */
  async subscribe(subscriber: Subscriber): Promise<() => void> {
    const org = subscriber.principal.organizationId;
    const set = this.subscribers.get(org) ?? new Set<Subscriber>();
    set.add(subscriber);
    this.subscribers.set(org, set);
    await this.ensureListening();
    return () => {
      set.delete(subscriber);
      if (set.size === 0) this.subscribers.delete(org);
    };
  }

  get listenerCount(): number {
    let n = 0;
    for (const set of this.subscribers.values()) n += set.size;
    return n;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const set of this.subscribers.values()) for (const sub of set) sub.end();
    this.subscribers.clear();
    const client = this.client;
    this.client = undefined;
    if (client) {
      await unlistenSessionChanges(client).catch(() => undefined);
      client.release();
    }
  }

  private async ensureListening(): Promise<void> {
    if (this.client || this.closed) return;
    this.connecting ??= this.connect().finally(() => {
      this.connecting = undefined;
    });
    await this.connecting;
  }

  private async connect(): Promise<void> {
    const client = await this.pool.connect();
    client.on('notification', (message) => {
      if (message.channel !== sessionBoardChannel || !message.payload) return;
      try {
        const notice = JSON.parse(message.payload) as Notice;
        void this.dispatch(notice).catch((error: unknown) => this.log('board: dispatch failed', error));
      } catch (error) {
        this.log('board: unreadable notification', error);
      }
    });
    client.on('error', (error) => {
      this.log('board: LISTEN connection lost', error);
      if (this.client === client) this.client = undefined;
      client.release(error);
      this.reconnectLater();
    });
    await listenForSessionChanges(client);
    this.client = client;
    this.failures = 0;
  }

  private reconnectLater(): void {
    if (this.closed || this.subscribers.size === 0) return;
    const delay = retryMs[Math.min(this.failures, retryMs.length - 1)]!;
    this.failures += 1;
    setTimeout(() => {
      this.ensureListening().catch((error: unknown) => {
        this.log('board: reconnect failed', error);
        this.reconnectLater();
      });
    }, delay).unref();
  }

  private async dispatch(notice: Notice): Promise<void> {
    const set = this.subscribers.get(notice.organizationId);
    if (!set || set.size === 0) return;
    const rows = await listSessionRowsByIds(this.pool, notice.organizationId, [notice.sessionId]);
    const row = rows[0] && asSessionRow(rows[0]);
    if (!row) return;
    const [vitals, alerts] = await Promise.all([
      sessionVitals(this.pool, [row.id]),
      sessionAlerts(this.pool, [row.id]),
    ]);
    const now = this.now();
    // One summary per audience (clinical staff or not), serialized once, sent to every board.
    const byAudience = new Map<boolean, BoardEvent>();
    for (const sub of set) {
      if (sub.locationId !== undefined && row.locationId !== sub.locationId) continue;
      const clinical = can(sub.principal, 'sessions.record') || can(sub.principal, 'sessions.sign');
      let e = byAudience.get(clinical);
      if (!e) {
        e = event(
          String(row.updatedMicros),
          summarize(row, vitals.get(row.id) ?? [], alerts.get(row.id) ?? [], sub.principal, now, { board: true }),
        );
        byAudience.set(clinical, e);
      }
      sub.send(e);
    }
  }
}

/**
 * Opening a live board: checks the caller may read sessions, audits the opening, and returns what the
 * board missed since `lastEventId` (every session changed after it), oldest first.
 */
export async function openBoardStream(
  input: { lastEventId: string | undefined; locationId: string | undefined },
  ctx: AppContext,
): Promise<{ principal: Principal; missed: BoardEvent[] }> {
  const principal = requireStaffAction(ctx, 'sessions.read');
  return withTransaction(ctx, async (tx) => {
    await audit(tx, {
      action: 'sessions.board.stream',
      resourceType: 'treatment_session',
      details: { locationId: input.locationId ?? null, resumed: input.lastEventId !== undefined },
    });
    const since =
      input.lastEventId !== undefined && /^\d{1,20}$/.test(input.lastEventId) ? Number(input.lastEventId) : null;
    if (since === null) return { principal, missed: [] };
    const rows = (await listSessionRowsChangedSince(tx.db, principal.organizationId, since))
      .map(asSessionRow)
      .filter((r) => input.locationId === undefined || r.locationId === input.locationId);
    const ids = rows.map((r) => r.id);
    // One after another: a transaction's client runs one query at a time.
    const vitals = await sessionVitals(tx.db, ids);
    const alerts = await sessionAlerts(tx.db, ids);
    return {
      principal,
      missed: rows.map((r) =>
        event(
          String(r.updatedMicros),
          summarize(r, vitals.get(r.id) ?? [], alerts.get(r.id) ?? [], principal, tx.now, { board: true }),
        ),
      ),
    };
  });
}
