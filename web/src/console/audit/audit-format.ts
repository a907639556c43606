const instant = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const time = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

/** The date and the time apart, for a table cell that shows them on two lines. */
export function instantParts(iso: string): { date: string; time: string } {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? { date: iso, time: '' } : { date: day.format(d), time: time.format(d) };
}

/** "26 Nov 2026, 16:05:09": audit entries need the seconds. */
export function formatInstant(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : instant.format(date);
}

export const outcomeLabels = { success: 'Success', denied: 'Denied', failed: 'Failed' } as const;
