import { DomainError, type FieldError } from '../errors.js';
import { routes, type ClinicProtocol, type Route } from '../protocol/clinic-protocol.js';
import {
  adjustedBodyWeightKg,
  bodyMassIndex,
  dosingWeightKg,
  idealBodyWeightKg,
  type DosingSex,
  type WeightBasis,
} from './body-weight.js';
import { compare, divide, fraction, multiply, roundToStep, subtract, toNumber } from './exact-decimal.js';

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
  readonly infusionMinutes?: number;
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
  readonly basis: WeightBasis;
  readonly weight: {
    readonly actualKg: number;
    readonly heightCm: number;
    readonly bmi: number;
    readonly idealKg: number;
    readonly adjustedKg: number;
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
  /** What the patient actually receives after rounding the volume. */
  readonly delivered: { readonly mg: number; readonly mgPerKg: number };
  readonly infusion: { readonly minutes: number; readonly mlPerHour: number; readonly mgPerKgPerHour: number } | null;
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
 * Dose in mg = mg/kg × weight; volume = mg ÷ concentration; IV rate = volume ÷ duration (CLINICAL.md §2).
 * Limits are checked on the order (mg/kg, mg, mg/kg/h); the rounding to a measurable volume is shown
 * beside it and is never more than half a step.
 */
export function calculateDose(input: DoseInput): DoseCalculation {
  validate(input);
  const stepMl = input.measurableStepMl ?? 0.1;
  const step = fraction(stepMl);
  const rawDosingKg = dosingWeightKg(input.basis, input.weightKg, input.heightCm, input.sex);
  const dosingKg =
    input.basis === 'actual' ? fraction(input.weightKg) : roundToStep(fraction(rawDosingKg), fraction(0.1));
  if (dosingKg.num <= 0n) {
    throw invalid([{ path: '/heightCm', message: `gives no positive ${input.basis} body weight` }]);
  }
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
  const limits = input.protocol.doseLimits[input.route];
  const exceeded: ExceededLimit[] = [];
  if (compare(mgPerKg, fraction(limits.maxMgPerKg)) > 0) {
    exceeded.push({ limit: 'max_mg_per_kg', allowed: limits.maxMgPerKg, requested: input.mgPerKg });
  }
  if (compare(doseMg, fraction(limits.maxTotalMg)) > 0) {
    exceeded.push({ limit: 'max_total_mg', allowed: limits.maxTotalMg, requested: toNumber(doseMg, 2) });
  }

  let infusion: DoseCalculation['infusion'] = null;
  if (input.route === 'IV' && input.infusionMinutes !== undefined) {
    const hours = divide(fraction(input.infusionMinutes), fraction(60));
    const mgPerKgPerHour = divide(mgPerKg, hours);
    infusion = {
      minutes: input.infusionMinutes,
      mlPerHour: toNumber(divide(roundedMl, hours), 2),
      mgPerKgPerHour: toNumber(mgPerKgPerHour, 4),
    };
    const maxRate = limits.maxInfusionMgPerKgPerHour;
    if (maxRate !== null && compare(mgPerKgPerHour, fraction(maxRate)) > 0) {
      exceeded.push({ limit: 'max_infusion_rate', allowed: maxRate, requested: infusion.mgPerKgPerHour });
    }
  }

  return {
    route: input.route,
    basis: input.basis,
    weight: {
      actualKg: input.weightKg,
      heightCm: input.heightCm,
      bmi: round(bodyMassIndex(input.weightKg, input.heightCm), 1),
      idealKg: round(idealBodyWeightKg(input.heightCm, input.sex), 1),
      adjustedKg: round(adjustedBodyWeightKg(input.weightKg, input.heightCm, input.sex), 1),
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
    delivered: { mg: toNumber(deliveredMg, 3), mgPerKg: toNumber(divide(deliveredMg, dosingKg), 4) },
    infusion,
    limitCheck: exceeded.length === 0 ? { status: 'ok' } : { status: 'override_required', limits: exceeded },
  };
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
  } else if (input.infusionMinutes !== undefined) {
    errors.push({
      path: '/infusionMinutes',
      message: `must be left out for ${input.route} (an injection, not an infusion)`,
    });
  }
  if (errors.length > 0) throw invalid(errors);
}

function invalid(errors: FieldError[]): DomainError {
  return new DomainError('validation_failed', 'The dose cannot be calculated from these values.', { errors });
}

function round(value: number, decimals: number): number {
  return toNumber(fraction(value), decimals);
}
