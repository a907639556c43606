import { cssrsQuestions } from '../../../../src/domain/intake/index.js';
import { getInstrument, type ItemDefinition } from '../../../../src/domain/instruments/index.js';
import type { AnswerValue } from './questionnaire-api';

/**
 * The questions of a questionnaire as the patient sees them, from the domain's definitions: the published
 * wording (PHQ-9, GAD-7, PCL-5…), the C-SSRS screener in our plain words, and its skip logic (Q3–Q5 only
 * after a "yes" to Q2; "in the past 3 months" only after a "yes" to lifetime behaviour).
 */
export interface Question {
  readonly item: ItemDefinition;
  readonly text: string;
  readonly optional: boolean;
  readonly choices: readonly { value: string; label: string }[];
}

export function questionsFor(instrumentId: string, answers: Readonly<Record<string, AnswerValue>>): Question[] {
  const definition = getInstrument(instrumentId);
  return definition.items
    .filter((item) => item.askedWhen === undefined || answers[item.askedWhen.itemId] === item.askedWhen.equals)
    .map((item) => ({
      item,
      text:
        instrumentId === 'cssrs_screener'
          ? (cssrsQuestions.find((q) => q.itemId === item.id)?.text ?? item.text)
          : item.text,
      optional: item.unscored === true,
      choices:
        item.kind === 'yes_no'
          ? [
              { value: 'true', label: 'Yes' },
              { value: 'false', label: 'No' },
            ]
          : item.options.map((o) => ({ value: String(o.value), label: o.label })),
    }));
}

export const stemOf = (instrumentId: string): string | undefined => getInstrument(instrumentId).stem;

export const toWire = (value: string): AnswerValue =>
  value === 'true' ? true : value === 'false' ? false : Number(value);

export const fromWire = (value: AnswerValue | undefined): string | undefined =>
  value === null || value === undefined ? undefined : String(value);

export function answerLabel(question: Question, value: AnswerValue | undefined): string {
  const chosen = question.choices.find((c) => c.value === fromWire(value));
  return chosen ? chosen.label : question.optional ? 'Not answered (optional)' : 'Not answered';
}
