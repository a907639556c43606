import { numberedScale } from './answer-scales.js';
import { localCode } from './codes.js';
import type { InstrumentDefinition, OrdinalItem } from './types.js';

// Montgomery & Åsberg 1979 (Br J Psychiatry 134:382). Item wording and anchors are not reproduced:
// short labels only. Each item is rated 0–6 by a clinician (anchors at 0, 2, 4, 6).
const labels: readonly string[] = [
  'Apparent sadness',
  'Reported sadness',
  'Inner tension',
  'Reduced sleep',
  'Reduced appetite',
  'Concentration difficulties',
  'Lassitude',
  'Inability to feel',
  'Pessimistic thoughts',
  'Suicidal thoughts',
];

const options = numberedScale(0, 6);

const items: readonly OrdinalItem[] = labels.map((text, index) => ({
  kind: 'ordinal',
  id: `madrs_${index + 1}`,
  number: String(index + 1),
  textKind: 'label',
  text,
  code: localCode(`madrs_${index + 1}`),
  min: 0,
  max: 6,
  options,
}));

export const madrs: InstrumentDefinition = {
  id: 'madrs',
  version: '1.0.0',
  title: 'Montgomery–Åsberg Depression Rating Scale',
  shortTitle: 'MADRS',
  measures: 'depression',
  completedBy: 'clinician',
  code: localCode('madrs', 'Montgomery–Åsberg Depression Rating Scale'),
  totalCode: localCode('madrs_total', 'MADRS total score'),
  items,
  scoring: { kind: 'sum' },
  range: { min: 0, max: 60 },
  // Snaith 1986 as given in CLINICAL.md §5 — unverified; keep configurable and say so in the UI.
  bands: [
    { id: 'normal', label: 'Normal', min: 0, max: 6 },
    { id: 'mild', label: 'Mild', min: 7, max: 19 },
    { id: 'moderate', label: 'Moderate', min: 20, max: 34 },
    { id: 'severe', label: 'Severe', min: 35, max: 60 },
  ],
  flagRules: [],
  source:
    'Montgomery SA, Åsberg M. A new depression scale designed to be sensitive to change. Br J Psychiatry 1979;134:382–389',
  notes: ['Severity bands (Snaith 1986) are unverified clinic defaults (CLINICAL.md §5).'],
};
