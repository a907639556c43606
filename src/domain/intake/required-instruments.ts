import type { InstrumentId } from '../instruments/index.js';
import type { ConditionId } from './conditions.js';

/** The self-screening instruments an intake asks, in the order it asks them. */
export type IntakeInstrumentId = Extract<InstrumentId, 'phq9' | 'cssrs_screener' | 'gad7' | 'pcl5' | 'pain_nrs'>;

export const intakeInstrumentIds: readonly IntakeInstrumentId[] = [
  'phq9',
  'cssrs_screener',
  'gad7',
  'pcl5',
  'pain_nrs',
];

export interface RequiredInstrumentsInput {
  readonly conditions: readonly ConditionId[];
  /** The PHQ-9 item 9 answer so far (undefined: not answered yet). */
  readonly phq9Item9?: number | null | undefined;
}

/**
 * Which instruments this person is asked:
 * - PHQ-9 and GAD-7 always (depression and anxiety are measured for everyone — CLINICAL.md §5);
 * - the C-SSRS screener when PHQ-9 item 9 is above "Not at all" (item 9 > 0 → suicide risk assessment now,
 *   CLINICAL.md §5);
 * - PCL-5 when PTSD is chosen; the pain NRS when chronic pain is chosen.
 */
export function requiredInstruments(input: RequiredInstrumentsInput): IntakeInstrumentId[] {
  const required: IntakeInstrumentId[] = ['phq9'];
  if (typeof input.phq9Item9 === 'number' && input.phq9Item9 > 0) required.push('cssrs_screener');
  required.push('gad7');
  if (input.conditions.includes('ptsd')) required.push('pcl5');
  if (input.conditions.includes('chronic_pain')) required.push('pain_nrs');
  return required;
}
