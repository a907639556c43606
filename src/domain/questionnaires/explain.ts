import type { InstrumentScore } from '../instruments/types.js';
import { getInstrument } from '../instruments/registry.js';

/**
 * The result of a questionnaire in words a patient can read on a bad day: what the number is out of,
 * the band it falls in (the instrument's own labels, CLINICAL.md §5), and what happens next. No advice
 * that only a clinician should give; the care team reviews every result.
 */
export interface ScoreExplanation {
  readonly headline: string;
  readonly paragraphs: readonly string[];
}

const measures: Readonly<Record<string, string>> = {
  depression: 'low mood',
  anxiety: 'worry and anxiety',
  ptsd: 'stress after a traumatic event',
  pain: 'pain',
  suicide_risk: 'thoughts of suicide',
  dissociation: 'dissociation',
};

export function explainScore(score: InstrumentScore): ScoreExplanation {
  const definition = getInstrument(score.instrumentId);
  const about = measures[definition.measures] ?? 'how you have been';
  const next = 'Your care team will look at your answers before your next visit.';
  if (score.total === null) {
    return {
      headline: 'Thank you: your answers have been sent to your care team',
      paragraphs: [`These questions ask about ${about}.`, next],
    };
  }
  const max = definition.range?.max ?? score.total;
  const band = score.severity ? ` That is in the range called “${score.severity.label.toLowerCase()}”.` : '';
  return {
    headline: `Your score is ${score.total} out of ${max}`,
    paragraphs: [
      `These questions ask about ${about}. A higher score means more of it.${band}`,
      'One score is a snapshot. What matters most is how your scores change over the weeks of treatment.',
      next,
    ],
  };
}
