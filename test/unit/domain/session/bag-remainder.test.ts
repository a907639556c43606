import { describe, expect, it } from 'vitest';
import { bagRemainder } from '../../../../src/domain/session/bag-remainder.js';

// CLINICAL.md §6 (ketamine is DEA Schedule III): every mg drawn is either administered or wasted with a
// witness. The drug drawn into an IV bag that did not run in is the bag's remainder.
describe('bag remainder: the drug left in an IV bag when the infusion stops early', () => {
  it.each([
    // [drawn mL, mg/mL, final volume, infused, remaining mL, remaining mg, delivered mg]
    [1.4, 50, 100, 50, 0.7, 35, 35], // half the bag
    [1.4, 50, 100, 0, 1.4, 70, 0], // stopped before anything ran in: all of it
    [1.4, 50, 100, 99.9, 0.001, 0.05, 69.95], // the smallest remainder the register can hold
    [1.4, 50, 100, 75, 0.35, 17.5, 52.5],
    [2.5, 10, 250, 100, 1.5, 15, 10],
    [1.35, 50, 100, 33.3, 0.9, 45, 22.5], // 1.35 × 0.333 = 0.44955 → 0.45 mL ran in (to the µL)
  ])('%s mL at %s mg/mL in %s mL, %s mL infused → %s mL (%s mg) left', (drawn, conc, bag, infused, ml, mg, given) => {
    const r = bagRemainder({
      drawnMl: drawn,
      concentrationMgPerMl: conc,
      finalVolumeMl: bag,
      volumeInfusedMl: infused,
    });
    expect(r).not.toBeNull();
    expect(r!.remainingMl).toBe(ml);
    expect(r!.remainingMg).toBe(mg);
    expect(r!.deliveredMg).toBe(given);
    // Given + wasted is what was drawn, to the µL.
    expect(r!.remainingUl + r!.deliveredUl).toBe(Math.round(drawn * 1000));
    expect(Math.round((r!.remainingMg + r!.deliveredMg) * 1000)).toBe(Math.round(r!.drawnMg * 1000));
  });

  it.each([
    ['the whole bag ran in', { drawnMl: 1.4, concentrationMgPerMl: 50, finalVolumeMl: 100, volumeInfusedMl: 100 }],
    [
      'less than a µL of drug is left',
      { drawnMl: 1.4, concentrationMgPerMl: 50, finalVolumeMl: 100, volumeInfusedMl: 99.97 },
    ],
    [
      'more infused than the bag held',
      { drawnMl: 1.4, concentrationMgPerMl: 50, finalVolumeMl: 100, volumeInfusedMl: 100.1 },
    ],
    ['a negative volume', { drawnMl: 1.4, concentrationMgPerMl: 50, finalVolumeMl: 100, volumeInfusedMl: -1 }],
    ['no volume (NaN)', { drawnMl: 1.4, concentrationMgPerMl: 50, finalVolumeMl: 100, volumeInfusedMl: Number.NaN }],
    ['an empty bag', { drawnMl: 1.4, concentrationMgPerMl: 50, finalVolumeMl: 0, volumeInfusedMl: 0 }],
    ['nothing drawn', { drawnMl: 0, concentrationMgPerMl: 50, finalVolumeMl: 100, volumeInfusedMl: 10 }],
  ])('nothing to waste when %s', (_name, input) => {
    expect(bagRemainder(input)).toBeNull();
  });
});
