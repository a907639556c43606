import { requiredInstruments } from '../../../../src/domain/intake/index.js';
import type { IntakeState } from './state.js';

export type StepId =
  | 'contact'
  | 'conditions'
  | 'phq9'
  | 'cssrs'
  | 'gad7'
  | 'pcl5'
  | 'pain'
  | 'health'
  | 'mental-health'
  | 'medicines'
  | 'contact-times'
  | 'check';

const instrumentStep = { phq9: 'phq9', cssrs_screener: 'cssrs', gad7: 'gad7', pcl5: 'pcl5', pain_nrs: 'pain' } as const;

/** The pages this person sees, in order; the domain decides which questionnaires (requiredInstruments). */
export function stepsFor(state: IntakeState): StepId[] {
  const phq9Item9 = state.answers.phq9.phq9_9;
  const instruments = requiredInstruments({
    conditions: state.conditions,
    phq9Item9: typeof phq9Item9 === 'number' ? phq9Item9 : undefined,
  });
  return [
    'contact',
    'conditions',
    ...instruments.map((id) => instrumentStep[id]),
    'health',
    'mental-health',
    'medicines',
    'contact-times',
    'check',
  ];
}
