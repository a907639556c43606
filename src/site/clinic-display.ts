import type { ClinicProfile, OpeningHours } from '../app/public-site/public-organization.js';

/**
 * How the site speaks about the clinic. Everything here comes from the clinic's settings in the database;
 * when none is configured the site still reads well, with a generic name and no invented contact details.
 */
export interface ClinicDisplay {
  readonly configured: boolean;
  readonly name: string;
  readonly phone: string | null;
  readonly email: string | null;
  readonly locations: ClinicProfile['locations'];
}

export function clinicDisplay(profile: ClinicProfile | null): ClinicDisplay {
  if (!profile) return { configured: false, name: 'Ketamine therapy clinic', phone: null, email: null, locations: [] };
  const phone = profile.phone ?? profile.locations.find((l) => l.phone)?.phone ?? null;
  return { configured: true, name: profile.name, phone, email: profile.email, locations: profile.locations };
}

const dayNames = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** "08:00" → "8 am", "13:30" → "1:30 pm". */
export function clockTime(hhmm: string): string {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  const suffix = h >= 12 ? 'pm' : 'am';
  const hour = h % 12 === 0 ? 12 : h % 12;
  return m ? `${hour}:${String(m).padStart(2, '0')} ${suffix}` : `${hour} ${suffix}`;
}

/** Consecutive days with the same hours become one line: "Monday to Friday: 8 am to 6 pm". */
export function hoursLines(hours: readonly OpeningHours[]): string[] {
  const lines: string[] = [];
  let i = 0;
  while (i < hours.length) {
    const start = hours[i]!;
    let j = i;
    while (
      j + 1 < hours.length &&
      hours[j + 1]!.day === hours[j]!.day + 1 &&
      hours[j + 1]!.opens === start.opens &&
      hours[j + 1]!.closes === start.closes
    )
      j++;
    const days = j === i ? dayNames[start.day] : `${dayNames[start.day]} to ${dayNames[hours[j]!.day]}`;
    lines.push(`${days ?? ''}: ${clockTime(start.opens)} to ${clockTime(start.closes)}`);
    i = j + 1;
  }
  return lines;
}

export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^0-9+]/g, '')}`;
}
