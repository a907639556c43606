import { describe, expect, it } from 'vitest';
import { scoreInstrument } from '../../../../src/domain/instruments/score.js';
import { getInstrument } from '../../../../src/domain/instruments/registry.js';
import { answersSummingTo } from './forms.js';

describe('GAD-7 bands and probable GAD — Spitzer 2006 (cut-points 5, 10, 15; ≥ 10 probable GAD)', () => {
  it.each([
    [0, 'minimal', false],
    [4, 'minimal', false],
    [5, 'mild', false],
    [9, 'mild', false],
    [10, 'moderate', true],
    [14, 'moderate', true],
    [15, 'severe', true],
    [21, 'severe', true],
  ])('total %i is %s, probable GAD: %s', (total, band, probable) => {
    const result = scoreInstrument('gad7', answersSummingTo('gad7', total));
    expect(result.total).toBe(total);
    expect(result.severity?.id).toBe(band);
    expect(result.flags).toEqual(probable ? ['probable_gad'] : []);
  });
});

describe('GAD-7 codes — LOINC per CLINICAL.md §5', () => {
  const gad7 = getInstrument('gad7');
  it('uses panel 69737-5, total 70274-6 and the seven item codes in order', () => {
    expect(gad7.code.code).toBe('69737-5');
    expect(gad7.totalCode?.code).toBe('70274-6');
    expect(gad7.items.map((item) => item.code.code)).toEqual([
      '69725-0',
      '68509-9',
      '69733-4',
      '69734-2',
      '69735-9',
      '69689-8',
      '69736-7',
    ]);
  });
});
