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
