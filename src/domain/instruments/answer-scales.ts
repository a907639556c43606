import { LOINC } from './codes.js';
import type { OrdinalOption, YesNoOption } from './types.js';

/**
 * The answer scales shared by several items. Labels are the published wording where public domain.
 */

/** PHQ-9 and GAD-7: "Over the last 2 weeks, how often…" (Kroenke 2001, Spitzer 2006); LOINC LA codes per CLINICAL.md §5. */
export const frequencyLast2Weeks: readonly OrdinalOption[] = [
  { value: 0, label: 'Not at all', code: { system: LOINC, code: 'LA6568-5', display: 'Not at all' } },
  { value: 1, label: 'Several days', code: { system: LOINC, code: 'LA6569-3', display: 'Several days' } },
  {
    value: 2,
    label: 'More than half the days',
    code: { system: LOINC, code: 'LA6570-1', display: 'More than half the days' },
  },
  { value: 3, label: 'Nearly every day', code: { system: LOINC, code: 'LA6571-9', display: 'Nearly every day' } },
];

/** PHQ-9 question 10: how difficult the problems made life (Kroenke 2001); recorded, not scored. */
export const phq9Difficulty: readonly OrdinalOption[] = [
  { value: 0, label: 'Not difficult at all' },
  { value: 1, label: 'Somewhat difficult' },
  { value: 2, label: 'Very difficult' },
  { value: 3, label: 'Extremely difficult' },
];

/** PCL-5: "how much were you bothered by" (Weathers 2013, National Center for PTSD). */
export const pcl5Bother: readonly OrdinalOption[] = [
  { value: 0, label: 'Not at all' },
  { value: 1, label: 'A little bit' },
  { value: 2, label: 'Moderately' },
  { value: 3, label: 'Quite a bit' },
  { value: 4, label: 'Extremely' },
];

/** A numbered scale whose anchors are item-specific or licensed: the UI shows the number only. */
export function numberedScale(min: number, max: number): readonly OrdinalOption[] {
  const options: OrdinalOption[] = [];
  for (let value = min; value <= max; value++) options.push({ value, label: String(value) });
  return options;
}

export const yesNo: readonly YesNoOption[] = [
  { value: true, label: 'Yes' },
  { value: false, label: 'No' },
];
