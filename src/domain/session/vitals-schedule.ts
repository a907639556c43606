import type { ClinicProtocol } from '../protocol/clinic-protocol.js';

/**
 * When the next set of vitals is due: every 10 min during the infusion, every 15 min afterwards
 * (Emory and Yale series — CLINICAL.md §3; intervals come from the protocol).
 *
 * - dosing: 10 min after the last reading taken since the dose started (a baseline taken before the
 *   start does not count), or 10 min after the start if there is none yet;
 * - recovery: 15 min after the last reading; with no reading at all, one is due at the end of the dose.
 */
export type VitalsScheduleInput =
  | {
      readonly phase: 'dosing';
      readonly doseStartAt: Date;
      readonly lastReadingAt: Date | undefined;
      readonly now: Date;
    }
  | {
      readonly phase: 'recovery';
      readonly doseStartAt: Date;
      readonly doseEndAt: Date;
      readonly lastReadingAt: Date | undefined;
      readonly now: Date;
    };

export interface VitalsDue {
  readonly dueAt: Date;
  readonly intervalMinutes: number;
  readonly overdue: boolean;
  /** Whole minutes past due (0 when not overdue), for the big number on the nurse's screen. */
  readonly minutesOverdue: number;
}

const minuteMs = 60_000;

export function nextVitalsDue(input: VitalsScheduleInput, protocol: ClinicProtocol): VitalsDue {
  const intervals = protocol.vitalsIntervalMinutes;
  let dueMs: number;
  let intervalMinutes: number;
  switch (input.phase) {
    case 'dosing': {
      intervalMinutes = intervals.duringDose;
      const start = input.doseStartAt.getTime();
      const last = input.lastReadingAt?.getTime();
      dueMs = Math.max(start, last ?? start) + intervalMinutes * minuteMs;
      break;
    }
    case 'recovery': {
      intervalMinutes = intervals.afterDose;
      const last = input.lastReadingAt?.getTime();
      dueMs = last === undefined ? input.doseEndAt.getTime() : last + intervalMinutes * minuteMs;
      break;
    }
    default: {
      const unreachable: never = input;
      throw new Error(`unknown phase ${JSON.stringify(unreachable)}`);
    }
  }
  const lateMs = input.now.getTime() - dueMs;
  return {
    dueAt: new Date(dueMs),
    intervalMinutes,
    overdue: lateMs > 0,
    minutesOverdue: lateMs > 0 ? Math.floor(lateMs / minuteMs) : 0,
  };
}
