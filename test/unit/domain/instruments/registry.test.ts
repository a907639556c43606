import { describe, expect, it } from 'vitest';
import { getInstrument, instrumentIds, instruments } from '../../../../src/domain/instruments/registry.js';
import { DomainError } from '../../../../src/domain/errors.js';

describe('instrument registry', () => {
  it('holds the nine instruments of CLINICAL.md §5 (with the CADSS-6 short form)', () => {
    expect([...instrumentIds].sort()).toEqual(
      ['cadss', 'cadss6', 'cssrs_screener', 'gad7', 'madrs', 'pain_nrs', 'pcl5', 'phq9', 'qids_sr16'].sort(),
    );
  });

  it('looks instruments up by id and refuses unknown ones', () => {
    expect(getInstrument('gad7').shortTitle).toBe('GAD-7');
    expect(() => getInstrument('hamd')).toThrow(DomainError);
  });

  it.each([
    ['phq9', 10, 0, 27], // 9 scored items and question 10, recorded but never scored (CLINICAL.md §5)
    ['gad7', 7, 0, 21],
    ['pcl5', 20, 0, 80],
    ['madrs', 10, 0, 60],
    ['qids_sr16', 16, 0, 27],
    ['cadss', 23, 0, 92],
    ['cadss6', 6, 0, 24],
    ['pain_nrs', 1, 0, 10],
  ])('%s: %i items, total %i–%i (CLINICAL.md §5)', (id, count, min, max) => {
    const definition = getInstrument(id);
    expect(definition.items).toHaveLength(count);
    expect(definition.range).toEqual({ min, max });
  });

  describe.each(Object.values(instruments))('$shortTitle definition', (definition) => {
    it('has unique item ids prefixed with the instrument id (C-SSRS items: "cssrs_")', () => {
      const prefix = definition.id === 'cssrs_screener' ? 'cssrs_' : `${definition.id}_`;
      const ids = definition.items.map((item) => item.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) expect(id.startsWith(prefix)).toBe(true);
    });

    it('has bands that are contiguous and cover the whole range, or none', () => {
      if (definition.bands.length === 0 || definition.range === undefined) return;
      expect(definition.bands[0]?.min).toBe(definition.range.min);
      expect(definition.bands.at(-1)?.max).toBe(definition.range.max);
      for (let i = 1; i < definition.bands.length; i++) {
        expect(definition.bands[i]?.min).toBe((definition.bands[i - 1]?.max ?? Number.NaN) + 1);
      }
    });

    it('has options matching each ordinal item range, and a source', () => {
      for (const item of definition.items) {
        if (item.kind !== 'ordinal') continue;
        expect(item.options.map((o) => o.value)).toEqual(
          Array.from({ length: item.max - item.min + 1 }, (_, i) => item.min + i),
        );
      }
      expect(definition.source.length).toBeGreaterThan(10);
    });
  });
});
