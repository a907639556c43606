import { describe, expect, it } from 'vitest';
import {
  KAPLAN_MEIER_MEDIAN_CONVENTION,
  cohensDz,
  kaplanMeier,
  survivalAt,
  wilsonInterval,
} from '../../../../src/domain/outcomes/stats.js';
import type { SurvivalObservation } from '../../../../src/domain/outcomes/stats.js';
import { DomainError } from '../../../../src/domain/errors.js';

describe('Wilson score 95 % interval — Wilson 1927 (worked by hand, z = 1.96)', () => {
  // 7/10: p = 0.7, z² = 3.8415, denominator 1 + z²/n = 1.38415,
  // centre = (0.7 + 3.8415/20) / 1.38415 = 0.64449,
  // half-width = (1.96 / 1.38415) · √(0.7·0.3/10 + 3.8415/400) = 1.41602 · 0.17494 = 0.24772
  // → [0.3968, 0.8922].
  it.each([
    [7, 10, 0.7, 0.3968, 0.8922],
    // 0/10: lower exactly 0; upper = (z²/n) / (1 + z²/n) = 0.38415 / 1.38415 = 0.2775.
    [0, 10, 0, 0, 0.2775],
    // 10/10: mirror image of 0/10.
    [10, 10, 1, 0.7225, 1],
    // 1/1: lower = 1 / (1 + z²) = 1 / 4.8415 = 0.2065.
    [1, 1, 1, 0.2065, 1],
    // Murrough 2013: 17 of 24 responded (70.8 %, CLINICAL.md §7).
    [17, 24, 17 / 24, 0.5083, 0.8509],
  ])('%i/%i → p %f, [%f, %f]', (k, n, p, lower, upper) => {
    const estimate = wilsonInterval(k, n);
    expect(estimate.proportion).toBeCloseTo(p, 10);
    expect(estimate.lower).toBeCloseTo(lower, 4);
    expect(estimate.upper).toBeCloseTo(upper, 4);
  });

  it('gives no estimate for n = 0 rather than dividing by zero', () => {
    expect(wilsonInterval(0, 0)).toEqual({ successes: 0, n: 0, proportion: null, lower: null, upper: null });
  });

  it.each([
    [-1, 10],
    [11, 10],
    [1.5, 10],
    [1, -1],
  ])('refuses %s successes of %s', (k, n) => {
    expect(() => wilsonInterval(k, n)).toThrow(DomainError);
  });
});

describe('Kaplan–Meier — Freireich 1963 6-MP leukaemia remission data (Kaplan–Meier and Greenwood values as published)', () => {
  // 6-MP arm; * = censored (still in remission at last follow-up).
  const sixMp: SurvivalObservation[] = [
    [6, true],
    [6, true],
    [6, true],
    [6, false],
    [7, true],
    [9, false],
    [10, true],
    [10, false],
    [11, false],
    [13, true],
    [16, true],
    [17, false],
    [19, false],
    [20, false],
    [22, true],
    [23, true],
    [25, false],
    [32, false],
    [32, false],
    [34, false],
    [35, false],
  ].map(([time, event]) => ({ time: time as number, event: event as boolean }));

  const result = kaplanMeier(sixMp);

  // Event times: S(t) and Greenwood SE (e.g. at 6: S = 18/21 = 0.857, SE = 0.857·√(3/(21·18)) = 0.0764).
  it.each([
    [6, 21, 3, 1, 0.857, 0.0764],
    [7, 17, 1, 0, 0.807, 0.0869],
    [10, 15, 1, 1, 0.753, 0.0963],
    [13, 12, 1, 0, 0.69, 0.1068],
    [16, 11, 1, 0, 0.627, 0.1141],
    [22, 7, 1, 0, 0.538, 0.1282],
    [23, 6, 1, 0, 0.448, 0.1346],
  ])('at %i: %i at risk, %i events, %i censored, S = %f, SE = %f', (time, atRisk, events, censored, s, se) => {
    const step = result.steps.find((row) => row.time === time);
    expect(step).toMatchObject({ atRisk, events, censored });
    expect(step?.survival).toBeCloseTo(s, 3);
    expect(step?.standardError).toBeCloseTo(se, 4);
  });

  it('has median remission 23 weeks (first S below 0.5), 9 events of 21', () => {
    expect(result.median).toBe(23);
    expect(result.medianRule).toBe('first_below_half');
    expect(result).toMatchObject({ n: 21, events: 9 });
  });

  it('keeps censoring-only rows: at 9 one censored, S unchanged from 7', () => {
    const row = result.steps.find((step) => step.time === 9);
    expect(row).toMatchObject({ atRisk: 16, events: 0, censored: 1 });
    expect(row?.survival).toBeCloseTo(0.807, 3);
  });

  it('reads S(t) off the step function (1 before the first event, last value after the last)', () => {
    expect(survivalAt(result, 5.9)).toBe(1);
    expect(survivalAt(result, 6)).toBeCloseTo(0.857, 3);
    expect(survivalAt(result, 21)).toBeCloseTo(0.627, 3);
    expect(survivalAt(result, 100)).toBeCloseTo(0.448, 3);
  });

  it('placebo arm, no censoring: S is the fraction still in remission, median 8 weeks', () => {
    const placebo = [1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23].map((time) => ({
      time,
      event: true,
    }));
    const curve = kaplanMeier(placebo);
    expect(curve.median).toBe(8);
    expect(survivalAt(curve, 5)).toBeCloseTo(12 / 21, 10);
    expect(survivalAt(curve, 8)).toBeCloseTo(8 / 21, 10);
    const last = curve.steps.at(-1);
    expect(last).toMatchObject({ time: 23, survival: 0, standardError: null });
  });

  it('has no median when the curve never reaches 0.5, and an empty table for no data', () => {
    expect(
      kaplanMeier([
        { time: 3, event: true },
        { time: 4, event: false },
        { time: 5, event: false },
      ]).median,
    ).toBeNull();
    expect(kaplanMeier([])).toEqual({ n: 0, events: 0, steps: [], median: null, medianRule: null });
  });

  it('refuses negative or non-finite times', () => {
    expect(() => kaplanMeier([{ time: -1, event: true }])).toThrow(DomainError);
    expect(() => kaplanMeier([{ time: Number.NaN, event: false }])).toThrow(DomainError);
  });
});

describe("Cohen's d_z for paired change — Cohen 1988, Lakens 2013 (mean of differences ÷ SD of differences)", () => {
  it('worked example: before 10, 12, 14; after 5, 9, 8', () => {
    // Differences −5, −3, −6: mean −14/3 = −4.667; deviations −0.333, 1.667, −1.333;
    // SD = √((0.111 + 2.778 + 1.778) / 2) = √(7/3) = 1.5275; d_z = −4.667 / 1.5275 = −3.055.
    const effect = cohensDz([
      { before: 10, after: 5 },
      { before: 12, after: 9 },
      { before: 14, after: 8 },
    ]);
    expect(effect.n).toBe(3);
    expect(effect.meanDifference).toBeCloseTo(-14 / 3, 10);
    expect(effect.sdDifference).toBeCloseTo(Math.sqrt(7 / 3), 10);
    expect(effect.dz).toBeCloseTo(-3.0551, 4);
  });

  it('is undefined (null) with fewer than two pairs or when every change is the same', () => {
    expect(cohensDz([])).toEqual({ n: 0, meanDifference: null, sdDifference: null, dz: null });
    expect(cohensDz([{ before: 20, after: 10 }])).toEqual({ n: 1, meanDifference: -10, sdDifference: null, dz: null });
    expect(
      cohensDz([
        { before: 20, after: 10 },
        { before: 15, after: 5 },
      ]).dz,
    ).toBeNull();
  });
});

describe('Kaplan–Meier median — CLINICAL.md §5 convention (as R’s survival package)', () => {
  it('S exactly 0.5 from 4 until the next event at 5: the midpoint 4.5, even when the product rounds (0.8 × 7/8 × 5/7)', () => {
    const times = [1, 5, 5, 0, 4, 5, 5, 4, 5, 0];
    const result = kaplanMeier(times.map((time) => ({ time, event: true })));
    expect(result.median).toBe(4.5);
    expect(result.medianRule).toBe('midpoint_of_half_interval');
  });

  it('four patients, events at 2, 4, 6, 8: S = 0.5 over [4, 6), median 5 (R: survfit gives 5)', () => {
    const result = kaplanMeier([2, 4, 6, 8].map((time) => ({ time, event: true })));
    expect(result.median).toBe(5);
  });

  it('a censoring inside the flat interval does not end it: the next event does', () => {
    // Events at 1 and 2 of 4 → S = 0.5 from 2; censored at 3; event at 7 → S = 0: midpoint (2 + 7) / 2.
    const result = kaplanMeier([
      { time: 1, event: true },
      { time: 2, event: true },
      { time: 3, event: false },
      { time: 7, event: true },
    ]);
    expect(result.median).toBe(4.5);
  });

  it('S stays at 0.5 to the end of follow-up: the start of the interval, and says so', () => {
    const result = kaplanMeier([
      { time: 1, event: true },
      { time: 2, event: false },
    ]);
    expect(result).toMatchObject({ median: 1, medianRule: 'half_until_end_of_follow_up' });
  });

  it('five patients, events at 1, 2, 3: S falls from 0.6 to 0.4 at 3, median 3', () => {
    const result = kaplanMeier([1, 2, 3, 9, 9].map((time, i) => ({ time, event: i < 3 })));
    expect(result).toMatchObject({ median: 3, medianRule: 'first_below_half' });
  });

  it('states the convention for the screen', () => {
    expect(KAPLAN_MEIER_MEDIAN_CONVENTION).toMatch(/falls below 0\.5.*midpoint of that interval/);
  });
});
