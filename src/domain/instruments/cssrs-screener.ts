import { yesNo } from './answer-scales.js';
import { localCode } from './codes.js';
import type { InstrumentDefinition, YesNoItem } from './types.js';

// Columbia Suicide Severity Rating Scale, screener version (Posner et al. 2011, Am J Psychiatry 168:1266;
// Columbia Lighthouse Project). Short labels only. Q1–Q5 ask about the past month.
// Skip logic of the screener: Q3–Q5 are asked only if Q2 is "yes"; "in the past 3 months?" only if
// lifetime behaviour (Q6) is "yes" (CLINICAL.md §5). A skipped item is empty (or "no"); a "yes" there is refused.
const item = (
  id: string,
  number: string,
  text: string,
  askedWhen?: { itemId: string; equals: boolean },
): YesNoItem => ({
  kind: 'yes_no',
  id,
  number,
  textKind: 'label',
  text,
  code: localCode(id),
  options: yesNo,
  ...(askedWhen === undefined ? {} : { askedWhen }),
});

export const cssrsScreener: InstrumentDefinition = {
  id: 'cssrs_screener',
  // 1.1.0: "none" apart from "low"; skip logic enforced.
  version: '1.1.0',
  title: 'Columbia Suicide Severity Rating Scale — Screener',
  shortTitle: 'C-SSRS screener',
  measures: 'suicide_risk',
  completedBy: 'clinician',
  code: localCode('cssrs_screener', 'C-SSRS screener'),
  items: [
    item('cssrs_1', '1', 'Wish to be dead (past month)'),
    item('cssrs_2', '2', 'Non-specific active suicidal thoughts (past month)'),
    item('cssrs_3', '3', 'Suicidal thoughts with method, without plan or intent (past month)', {
      itemId: 'cssrs_2',
      equals: true,
    }),
    item('cssrs_4', '4', 'Suicidal intent without specific plan (past month)', { itemId: 'cssrs_2', equals: true }),
    item('cssrs_5', '5', 'Suicidal intent with specific plan (past month)', { itemId: 'cssrs_2', equals: true }),
    item('cssrs_6_lifetime', '6', 'Suicidal behaviour (lifetime)'),
    item('cssrs_6_past_3_months', '6b', 'Suicidal behaviour in the past 3 months', {
      itemId: 'cssrs_6_lifetime',
      equals: true,
    }),
  ],
  scoring: {
    kind: 'cssrs_triage',
    highRiskItemIds: ['cssrs_4', 'cssrs_5', 'cssrs_6_past_3_months'],
    moderateRiskItemIds: ['cssrs_3', 'cssrs_6_lifetime'],
    lowRiskItemIds: ['cssrs_1', 'cssrs_2'],
  },
  // Risk levels (CLINICAL.md §5, C-SSRS screener triage): high = Q4 or Q5 or behaviour in the past 3 months;
  // moderate = Q3 or lifetime behaviour; low = Q1 or Q2 only (with a referral); none = all no.
  // `min`/`max` are the rank, not a total.
  bands: [
    { id: 'none', label: 'No risk identified', min: 0, max: 0 },
    { id: 'low', label: 'Low risk', min: 1, max: 1 },
    { id: 'moderate', label: 'Moderate risk', min: 2, max: 2 },
    { id: 'high', label: 'High risk', min: 3, max: 3 },
  ],
  flagRules: [],
  source:
    'Posner K, Brown GK, Stanley B, et al. The Columbia–Suicide Severity Rating Scale. Am J Psychiatry 2011;168:1266–1277; screener triage per CLINICAL.md §5',
  notes: [
    'High risk blocks dosing and needs escalation now (CLINICAL.md §5).',
    'Low risk (a "yes" to Q1 or Q2 only) needs a referral (CLINICAL.md §5).',
    'Q3–Q5 are asked only when Q2 is "yes", and 6b only when lifetime behaviour is "yes": a "yes" to a question the skip logic does not ask is refused (correct the gate question), never dropped.',
  ],
};
