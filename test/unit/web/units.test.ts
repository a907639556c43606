import { describe, expect, it } from 'vitest';
import { cmToFeetInches, implausibility, inToCm, kgToLb, lbToKg } from '../../../web/src/shared/units.js';

describe('US body units (web/src/shared/units)', () => {
  it.each([
    [180, 81.6],
    [100, 45.4],
    [0, 0],
  ])('%d lb is %d kg', (lb, kg) => expect(lbToKg(lb)).toBe(kg));

  it('converts back for display and for feet and inches', () => {
    expect(kgToLb(72.5)).toBe(159.8);
    expect(inToCm(67)).toBe(170.2);
    expect(cmToFeetInches(170.2)).toEqual({ feet: 5, inches: 7 });
    expect(cmToFeetInches(182.9)).toEqual({ feet: 6, inches: 0 });
  });

  it.each([
    [170, 70, null],
    [170, 180, /BMI of 62.3/],
    [165, 180, /BMI of 66.1/],
    [170, 25, /weight of 25 kg/],
    [170, 301, /weight of 301 kg/],
    [67, 70, /height of 67 cm/],
    [null, 70, null],
    [170, null, null],
  ])('height %s cm and weight %s kg → %s', (h, w, expected) => {
    const problem = implausibility(h, w);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });
});
