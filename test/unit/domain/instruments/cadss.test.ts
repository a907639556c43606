import { describe, expect, it } from 'vitest';
import { scoreInstrument } from '../../../../src/domain/instruments/score.js';
import { getInstrument } from '../../../../src/domain/instruments/registry.js';
import { allItemsAt } from './forms.js';

const DomainErrorMessage = /incomplete or out of range/;

describe('CADSS — Bremner 1998 (23 items, 0–4, total 0–92)', () => {
  it('sums 23 items to at most 92, without bands', () => {
    expect(getInstrument('cadss').items).toHaveLength(23);
    expect(scoreInstrument('cadss', allItemsAt('cadss', 4))).toMatchObject({ total: 92, severity: null, flags: [] });
    expect(scoreInstrument('cadss', allItemsAt('cadss', 1)).total).toBe(23);
  });

  it('refuses a 5 on an item (range 0–4)', () => {
    expect(() => scoreInstrument('cadss', { ...allItemsAt('cadss', 0), cadss_23: 5 })).toThrow(DomainErrorMessage);
  });
});

describe('CADSS-6 short form — items 1, 2, 6, 7, 15, 22 of the full scale (CLINICAL.md §3)', () => {
  const short = getInstrument('cadss6');
  const full = getInstrument('cadss');

  it('has six items labelled as the full scale’s items 1, 2, 6, 7, 15, 22', () => {
    const fullByNumber = new Map(full.items.map((item) => [item.number, item.text]));
    expect(short.items.map((item) => item.text)).toEqual(
      ['1', '2', '6', '7', '15', '22'].map((n) => fullByNumber.get(n)),
    );
  });

  it('totals 0–24', () => {
    expect(scoreInstrument('cadss6', [0, 0, 0, 0, 0, 0]).total).toBe(0);
    expect(scoreInstrument('cadss6', [4, 4, 4, 4, 4, 4]).total).toBe(24);
    expect(scoreInstrument('cadss6', [1, 2, 3, 4, 0, 1]).total).toBe(11);
  });
});
