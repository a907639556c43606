import type { InstrumentId } from '../instruments/types.js';

/**
 * When scores after induction say the effect is wearing off and a maintenance session is due.
 *
 * Ketamine's benefit fades over days to weeks (single dose: gone by days 10–12, Kishimoto 2016; median
 * relapse 18 days after six infusions, Murrough 2013 — CLINICAL.md §7); maintenance is individual and is
 * given "just before the effect is expected to wear off" (Andrade 2017 — CLINICAL.md §4). Issue 17 states the
 * clinic's rule: flag when scores climb back, e.g. PHQ-9 regains half of its improvement or crosses back into
 * moderate. So, for an instrument with a rule:
 * - regained half: (latest − best since the first dose) × 2 ≥ (baseline − best), with an improvement > 0;
 *   whole-number arithmetic, so regaining exactly half is due;
 * - back into moderate: the best score since the first dose was below the instrument's moderate band and the
 *   latest is at or above its lower bound (bands: CLINICAL.md §5).
 */
export interface MaintenanceRule {
  /** Fraction of the improvement regained that makes a session due, as numerator/denominator. */
  readonly regainedFraction: { readonly numerator: number; readonly denominator: number };
  /** Lower bound of the moderate band; undefined where the instrument has no bands (PCL-5). */
  readonly moderateFrom?: number;
  readonly source: string;
}

const HALF = { numerator: 1, denominator: 2 } as const;
const ISSUE_17 = 'Issue 17: maintenance due when scores regain half of the improvement or cross back into moderate';

export const maintenanceRules: Readonly<Partial<Record<InstrumentId, MaintenanceRule>>> = {
  phq9: { regainedFraction: HALF, moderateFrom: 10, source: `${ISSUE_17}; PHQ-9 moderate 10–14 (Kroenke 2001)` },
  madrs: { regainedFraction: HALF, moderateFrom: 20, source: `${ISSUE_17}; MADRS moderate 20–34 (Snaith 1986)` },
  qids_sr16: { regainedFraction: HALF, moderateFrom: 11, source: `${ISSUE_17}; QIDS-SR16 moderate 11–15 (Rush 2003)` },
  gad7: { regainedFraction: HALF, moderateFrom: 10, source: `${ISSUE_17}; GAD-7 moderate 10–14 (Spitzer 2006)` },
  pain_nrs: { regainedFraction: HALF, moderateFrom: 4, source: `${ISSUE_17}; pain NRS moderate 4–6` },
  // No official PCL-5 bands (CLINICAL.md §5): only the regained-half rule applies.
  pcl5: { regainedFraction: HALF, source: ISSUE_17 },
  // CADSS is dissociation during a session, not an outcome; the C-SSRS screener has no total: no rule.
};
