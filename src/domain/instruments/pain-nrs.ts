import { numberedScale } from './answer-scales.js';
import { localCode } from './codes.js';
import type { InstrumentDefinition } from './types.js';

export const painNrs: InstrumentDefinition = {
  id: 'pain_nrs',
  version: '1.0.0',
  title: 'Pain Numeric Rating Scale (0–10)',
  shortTitle: 'Pain NRS',
  measures: 'pain',
  completedBy: 'self',
  stem: 'On a scale of 0 to 10, where 0 is no pain and 10 is the worst pain imaginable, how much pain do you have?',
  code: localCode('pain_nrs', 'Pain numeric rating scale'),
  totalCode: localCode('pain_nrs_total', 'Pain NRS score'),
  items: [
    {
      kind: 'ordinal',
      id: 'pain_nrs_1',
      number: '1',
      textKind: 'full',
      text: 'Pain intensity',
      code: localCode('pain_nrs_1'),
      min: 0,
      max: 10,
      options: numberedScale(0, 10),
    },
  ],
  scoring: { kind: 'sum' },
  range: { min: 0, max: 10 },
  // Conventional cut-points as given in CLINICAL.md §5 (no primary source there; clinic default).
  bands: [
    { id: 'none', label: 'No pain', min: 0, max: 0 },
    { id: 'mild', label: 'Mild', min: 1, max: 3 },
    { id: 'moderate', label: 'Moderate', min: 4, max: 6 },
    { id: 'severe', label: 'Severe', min: 7, max: 10 },
  ],
  flagRules: [],
  source: '11-point numeric rating scale; bands per CLINICAL.md §5; ≥ 30 % reduction meaningful (Farrar 2001)',
  notes: ['Severity cut-points vary between studies; these are clinic defaults.'],
};
