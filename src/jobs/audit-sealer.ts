import type pg from 'pg';
import type { AuditKeyring } from '../app/audit/keyring.js';
import { sealPending } from '../app/audit/seal.js';

/**
 * Runs the audit sealer about once a second, off the request path, on every app server; the
 * advisory lock inside sealPending lets one of them work at a time. A failed pass is logged and
 * retried on the next tick (entries wait unsealed; verify-audit reports any older than a minute).
 */
export interface AuditSealer {
  stop(): Promise<void>;
}

export function startAuditSealer(
  pool: pg.Pool,
  options: { intervalMs?: number; now?: () => Date; keyring: AuditKeyring; log: (message: string) => void },
): AuditSealer {
  const intervalMs = options.intervalMs ?? 1000;
  const now = options.now ?? (() => new Date());
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = (): void => {
    if (running || stopped) return;
    running = sealPending(pool, { now, keyring: options.keyring })
      .then(
        () => undefined,
        (error: unknown) => options.log(`audit sealer: ${(error as Error).message}`),
      )
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      // One last pass so this server's final requests are chained before the pool closes.
      await sealPending(pool, { now, keyring: options.keyring }).catch((error: unknown) =>
        options.log(`audit sealer: ${(error as Error).message}`),
      );
    },
  };
}
