import type { InstrumentId } from '../instruments/types.js';

/**
 * What counts as getting better on each instrument. Clinic defaults with their sources (CLINICAL.md §4, §5, §7);
 * thresholds are compared in whole numbers (integer maths), so a drop of exactly 50 % is a response.
 */
export type RemissionRule =
  | { readonly kind: 'below'; readonly value: number; readonly source: string }
  | { readonly kind: 'at_most'; readonly value: number; readonly source: string };

export interface OutcomeRules {
  /**
   * Response and remission are judged only for a baseline at or above this total (the treated range);
   * otherwise they are "not applicable" (CLINICAL.md §5). The protocol's `outcomeBaselineMinimum` may
   * replace the value.
   */
  readonly treatedRangeMinimum?: { readonly value: number; readonly source: string };
  /** Response: total fell by at least this percentage of baseline. */
  readonly response?: { readonly percentDrop: number; readonly source: string };
  readonly remission?: RemissionRule;
  /** Early improvement: a drop of at least this percentage; checked after session `bySession`. */
  readonly earlyImprovement?: { readonly percentDrop: number; readonly bySession: number; readonly source: string };
  /** A change of at least this many points is beyond measurement error (both directions). */
  readonly reliableChange?: { readonly points: number; readonly source: string };
  readonly clinicallyMeaningfulChange?: { readonly points: number; readonly source: string };
  /** A percentage drop that patients experience as meaningful (pain). */
  readonly meaningfulReduction?: { readonly percentDrop: number; readonly source: string };
}

const RESPONSE_50 = {
  percentDrop: 50,
  source: 'Response = ≥ 50 % drop from baseline (CLINICAL.md §5; ORKA-1, Anand 2023)',
};
// "No improvement (≥ 20 % drop) by session 4 strongly predicts non-response" — Translational Psychiatry 2024
// (CLINICAL.md §4): flag for prescriber review, never stop automatically.
const EARLY_20_BY_4 = {
  percentDrop: 20,
  bySession: 4,
  source: 'Early improvement = ≥ 20 % drop by session 4 (Translational Psychiatry 2024; CLINICAL.md §4)',
};

export const outcomeRules: Readonly<Record<InstrumentId, OutcomeRules>> = {
  phq9: {
    treatedRangeMinimum: { value: 10, source: 'PHQ-9 baseline ≥ 10 (moderate or worse; CLINICAL.md §5)' },
    response: RESPONSE_50,
    remission: { kind: 'below', value: 5, source: 'PHQ-9 remission < 5 (ORKA-1; CLINICAL.md §5)' },
    earlyImprovement: EARLY_20_BY_4,
  },
  madrs: {
    treatedRangeMinimum: { value: 20, source: 'MADRS baseline ≥ 20 (moderate or worse; CLINICAL.md §5)' },
    response: RESPONSE_50,
    remission: { kind: 'at_most', value: 10, source: 'MADRS remission ≤ 10 (CLINICAL.md §5)' },
    earlyImprovement: EARLY_20_BY_4,
  },
  qids_sr16: {
    treatedRangeMinimum: { value: 11, source: 'QIDS-SR16 baseline ≥ 11 (moderate or worse; CLINICAL.md §5)' },
    response: RESPONSE_50,
    remission: { kind: 'at_most', value: 5, source: 'QIDS-SR16 remission ≤ 5 (Rush 2003; CLINICAL.md §5)' },
    earlyImprovement: EARLY_20_BY_4,
  },
  // CLINICAL.md gives no response or remission rule for the GAD-7: change is reported, not classified.
  gad7: {},
  pcl5: {
    reliableChange: {
      points: 5,
      source: 'PCL-5: 5 points = reliable change (National Center for PTSD; CLINICAL.md §5)',
    },
    clinicallyMeaningfulChange: {
      points: 10,
      source: 'PCL-5: 10 points = clinically meaningful change (National Center for PTSD; CLINICAL.md §5)',
    },
  },
  pain_nrs: {
    meaningfulReduction: {
      percentDrop: 30,
      source: 'Pain NRS: ≥ 30 % reduction is clinically important (Farrar 2001; CLINICAL.md §5)',
    },
  },
  // Dissociation is expected to fall with repeated sessions; no rule defines "better" (CLINICAL.md §5).
  cadss: {},
  cadss6: {},
  // The C-SSRS screener has no total to follow; change.ts refuses it.
  cssrs_screener: {},
};
