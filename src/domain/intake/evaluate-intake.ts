import { dateOfBirthProblem } from '../chart/date-of-birth.js';
import { DomainError, type FieldError } from '../errors.js';
import { isDomainError } from '../errors.js';
import { scoreInstrument, type InstrumentFlag, type InstrumentScore } from '../instruments/index.js';
import type { IntakeSubmission } from './intake-submission.js';
import { prescreenFlags, prescreenQuestions, type PrescreenFlag } from './prescreen.js';
import { intakeInstrumentIds, requiredInstruments, type IntakeInstrumentId } from './required-instruments.js';
import { urgencyOf, type UrgentReason } from './urgency.js';

/** A score as stored with the intake and shown in the queue (the answers are stored beside it, not here). */
export interface IntakeScore {
  readonly instrumentId: IntakeInstrumentId;
  readonly version: string;
  readonly total: number | null;
  readonly severity: { readonly id: string; readonly label: string } | null;
  readonly flags: readonly InstrumentFlag[];
}

export interface IntakeEvaluation {
  readonly scores: readonly IntakeScore[];
  readonly prescreenFlags: readonly PrescreenFlag[];
  readonly urgent: boolean;
  readonly urgentReasons: readonly UrgentReason[];
}

/**
 * Scores every instrument the person answered with `scoreInstrument`, checks that the instruments their
 * answers require are all there, maps the pre-screen to flags, and decides urgency — all from the answers,
 * never from anything the client claims. Every problem is reported at once, with a path into the
 * submission ("/answers/pcl5/pcl5_3"; the route names the request part); an instrument sent but not required is still scored (a positive
 * C-SSRS answer is never discarded).
 */
export function evaluateIntake(
  submission: IntakeSubmission,
  context: { readonly today: string; readonly minimumAgeYears?: number },
): IntakeEvaluation {
  const errors: FieldError[] = [];
  const dobProblem = intakeDateOfBirthProblem(
    submission.contact.dateOfBirth,
    context.today,
    context.minimumAgeYears ?? MINIMUM_AGE_YEARS,
  );
  if (dobProblem !== undefined) errors.push({ path: '/contact/dateOfBirth', message: dobProblem });
  const scores: IntakeScore[] = [];
  const phq9Item9 = submission.answers.phq9?.phq9_9;
  const required = requiredInstruments({
    conditions: submission.conditions,
    phq9Item9: typeof phq9Item9 === 'number' ? phq9Item9 : undefined,
  });

  for (const instrumentId of intakeInstrumentIds) {
    const answers = submission.answers[instrumentId];
    if (answers === undefined) {
      if (required.includes(instrumentId))
        errors.push({ path: `/answers/${instrumentId}`, message: missingMessage(instrumentId) });
      continue;
    }
    try {
      const score = scoreInstrument(instrumentId, answers);
      scores.push(toIntakeScore(instrumentId, score));
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'answers_invalid') throw error;
      for (const e of error.errors)
        errors.push({ path: `/answers/${instrumentId}${e.path.replace(/^\/answers/, '')}`, message: e.message });
    }
  }

  for (const q of prescreenQuestions) {
    if (submission.prescreen[q.id] === undefined)
      errors.push({ path: `/prescreen/${q.id}`, message: 'Choose yes, no or not sure' });
  }
  for (const key of Object.keys(submission.prescreen)) {
    if (!prescreenQuestions.some((q) => q.id === key))
      errors.push({ path: `/prescreen/${key}`, message: `"${key}" is not a pre-screen question` });
  }
  if (!submission.consent.contact)
    errors.push({ path: '/consent/contact', message: 'Agree to be contacted so that we can reply to you' });
  if (!submission.consent.privacyNotice)
    errors.push({ path: '/consent/privacyNotice', message: 'Confirm that you have read the privacy notice' });

  if (errors.length > 0)
    throw new DomainError(
      'intake_invalid',
      `${errors.length} answer${errors.length === 1 ? '' : 's'} need${errors.length === 1 ? 's' : ''} attention`,
      { errors },
    );

  const { urgent, reasons } = urgencyOf(scores);
  return { scores, prescreenFlags: prescreenFlags(submission.prescreen), urgent, urgentReasons: reasons };
}

/**
 * The clinic treats adults (default 18 and over; the protocol's `eligibility.minimumAgeYears`); a date must be
 * real and in the past. `today` is the clinic's local date, never the UTC date (CLINICAL.md §1).
 */
export const MINIMUM_AGE_YEARS = 18;

/**
 * The date-of-birth rule (src/domain/chart/date-of-birth.ts) worded for the person filling in the form;
 * the form checks with it before sending, the server again with the clinic's local date.
 */
export function intakeDateOfBirthProblem(
  dateOfBirth: string,
  today: string,
  minimumAgeYears: number = MINIMUM_AGE_YEARS,
): string | undefined {
  const problem = dateOfBirthProblem(dateOfBirth, today, minimumAgeYears);
  if (problem === undefined) return undefined;
  switch (problem.kind) {
    case 'not_a_date':
      return /^\d{4}-\d{2}-\d{2}$/.test(dateOfBirth)
        ? 'Date of birth must be a real date'
        : 'Enter your date of birth, for example 27 3 1980';
    case 'in_future':
      return 'Date of birth must be in the past';
    case 'too_old':
      return `Check the year of birth: it is more than ${problem.maxAgeYears} years ago`;
    case 'under_minimum_age':
      return `Our clinic treats adults aged ${problem.minimumAgeYears} and over. If you need help now, call or text 988`;
  }
}

function toIntakeScore(instrumentId: IntakeInstrumentId, score: InstrumentScore): IntakeScore {
  return { instrumentId, version: score.version, total: score.total, severity: score.severity, flags: score.flags };
}

function missingMessage(instrumentId: IntakeInstrumentId): string {
  switch (instrumentId) {
    case 'phq9':
      return 'Answer the mood questions (PHQ-9)';
    case 'gad7':
      return 'Answer the anxiety questions (GAD-7)';
    case 'cssrs_screener':
      return 'Answer the questions about thoughts of ending your life';
    case 'pcl5':
      return 'Answer the PTSD questions (PCL-5), or untick PTSD';
    case 'pain_nrs':
      return 'Rate your pain from 0 to 10, or untick chronic pain';
    default:
      return assertNever(instrumentId);
  }
}

function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${String(value)}`);
}
