import { describe, expect, it } from 'vitest';
import { scoreInstrument } from '../../../../src/domain/instruments/score.js';
import { getInstrument } from '../../../../src/domain/instruments/registry.js';
import { DomainError } from '../../../../src/domain/errors.js';
import { allItemsAt, answersSummingTo } from './forms.js';

describe('PCL-5 provisional PTSD — National Center for PTSD (cut-off 31–33, clinic default 33)', () => {
  it.each([
    [32, undefined, false],
    [33, undefined, true],
    [30, 31, false],
    [31, 31, true],
    [31, 32, false],
    [32, 32, true],
    [32, 33, false],
    [33, 33, true],
  ])('total %i with cut-off %s → provisional PTSD: %s', (total, cutOff, flagged) => {
    const options = cutOff === undefined ? undefined : { pcl5CutOff: cutOff };
    const result = scoreInstrument('pcl5', answersSummingTo('pcl5', total), options);
    expect(result.total).toBe(total);
    expect(result.flags.includes('provisional_ptsd')).toBe(flagged);
  });

  it.each([30, 34, 32.5, Number.NaN])('refuses a cut-off of %s (allowed 31–33)', (cutOff) => {
    const call = () => scoreInstrument('pcl5', answersSummingTo('pcl5', 40), { pcl5CutOff: cutOff });
    expect(call).toThrow(DomainError);
    try {
      call();
    } catch (error) {
      expect(error).toMatchObject({ code: 'instrument_option_invalid', errors: [{ path: '/options/pcl5CutOff' }] });
    }
  });

  it('ranges 0–80 and has no severity bands (none are official)', () => {
    expect(scoreInstrument('pcl5', allItemsAt('pcl5', 0))).toMatchObject({ total: 0, severity: null, flags: [] });
    expect(scoreInstrument('pcl5', allItemsAt('pcl5', 4))).toMatchObject({ total: 80, severity: null });
  });

  it('holds the 20 public-domain items, rated 0–4', () => {
    const pcl5 = getInstrument('pcl5');
    expect(pcl5.items).toHaveLength(20);
    expect(pcl5.items[19]).toMatchObject({ textKind: 'full', text: 'Trouble falling or staying asleep?', max: 4 });
    expect(pcl5.totalCode?.system).toBe('https://ketaclinic.example/fhir/CodeSystem/instrument');
  });
});

describe('PCL-5 DSM-5 cluster rule and subscores (National Center for PTSD; CLINICAL.md §5)', () => {
  /** Items 1–20 at 0, except those given as item number → rating. */
  const form = (ratings: Record<number, number>): Record<string, number> =>
    Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`pcl5_${i + 1}`, ratings[i + 1] ?? 0]));
  // The least that meets the rule: one B, one C, two D, two E, each rated 2 ("Moderately").
  const minimal = { 1: 2, 6: 2, 8: 2, 9: 2, 15: 2, 16: 2 };

  it('is met with ≥ 1 B, ≥ 1 C, ≥ 2 D, ≥ 2 E items rated ≥ 2, and reports the cluster subscores', () => {
    const result = scoreInstrument('pcl5', form(minimal));
    expect(result.total).toBe(12); // far below the 31–33 cut-off: the two rules are reported apart
    expect(result.flags).toEqual(['provisional_ptsd_dsm5']);
    expect(result.clusters).toEqual({
      met: true,
      scores: [
        { id: 'B', label: 'Intrusion (B, items 1–5)', subscore: 2, endorsed: 1, required: 1, met: true },
        { id: 'C', label: 'Avoidance (C, items 6–7)', subscore: 2, endorsed: 1, required: 1, met: true },
        {
          id: 'D',
          label: 'Negative alterations in cognition and mood (D, items 8–14)',
          subscore: 4,
          endorsed: 2,
          required: 2,
          met: true,
        },
        {
          id: 'E',
          label: 'Alterations in arousal and reactivity (E, items 15–20)',
          subscore: 4,
          endorsed: 2,
          required: 2,
          met: true,
        },
      ],
    });
  });

  it.each([
    ['a B item rated 1 is not endorsed', { ...minimal, 1: 1 }, 'B'],
    ['no C item', { ...minimal, 6: 0 }, 'C'],
    ['only one D item', { ...minimal, 9: 0, 10: 1 }, 'D'],
    ['only one E item', { ...minimal, 16: 1 }, 'E'],
  ])('is not met when %s', (_name, ratings, failing) => {
    const result = scoreInstrument('pcl5', form(ratings));
    expect(result.clusters?.met).toBe(false);
    expect(result.flags).not.toContain('provisional_ptsd_dsm5');
    expect(result.clusters?.scores.filter((c) => !c.met).map((c) => c.id)).toEqual([failing]);
  });

  it('a total above the cut-off can miss the cluster rule (all in B and D)', () => {
    const result = scoreInstrument('pcl5', form({ 1: 4, 2: 4, 3: 4, 4: 4, 5: 4, 8: 4, 9: 4, 10: 4, 11: 4 }));
    expect(result.total).toBe(36);
    expect(result.flags).toEqual(['provisional_ptsd']);
    expect(result.clusters?.met).toBe(false);
  });

  it('subscores add up to the total', () => {
    const result = scoreInstrument('pcl5', allItemsAt('pcl5', 3));
    expect(result.clusters?.scores.map((c) => c.subscore)).toEqual([15, 6, 21, 18]);
    expect(result.clusters?.scores.reduce((a, c) => a + c.subscore, 0)).toBe(result.total);
  });
});
