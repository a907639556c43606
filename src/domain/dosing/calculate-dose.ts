import { DomainError, type FieldError } from '../errors.js';
import { diluents, routes, type ClinicProtocol, type Diluent, type Route } from '../protocol/clinic-protocol.js';
import {
  adjustedBodyWeightKg,
  bodyMassIndex,
  dosingWeight,
  idealBodyWeightKg,
  type BasisChange,
  type DosingSex,
  type WeightBasis,
} from './body-weight.js';
import {
  compare,
  divide,
  fraction,
  multiply,
  roundToStep,
  subtract,
  toNumber,
  type Fraction,
} from './exact-decimal.js';

export interface DoseInput {
  readonly route: Route;
  /** The prescriber's order, mg per kg of the dosing weight. */
  readonly mgPerKg: number;
  readonly weightKg: number;
  readonly heightCm: number;
  readonly sex: DosingSex;
  readonly basis: WeightBasis;
  /** Vial strength, e.g. 10, 50 or 100 mg/mL (CLINICAL.md §2). */
  readonly concentrationMgPerMl: number;
  /** Required for IV, forbidden for IM and SC. */
  readonly infusionMinutes?: number | undefined;
  /**
   * IV only, required: what the drug is drawn into (CLINICAL.md §2). `none` is allowed only for strengths
   * the protocol lets be given undiluted (never 100 mg/mL — Ketalar label).
   */
  readonly dilution?:
    { readonly diluent: Diluent; readonly finalVolumeMl: number } | { readonly diluent: 'none' } | undefined;
  readonly protocol: ClinicProtocol;
  /** The smallest volume the syringe or pump can measure. */
  readonly measurableStepMl?: number;
}

export type DoseLimitName = 'max_mg_per_kg' | 'max_total_mg' | 'max_infusion_rate';

export interface ExceededLimit {
  readonly limit: DoseLimitName;
  readonly allowed: number;
  readonly requested: number;
}

/** A dose above the protocol's limits needs a prescriber override with a reason (CLINICAL.md §2). */
export type LimitCheck =
  { readonly status: 'ok' } | { readonly status: 'override_required'; readonly limits: readonly ExceededLimit[] };

export interface DoseCalculation {
  readonly route: Route;
  /** The basis ordered. */
  readonly basis: WeightBasis;
  /** The basis the dose was calculated on: actual when actual weight is below ideal, or height is below 60 in. */
  readonly basisUsed: WeightBasis;
  readonly basisChange: BasisChange | null;
  readonly weight: {
    readonly actualKg: number;
    readonly heightCm: number;
    readonly bmi: number;
    /** Null below 60 in, where the Devine formula is not defined. */
    readonly idealKg: number | null;
    readonly adjustedKg: number | null;
    /** The weight the dose was calculated on (ideal and adjusted rounded to 0.1 kg). */
    readonly dosingKg: number;
  };
  readonly orderedMgPerKg: number;
  /** mg/kg × dosing weight, before any rounding. */
  readonly doseMg: number;
  /** The rounding to a measurable volume, shown so staff can check it (CLINICAL.md §2). */
  readonly volume: {
    readonly exactMl: number;
    readonly roundedMl: number;
    readonly deltaMl: number;
    readonly stepMl: number;
  };
  /** What the patient actually receives after rounding the volume; the limits are checked on this. */
  readonly delivered: {
    readonly mg: number;
    /** Per kg of the dosing weight. */
    readonly mgPerKg: number;
    /** Per kg of actual weight. */
    readonly mgPerKgActual: number;
  };
  readonly infusion: {
    readonly minutes: number;
    /** The pump rate: final volume ÷ duration. */
    readonly mlPerHour: number;
    /** Delivered mg per kg of dosing weight per hour. */
    readonly mgPerKgPerHour: number;
    readonly drugVolumeMl: number;
    readonly diluent: Diluent | 'none';
    readonly diluentVolumeMl: number;
    readonly finalVolumeMl: number;
    readonly finalConcentrationMgPerMl: number;
  } | null;
  readonly limitCheck: LimitCheck;
}

const maxWeightKg = 350;
// Above the label's anaesthetic induction range (1–4.5 mg/kg IV) an order is a typing error, not a
// choice a prescriber can override into.
const maxPlausibleMgPerKg = 4.5;
// The strongest vial in use is 100 mg/mL (CLINICAL.md §2).
const maxConcentrationMgPerMl = 100;
const maxInfusionMinutes = 600;

/**
 * Dose in mg = mg/kg × weight; volume = mg ÷ concentration; an IV dose is diluted to a final volume and
 * the pump rate is final volume ÷ duration (CLINICAL.md §2). The rounding to a measurable volume is shown
 * and never more than half a step. Limits are checked on what is delivered — the rounded volume's mg, its
 * mg/kg of dosing and of actual weight, and the delivered mg/kg/h — as well as on the order: rounding up
 * past a limit is a limit crossed.
 */
export function calculateDose(input: DoseInput): DoseCalculation {
  validate(input);
  const stepMl = input.measurableStepMl ?? 0.1;
  const step = fraction(stepMl);
  const weight = dosingWeight(input.basis, input.weightKg, input.heightCm, input.sex);
  const dosingKg =
    weight.basisUsed === 'actual' ? fraction(input.weightKg) : roundToStep(fraction(weight.kg), fraction(0.1));
  if (dosingKg.num <= 0n) {
    throw invalid([{ path: '/heightCm', message: `gives no positive ${input.basis} body weight` }]);
  }
  const actualKg = fraction(input.weightKg);
  const mgPerKg = fraction(input.mgPerKg);
  const concentration = fraction(input.concentrationMgPerMl);
  const doseMg = multiply(mgPerKg, dosingKg);
  const exactMl = divide(doseMg, concentration);
  const roundedMl = roundToStep(exactMl, step);
  if (roundedMl.num === 0n) {
    throw invalid([
      { path: '/mgPerKg', message: `the dose is less than half of the smallest measurable volume (${stepMl} mL)` },
    ]);
  }
  const deliveredMg = multiply(roundedMl, concentration);
  const deliveredPerKg = divide(deliveredMg, dosingKg);
  const deliveredPerKgActual = divide(deliveredMg, actualKg);
  const limits = input.protocol.doseLimits[input.route];
  const exceeded: ExceededLimit[] = [];
  // The highest of ordered, delivered per dosing kg and delivered per actual kg.
  const highestPerKg = [deliveredPerKg, deliveredPerKgActual].reduce((a, b) => (compare(a, b) >= 0 ? a : b), mgPerKg);
  if (compare(highestPerKg, fraction(limits.maxMgPerKg)) > 0) {
    exceeded.push({ limit: 'max_mg_per_kg', allowed: limits.maxMgPerKg, requested: ceilTo(highestPerKg, 4) });
  }
  const highestMg = compare(deliveredMg, doseMg) >= 0 ? deliveredMg : doseMg;
  if (compare(highestMg, fraction(limits.maxTotalMg)) > 0) {
    exceeded.push({ limit: 'max_total_mg', allowed: limits.maxTotalMg, requested: ceilTo(highestMg, 2) });
  }

  let infusion: DoseCalculation['infusion'] = null;
  if (input.route === 'IV' && input.infusionMinutes !== undefined && input.dilution !== undefined) {
    const hours = divide(fraction(input.infusionMinutes), fraction(60));
    const ordered = divide(mgPerKg, hours);
    const delivered = divide(deliveredPerKg, hours);
    const rate = compare(delivered, ordered) >= 0 ? delivered : ordered;
    const dilution = input.dilution;
    const finalMl = dilution.diluent === 'none' ? roundedMl : fraction(dilution.finalVolumeMl);
    if (compare(finalMl, roundedMl) < 0) {
      throw invalid([
        {
          path: '/dilution/finalVolumeMl',
          message: `must be at least the drug volume (${toNumber(roundedMl, 4)} mL)`,
        },
      ]);
    }
    infusion = {
      minutes: input.infusionMinutes,
      mlPerHour: toNumber(divide(finalMl, hours), 2),
      mgPerKgPerHour: toNumber(delivered, 4),
      drugVolumeMl: toNumber(roundedMl, 4),
      diluent: dilution.diluent,
      diluentVolumeMl: toNumber(subtract(finalMl, roundedMl), 4),
      finalVolumeMl: toNumber(finalMl, 4),
      finalConcentrationMgPerMl: toNumber(divide(deliveredMg, finalMl), 4),
    };
    const maxRate = limits.maxInfusionMgPerKgPerHour;
    if (maxRate !== null && compare(rate, fraction(maxRate)) > 0) {
      exceeded.push({ limit: 'max_infusion_rate', allowed: maxRate, requested: ceilTo(rate, 4) });
    }
  }

  const ideal = idealBodyWeightKg(input.heightCm, input.sex);
  const adjusted = adjustedBodyWeightKg(input.weightKg, input.heightCm, input.sex);
  return {
    route: input.route,
    basis: input.basis,
    basisUsed: weight.basisUsed,
    basisChange: weight.basisChange,
    weight: {
      actualKg: input.weightKg,
      heightCm: input.heightCm,
      bmi: round(bodyMassIndex(input.weightKg, input.heightCm), 1),
      idealKg: ideal === null ? null : round(ideal, 1),
      adjustedKg: adjusted === null ? null : round(adjusted, 1),
      dosingKg: toNumber(dosingKg, 3),
    },
    orderedMgPerKg: input.mgPerKg,
    doseMg: toNumber(doseMg, 3),
    volume: {
      exactMl: toNumber(exactMl, 4),
      roundedMl: toNumber(roundedMl, 4),
      deltaMl: toNumber(subtract(roundedMl, exactMl), 4),
      stepMl,
    },
    delivered: {
      mg: toNumber(deliveredMg, 3),
      mgPerKg: toNumber(deliveredPerKg, 4),
      mgPerKgActual: toNumber(deliveredPerKgActual, 4),
    },
    infusion,
    limitCheck: exceeded.length === 0 ? { status: 'ok' } : { status: 'override_required', limits: exceeded },
  };
}

/** Rounds up for display of a crossed limit, so a value just over never reads as equal to the limit. */
function ceilTo(value: Fraction, decimals: number): number {
  const scale = 10n ** BigInt(decimals);
  const scaled = value.num * scale;
  let whole = scaled / value.den;
  if (scaled % value.den !== 0n && scaled > 0n) whole += 1n;
  return Number(whole) / Number(scale);
}

function validate(input: DoseInput): void {
  const errors: FieldError[] = [];
  const positiveUpTo = (path: string, value: number | undefined, max: number, unit: string): void => {
    if (value === undefined || !Number.isFinite(value) || value <= 0 || value > max) {
      errors.push({ path, message: `must be more than 0 and at most ${max} ${unit}` });
    }
  };
  if (!routes.includes(input.route)) errors.push({ path: '/route', message: 'must be IV, IM or SC' });
  if (!['actual', 'ideal', 'adjusted'].includes(input.basis))
    errors.push({ path: '/basis', message: 'must be actual, ideal or adjusted' });
  if (input.sex !== 'female' && input.sex !== 'male') errors.push({ path: '/sex', message: 'must be female or male' });
  positiveUpTo('/weightKg', input.weightKg, maxWeightKg, 'kg');
  if (!Number.isFinite(input.heightCm) || input.heightCm < 100 || input.heightCm > 250) {
    errors.push({ path: '/heightCm', message: 'must be between 100 and 250 cm' });
  }
  positiveUpTo('/mgPerKg', input.mgPerKg, maxPlausibleMgPerKg, 'mg/kg');
  positiveUpTo('/concentrationMgPerMl', input.concentrationMgPerMl, maxConcentrationMgPerMl, 'mg/mL');
  positiveUpTo('/measurableStepMl', input.measurableStepMl ?? 0.1, 1, 'mL');
  if (input.route === 'IV') {
    // Rapid IV push causes respiratory depression: an IV dose is always an infusion with a duration
    // (CLINICAL.md §2).
    positiveUpTo(
      '/infusionMinutes',
      input.infusionMinutes,
      maxInfusionMinutes,
      'minutes (an IV dose must be an infusion)',
    );
    const dilution = input.dilution;
    if (dilution === undefined) {
      errors.push({ path: '/dilution', message: 'an IV infusion needs its diluent and final volume' });
    } else if (dilution.diluent === 'none') {
      const maxUndiluted = input.protocol.ivDilution.maxUndilutedMgPerMl;
      if (Number.isFinite(input.concentrationMgPerMl) && input.concentrationMgPerMl > maxUndiluted) {
        errors.push({
          path: '/dilution',
          message: `the ${input.concentrationMgPerMl} mg/mL strength must not be given IV undiluted (${input.protocol.ivDilution.source})`,
        });
      }
    } else {
      if (!diluents.includes(dilution.diluent)) {
        errors.push({ path: '/dilution/diluent', message: 'must be 0.9 % sodium chloride or 5 % dextrose' });
      }
      positiveUpTo('/dilution/finalVolumeMl', dilution.finalVolumeMl, 1000, 'mL');
    }
  } else {
    if (input.infusionMinutes !== undefined) {
      errors.push({
        path: '/infusionMinutes',
        message: `must be left out for ${input.route} (an injection, not an infusion)`,
      });
    }
    if (input.dilution !== undefined) {
      errors.push({ path: '/dilution', message: `must be left out for ${input.route} (an injection)` });
    }
  }
  if (errors.length > 0) throw invalid(errors);
}

function invalid(errors: FieldError[]): DomainError {
  return new DomainError('validation_failed', 'The dose cannot be calculated from these values.', { errors });
}

function round(value: number, decimals: number): number {
  return toNumber(fraction(value), decimals);
}
