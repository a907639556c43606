import { frequencyLast2Weeks } from './answer-scales.js';
import { loinc } from './codes.js';
import type { InstrumentDefinition, OrdinalItem } from './types.js';

// Item wording: Spitzer, Kroenke, Williams & Löwe 2006 (Arch Intern Med 166:1092); public domain.
// LOINC codes: CLINICAL.md §5 (verified).
const itemTexts: readonly (readonly [text: string, loincCode: string])[] = [
  ['Feeling nervous, anxious, or on edge', '69725-0'],
  ['Not being able to stop or control worrying', '68509-9'],
  ['Worrying too much about different things', '69733-4'],
  ['Trouble relaxing', '69734-2'],
  ['Being so restless that it is hard to sit still', '69735-9'],
  ['Becoming easily annoyed or irritable', '69689-8'],
  ['Feeling afraid as if something awful might happen', '69736-7'],
];

const items: readonly OrdinalItem[] = itemTexts.map(([text, code], index) => ({
  kind: 'ordinal',
  id: `gad7_${index + 1}`,
  number: String(index + 1),
  textKind: 'full',
  text,
  code: loinc(code),
  min: 0,
  max: 3,
  options: frequencyLast2Weeks,
}));

export const gad7: InstrumentDefinition = {
  id: 'gad7',
  version: '1.0.0',
  title: 'Generalized Anxiety Disorder 7-item scale',
  shortTitle: 'GAD-7',
  measures: 'anxiety',
  completedBy: 'self',
  stem: 'Over the last 2 weeks, how often have you been bothered by the following problems?',
  code: loinc('69737-5'),
  totalCode: loinc('70274-6'),
  items,
  scoring: { kind: 'sum' },
  range: { min: 0, max: 21 },
  // Spitzer 2006: cut-points 5, 10, 15.
  bands: [
    { id: 'minimal', label: 'Minimal', min: 0, max: 4 },
    { id: 'mild', label: 'Mild', min: 5, max: 9 },
    { id: 'moderate', label: 'Moderate', min: 10, max: 14 },
    { id: 'severe', label: 'Severe', min: 15, max: 21 },
  ],
  flagRules: [
    {
      flag: 'probable_gad',
      // Spitzer 2006: a cut-off of 10 gave sensitivity 89 % and specificity 82 % for GAD.
      when: { kind: 'total_at_least', value: 10 },
      source: 'Spitzer 2006 (cut-off ≥ 10); CLINICAL.md §5',
    },
  ],
  source:
    'Spitzer RL, Kroenke K, Williams JBW, Löwe B. A brief measure for assessing generalized anxiety disorder: the GAD-7. Arch Intern Med 2006;166:1092–1097',
  notes: [],
};
