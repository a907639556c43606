/**
 * The clock a test app runs on, injected through buildApp's `now` (never read from the system inside
 * the app). Frozen by default, so a test states the time it means; `runningClock()` follows real time
 * (plus whatever a test advanced) for tests that talk to a real browser or sign form tokens.
 */
export interface Clock {
  readonly now: Date;
  advance(ms: number): void;
}

export function makeClock(start = '2026-11-26T10:00:00.000Z'): Clock {
  let at = new Date(start).getTime();
  return {
    get now() {
      return new Date(at);
    },
    advance(ms) {
      at += ms;
    },
  };
}

export function runningClock(): Clock {
  let offset = 0;
  return {
    get now() {
      return new Date(Date.now() + offset);
    },
    advance(ms) {
      offset += ms;
    },
  };
}
