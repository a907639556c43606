import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cohensDz, kaplanMeier, wilsonInterval } from '../../../../src/domain/outcomes/stats.js';
import { assessChange } from '../../../../src/domain/outcomes/change.js';

const proportionCase = fc
  .integer({ min: 1, max: 500 })
  .chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));

describe('Wilson interval properties', () => {
  it('contains the observed proportion and stays within [0, 1]', () => {
    fc.assert(
      fc.property(proportionCase, ([k, n]) => {
        const e = wilsonInterval(k, n);
        expect(e.lower).not.toBeNull();
        expect(e.lower!).toBeGreaterThanOrEqual(0);
        expect(e.upper!).toBeLessThanOrEqual(1);
        expect(e.lower!).toBeLessThanOrEqual(e.proportion! + 1e-12);
        expect(e.upper!).toBeGreaterThanOrEqual(e.proportion! - 1e-12);
      }),
    );
  });

  it('is symmetric: lower(k, n) = 1 − upper(n − k, n)', () => {
    fc.assert(
      fc.property(proportionCase, ([k, n]) => {
        expect(wilsonInterval(k, n).lower!).toBeCloseTo(1 - wilsonInterval(n - k, n).upper!, 12);
      }),
    );
  });

  it('narrows when the same proportion is seen in twice as many patients', () => {
    fc.assert(
      fc.property(proportionCase, ([k, n]) => {
        const small = wilsonInterval(k, n);
        const large = wilsonInterval(2 * k, 2 * n);
        expect(large.upper! - large.lower!).toBeLessThan(small.upper! - small.lower!);
      }),
    );
  });
});

const observations = fc.array(fc.record({ time: fc.integer({ min: 0, max: 60 }), event: fc.boolean() }), {
  maxLength: 60,
});

describe('Kaplan–Meier properties', () => {
  it('never rises, stays within [0, 1], and accounts for everyone at risk', () => {
    fc.assert(
      fc.property(observations, (obs) => {
        const { steps, events } = kaplanMeier(obs);
        let previous = 1;
        let atRisk = obs.length;
        for (const step of steps) {
          expect(step.atRisk).toBe(atRisk);
          expect(step.survival).toBeLessThanOrEqual(previous);
          expect(step.survival).toBeGreaterThanOrEqual(0);
          previous = step.survival;
          atRisk -= step.events + step.censored;
        }
        expect(atRisk).toBe(0);
        expect(events).toBe(obs.filter((o) => o.event).length);
      }),
    );
  });

  it('without censoring equals the fraction still event-free', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 40 }), (times) => {
        const { steps, median } = kaplanMeier(times.map((time) => ({ time, event: true })));
        for (const step of steps) {
          const stillFree = times.filter((t) => t > step.time).length;
          expect(step.survival).toBeCloseTo(stillFree / times.length, 12);
        }
        // Median without censoring (CLINICAL.md §5 convention, as R): the ordinary sample median — the middle
        // value, or for an even count the midpoint of the two middle values (where S is exactly 0.5 between them).
        const sorted = [...times].sort((a, b) => a - b);
        const n = sorted.length;
        const sampleMedian = n % 2 === 1 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
        expect(median).toBe(sampleMedian);
      }),
    );
  });
});

const pairs = fc.array(fc.record({ before: fc.integer({ min: 0, max: 27 }), after: fc.integer({ min: 0, max: 27 }) }), {
  minLength: 2,
  maxLength: 40,
});

describe("Cohen's d_z properties", () => {
  it('ignores a shift of all scores, and flips sign when before and after are swapped', () => {
    fc.assert(
      fc.property(pairs, fc.integer({ min: -50, max: 50 }), (ps, shift) => {
        const d = cohensDz(ps).dz;
        const shifted = cohensDz(ps.map((p) => ({ before: p.before + shift, after: p.after + shift }))).dz;
        const swapped = cohensDz(ps.map((p) => ({ before: p.after, after: p.before }))).dz;
        if (d === null) {
          expect(shifted).toBeNull();
          expect(swapped).toBeNull();
        } else {
          expect(shifted!).toBeCloseTo(d, 9);
          expect(swapped!).toBeCloseTo(-d, 9);
        }
      }),
    );
  });
});

describe('change properties — PHQ-9', () => {
  it('response exactly when the score is at most half the baseline (baseline > 0)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 27 }), fc.integer({ min: 0, max: 27 }), (baseline, current) => {
        const { latest } = assessChange({
          instrumentId: 'phq9',
          firstDoseAt: 1_000,
          scores: [
            { at: 0, total: baseline },
            { at: 2_000, total: current },
          ],
        });
        // Judged only from a baseline in the treated range (PHQ-9 ≥ 10 — CLINICAL.md §5).
        const treated = baseline >= 10;
        expect(latest?.findings.includes('response')).toBe(treated && current * 2 <= baseline);
        expect(latest?.findings.includes('remission')).toBe(treated && current < 5);
        expect(Math.sign(latest!.percentChange!)).toBe(Math.sign(current - baseline));
      }),
    );
  });
});
