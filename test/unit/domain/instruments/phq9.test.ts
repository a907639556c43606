import { describe, expect, it } from 'vitest';
import { scoreInstrument } from '../../../../src/domain/instruments/score.js';
import { getInstrument } from '../../../../src/domain/instruments/registry.js';
import { allItemsAt, answersSummingTo } from './forms.js';

describe('PHQ-9 severity bands — Kroenke 2001 (cut-points 5, 10, 15, 20)', () => {
  it.each([
    [0, 'minimal'],
    [4, 'minimal'],
    [5, 'mild'],
    [9, 'mild'],
    [10, 'moderate'],
    [14, 'moderate'],
    [15, 'moderately_severe'],
    [19, 'moderately_severe'],
    [20, 'severe'],
    [24, 'severe'],
  ])('total %i is %s', (total, band) => {
    const result = scoreInstrument('phq9', answersSummingTo('phq9', total, ['phq9_9']));
    expect(result.total).toBe(total);
    expect(result.severity?.id).toBe(band);
  });

  it('scores the maximum form as 27, severe', () => {
    const result = scoreInstrument('phq9', allItemsAt('phq9', 3));
    expect(result).toMatchObject({ total: 27, severity: { id: 'severe', label: 'Severe' } });
  });
});

describe('PHQ-9 item 9 → suicide risk review — CLINICAL.md §5 (item 9 > 0)', () => {
  it.each([
    [0, false],
    [1, true],
    [2, true],
    [3, true],
  ])('item 9 = %i raises the flag: %s', (item9, flagged) => {
    const answers = { ...allItemsAt('phq9', 0), phq9_9: item9 };
    const result = scoreInstrument('phq9', answers);
    expect(result.flags.includes('suicide_risk_review')).toBe(flagged);
    // The flag asks for an assessment now; it does not by itself block dosing.
    expect(result.blocksDosing).toBe(false);
  });

  it('flags item 9 even when the total is minimal (total 1)', () => {
    const result = scoreInstrument('phq9', { ...allItemsAt('phq9', 0), phq9_9: 1 });
    expect(result.severity?.id).toBe('minimal');
    expect(result.flags).toEqual(['suicide_risk_review']);
  });
});

describe('PHQ-9 result shape', () => {
  it('returns instrument, version and each item in form order', () => {
    const answers = [1, 2, 3, 0, 1, 2, 3, 0, 0];
    const result = scoreInstrument('phq9', answers);
    expect(result.instrumentId).toBe('phq9');
    expect(result.version).toBe(getInstrument('phq9').version);
    expect(result.total).toBe(12);
    expect(result.items.map((item) => item.itemId)).toEqual([
      'phq9_1',
      'phq9_2',
      'phq9_3',
      'phq9_4',
      'phq9_5',
      'phq9_6',
      'phq9_7',
      'phq9_8',
      'phq9_9',
      'phq9_10',
    ]);
    expect(result.items.map((item) => item.value)).toEqual([...answers, null]);
  });

  it('gives the same result for a record and an array in item order', () => {
    const list = [3, 0, 2, 1, 0, 3, 2, 1, 2];
    const record = Object.fromEntries(list.map((value, i) => [`phq9_${i + 1}`, value]));
    expect(scoreInstrument('phq9', record)).toEqual(scoreInstrument('phq9', list));
  });
});

describe('PHQ-9 codes — LOINC per CLINICAL.md §5', () => {
  const phq9 = getInstrument('phq9');
  it('uses panel 44249-1 and total 44261-6', () => {
    expect(phq9.code).toMatchObject({ system: 'http://loinc.org', code: '44249-1' });
    expect(phq9.totalCode).toMatchObject({ system: 'http://loinc.org', code: '44261-6' });
  });
  it('codes items 1–9 in order', () => {
    expect(phq9.items.slice(0, 9).map((item) => item.code.code)).toEqual([
      '44250-9',
      '44255-8',
      '44259-0',
      '44254-1',
      '44251-7',
      '44258-2',
      '44252-5',
      '44253-3',
      '44260-8',
    ]);
  });
  it('codes answers 0–3 with LA6568-5, LA6569-3, LA6570-1, LA6571-9', () => {
    const item = phq9.items[0];
    if (item?.kind !== 'ordinal') throw new Error('expected an ordinal item');
    expect(item.options.map((option) => [option.value, option.code?.code])).toEqual([
      [0, 'LA6568-5'],
      [1, 'LA6569-3'],
      [2, 'LA6570-1'],
      [3, 'LA6571-9'],
    ]);
  });
  it('carries the full public-domain wording of item 9', () => {
    expect(phq9.items[8]).toMatchObject({
      textKind: 'full',
      text: 'Thoughts that you would be better off dead or of hurting yourself in some way',
    });
  });
});

describe('PHQ-9 question 10 — recorded, never scored (Kroenke 2001; CLINICAL.md §5)', () => {
  const nine = [1, 2, 3, 0, 1, 2, 3, 0, 0];
  it.each([null, 0, 3])('question 10 answered %j leaves the total at 12', (q10) => {
    const result = scoreInstrument('phq9', [...nine, q10]);
    expect(result.total).toBe(12);
    expect(result.items.at(-1)).toEqual({ itemId: 'phq9_10', value: q10 });
  });
  it('may be left out; is refused out of range', () => {
    expect(scoreInstrument('phq9', nine).items.at(-1)).toEqual({ itemId: 'phq9_10', value: null });
    expect(() => scoreInstrument('phq9', [...nine, 4])).toThrow(/incomplete or out of range/);
  });
  it('is marked unscored, with a local code and its own answer scale', () => {
    expect(getInstrument('phq9').items[9]).toMatchObject({
      id: 'phq9_10',
      unscored: true,
      code: { code: 'phq9_10', display: 'PHQ-9 difficulty (not scored)' },
      options: [{ label: 'Not difficult at all' }, {}, {}, { label: 'Extremely difficult' }],
    });
  });
});
