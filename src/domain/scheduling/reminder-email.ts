import type { LocalDate, LocalTime } from '../time/local-date.js';
import { weekdayOf } from '../time/local-date.js';

/**
 * The reminder email. An email can be read by anyone who sees the patient's inbox, so it says only
 * "your appointment": never the kind of visit, the drug, a diagnosis or a dose. Preparation is given in
 * everyday words (do not eat, bring someone to take you home, do not drive), which every visit of ours
 * asks for.
 */
export interface ReminderEmailInput {
  readonly givenName: string;
  readonly clinicName: string;
  readonly locationName: string;
  readonly localDate: LocalDate;
  readonly startTime: LocalTime;
  readonly confirmUrl: string | null;
  readonly fastingSolidsHours: number;
  readonly clearFluidsHours: number;
  /** 48 or 24 hours before. */
  readonly hoursBefore: 48 | 24;
}

const weekdayNames = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
} as const;
const monthNames = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "Tuesday 1 December" */
export function longDate(date: LocalDate): string {
  return `${weekdayNames[weekdayOf(date)]} ${Number(date.slice(8, 10))} ${monthNames[Number(date.slice(5, 7)) - 1]}`;
}

export function composeReminderEmail(input: ReminderEmailInput): { subject: string; text: string } {
  const when = `${longDate(input.localDate)} at ${input.startTime}`;
  const subject = `Your appointment on ${when}`;
  const lines = [
    `Hello ${input.givenName},`,
    '',
    `This is a reminder of your appointment at ${input.clinicName}, ${input.locationName}, on ${when}.`,
    '',
    ...(input.confirmUrl
      ? [
          'Please confirm that you are coming and tell us the name of the adult who will take you home:',
          input.confirmUrl,
          '',
        ]
      : []),
    'Before you come:',
    `- Do not eat anything for ${input.fastingSolidsHours} hours before your appointment. You may drink clear fluids (water, clear juice, black tea or coffee) until ${input.clearFluidsHours} hours before.`,
    '- Bring an adult who can take you home afterwards. You cannot leave on your own.',
    '- Do not drive, cycle or operate machinery until the next day.',
    '',
    'If you cannot come, please call us as soon as you can so that someone else can have the time.',
    '',
    input.clinicName,
  ];
  return { subject, text: lines.join('\n') };
}
