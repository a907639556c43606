import { zoneRules } from '../time/zoned-time.js';

/**
 * An RFC 5545 VTIMEZONE for an IANA zone over a span of time, built from the zone's own offsets (no
 * time-zone database of our own): one observance for the offset in force at the start, then one per
 * change, each with DTSTART in the wall-clock time before the change (RFC 5545 §3.6.5).
 */
const minuteMs = 60_000;
const dayMs = 86_400_000;

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

function localStamp(epochMs: number, offsetMinutes: number): string {
  const d = new Date(epochMs + offsetMinutes * minuteMs);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}T${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

export interface ZoneTransition {
  readonly atMs: number;
  readonly fromMinutes: number;
  readonly toMinutes: number;
}

/** Offset changes of `timeZone` in [fromMs, toMs), to the minute. */
export function zoneTransitions(timeZone: string, fromMs: number, toMs: number): ZoneTransition[] {
  const zone = zoneRules(timeZone);
  const out: ZoneTransition[] = [];
  let prev = zone.offsetMinutesAt(fromMs);
  for (let t = fromMs; t < toMs; t += dayMs) {
    const next = Math.min(t + dayMs, toMs);
    const offset = zone.offsetMinutesAt(next);
    if (offset === prev) continue;
    let lo = t;
    let hi = next;
    while (hi - lo > minuteMs) {
      const mid = lo + Math.floor((hi - lo) / 2 / minuteMs) * minuteMs;
      if (zone.offsetMinutesAt(mid) === prev) lo = mid;
      else hi = mid;
    }
    out.push({ atMs: hi, fromMinutes: prev, toMinutes: offset });
    prev = offset;
  }
  return out;
}

export function vtimezone(timeZone: string, fromMs: number, toMs: number): string {
  const zone = zoneRules(timeZone);
  const initial = zone.offsetMinutesAt(fromMs);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${timeZone}`];
  const observance = (kind: 'STANDARD' | 'DAYLIGHT', atMs: number, from: number, to: number): void => {
    lines.push(
      `BEGIN:${kind}`,
      `DTSTART:${localStamp(atMs, from)}`,
      `TZOFFSETFROM:${offsetText(from)}`,
      `TZOFFSETTO:${offsetText(to)}`,
      `END:${kind}`,
    );
  };
  const transitions = zoneTransitions(timeZone, fromMs, toMs);
  // The offset in force at the start; called daylight when the first change goes back (a lower offset).
  const firstIsDaylight = transitions[0] !== undefined && transitions[0].toMinutes < initial;
  observance(firstIsDaylight ? 'DAYLIGHT' : 'STANDARD', fromMs, initial, initial);
  for (const t of transitions)
    observance(t.toMinutes > t.fromMinutes ? 'DAYLIGHT' : 'STANDARD', t.atMs, t.fromMinutes, t.toMinutes);
  lines.push('END:VTIMEZONE');
  return lines.join('\r\n');
}
