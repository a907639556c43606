import { describe, expect, it } from 'vitest';
import { scoreInstrument } from '../../../../src/domain/instruments/index.js';
import { escalationDue, safetyAlertReasonsFor } from '../../../../src/domain/questionnaires/index.js';

const phq9 = (item9: number) => scoreInstrument('phq9', [1, 1, 1, 1, 1, 1, 1, 1, item9]);
// C-SSRS screener: Q1 wish to be dead, Q2 thoughts, Q3 method, Q4 intent, Q5 plan, Q6 lifetime behaviour, 6b past 3 months.
const cssrs = (answers: (boolean | null)[]) => scoreInstrument('cssrs_screener', answers);

describe('safety alerts from a submitted questionnaire', () => {
  it.each([
    [0, []],
    [1, ['phq9_item9']],
    [3, ['phq9_item9']],
  ] as const)('PHQ-9 item 9 = %i → %j', (item9, reasons) => {
    expect(safetyAlertReasonsFor(phq9(item9))).toEqual(reasons);
  });

  it.each([
    [[false, false, null, null, null, false, null], []],
    [[true, false, null, null, null, false, null], []], // low risk: a referral, not an urgent task
    [[true, true, true, false, false, false, null], ['cssrs_moderate']],
    [[false, false, null, null, null, true, false], ['cssrs_moderate']], // lifetime behaviour only
    [[true, true, false, true, false, false, null], ['cssrs_high']],
    [[false, false, null, null, null, true, true], ['cssrs_high']], // behaviour in the past 3 months
  ] as const)('C-SSRS screener %j → %j', (answers, reasons) => {
    expect(safetyAlertReasonsFor(cssrs([...answers]))).toEqual(reasons);
  });

  it('GAD-7 never raises one', () => {
    expect(safetyAlertReasonsFor(scoreInstrument('gad7', [3, 3, 3, 3, 3, 3, 3]))).toEqual([]);
  });
});

describe('escalation of an unacknowledged alert', () => {
  const raisedAt = new Date('2026-03-02T15:00:00Z');
  const at = (minutes: number) => new Date(raisedAt.getTime() + minutes * 60_000);
  it.each([
    ['open', null, 29.99, false],
    ['open', null, 30, true],
    ['open', at(30), 60, false], // once only
    ['acknowledged', null, 60, false],
    ['resolved', null, 60, false],
  ] as const)('%s, escalated %s, after %f min → %s', (status, escalatedAt, minutes, expected) => {
    expect(escalationDue({ status, raisedAt, escalatedAt }, 30, at(minutes))).toBe(expected);
  });
});
