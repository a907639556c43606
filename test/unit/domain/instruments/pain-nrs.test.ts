import { describe, expect, it } from 'vitest';
import { scoreInstrument } from '../../../../src/domain/instruments/score.js';

describe('Pain NRS bands — CLINICAL.md §5 (0 none, 1–3 mild, 4–6 moderate, 7–10 severe)', () => {
  it.each([
    [0, 'none'],
    [1, 'mild'],
    [3, 'mild'],
    [4, 'moderate'],
    [6, 'moderate'],
    [7, 'severe'],
    [10, 'severe'],
  ])('%i is %s', (value, band) => {
    const result = scoreInstrument('pain_nrs', { pain_nrs_1: value });
    expect(result.total).toBe(value);
    expect(result.severity?.id).toBe(band);
  });

  it.each([-1, 11, 2.5])('refuses %s', (value) => {
    expect(() => scoreInstrument('pain_nrs', [value])).toThrow(/out of range/);
  });
});
