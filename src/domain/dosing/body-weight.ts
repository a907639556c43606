/**
 * Body-weight bases for mg/kg dosing. Clinics differ on which basis they use (CLINICAL.md §2), so the
 * dose records the basis as well as weight, height and BMI.
 */

/** Sex used by the Devine formula (which is defined only for these two). */
export type DosingSex = 'female' | 'male';
export type WeightBasis = 'actual' | 'ideal' | 'adjusted';

const cmPerInch = 2.54;
/** 60 in: the Devine formula is defined from here up (CLINICAL.md §2). */
export const devineMinHeightCm = 152.4;

/**
 * Ideal body weight, Devine 1974: male 50 kg, female 45.5 kg, plus 2.3 kg per inch over 5 ft (60 in).
 * Defined from 60 in (152.4 cm) up; below that height there is no ideal weight (null) — the formula is
 * never extrapolated downwards, and the dose uses actual weight instead (CLINICAL.md §2).
 */
export function idealBodyWeightKg(heightCm: number, sex: DosingSex): number | null {
  if (!Number.isFinite(heightCm) || heightCm < devineMinHeightCm) return null;
  const base = sex === 'male' ? 50 : 45.5;
  return base + 2.3 * (heightCm / cmPerInch - 60);
}

/**
 * Adjusted body weight: IBW + 0.4 × (actual − IBW) — the 0.4 correction factor used for drug dosing in
 * obesity (Bauer, Applied Clinical Pharmacokinetics; Pai & Paloucek 2000). Null where IBW is undefined.
 */
export function adjustedBodyWeightKg(actualKg: number, heightCm: number, sex: DosingSex): number | null {
  const ibw = idealBodyWeightKg(heightCm, sex);
  return ibw === null ? null : ibw + 0.4 * (actualKg - ibw);
}

/** Body-mass index, kg/m² (stored with the dose; LOINC 39156-5, CLINICAL.md §5). */
export function bodyMassIndex(weightKg: number, heightCm: number): number {
  const metres = heightCm / 100;
  return weightKg / (metres * metres);
}

/** Why the dose used actual weight although the order asked for ideal or adjusted weight. */
export type BasisChange = 'actual_below_ideal' | 'height_below_devine_range';

export interface DosingWeight {
  readonly kg: number;
  /** The basis the dose was calculated on. */
  readonly basisUsed: WeightBasis;
  /** Set when `basisUsed` differs from the basis ordered, saying why. */
  readonly basisChange: BasisChange | null;
}

/**
 * The weight the dose is calculated on (CLINICAL.md §2): when actual weight is below ideal weight, dose on
 * actual weight; below 60 in there is no Devine ideal weight, so actual weight (and say so).
 */
export function dosingWeight(basis: WeightBasis, actualKg: number, heightCm: number, sex: DosingSex): DosingWeight {
  switch (basis) {
    case 'actual':
      return { kg: actualKg, basisUsed: 'actual', basisChange: null };
    case 'ideal':
    case 'adjusted': {
      const ideal = idealBodyWeightKg(heightCm, sex);
      if (ideal === null) return { kg: actualKg, basisUsed: 'actual', basisChange: 'height_below_devine_range' };
      if (actualKg < ideal) return { kg: actualKg, basisUsed: 'actual', basisChange: 'actual_below_ideal' };
      const kg = basis === 'ideal' ? ideal : ideal + 0.4 * (actualKg - ideal);
      return { kg, basisUsed: basis, basisChange: null };
    }
    default: {
      const unreachable: never = basis;
      throw new Error(`unknown weight basis ${String(unreachable)}`);
    }
  }
}

/** The weight in kg for a basis (see `dosingWeight` for the rules). */
export function dosingWeightKg(basis: WeightBasis, actualKg: number, heightCm: number, sex: DosingSex): number {
  return dosingWeight(basis, actualKg, heightCm, sex).kg;
}
