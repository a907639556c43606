import type pg from 'pg';

/**
 * One LISTEN ketaclinic_auth connection per app server (migration 0014's triggers notify on revocations and
 * account changes). `onChange(true)` once listening, `onChange(false)` when the connection is lost (the
 * caller must then stop trusting anything it cached); it reconnects with a growing delay until closed.
 */
export interface AuthListener {
  /** Settles when first listening (true), or false after `waitMs` without (it keeps trying in the background). */
  ready(waitMs: number): Promise<boolean>;
  close(): Promise<void>;
}

const CHANNEL = 'ketaclinic_auth';
const LISTENER_NAME = 'ketaclinic auth listener';
const retryMs = [100, 250, 500, 1000, 2000, 5000];

export function listenForAuthChanges(
  pool: pg.Pool,
  handlers: {
    readonly onNotice: (payload: string) => void;
    readonly onChange: (listening: boolean) => void;
    readonly log?: (message: string, error?: unknown) => void;
  },
): AuthListener {
  let client: pg.PoolClient | undefined;
  let closed = false;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  let listening!: () => void;
  const first = new Promise<void>((resolve) => (listening = resolve));

  const lost = (c: pg.PoolClient, error: unknown): void => {
    if (client !== c) return;
    client = undefined;
    handlers.onChange(false);
    handlers.log?.('auth: LISTEN connection lost; sessions are read from the database until it is back', error);
    c.release(error instanceof Error ? error : true);
    later();
  };

  const later = (): void => {
    if (closed) return;
    const delay = retryMs[Math.min(failures, retryMs.length - 1)]!;
    failures += 1;
    timer = setTimeout(() => void connect(), delay);
    timer.unref();
  };

  const connect = async (): Promise<void> => {
    if (closed) return;
    let c: pg.PoolClient;
    try {
      c = await pool.connect();
    } catch (error) {
      handlers.log?.('auth: could not open the LISTEN connection', error);
      later();
      return;
    }
    c.on('notification', (message) => {
      if (message.channel === CHANNEL && message.payload) handlers.onNotice(message.payload);
    });
    c.on('error', (error) => lost(c, error));
    c.on('end', () => lost(c, new Error('connection ended')));
    try {
      // Named, so every server can count the listeners (countAuthListeners); the connection is never
      // returned to the pool for other work (released destroyed).
      await c.query(`SET application_name = '${LISTENER_NAME}'`);
      await c.query(`LISTEN ${CHANNEL}`);
    } catch (error) {
      c.release(true);
      handlers.log?.('auth: LISTEN failed', error);
      later();
      return;
    }
    if (closed) {
      c.release(true);
      return;
    }
    client = c;
    failures = 0;
    handlers.onChange(true);
    listening();
  };

  void connect();
  return {
    async ready(waitMs) {
      let waited: NodeJS.Timeout | undefined;
      const timeout = new Promise<boolean>((resolve) => (waited = setTimeout(() => resolve(false), waitMs)));
      const result = await Promise.race([first.then(() => true), timeout]);
      clearTimeout(waited);
      return result;
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = undefined;
      handlers.onChange(false);
      // Released destroyed: a pooled connection must not carry a LISTEN to its next borrower.
      if (c) c.release(true);
    },
  };
}

/** Sends a payload down the channel (delivered after whatever this server committed before it). */
export async function notifyAuthChange(pool: pg.Pool, payload: string): Promise<void> {
  await pool.query(`SELECT pg_notify('${CHANNEL}', $1)`, [payload]);
}

/** App servers listening on this database now (application_name is visible to every role, unlike the query). */
export async function countAuthListeners(pool: pg.Pool): Promise<number> {
  const res = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`,
    [LISTENER_NAME],
  );
  return res.rows[0]?.n ?? 0;
}
