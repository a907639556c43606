import { DomainError } from '../errors.js';
import {
  dayNumber,
  fromDayNumber,
  minutesOfDay,
  timeFromMinutes,
  type LocalDate,
  type LocalTime,
} from './local-date.js';

/**
 * Local wall-clock time ↔ UTC instant in an IANA time zone, using only Intl.DateTimeFormat (Node 20 has
 * no Temporal, and we take no dependency for this).
 *
 * Tricky: some local times do not exist (spring forward: 02:30 on 2026-03-08 in America/New_York) and
 * some exist twice (fall back: 01:30 on 2026-11-01). We resolve both deterministically, like Temporal's
 * `disambiguation: 'compatible'`:
 *  - a time in the gap is moved later by the length of the gap (02:30 → 03:30 EDT), `resolution: 'gap_shifted_later'`;
 *  - an ambiguous time takes the earlier instant (01:30 EDT, not 01:30 EST), `resolution: 'ambiguous_earlier'`.
 * The resolution is returned so a caller can show it.
 */

export type LocalResolution = 'exact' | 'gap_shifted_later' | 'ambiguous_earlier';

export interface ZonedInstant {
  readonly instant: Date;
  readonly resolution: LocalResolution;
}

export interface LocalDateTime {
  readonly date: LocalDate;
  readonly time: LocalTime;
}

const minuteMs = 60_000;
const dayMs = 86_400_000;

/**
 * The rules of one time zone. Build one per calculation (`zoneRules('Europe/London')`) and reuse it.
 */
export interface ZoneRules {
  readonly timeZone: string;
  /** Minutes east of UTC at that instant (New York in winter: −300). */
  offsetMinutesAt(epochMs: number): number;
  toLocal(instant: Date): LocalDateTime;
  fromLocal(date: LocalDate, time: LocalTime): ZonedInstant;
}

/**
 * Creating an Intl.DateTimeFormat costs about 65 µs — more than planning a whole series — so formatters
 * are memoised by zone name. This is the one module-level cache in the domain, and it is not hidden
 * state: a formatter is immutable and deterministic, so the cache changes speed, never results.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  const cached = formatters.get(timeZone);
  if (cached) return cached;
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    throw new DomainError('validation_failed', `Unknown time zone "${timeZone}".`, {
      errors: [{ path: '/timeZone', message: 'must be an IANA time zone such as Europe/London' }],
    });
  }
  formatters.set(timeZone, formatter);
  return formatter;
}

export function zoneRules(timeZone: string): ZoneRules {
  const formatter = formatterFor(timeZone);
  // Offsets already looked up for this calculation: planning asks for the same instants (a day either
  // side of consecutive days) again and again.
  const offsets = new Map<number, number>();

  // Wall-clock fields of an instant, as "UTC milliseconds" (the instant the same digits would be in UTC).
  // format() is about five times faster than formatToParts(); en-US with h23 gives "3/8/2026, 02:30:00".
  const wallClockMs = (epochMs: number): number => {
    const [month = 'NaN', day = 'NaN', year = 'NaN', hour = 'NaN', minute = 'NaN', second = 'NaN'] = formatter
      .format(epochMs)
      .split(/\D+/);
    return Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second));
  };

  const offsetMinutesAt = (epochMs: number): number => {
    const wholeSecond = Math.floor(epochMs / 1000) * 1000;
    const known = offsets.get(wholeSecond);
    if (known !== undefined) return known;
    const offset = Math.round((wallClockMs(wholeSecond) - wholeSecond) / minuteMs);
    offsets.set(wholeSecond, offset);
    return offset;
  };

  return {
    timeZone,
    offsetMinutesAt,
    toLocal(instant: Date): LocalDateTime {
      const local = instant.getTime() + offsetMinutesAt(instant.getTime()) * minuteMs;
      const days = Math.floor(local / dayMs);
      const minutes = Math.floor((local - days * dayMs) / minuteMs);
      return { date: fromDayNumber(days), time: timeFromMinutes(minutes) };
    },
    fromLocal(date: LocalDate, time: LocalTime): ZonedInstant {
      const localMs = dayNumber(date) * dayMs + minutesOfDay(time) * minuteMs;
      // Offsets a day either side bracket any single transition (zones change at most twice a year,
      // never twice within 48 hours).
      const before = offsetMinutesAt(localMs - dayMs);
      const after = offsetMinutesAt(localMs + dayMs);
      if (before === after) {
        // No transition near (the usual case): one offset, one answer.
        return { instant: new Date(localMs - before * minuteMs), resolution: 'exact' };
      }
      const matches = (offset: number): boolean => offsetMinutesAt(localMs - offset * minuteMs) === offset;
      const earlier = localMs - before * minuteMs;
      const later = localMs - after * minuteMs;
      const beforeFits = matches(before);
      const afterFits = matches(after);
      if (beforeFits && afterFits) {
        return { instant: new Date(Math.min(earlier, later)), resolution: 'ambiguous_earlier' };
      }
      if (beforeFits) return { instant: new Date(earlier), resolution: 'exact' };
      if (afterFits) return { instant: new Date(later), resolution: 'exact' };
      // In the gap: read the wall clock with the offset in force before the jump, which lands the same
      // distance past the jump as the wall time was past its start (02:30 EST = 03:30 EDT).
      return { instant: new Date(earlier), resolution: 'gap_shifted_later' };
    },
  };
}
