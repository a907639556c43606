import { numberedScale } from './answer-scales.js';
import { localCode } from './codes.js';
import type { InstrumentDefinition, OrdinalItem } from './types.js';

// Bremner et al. 1998 (J Trauma Stress 11:125). The 23 subjective items, each rated 0–4 (total 0–92),
// as used in ketamine trials. Wording is not reproduced. Only the six items of the short form
// (CLINICAL.md §3) carry a descriptive label; the others are numbered until the licensed form is checked.

/** Positions of the CADSS-6 short-form items within the full scale (CLINICAL.md §3). */
export const CADSS6_ITEM_NUMBERS = [1, 2, 6, 7, 15, 22] as const;

const shortFormLabels: ReadonlyMap<number, string> = new Map([
  [1, 'Things moving in slow motion'],
  [2, 'Things seem unreal, as if in a dream'],
  [6, 'Disconnected from own body'],
  [7, 'Sense of own body changed'],
  [15, 'Spacing out, losing track of what is going on'],
  [22, 'Gaps in memory'],
]);

const options = numberedScale(0, 4);

function cadssItem(n: number, idPrefix: string, position: number): OrdinalItem {
  return {
    kind: 'ordinal',
    id: `${idPrefix}_${position}`,
    number: String(position),
    textKind: 'label',
    text: shortFormLabels.get(n) ?? `CADSS item ${n}`,
    code: localCode(`${idPrefix}_${position}`),
    min: 0,
    max: 4,
    options,
  };
}

const fullItems: readonly OrdinalItem[] = Array.from({ length: 23 }, (_, i) => cadssItem(i + 1, 'cadss', i + 1));

export const cadss: InstrumentDefinition = {
  id: 'cadss',
  version: '1.0.0',
  title: 'Clinician-Administered Dissociative States Scale',
  shortTitle: 'CADSS',
  measures: 'dissociation',
  completedBy: 'clinician',
  code: localCode('cadss', 'Clinician-Administered Dissociative States Scale'),
  totalCode: localCode('cadss_total', 'CADSS total score'),
  items: fullItems,
  scoring: { kind: 'sum' },
  range: { min: 0, max: 92 },
  // No severity bands: dissociation is recorded per session and expected to fall with repeats (CLINICAL.md §5).
  bands: [],
  flagRules: [],
  source:
    'Bremner JD, Krystal JH, Putnam FW, et al. Measurement of dissociative states with the CADSS. J Trauma Stress 1998;11:125–136',
  notes: [
    'Item labels are short descriptions, not the licensed wording; unlabelled items await checking against the form.',
  ],
};

/**
 * CADSS-6: items 1, 2, 6, 7, 15 and 22 of the full scale, numbered 1–6 here (item id `cadss6_<position>`).
 * Each keeps the full scale's 0–4 rating, so the total is 0–24.
 */
export const cadss6: InstrumentDefinition = {
  id: 'cadss6',
  version: '1.0.0',
  title: 'Clinician-Administered Dissociative States Scale, 6-item short form',
  shortTitle: 'CADSS-6',
  measures: 'dissociation',
  completedBy: 'clinician',
  code: localCode('cadss6', 'CADSS 6-item short form'),
  totalCode: localCode('cadss6_total', 'CADSS-6 total score'),
  items: CADSS6_ITEM_NUMBERS.map((n, i) => cadssItem(n, 'cadss6', i + 1)),
  scoring: { kind: 'sum' },
  range: { min: 0, max: 24 },
  bands: [],
  flagRules: [],
  source: 'CADSS-6 short form (items 1, 2, 6, 7, 15, 22 of Bremner 1998), as given in CLINICAL.md §3',
  notes: ['Item labels are short descriptions, not the licensed wording.'],
};
