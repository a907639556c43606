import { yesNo } from './answer-scales.js';
import { localCode } from './codes.js';
import type { InstrumentDefinition, YesNoItem } from './types.js';

// Columbia Suicide Severity Rating Scale, screener version (Posner et al. 2011, Am J Psychiatry 168:1266;
// Columbia Lighthouse Project). Short labels only. Q1–Q5 ask about the past month.
// Skip logic of the screener: Q3–Q5 are asked only if Q2 is "yes"; "in the past 3 months?" only if
// lifetime behaviour (Q6) is "yes".
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
  version: '1.0.0',
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
  },
  // Risk levels (CLINICAL.md §5, C-SSRS screener triage): high = Q4 or Q5 or behaviour in the past 3 months;
  // moderate = Q3 or lifetime behaviour; otherwise low. `min`/`max` are the rank, not a total.
  bands: [
    { id: 'low', label: 'Low risk', min: 0, max: 0 },
    { id: 'moderate', label: 'Moderate risk', min: 1, max: 1 },
    { id: 'high', label: 'High risk', min: 2, max: 2 },
  ],
  flagRules: [],
  source:
    'Posner K, Brown GK, Stanley B, et al. The Columbia–Suicide Severity Rating Scale. Am J Psychiatry 2011;168:1266–1277; screener triage per CLINICAL.md §5',
  notes: [
    'High risk blocks dosing and needs escalation now (CLINICAL.md §5).',
    'A "yes" to a question the skip logic would not have asked still counts: a positive answer is never discarded.',
  ],
};
