import { describe, expect, it } from 'vitest';
import { assessChange } from '../../../../src/domain/outcomes/change.js';
import type { ChangeInput, ScoreAt } from '../../../../src/domain/outcomes/change.js';
import { DomainError } from '../../../../src/domain/errors.js';

const DAY = 86_400_000;
const FIRST_DOSE = Date.UTC(2025, 2, 3, 10, 0); // 2025-03-03T10:00Z
const day = (n: number, hours = 0): number => FIRST_DOSE + n * DAY + hours * 3_600_000;

function latestAfter(instrumentId: string, baseline: number, current: number) {
  return assessChange({
    instrumentId,
    firstDoseAt: FIRST_DOSE,
    scores: [
      { at: day(-1), total: baseline },
      { at: day(7), total: current },
    ],
  }).latest;
}

function errorOf(input: ChangeInput): DomainError {
  try {
    assessChange(input);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('baseline = last score strictly before the first dose — CLINICAL.md §7', () => {
  it('takes the latest pre-dose score, and counts a score at the dose time as a follow-up', () => {
    const result = assessChange({
      instrumentId: 'phq9',
      firstDoseAt: '2025-03-03T10:00:00Z',
      scores: [
        { at: '2025-03-03T10:00:00Z', total: 16 },
        { at: '2025-02-20T09:00:00Z', total: 21 },
        { at: '2025-03-03T09:00:00Z', total: 18 },
        { at: day(2), total: 12 },
      ],
    });
    expect(result.baseline).toEqual({ index: 2, at: day(0, -1), total: 18 });
    expect(result.followUps.map((p) => [p.index, p.total])).toEqual([
      [0, 16],
      [3, 12],
    ]);
    expect(result.latest?.total).toBe(12);
    expect(result.latest?.change).toBe(-6);
    expect(result.latest?.percentChange).toBeCloseTo((-6 / 18) * 100, 10);
  });

  it('reads the same instants from ISO strings with offsets and from epoch ms', () => {
    const iso = assessChange({
      instrumentId: 'phq9',
      firstDoseAt: '2025-03-03T11:00:00+01:00',
      scores: [
        { at: '2025-03-03T04:59:00-05:00', total: 20 },
        { at: FIRST_DOSE + 60_000, total: 10 },
      ],
    });
    expect(iso.baseline?.at).toBe(FIRST_DOSE - 60_000);
    expect(iso.latest?.at).toBe(FIRST_DOSE + 60_000);
  });

  it('keeps input order for scores at the same time (the later entry is the baseline)', () => {
    const result = assessChange({
      instrumentId: 'phq9',
      firstDoseAt: FIRST_DOSE,
      scores: [
        { at: day(-1), total: 14 },
        { at: day(-1), total: 15 },
      ],
    });
    expect(result.baseline?.total).toBe(15);
  });

  it('has no baseline, change or percent change when every score follows the first dose', () => {
    const result = assessChange({ instrumentId: 'phq9', firstDoseAt: FIRST_DOSE, scores: [{ at: day(1), total: 3 }] });
    expect(result.baseline).toBeNull();
    // Without a baseline, response and remission are "not applicable" (CLINICAL.md §5), even at a total of 3.
    expect(result.latest).toMatchObject({ change: null, percentChange: null, findings: [] });
    expect(result.responseRemission).toEqual({ status: 'not_applicable', reason: 'no_baseline' });
    expect(result.earlyImprovement).toEqual({ status: 'not_applicable', reason: 'no_baseline' });
  });

  it('handles a baseline of 0 without dividing by zero: no percent change, no response', () => {
    // A baseline of 0 is below the treated range: no response or remission to judge.
    const latest = latestAfter('phq9', 0, 0);
    expect(latest).toMatchObject({ change: 0, percentChange: null, findings: [] });
    expect(latestAfter('phq9', 0, 6)).toMatchObject({ change: 6, percentChange: null, findings: [] });
  });
});

describe('response (≥ 50 % drop) and remission — CLINICAL.md §5 (PHQ-9 < 5, MADRS ≤ 10, QIDS-SR16 ≤ 5)', () => {
  it.each([
    ['phq9', 20, 10, ['response', 'early_improvement']],
    ['phq9', 20, 11, ['early_improvement']],
    ['phq9', 15, 7, ['response', 'early_improvement']],
    ['phq9', 15, 8, ['early_improvement']],
    // Baseline 9 is below the PHQ-9 treated range (≥ 10): change is shown, response/remission not judged.
    ['phq9', 9, 4, ['early_improvement']],
    ['phq9', 10, 5, ['response', 'early_improvement']],
    ['madrs', 30, 10, ['response', 'remission', 'early_improvement']],
    ['madrs', 30, 11, ['response', 'early_improvement']],
    ['madrs', 21, 11, ['early_improvement']],
    ['qids_sr16', 16, 5, ['response', 'remission', 'early_improvement']],
    ['qids_sr16', 16, 6, ['response', 'early_improvement']],
    ['qids_sr16', 12, 6, ['response', 'early_improvement']],
  ])('%s %i → %i: %j', (instrumentId, baseline, current, findings) => {
    expect(latestAfter(instrumentId, baseline, current)?.findings).toEqual(findings);
  });
});

describe('response and remission only from a baseline in the treated range — CLINICAL.md §5', () => {
  const judge = (instrumentId: string, baseline: number, current: number, treatedRangeMinimum?: number) =>
    assessChange({
      instrumentId,
      firstDoseAt: FIRST_DOSE,
      scores: [
        { at: day(-1), total: baseline },
        { at: day(14), total: current },
      ],
      ...(treatedRangeMinimum === undefined ? {} : { treatedRangeMinimum }),
    });
  it.each([
    ['phq9', 9, 'not_applicable'],
    ['phq9', 10, 'applicable'],
    ['madrs', 19, 'not_applicable'],
    ['madrs', 20, 'applicable'],
    ['qids_sr16', 10, 'not_applicable'],
    ['qids_sr16', 11, 'applicable'],
  ])('%s baseline %i → %s', (instrumentId, baseline, status) => {
    const result = judge(instrumentId, baseline, 2);
    expect(result.responseRemission.status).toBe(status);
    expect(result.latest?.findings.some((f) => f === 'response' || f === 'remission')).toBe(status === 'applicable');
  });

  it('says why, with the minimum used', () => {
    expect(judge('phq9', 8, 2).responseRemission).toEqual({
      status: 'not_applicable',
      reason: 'baseline_below_treated_range',
      baselineTotal: 8,
      treatedRangeMinimum: 10,
    });
  });

  it('uses the clinic setting when given (protocol outcomeBaselineMinimum)', () => {
    expect(judge('phq9', 12, 2, 15).responseRemission.status).toBe('not_applicable');
    expect(judge('phq9', 8, 2, 5).latest?.findings).toEqual(['response', 'remission', 'early_improvement']);
    expect(() => judge('phq9', 12, 2, 28)).toThrow(expect.objectContaining({ code: 'outcome_input_invalid' }));
  });

  it('has no response/remission rule for the GAD-7', () => {
    expect(judge('gad7', 15, 2).responseRemission).toEqual({
      status: 'not_applicable',
      reason: 'no_rule_for_instrument',
    });
  });
});

describe('early improvement (≥ 20 % drop) — Translational Psychiatry 2024; CLINICAL.md §4', () => {
  it.each([
    [20, 16, true],
    [20, 17, false],
    [15, 12, true],
    [15, 13, false],
    [20, 24, false],
  ])('PHQ-9 %i → %i: early improvement %s', (baseline, current, improved) => {
    expect(latestAfter('phq9', baseline, current)?.findings.includes('early_improvement')).toBe(improved);
  });
});

describe('PCL-5 reliable (5 points) and clinically meaningful (10 points) change — National Center for PTSD', () => {
  it.each([
    [50, 46, []],
    [50, 45, ['reliable_improvement']],
    [50, 41, ['reliable_improvement']],
    [50, 40, ['reliable_improvement', 'clinically_meaningful_improvement']],
    [50, 54, []],
    [50, 55, ['reliable_worsening']],
    [50, 60, ['reliable_worsening', 'clinically_meaningful_worsening']],
  ])('%i → %i: %j', (baseline, current, findings) => {
    expect(latestAfter('pcl5', baseline, current)?.findings).toEqual(findings);
  });
});

describe('pain NRS meaningful reduction (≥ 30 %) — Farrar 2001', () => {
  it.each([
    [10, 7, true],
    [10, 8, false],
    [7, 5, false],
    [7, 4, true],
    [0, 0, false],
  ])('%i → %i: meaningful %s', (baseline, current, meaningful) => {
    expect(latestAfter('pain_nrs', baseline, current)?.findings.includes('meaningful_reduction')).toBe(meaningful);
  });
});

describe('no ≥ 20 % improvement by session 4 → prescriber review, never auto-stop — Translational Psychiatry 2024', () => {
  const sessions = [day(0), day(2), day(4), day(7), day(9)];
  const base: ScoreAt = { at: day(-1), total: 20 };

  it('is not due before the fourth session', () => {
    const result = assessChange({
      instrumentId: 'phq9',
      firstDoseAt: FIRST_DOSE,
      sessionsAt: sessions.slice(0, 3),
      scores: [base, { at: day(4, -1), total: 20 }],
    });
    expect(result.earlyImprovement).toEqual({ status: 'not_due', sessionsGiven: 3, bySession: 4 });
  });

  it('awaits a score after session 4 (the session-4 pre-dose form reflects only three doses)', () => {
    const result = assessChange({
      instrumentId: 'phq9',
      firstDoseAt: FIRST_DOSE,
      sessionsAt: sessions.slice(0, 4),
      scores: [base, { at: day(7, -1), total: 19 }],
    });
    expect(result.earlyImprovement).toEqual({ status: 'awaiting_score', bySession: 4 });
  });

  it('recommends review when the score before session 5 has dropped < 20 % (20 → 17)', () => {
    const result = assessChange({
      instrumentId: 'phq9',
      firstDoseAt: FIRST_DOSE,
      sessionsAt: sessions,
      scores: [base, { at: day(9, -1), total: 17 }, { at: day(12), total: 8 }],
    });
    expect(result.earlyImprovement).toMatchObject({ status: 'review_recommended', bySession: 4, point: { total: 17 } });
    if (result.earlyImprovement.status === 'review_recommended') {
      expect(result.earlyImprovement.message).toMatch(/Do not stop automatically/);
    }
  });

  it('is met when the score after session 4 has dropped ≥ 20 % (20 → 16)', () => {
    const result = assessChange({
      instrumentId: 'phq9',
      firstDoseAt: FIRST_DOSE,
      sessionsAt: sessions,
      scores: [base, { at: day(2, -1), total: 19 }, { at: day(8), total: 16 }],
    });
    expect(result.earlyImprovement).toMatchObject({ status: 'improved', point: { total: 16 } });
  });

  it('uses the latest score in the window, not the best one (20 → 15 → 18 is a review)', () => {
    const result = assessChange({
      instrumentId: 'madrs',
      firstDoseAt: FIRST_DOSE,
      sessionsAt: sessions,
      scores: [base, { at: day(7, 2), total: 15 }, { at: day(8), total: 18 }],
    });
    expect(result.earlyImprovement).toMatchObject({ status: 'review_recommended', point: { total: 18 } });
  });

  it.each([
    ['gad7', 'no_rule_for_instrument'],
    ['pcl5', 'no_rule_for_instrument'],
  ])('does not apply to %s (%s)', (instrumentId, reason) => {
    const result = assessChange({ instrumentId, firstDoseAt: FIRST_DOSE, sessionsAt: sessions, scores: [base] });
    expect(result.earlyImprovement).toEqual({ status: 'not_applicable', reason });
  });

  it('does not apply with a baseline of 0', () => {
    const result = assessChange({
      instrumentId: 'phq9',
      firstDoseAt: FIRST_DOSE,
      sessionsAt: sessions,
      scores: [
        { at: day(-1), total: 0 },
        { at: day(8), total: 0 },
      ],
    });
    expect(result.earlyImprovement).toEqual({ status: 'not_applicable', reason: 'baseline_zero' });
  });
});

describe('invalid input', () => {
  it('names every bad score and time at once', () => {
    const error = errorOf({
      instrumentId: 'phq9',
      firstDoseAt: '2025-03-03T10:00:00', // no offset: would depend on the server's time zone
      scores: [
        { at: day(1), total: 28 },
        { at: '2025-03-04', total: 3 },
        { at: day(2), total: 2.5 },
      ],
    });
    expect(error.code).toBe('outcome_input_invalid');
    expect(error.errors.map((e) => e.path)).toEqual([
      '/firstDoseAt',
      '/scores/0/total',
      '/scores/1/at',
      '/scores/2/total',
    ]);
  });

  it('refuses sessions that start before the first dose', () => {
    const error = errorOf({ instrumentId: 'phq9', firstDoseAt: FIRST_DOSE, sessionsAt: [day(-1), day(0)], scores: [] });
    expect(error.errors.map((e) => e.path)).toEqual(['/sessionsAt']);
  });

  it('refuses the C-SSRS screener (no total) and unknown instruments', () => {
    expect(errorOf({ instrumentId: 'cssrs_screener', firstDoseAt: FIRST_DOSE, scores: [] }).code).toBe(
      'outcome_instrument_unsupported',
    );
    expect(errorOf({ instrumentId: 'hamd', firstDoseAt: FIRST_DOSE, scores: [] }).code).toBe('instrument_unknown');
  });
});
