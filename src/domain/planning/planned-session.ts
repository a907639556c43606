import type { LocalDate, LocalTime, Weekday } from '../time/local-date.js';
import type { LocalResolution } from '../time/zoned-time.js';

/** One target session of a series: what the clinic's wall clock says, and the instant to store. */
export interface PlannedSession {
  /** 1-based position in the series. */
  readonly number: number;
  readonly localDate: LocalDate;
  readonly localTime: LocalTime;
  readonly weekday: Weekday;
  /** The UTC instant (store as timestamptz). */
  readonly startsAt: Date;
  /** How the wall-clock time was resolved around a DST change (see time/zoned-time.ts). */
  readonly timeResolution: LocalResolution;
  /** True when the preferred time did not fit that day's opening hours and was moved. */
  readonly timeAdjusted: boolean;
}
