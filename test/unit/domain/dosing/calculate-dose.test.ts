import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DomainError } from '../../../../src/domain/errors.js';
import { calculateDose, type DoseInput } from '../../../../src/domain/dosing/calculate-dose.js';
import { adjustedBodyWeightKg, bodyMassIndex, idealBodyWeightKg } from '../../../../src/domain/dosing/body-weight.js';
import { suggestNextMgPerKg } from '../../../../src/domain/dosing/titration.js';
import { defaultProtocol } from '../../../../src/domain/protocol/default-protocol.js';

const iv: DoseInput = {
  route: 'IV',
  mgPerKg: 0.5,
  weightKg: 70,
  heightCm: 175,
  sex: 'male',
  basis: 'actual',
  concentrationMgPerMl: 10,
  infusionMinutes: 40,
  protocol: defaultProtocol,
};

function validationPaths(input: DoseInput): string[] {
  try {
    calculateDose(input);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'validation_failed') return error.errors.map((e) => e.path);
    throw error;
  }
  throw new Error('expected validation_failed');
}

describe('weight bases', () => {
  it.each([
    // Devine 1974: 50 (male) / 45.5 (female) + 2.3 kg per inch over 60 in. 152.4 cm = 60 in exactly.
    [152.4, 'male', 50],
    [152.4, 'female', 45.5],
    [182.88, 'male', 50 + 2.3 * 12],
    [165.1, 'female', 45.5 + 2.3 * 5],
  ] as const)('IBW at %f cm, %s is %f kg (Devine 1974)', (height, sex, expected) => {
    expect(idealBodyWeightKg(height, sex)).toBeCloseTo(expected, 6);
  });

  it('adjusted weight is IBW + 0.4 × (actual − IBW)', () => {
    expect(adjustedBodyWeightKg(120, 182.88, 'male')).toBeCloseTo(77.6 + 0.4 * (120 - 77.6), 6);
  });

  it('BMI is kg/m²', () => {
    expect(bodyMassIndex(70, 175)).toBeCloseTo(22.857, 3);
  });
});

describe('calculateDose (CLINICAL.md §2: mg = mg/kg × weight; mL = mg ÷ concentration; rate = mL ÷ duration)', () => {
  it('IV 0.5 mg/kg over 40 min for 70 kg at 10 mg/mL: 35 mg, 3.5 mL, 5.25 mL/h, 0.75 mg/kg/h (Zarate 2006 dose)', () => {
    const dose = calculateDose(iv);
    expect(dose.doseMg).toBe(35);
    expect(dose.volume).toEqual({ exactMl: 3.5, roundedMl: 3.5, deltaMl: 0, stepMl: 0.1 });
    expect(dose.delivered).toEqual({ mg: 35, mgPerKg: 0.5 });
    expect(dose.infusion).toEqual({ minutes: 40, mlPerHour: 5.25, mgPerKgPerHour: 0.75 });
    expect(dose.limitCheck).toEqual({ status: 'ok' });
    expect(dose.weight).toMatchObject({ actualKg: 70, dosingKg: 70, bmi: 22.9 });
  });

  it.each([
    // [weightKg, mgPerKg, mg/mL, exact mL, rounded mL, delta]
    [72.3, 0.5, 10, 3.615, 3.6, -0.015],
    [70, 0.5, 100, 0.35, 0.4, 0.05], // exactly half a step rounds up — no 0.35/0.1 = 3.4999… error
    [70, 0.45, 100, 0.315, 0.3, -0.015],
    [66.6, 0.3, 50, 0.3996, 0.4, 0.0004],
    [81, 0.1, 10, 0.81, 0.8, -0.01],
  ])(
    '%f kg × %f mg/kg at %i mg/mL: %f mL exact → %f mL (delta %f)',
    (weightKg, mgPerKg, conc, exact, rounded, delta) => {
      const dose = calculateDose({
        ...iv,
        route: 'IM',
        infusionMinutes: undefined,
        weightKg,
        mgPerKg,
        concentrationMgPerMl: conc,
      });
      expect(dose.volume.exactMl).toBe(exact);
      expect(dose.volume.roundedMl).toBe(rounded);
      expect(dose.volume.deltaMl).toBe(delta);
      expect(dose.delivered.mg).toBe(Number((rounded * conc).toFixed(3)));
    },
  );

  it('rounds to a 0.01 mL step when asked', () => {
    expect(calculateDose({ ...iv, weightKg: 72.3, measurableStepMl: 0.01 }).volume.roundedMl).toBe(3.62);
  });

  it('doses on ideal and adjusted weight, rounded to 0.1 kg', () => {
    const ideal = calculateDose({ ...iv, weightKg: 120, heightCm: 182.88, basis: 'ideal' });
    expect(ideal.weight.dosingKg).toBe(77.6);
    expect(ideal.doseMg).toBe(38.8);
    const adjusted = calculateDose({ ...iv, weightKg: 120, heightCm: 182.88, basis: 'adjusted' });
    expect(adjusted.weight.dosingKg).toBe(94.6); // 77.6 + 0.4 × 42.4 = 94.56
  });

  describe('limits need a prescriber override (CLINICAL.md §2, default IV 0.75 mg/kg, 75 mg, 1 mg/kg/h)', () => {
    it('0.75 mg/kg is at the IV maximum: ok when infused over 45 min (1.0 mg/kg/h)', () => {
      expect(calculateDose({ ...iv, mgPerKg: 0.75, infusionMinutes: 45 }).limitCheck).toEqual({ status: 'ok' });
    });
    it('0.76 mg/kg is over the IV maximum', () => {
      expect(calculateDose({ ...iv, mgPerKg: 0.76, infusionMinutes: 60 }).limitCheck).toEqual({
        status: 'override_required',
        limits: [{ limit: 'max_mg_per_kg', allowed: 0.75, requested: 0.76 }],
      });
    });
    it('0.75 mg/kg over 40 min is faster than the low-dose 1 mg/kg/h (Pennsylvania guidance)', () => {
      expect(calculateDose({ ...iv, mgPerKg: 0.75, infusionMinutes: 40 }).limitCheck).toEqual({
        status: 'override_required',
        limits: [{ limit: 'max_infusion_rate', allowed: 1, requested: 1.125 }],
      });
    });
    it('0.5 mg/kg for 151 kg is 75.5 mg, over the 75 mg ceiling', () => {
      const check = calculateDose({ ...iv, weightKg: 151 }).limitCheck;
      expect(check).toEqual({
        status: 'override_required',
        limits: [{ limit: 'max_total_mg', allowed: 75, requested: 75.5 }],
      });
    });
    it('150 kg at 0.5 mg/kg is exactly 75 mg: ok', () => {
      expect(calculateDose({ ...iv, weightKg: 150 }).limitCheck.status).toBe('ok');
    });
    it('IM above the 0.5 mg/kg low-dose bolus needs an override; no rate limit applies', () => {
      const dose = calculateDose({ ...iv, route: 'IM', infusionMinutes: undefined, mgPerKg: 0.6 });
      expect(dose.infusion).toBeNull();
      expect(dose.limitCheck).toEqual({
        status: 'override_required',
        limits: [{ limit: 'max_mg_per_kg', allowed: 0.5, requested: 0.6 }],
      });
    });
  });

  describe('refuses impossible input with field paths', () => {
    it.each([
      [{ weightKg: 0 }, '/weightKg'],
      [{ weightKg: 350.1 }, '/weightKg'],
      [{ weightKg: Number.NaN }, '/weightKg'],
      [{ concentrationMgPerMl: 0 }, '/concentrationMgPerMl'],
      [{ concentrationMgPerMl: -10 }, '/concentrationMgPerMl'],
      [{ mgPerKg: 0 }, '/mgPerKg'],
      [{ mgPerKg: 5 }, '/mgPerKg'],
      [{ heightCm: 99 }, '/heightCm'],
      [{ measurableStepMl: 0 }, '/measurableStepMl'],
      // Rapid IV push causes respiratory depression: IV must be an infusion (CLINICAL.md §2).
      [{ infusionMinutes: undefined }, '/infusionMinutes'],
      [{ infusionMinutes: 0 }, '/infusionMinutes'],
      [{ route: 'SC', infusionMinutes: 40 }, '/infusionMinutes'],
    ] as const)('%j → %s', (patch, path) => {
      expect(validationPaths({ ...iv, ...patch })).toContain(path);
    });

    it('350 kg is the heaviest weight accepted', () => {
      expect(calculateDose({ ...iv, weightKg: 350, mgPerKg: 0.1 }).doseMg).toBe(35);
    });

    it('refuses a dose smaller than half the smallest measurable volume', () => {
      expect(
        validationPaths({
          ...iv,
          route: 'SC',
          infusionMinutes: undefined,
          mgPerKg: 0.01,
          weightKg: 40,
          concentrationMgPerMl: 100,
        }),
      ).toEqual(['/mgPerKg']);
    });
  });

  it('rounding is never off by more than half a step, and delivered = rounded mL × concentration (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 300, max: 3500 }).map((n) => n / 10),
        fc.integer({ min: 1, max: 450 }).map((n) => n / 100),
        fc.constantFrom(10, 50, 100),
        fc.constantFrom(0.1, 0.01, 0.05),
        (weightKg, mgPerKg, conc, step) => {
          const exactMl = (weightKg * mgPerKg) / conc;
          if (exactMl < step) return; // too small to measure: refused, tested above
          const dose = calculateDose({
            ...iv,
            weightKg,
            mgPerKg,
            concentrationMgPerMl: conc,
            measurableStepMl: step,
            infusionMinutes: 60,
          });
          expect(Math.abs(dose.volume.deltaMl)).toBeLessThanOrEqual(step / 2 + 1e-9);
          expect(Math.abs(dose.volume.roundedMl / step - Math.round(dose.volume.roundedMl / step))).toBeLessThan(1e-9);
          expect(dose.delivered.mg).toBeCloseTo(dose.volume.roundedMl * conc, 6);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('titration suggestion', () => {
  it.each([
    [0.5, 0.1, 0.75, { status: 'increase', nextMgPerKg: 0.6 }],
    [0.2, 0.1, 0.75, { status: 'increase', nextMgPerKg: 0.3 }], // not 0.30000000000000004
    [0.7, 0.1, 0.75, { status: 'capped_at_maximum', nextMgPerKg: 0.75 }],
    [0.65, 0.1, 0.75, { status: 'increase', nextMgPerKg: 0.75 }],
    [0.75, 0.1, 0.75, { status: 'at_maximum', nextMgPerKg: 0.75 }],
    [1.0, 0.1, 0.75, { status: 'at_maximum', nextMgPerKg: 1.0 }],
  ] as const)('from %f by %f up to %f → %j', (currentMgPerKg, stepMgPerKg, maxMgPerKg, expected) => {
    expect(suggestNextMgPerKg({ currentMgPerKg, stepMgPerKg, maxMgPerKg })).toEqual(expected);
  });

  it('refuses a zero step', () => {
    expect(() => suggestNextMgPerKg({ currentMgPerKg: 0.5, stepMgPerKg: 0, maxMgPerKg: 1 })).toThrow(
      expect.objectContaining({
        code: 'validation_failed',
        errors: [{ path: '/stepMgPerKg', message: 'must be a positive number' }],
      }),
    );
  });
});
