const longDate = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'long', timeStyle: 'short' });

/** A calendar date (YYYY-MM-DD) in words: "12 April 1991". */
export function formatLocalDate(localDate: string): string {
  const [y, m, d] = localDate.split('-').map(Number) as [number, number, number];
  return longDate.format(new Date(Date.UTC(y, m - 1, d, 12)));
}

/** An instant in the browser's time zone: "26 November 2026 at 16:05". */
export function formatInstant(iso: string): string {
  return dateTime.format(new Date(iso));
}

export const contactText = (c: { name: string | null; phone: string | null; relationship: string | null }): string =>
  c.name
    ? [c.name, c.relationship ? `(${c.relationship.toLowerCase()})` : '', c.phone ?? ''].filter(Boolean).join(' ')
    : 'Not recorded';
