import {
  cssrsQuestions,
  intakeDateOfBirthProblem,
  prescreenQuestionsIn,
  type PrescreenGroup,
} from '../../../../src/domain/intake/index.js';
import { getInstrument } from '../../../../src/domain/instruments/index.js';
import { dateOfBirth, type IntakeState } from './state.js';
import type { StepId } from './steps.js';
import { visibleCssrsItems } from './cssrs-visibility.js';

/** One problem on the page: the id of the field (the summary links to it) and how to fix it. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function dobProblem(state: IntakeState): string | undefined {
  const { dobDay, dobMonth, dobYear } = state.contact;
  if (!dobDay.trim() && !dobMonth.trim() && !dobYear.trim()) return 'Enter your date of birth';
  if (!/^\d{1,2}$/.test(dobDay.trim()) || !/^\d{1,2}$/.test(dobMonth.trim()) || !/^\d{4}$/.test(dobYear.trim()))
    return 'Date of birth must be a real date, for example 27 3 1980';
  // The clinic's rule (src/domain/chart/date-of-birth.ts), checked here with the browser's date; the server
  // checks again with the clinic's.
  return intakeDateOfBirthProblem(dateOfBirth(state), localToday());
}

function instrumentProblems(state: IntakeState, id: 'phq9' | 'gad7' | 'pcl5' | 'pain_nrs'): FieldProblem[] {
  const definition = getInstrument(id);
  const answers = state.answers[id];
  return (
    definition.items
      // PHQ-9 question 10 is recorded but optional and never scored (CLINICAL.md §5).
      .filter((item) => item.unscored !== true && typeof answers[item.id] !== 'number')
      .map((item) => ({
        field: `${item.id}-0`,
        message:
          definition.items.length === 1
            ? 'Choose a number from 0 to 10'
            : `Choose an answer for question ${item.number}`,
      }))
  );
}

function prescreenProblems(state: IntakeState, group: PrescreenGroup): FieldProblem[] {
  return prescreenQuestionsIn(group)
    .map((q, index) => ({ q, index }))
    .filter(({ q }) => state.prescreen[q.id] === undefined)
    .map(({ q, index }) => ({ field: `${q.id}-yes`, message: `Choose yes, no or not sure for question ${index + 1}` }));
}

export function problemsOn(step: StepId, state: IntakeState): FieldProblem[] {
  const c = state.contact;
  switch (step) {
    case 'contact': {
      const problems: FieldProblem[] = [];
      if (!c.givenName.trim()) problems.push({ field: 'given-name', message: 'Enter your first name' });
      if (!c.familyName.trim()) problems.push({ field: 'family-name', message: 'Enter your last name' });
      const dob = dobProblem(state);
      if (dob) problems.push({ field: 'dob-day', message: dob });
      if (!emailPattern.test(c.email.trim()))
        problems.push({
          field: 'email',
          message: c.email.trim()
            ? 'Enter an email address in the correct format, like name@example.com'
            : 'Enter your email address',
        });
      const digits = c.phone.replace(/\D/g, '').length;
      if (!/^\+?[0-9 ().-]+$/.test(c.phone.trim()) || digits < 7 || digits > 15)
        problems.push({
          field: 'phone',
          message: c.phone.trim() ? 'Enter a phone number, like 555 010 0199' : 'Enter your phone number',
        });
      if (!c.state) problems.push({ field: 'state', message: 'Choose the state you live in' });
      return problems;
    }
    case 'conditions':
      return state.conditions.length
        ? []
        : [{ field: 'condition-depression', message: 'Choose at least one thing that brings you here' }];
    case 'phq9':
      return instrumentProblems(state, 'phq9');
    case 'gad7':
      return instrumentProblems(state, 'gad7');
    case 'pcl5':
      return instrumentProblems(state, 'pcl5');
    case 'pain':
      return instrumentProblems(state, 'pain_nrs');
    case 'cssrs':
      return visibleCssrsItems(state.answers.cssrs_screener)
        .filter((id) => typeof state.answers.cssrs_screener[id] !== 'boolean')
        .map((id) => ({
          field: `${id}-yes`,
          message: `Answer yes or no: “${cssrsQuestions.find((q) => q.itemId === id)?.text ?? id}”`,
        }));
    case 'health':
      return prescreenProblems(state, 'physical');
    case 'mental-health':
      return prescreenProblems(state, 'mental');
    case 'medicines':
      return [
        ...prescreenProblems(state, 'medicines'),
        ...(state.medications.length > 2000 ? [{ field: 'medications', message: 'Use at most 2000 characters' }] : []),
      ];
    case 'contact-times': {
      const problems: FieldProblem[] = [];
      if (!state.contactTimes.length)
        problems.push({ field: 'time-weekday_morning', message: 'Choose at least one time we can contact you' });
      if (!state.contactMethod) problems.push({ field: 'method-phone', message: 'Choose how we should contact you' });
      return problems;
    }
    case 'check': {
      const problems: FieldProblem[] = [];
      if (!state.consentContact)
        problems.push({ field: 'consent-contact', message: 'Agree to be contacted so that we can reply to you' });
      if (!state.consentPrivacy)
        problems.push({ field: 'consent-privacy', message: 'Confirm that you have read the privacy notice' });
      return problems;
    }
    default:
      return assertNever(step);
  }
}

function assertNever(value: never): never {
  throw new Error(`Unhandled step: ${String(value)}`);
}
