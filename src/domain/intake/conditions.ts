/**
 * What brings a person to the clinic, in their words. The conditions the clinic treats are in CLINICAL.md §1
 * (treatment-resistant depression, major depression, generalized anxiety, PTSD, chronic pain); "not sure" keeps
 * the door open for anyone who cannot name it.
 */
export const conditionIds = [
  'depression',
  'treatment_resistant_depression',
  'anxiety',
  'ptsd',
  'chronic_pain',
  'other',
] as const;

export type ConditionId = (typeof conditionIds)[number];

export interface ConditionOption {
  readonly id: ConditionId;
  readonly label: string;
  readonly hint?: string;
}

export const conditionOptions: readonly ConditionOption[] = [
  { id: 'depression', label: 'Depression' },
  {
    id: 'treatment_resistant_depression',
    label: 'Depression that has not got better with treatment',
    hint: 'For example, you have tried two or more antidepressants without enough relief.',
  },
  { id: 'anxiety', label: 'Anxiety' },
  { id: 'ptsd', label: 'Post-traumatic stress (PTSD)' },
  {
    id: 'chronic_pain',
    label: 'Long-term (chronic) pain',
    hint: 'For example, fibromyalgia or complex regional pain syndrome (CRPS).',
  },
  { id: 'other', label: 'Something else, or I am not sure' },
];

export function isConditionId(value: string): value is ConditionId {
  return (conditionIds as readonly string[]).includes(value);
}
