/**
 * Body-weight bases for mg/kg dosing. Clinics differ on which basis they use (CLINICAL.md §2), so the
 * dose records the basis as well as weight, height and BMI.
 */

/** Sex used by the Devine formula (which is defined only for these two). */
export type DosingSex = 'female' | 'male';
export type WeightBasis = 'actual' | 'ideal' | 'adjusted';

const cmPerInch = 2.54;

/**
 * Ideal body weight, Devine 1974: male 50 kg, female 45.5 kg, plus 2.3 kg per inch over 5 ft (60 in).
 * Below 5 ft the same line is extended downwards (2.3 kg less per inch) rather than clamped, so the
 * result keeps falling with height; the caller validates height to a plausible adult range.
 */
export function idealBodyWeightKg(heightCm: number, sex: DosingSex): number {
  const base = sex === 'male' ? 50 : 45.5;
  return base + 2.3 * (heightCm / cmPerInch - 60);
}

/**
 * Adjusted body weight: IBW + 0.4 × (actual − IBW) — the 0.4 correction factor used for drug dosing in
 * obesity (Bauer, Applied Clinical Pharmacokinetics; Pai & Paloucek 2000).
 */
export function adjustedBodyWeightKg(actualKg: number, heightCm: number, sex: DosingSex): number {
  const ibw = idealBodyWeightKg(heightCm, sex);
  return ibw + 0.4 * (actualKg - ibw);
}

/** Body-mass index, kg/m² (stored with the dose; LOINC 39156-5, CLINICAL.md §5). */
export function bodyMassIndex(weightKg: number, heightCm: number): number {
  const metres = heightCm / 100;
  return weightKg / (metres * metres);
}

export function dosingWeightKg(basis: WeightBasis, actualKg: number, heightCm: number, sex: DosingSex): number {
  switch (basis) {
    case 'actual':
      return actualKg;
    case 'ideal':
      return idealBodyWeightKg(heightCm, sex);
    case 'adjusted':
      return adjustedBodyWeightKg(actualKg, heightCm, sex);
    default: {
      const unreachable: never = basis;
      throw new Error(`unknown weight basis ${String(unreachable)}`);
    }
  }
}
