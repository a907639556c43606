import { numberedScale } from './answer-scales.js';
import { localCode } from './codes.js';
import type { InstrumentDefinition, OrdinalItem } from './types.js';

// Rush et al. 2003 (Biol Psychiatry 54:573). Short labels only; each item 0–3.
const labels: readonly string[] = [
  'Falling asleep',
  'Sleep during the night',
  'Waking up too early',
  'Sleeping too much',
  'Feeling sad',
  'Decreased appetite',
  'Increased appetite',
  'Decreased weight (within the last two weeks)',
  'Increased weight (within the last two weeks)',
  'Concentration / decision making',
  'View of myself',
  'Thoughts of death or suicide',
  'General interest',
  'Energy level',
  'Feeling slowed down',
  'Feeling restless',
];

const options = numberedScale(0, 3);

const items: readonly OrdinalItem[] = labels.map((text, index) => ({
  kind: 'ordinal',
  id: `qids_sr16_${index + 1}`,
  number: String(index + 1),
  textKind: 'label',
  text,
  code: localCode(`qids_sr16_${index + 1}`),
  min: 0,
  max: 3,
  options,
}));

const item = (n: number): string => `qids_sr16_${n}`;

export const qidsSr16: InstrumentDefinition = {
  id: 'qids_sr16',
  version: '1.0.0',
  title: 'Quick Inventory of Depressive Symptomatology, Self-Report (16 items)',
  shortTitle: 'QIDS-SR16',
  measures: 'depression',
  completedBy: 'self',
  code: localCode('qids_sr16', 'Quick Inventory of Depressive Symptomatology (16-item, self-report)'),
  totalCode: localCode('qids_sr16_total', 'QIDS-SR16 total score'),
  items,
  // Nine DSM-IV symptom domains (Rush 2003; CLINICAL.md §5): sleep, appetite/weight and psychomotor
  // take the highest of their items so that opposite symptoms (insomnia and hypersomnia) never add up.
  scoring: {
    kind: 'domain_sum',
    domains: [
      { id: 'sleep', label: 'Sleep', itemIds: [item(1), item(2), item(3), item(4)] },
      { id: 'sad_mood', label: 'Sad mood', itemIds: [item(5)] },
      { id: 'appetite_weight', label: 'Appetite / weight', itemIds: [item(6), item(7), item(8), item(9)] },
      { id: 'concentration', label: 'Concentration', itemIds: [item(10)] },
      { id: 'self_view', label: 'Self-criticism', itemIds: [item(11)] },
      { id: 'suicidal_ideation', label: 'Suicidal ideation', itemIds: [item(12)] },
      { id: 'interest', label: 'Interest', itemIds: [item(13)] },
      { id: 'energy', label: 'Energy / fatigue', itemIds: [item(14)] },
      { id: 'psychomotor', label: 'Psychomotor', itemIds: [item(15), item(16)] },
    ],
  },
  range: { min: 0, max: 27 },
  // Rush 2003; CLINICAL.md §5.
  bands: [
    { id: 'none', label: 'None', min: 0, max: 5 },
    { id: 'mild', label: 'Mild', min: 6, max: 10 },
    { id: 'moderate', label: 'Moderate', min: 11, max: 15 },
    { id: 'severe', label: 'Severe', min: 16, max: 20 },
    { id: 'very_severe', label: 'Very severe', min: 21, max: 27 },
  ],
  flagRules: [],
  source:
    'Rush AJ, Trivedi MH, Ibrahim HM, et al. The 16-item Quick Inventory of Depressive Symptomatology (QIDS). Biol Psychiatry 2003;54:573–583',
  notes: [],
};
