import { describe, expect, it } from 'vitest';
import { scoreInstrument } from '../../../../src/domain/instruments/score.js';
import { getInstrument } from '../../../../src/domain/instruments/registry.js';
import { answersSummingTo } from './forms.js';

describe('MADRS bands — Snaith 1986 via CLINICAL.md §5 (unverified)', () => {
  it.each([
    [0, 'normal'],
    [6, 'normal'],
    [7, 'mild'],
    [19, 'mild'],
    [20, 'moderate'],
    [34, 'moderate'],
    [35, 'severe'],
    [60, 'severe'],
  ])('total %i is %s', (total, band) => {
    const result = scoreInstrument('madrs', answersSummingTo('madrs', total));
    expect(result.total).toBe(total);
    expect(result.severity?.id).toBe(band);
  });

  it('says the bands are unverified, is clinician-rated and shows labels only', () => {
    const madrs = getInstrument('madrs');
    expect(madrs.notes.join(' ')).toMatch(/unverified/);
    expect(madrs.completedBy).toBe('clinician');
    expect(madrs.items.every((item) => item.textKind === 'label')).toBe(true);
  });

  it('accepts the in-between ratings 1, 3, 5 and refuses 7', () => {
    expect(scoreInstrument('madrs', [1, 3, 5, 0, 0, 0, 0, 0, 0, 0]).total).toBe(9);
    expect(() => scoreInstrument('madrs', [7, 0, 0, 0, 0, 0, 0, 0, 0, 0])).toThrow(/out of range/);
  });
});
