/**
 * Every date and time a screen shows, in the clinic's time zone (never the browser's) and US English.
 * The zone comes from the server (GET /me → organization.timeZone; the public site's clinic details);
 * `setClinicTimeZone` is called once it is known. Calendar dates (YYYY-MM-DD: a birth date, a plan day) have
 * no zone and are shown as they are.
 */
const fallbackZone = 'America/New_York';
let zone = fallbackZone;
const cache = new Map<string, Intl.DateTimeFormat>();

export function setClinicTimeZone(timeZone: string | null | undefined): void {
  if (!timeZone || timeZone === zone) return;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    return; // not a zone this browser knows: keep the previous one
  }
  zone = timeZone;
  cache.clear();
}

export function clinicTimeZone(): string {
  return zone;
}

function formatter(key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, ...options });
    cache.set(key, f);
  }
  return f;
}

function instant(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "Nov 26, 2026, 4:05 PM"; `empty` when there is no instant. */
export function formatDateTime(iso: string | null | undefined, empty = 'Never'): string {
  const d = instant(iso);
  return d ? formatter('dt', { dateStyle: 'medium', timeStyle: 'short' }).format(d) : empty;
}

/** "Nov 26, 2026, 4:05:09 PM": audit entries need the seconds. */
export function formatDateTimeSeconds(iso: string): string {
  const d = instant(iso);
  return d ? formatter('dts', { dateStyle: 'medium', timeStyle: 'medium' }).format(d) : iso;
}

/** "November 26, 2026 at 4:05 PM" for sentences (the portal). */
export function formatDateTimeLong(iso: string): string {
  const d = instant(iso);
  return d ? formatter('dtl', { dateStyle: 'long', timeStyle: 'short' }).format(d) : iso;
}

/** The date and the time apart, for a table cell that shows them on two lines. */
export function instantParts(iso: string): { date: string; time: string } {
  const d = instant(iso);
  return d
    ? {
        date: formatter('d', { dateStyle: 'medium' }).format(d),
        time: formatter('ts', { timeStyle: 'medium' }).format(d),
      }
    : { date: iso, time: '' };
}

/** "4:05 PM" in the clinic's zone. */
export function formatTime(iso: string): string {
  const d = instant(iso);
  return d ? formatter('t', { timeStyle: 'short' }).format(d) : iso;
}

/** The clinic's calendar date of an instant, as YYYY-MM-DD (for "today" in the clinic). */
export function clinicDateOf(iso: string | Date): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  const parts = formatter('iso', { year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(d);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

function localDateParts(localDate: string): [number, number, number] | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(localDate);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

/** A calendar date (YYYY-MM-DD) as US readers write it: "06/14/1985". */
export function formatDate(localDate: string): string {
  const p = localDateParts(localDate);
  return p ? `${String(p[1]).padStart(2, '0')}/${String(p[2]).padStart(2, '0')}/${p[0]}` : localDate;
}

/** A calendar date in words: "June 14, 1985". */
export function formatDateLong(localDate: string): string {
  const p = localDateParts(localDate);
  if (!p) return localDate;
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(p[0], p[1] - 1, p[2], 12)),
  );
}

/** A date as typed by a US reader (MM/DD/YYYY) or as ISO, to ISO; null when not a real date (the domain's rule). */
export { parseUsDate } from '../../../src/domain/time/local-date.js';

/** The calendar date `days` after a YYYY-MM-DD date. */
export function addDays(localDate: string, days: number): string {
  const p = localDateParts(localDate);
  if (!p) return localDate;
  return new Date(Date.UTC(p[0], p[1] - 1, p[2] + days)).toISOString().slice(0, 10);
}

/** The ISO weekday (1 = Monday … 7 = Sunday) of a YYYY-MM-DD date. */
export function isoWeekday(localDate: string): number {
  const p = localDateParts(localDate);
  if (!p) return 1;
  return new Date(Date.UTC(p[0], p[1] - 1, p[2])).getUTCDay() || 7;
}

/** The clinic's offset from UTC (ms) at an instant. */
function offsetAt(t: number): number {
  const parts = formatter('wall', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(t));
  const get = (type: string) => Number(parts.find((x) => x.type === type)?.value ?? 0);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - t;
}

/** The instant a wall-clock time (ms as if UTC) names in the clinic's zone. */
function fromWall(wall: number): Date {
  let t = wall - offsetAt(wall);
  t = wall - offsetAt(t);
  return new Date(t);
}

/** The instant the clinic's day begins (midnight in the clinic's zone, across daylight-saving changes). */
export function clinicMidnight(localDate: string): Date {
  const p = localDateParts(localDate);
  if (!p) return new Date(Number.NaN);
  return fromWall(Date.UTC(p[0], p[1] - 1, p[2]));
}

/** An instant as the clinic's wall clock, "YYYY-MM-DDTHH:mm" (the value of a datetime-local input). */
export function clinicDateTimeLocal(at: string | Date = new Date()): string {
  const t = (typeof at === 'string' ? new Date(at) : at).getTime();
  if (Number.isNaN(t)) return '';
  return new Date(t + offsetAt(t)).toISOString().slice(0, 16);
}

/** A datetime-local value ("YYYY-MM-DDTHH:mm"), read as the clinic's wall clock, to an ISO instant; as given when unreadable. */
export function fromClinicDateTimeLocal(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!m) return value;
  return fromWall(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]))).toISOString();
}

/** A wall-clock time of day ("14:05", already in the place's zone) as US readers write it: "2:05 PM". */
export function formatClockTime(hhmm: string): string {
  const m = /^(\d{1,2}):(\d{2})/.exec(hhmm);
  if (!m) return hhmm;
  const h = Number(m[1]);
  return `${h % 12 === 0 ? 12 : h % 12}:${m[2]} ${h < 12 ? 'AM' : 'PM'}`;
}
