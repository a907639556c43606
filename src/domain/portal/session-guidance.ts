import { zoneRules } from '../time/zoned-time.js';

/**
 * What a patient reads before and after a session, in plain language. Pure: the times are passed in.
 *
 * Sources (CLINICAL.md §3): fasting hours come from the clinic protocol (ASA fasting guidance, the
 * protocol's own citation); a responsible adult takes the patient home (ketamine and esketamine labels);
 * no driving or machinery until the next day after sleep (Spravato label, CLINICAL.md §3 "Instructions").
 */
export interface PreparationInput {
  /** Visits without a dose (assessment, follow-up, telehealth) need no fasting or companion. */
  readonly hasDose: boolean;
  readonly startsAt: Date;
  readonly timeZone: string;
  readonly fastingSolidsHours: number;
  readonly clearFluidsHours: number;
  /** The companion the patient named, if any. */
  readonly companionName: string | null;
}

/** The kinds of preparation step, in the order a patient reads them. */
export const preparationStepIds = ['fasting', 'clear_fluids', 'companion', 'no_driving', 'no_preparation'] as const;

export interface PreparationStep {
  readonly id: (typeof preparationStepIds)[number];
  readonly title: string;
  readonly text: string;
}

/** "14:05" as US readers write it: "2:05 PM" (the portal's convention, web/src/shared/time.ts). */
export function clockTime(hhmm: string): string {
  const h = Number(hhmm.slice(0, 2));
  return `${h % 12 === 0 ? 12 : h % 12}:${hhmm.slice(3, 5)} ${h < 12 ? 'AM' : 'PM'}`;
}

function localTimeBefore(startsAt: Date, hours: number, timeZone: string): { date: string; time: string } {
  return zoneRules(timeZone).toLocal(new Date(startsAt.getTime() - hours * 3_600_000));
}

/** The steps for one appointment, in the order the patient meets them. */
export function preparationSteps(input: PreparationInput): PreparationStep[] {
  if (!input.hasDose)
    return [
      {
        id: 'no_preparation',
        title: 'No special preparation',
        text: 'This visit has no treatment dose. Eat and drink as usual, and you may drive yourself.',
      },
    ];
  const session = zoneRules(input.timeZone).toLocal(input.startsAt);
  const solids = localTimeBefore(input.startsAt, input.fastingSolidsHours, input.timeZone);
  const fluids = localTimeBefore(input.startsAt, input.clearFluidsHours, input.timeZone);
  const dayNote = (at: { date: string }) => (at.date === session.date ? '' : ' the day before');
  return [
    {
      id: 'fasting',
      title: `Do not eat from ${clockTime(solids.time)}${dayNote(solids)}`,
      text: `Stop eating food ${input.fastingSolidsHours} hours before your session. An empty stomach makes feeling sick during the treatment less likely.`,
    },
    {
      id: 'clear_fluids',
      title: `Clear drinks only until ${clockTime(fluids.time)}${dayNote(fluids)}`,
      text: `You may drink water, clear juice, or black tea or coffee (no milk) until ${input.clearFluidsHours} hours before your session.`,
    },
    {
      id: 'companion',
      title: input.companionName ? `${input.companionName} takes you home` : 'Bring an adult to take you home',
      text: 'An adult must collect you after the session. You cannot leave on your own, or by taxi alone.',
    },
    {
      id: 'no_driving',
      title: 'No driving until the next day',
      text: 'Do not drive, cycle or use machinery until the next day, after a night’s sleep.',
    },
  ];
}

/** The instructions given at discharge (CLINICAL.md §3), shown again in the portal after the session. */
export const aftercareInstructions: readonly string[] = [
  'Do not drive, cycle or use machinery until the next day, after a night’s sleep.',
  'Stay with a responsible adult for the rest of the day.',
  'Make no important decisions and sign nothing important until the next day.',
  'Do not drink alcohol or take sleeping tablets or other sedating medicines today unless your prescriber has said you may.',
  'Rest. Some people feel tired, dizzy or a little sick for a few hours; this usually passes the same day.',
  'Call the clinic if you feel unwell, or if something worries you. If you have thoughts of harming yourself, call or text 988 at any time; in an emergency, call 911.',
];
