import { describe, expect, it } from 'vitest';
import { scoreInstrument } from '../../../../src/domain/instruments/score.js';

/** QIDS-SR16 answers in item order 1–16, built from a sparse map item number → value. */
function qids(values: Record<number, number>): number[] {
  return Array.from({ length: 16 }, (_, i) => values[i + 1] ?? 0);
}

describe('QIDS-SR16 domain scoring — Rush 2003 (9 domains; highest item in sleep, appetite/weight, psychomotor)', () => {
  it.each([
    ['all zero', {}, 0],
    ['sleep takes the highest of items 1–4, not the sum', { 1: 1, 2: 3, 3: 2, 4: 1 }, 3],
    ['appetite/weight takes the highest of items 6–9', { 6: 2, 7: 0, 8: 3, 9: 1 }, 3],
    ['psychomotor takes the higher of items 15–16', { 15: 1, 16: 2 }, 2],
    ['single-item domains 5, 10–14 add as they are', { 5: 1, 10: 2, 11: 3, 12: 1, 13: 2, 14: 3 }, 12],
    [
      'worked example: sleep 2, sad 2, appetite 1, concentration 2, self 1, suicide 0, interest 2, energy 2, psychomotor 1',
      { 1: 2, 2: 1, 3: 0, 4: 0, 5: 2, 6: 1, 7: 0, 8: 1, 9: 0, 10: 2, 11: 1, 12: 0, 13: 2, 14: 2, 15: 1, 16: 0 },
      13,
    ],
    ['every item at 3 totals 27, not 48', Object.fromEntries(Array.from({ length: 16 }, (_, i) => [i + 1, 3])), 27],
  ])('%s → %i', (_name, values, total) => {
    expect(scoreInstrument('qids_sr16', qids(values)).total).toBe(total);
  });
});

describe('QIDS-SR16 bands — CLINICAL.md §5 (Rush 2003)', () => {
  // Single-item domains (5, 10–14) plus one sleep item let us reach each total exactly.
  function formWithTotal(total: number): number[] {
    const order = [5, 10, 11, 12, 13, 14, 1, 6, 15];
    const values: Record<number, number> = {};
    let left = total;
    for (const item of order) {
      const value = Math.min(3, left);
      values[item] = value;
      left -= value;
    }
    return qids(values);
  }

  it.each([
    [0, 'none'],
    [5, 'none'],
    [6, 'mild'],
    [10, 'mild'],
    [11, 'moderate'],
    [15, 'moderate'],
    [16, 'severe'],
    [20, 'severe'],
    [21, 'very_severe'],
    [27, 'very_severe'],
  ])('total %i is %s', (total, band) => {
    const result = scoreInstrument('qids_sr16', formWithTotal(total));
    expect(result.total).toBe(total);
    expect(result.severity?.id).toBe(band);
  });
});
