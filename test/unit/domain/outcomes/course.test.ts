import { describe, expect, it } from 'vitest';
import { assessCourse, type CourseInput, type CoursePlan } from '../../../../src/domain/outcomes/index.js';
import { DomainError } from '../../../../src/domain/errors.js';

const DAY = 86_400_000;
const START = Date.UTC(2026, 9, 5, 14, 0); // first dose
const day = (n: number, hours = 0): number => START + n * DAY + hours * 3_600_000;
/** Six induction doses on days 0, 2, 4, 7, 9, 11 (CLINICAL.md §4: 6 over 2–3 weeks). */
const induction = [0, 2, 4, 7, 9, 11].map((d) => day(d));
const plan: CoursePlan = {
  inductionSessions: 6,
  responseDropPercent: 50,
  remissionAtOrBelow: 4,
  reviewBySession: 4,
  minImprovementPercent: 20,
};

/** PHQ-9 with a baseline the day before the first dose, scores on the given days after induction. */
function phq9After(baseline: number, during: readonly number[], after: readonly [number, number | null][]) {
  const scores: CourseInput['scores'] = [
    { at: day(-1), total: baseline },
    ...during.map((total, i) => ({ at: induction[i]! - 3_600_000, total })),
    ...after.map(([d, total]) => ({ at: day(d), total })),
  ];
  return assessCourse({ instrumentId: 'phq9', scores, sessionsAt: induction, plan });
}

describe('maintenance due after induction — issue 17 (regains half, or back into moderate; PHQ-9 bands Kroenke 2001)', () => {
  // baseline, best reached, latest → due?, reasons
  const cases: [string, number, number, number, boolean, string[]][] = [
    ['regained exactly half (12 → 2 → 7): due', 12, 2, 7, true, ['regained_fraction']],
    ['regained just under half (12 → 2 → 6): holding', 12, 2, 6, false, []],
    ['back to 10 from below 10 (20 → 4 → 10): due, moderate again', 20, 4, 10, true, ['back_to_moderate']],
    ['9 after a best of 4 (20 → 4 → 9): holding (mild, under half regained)', 20, 4, 9, false, []],
    ['half regained and moderate (20 → 4 → 12)', 20, 4, 12, true, ['regained_fraction', 'back_to_moderate']],
    ['latest equals the best (20 → 4 → 4): holding', 20, 4, 4, false, []],
    ['never improved (14 → 14 → 16): not a relapse to flag', 14, 14, 16, false, []],
    ['never below moderate (22 → 11 → 13): regained less than half, never left moderate', 22, 11, 13, false, []],
    ['never below moderate but regained half (22 → 12 → 17)', 22, 12, 17, true, ['regained_fraction']],
  ];
  it.each(cases)('%s', (_name, baseline, best, latest, due, reasons) => {
    const course = phq9After(baseline, [baseline, best, best, best, best, best], [[20, latest]]);
    const m = course.maintenance;
    expect(m.status).toBe(due ? 'due' : 'holding');
    if (m.status !== 'due' && m.status !== 'holding') throw new Error('unreachable');
    expect(m.reasons).toEqual(reasons);
    expect(m.best.total).toBe(Math.min(baseline, best));
    expect(m.point.total).toBe(latest);
  });

  it('is not judged during induction, nor before a score after its last session', () => {
    const during = assessCourse({
      instrumentId: 'phq9',
      scores: [
        { at: day(-1), total: 20 },
        { at: day(5), total: 12 },
      ],
      sessionsAt: induction.slice(0, 3),
      plan,
    });
    expect(during.maintenance).toEqual({ status: 'in_induction', sessionsGiven: 3, inductionSessions: 6 });
    const justEnded = phq9After(20, [20, 15, 12, 9, 7, 6], []);
    expect(justEnded.maintenance).toEqual({ status: 'awaiting_score', inductionEndedAt: induction[5] });
  });

  it('clears once a session is given after the score that showed the rise', () => {
    const scores = [
      { at: day(-1), total: 20 },
      { at: day(10), total: 4 },
      { at: day(25), total: 12 },
    ];
    const sessionsAt = [...induction, day(26)];
    const course = assessCourse({ instrumentId: 'phq9', scores, sessionsAt, plan });
    expect(course.maintenance).toMatchObject({ status: 'session_given_since', sessionAt: day(26) });
  });

  it('a missing or non-numeric latest value never makes a session due', () => {
    for (const bad of [null, Number.NaN, 12.5, 28, -1] as const) {
      const course = phq9After(
        20,
        [20, 10, 6, 5, 4, 4],
        [
          [15, 5],
          [20, bad],
        ],
      );
      expect(course.maintenance.status, String(bad)).toBe('holding');
      expect(course.unusable).toBe(1);
    }
    const undefinedTotal = assessCourse({
      instrumentId: 'phq9',
      scores: [
        { at: day(-1), total: 20 },
        { at: day(20), total: undefined },
      ],
      sessionsAt: induction,
      plan,
    });
    expect(undefinedTotal.maintenance.status).toBe('awaiting_score');
  });

  it('a missing baseline never passes: not applicable', () => {
    const course = assessCourse({
      instrumentId: 'phq9',
      scores: [
        { at: day(-1), total: null },
        { at: day(20), total: 15 },
      ],
      sessionsAt: induction,
      plan,
    });
    expect(course.maintenance).toEqual({ status: 'not_applicable', reason: 'no_baseline' });
  });

  it('needs a plan to know when induction ended, and a rule for the instrument', () => {
    const noPlan = assessCourse({
      instrumentId: 'phq9',
      scores: [
        { at: day(-1), total: 20 },
        { at: day(20), total: 15 },
      ],
      sessionsAt: induction,
      plan: null,
    });
    expect(noPlan.maintenance).toEqual({ status: 'not_applicable', reason: 'no_plan' });
    const cadss = assessCourse({
      instrumentId: 'cadss6',
      scores: [{ at: day(0, 1), total: 8 }],
      sessionsAt: induction,
      plan,
    });
    expect(cadss.maintenance).toEqual({ status: 'not_applicable', reason: 'no_rule_for_instrument' });
  });

  it('uses each instrument’s moderate band: MADRS 20, QIDS-SR16 11, GAD-7 10', () => {
    const at = (instrumentId: string, baseline: number, best: number, latest: number) =>
      assessCourse({
        instrumentId,
        scores: [
          { at: day(-1), total: baseline },
          { at: day(10), total: best },
          { at: day(20), total: latest },
        ],
        sessionsAt: induction,
        plan,
      }).maintenance.status;
    expect(at('madrs', 40, 8, 19)).toBe('holding');
    expect(at('madrs', 40, 8, 20)).toBe('due');
    expect(at('qids_sr16', 22, 3, 10)).toBe('holding');
    expect(at('qids_sr16', 22, 3, 11)).toBe('due');
    expect(at('gad7', 18, 3, 9)).toBe('holding');
    expect(at('gad7', 18, 3, 10)).toBe('due');
  });
});

describe('response, remission and the session-4 review from the signed plan — CLINICAL.md §4, §5', () => {
  it('reports baseline, latest, change and response / remission at the plan’s thresholds', () => {
    const course = phq9After(20, [20, 16, 12, 10, 6, 4], [[14, 4]]);
    expect(course.change?.baseline?.total).toBe(20);
    expect(course.change?.latest?.total).toBe(4);
    expect(course.change?.latest?.change).toBe(-16);
    expect(course.change?.latest?.findings).toEqual(expect.arrayContaining(['response', 'remission']));
    expect(course.everResponded).toBe(true);
    expect(course.everRemitted).toBe(true);
  });

  it('a plan asking for a 60 % drop does not call a 50 % drop a response', () => {
    const course = assessCourse({
      instrumentId: 'phq9',
      scores: [
        { at: day(-1), total: 20 },
        { at: day(12), total: 10 },
      ],
      sessionsAt: induction,
      plan: { ...plan, responseDropPercent: 60 },
    });
    expect(course.change?.latest?.findings).not.toContain('response');
    expect(course.everResponded).toBe(false);
  });

  // Review by session 4 for ≥ 20 % improvement: the deciding score is the one after dose 4, before dose 5.
  const earlyCases: [string, number, number, string][] = [
    ['20 → 16 (exactly 20 %): improved', 20, 16, 'improved'],
    ['20 → 17 (15 %): review recommended', 20, 17, 'review_recommended'],
    ['15 → 12 (exactly 20 %): improved', 15, 12, 'improved'],
    ['15 → 13 (13 %): review recommended', 15, 13, 'review_recommended'],
  ];
  it.each(earlyCases)('%s', (_name, baseline, atSession4, status) => {
    const course = assessCourse({
      instrumentId: 'phq9',
      scores: [
        { at: day(-1), total: baseline },
        { at: day(8), total: atSession4 },
      ],
      sessionsAt: induction,
      plan,
    });
    expect(course.nonResponse.status).toBe(status);
  });

  it('follows the plan’s own stop rule (review by session 3, 30 %)', () => {
    const course = assessCourse({
      instrumentId: 'phq9',
      scores: [
        { at: day(-1), total: 20 },
        { at: day(5), total: 15 },
      ],
      sessionsAt: induction.slice(0, 3),
      plan: { ...plan, reviewBySession: 3, minImprovementPercent: 30 },
    });
    expect(course.nonResponse).toMatchObject({ status: 'review_recommended', bySession: 3, minImprovementPercent: 30 });
  });

  it('is not due before session 4, and a missing score at session 4 is awaited, never passed', () => {
    const early = assessCourse({
      instrumentId: 'phq9',
      scores: [{ at: day(-1), total: 20 }],
      sessionsAt: induction.slice(0, 3),
      plan,
    });
    expect(early.nonResponse.status).toBe('not_due');
    const missing = assessCourse({
      instrumentId: 'phq9',
      scores: [
        { at: day(-1), total: 20 },
        { at: day(8), total: null },
      ],
      sessionsAt: induction,
      plan,
    });
    expect(missing.nonResponse.status).toBe('awaiting_score');
  });

  it('before any session there is no change to judge, only the scores', () => {
    const course = assessCourse({ instrumentId: 'phq9', scores: [{ at: day(-3), total: 18 }], sessionsAt: [], plan });
    expect(course.change).toBeNull();
    expect(course.points).toEqual([{ at: day(-3), total: 18 }]);
    expect(course.maintenance.status).toBe('not_applicable');
  });

  it('refuses a bad time and an instrument without a total', () => {
    expect(() =>
      assessCourse({ instrumentId: 'phq9', scores: [{ at: 'yesterday', total: 3 }], sessionsAt: [], plan }),
    ).toThrow(DomainError);
    expect(() => assessCourse({ instrumentId: 'cssrs_screener', scores: [], sessionsAt: [], plan })).toThrow(
      /no total/,
    );
  });
});
