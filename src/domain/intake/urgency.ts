import { cssrsScreener } from '../instruments/cssrs-screener.js';
import { scoreInstrument, type InstrumentFlag } from '../instruments/index.js';

/**
 * Why an intake is urgent. Any sign of suicidal thinking puts it at the top of the queue for a call back the
 * same day: PHQ-9 item 9 above "Not at all" needs a suicide risk assessment now (CLINICAL.md §5), and the
 * C-SSRS screener's moderate and high risk levels are the domain's own triage (CLINICAL.md §5, Posner 2011).
 */
export type UrgentReason = 'cssrs_high_risk' | 'cssrs_moderate_risk' | 'phq9_item9_positive';

export interface UrgencyInput {
  readonly flags: readonly InstrumentFlag[];
}

export function urgencyOf(scores: readonly UrgencyInput[]): { urgent: boolean; reasons: UrgentReason[] } {
  const flags = new Set(scores.flatMap((s) => s.flags));
  const reasons: UrgentReason[] = [];
  if (flags.has('cssrs_high_risk')) reasons.push('cssrs_high_risk');
  if (flags.has('cssrs_moderate_risk')) reasons.push('cssrs_moderate_risk');
  if (flags.has('suicide_risk_review')) reasons.push('phq9_item9_positive');
  return { urgent: reasons.length > 0, reasons };
}

export const urgentReasonLabels: Readonly<Record<UrgentReason, string>> = {
  cssrs_high_risk: 'C-SSRS screener: high risk',
  cssrs_moderate_risk: 'C-SSRS screener: moderate risk',
  phq9_item9_positive: 'PHQ-9 item 9 above "Not at all"',
};

export type CssrsRiskSoFar = 'none' | 'low' | 'moderate' | 'high';

/**
 * The C-SSRS risk that the answers given so far already establish, for showing crisis resources the moment
 * an answer is given. Unanswered items count as "no", so this is the lowest risk the finished form can have
 * (the triage only rises with more "yes" answers); the scoring itself is the domain's `scoreInstrument`.
 */
export function cssrsRiskSoFar(
  answers: Readonly<Record<string, boolean | null | undefined>>,
  itemIds: readonly string[],
): CssrsRiskSoFar {
  if (!itemIds.some((id) => answers[id] === true || answers[id] === false)) return 'none';
  const filled: Record<string, boolean> = {};
  for (const id of itemIds) filled[id] = answers[id] === true;
  // A "yes" to a gated item (Q3–Q5 need Q2 "yes") implies its gate: the finished form can only have it so.
  for (const item of cssrsScreener.items) {
    if (item.askedWhen && filled[item.id] === true) filled[item.askedWhen.itemId] = item.askedWhen.equals;
  }
  const severity = scoreInstrument('cssrs_screener', filled).severity?.id;
  return severity === 'high' || severity === 'moderate' || severity === 'none' ? severity : 'low';
}

/** Crisis resources are shown for these (and for PHQ-9 item 9 > 0 on its own page). */
export function showsCrisisResources(risk: CssrsRiskSoFar): boolean {
  return risk === 'moderate' || risk === 'high';
}
