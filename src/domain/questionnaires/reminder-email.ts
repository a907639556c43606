import { longDate } from '../scheduling/reminder-email.js';
import type { LocalDate } from '../time/local-date.js';

/**
 * The reminder for questionnaires due. Like the appointment reminder, it may be read by anyone who sees
 * the patient's inbox, so it says only "questions from your care team": never the questionnaire's name
 * (PHQ-9 says depression), a score or a diagnosis. The link goes to the portal, where the patient signs in.
 */
export interface QuestionnaireReminderInput {
  readonly givenName: string;
  readonly clinicName: string;
  readonly count: number;
  /** The earliest due date, in the clinic's time zone. */
  readonly dueDate: LocalDate;
  readonly portalUrl: string;
}

export function composeQuestionnaireReminder(input: QuestionnaireReminderInput): { subject: string; text: string } {
  const what = input.count === 1 ? 'a short set of questions' : `${input.count} short sets of questions`;
  return {
    subject: `${input.clinicName}: questions to answer by ${longDate(input.dueDate)}`,
    text: [
      `Hello ${input.givenName},`,
      '',
      `Your care team at ${input.clinicName} has ${what} for you to answer by ${longDate(input.dueDate)}.`,
      'Your answers help them plan your care. It takes a few minutes, and you can stop and carry on later.',
      '',
      `Sign in to your patient portal to answer: ${input.portalUrl}`,
      '',
      'If you are in crisis or thinking about harming yourself, call or text 988 (Suicide & Crisis Lifeline), or call 911 in an emergency.',
    ].join('\n'),
  };
}
