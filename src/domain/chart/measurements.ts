import { bodyMassIndex } from '../dosing/body-weight.js';
import type { FieldError } from '../errors.js';

/**
 * Height and weight as the chart stores them: centimetres and kilograms. The dose is mg/kg × weight
 * (CLINICAL.md §2), so a weight typed in pounds or a height in inches or metres would be a dosing error;
 * the message says which unit the number looks like and what it would be in ours.
 */
export const weightLimitsKg = { min: 20, max: 350 } as const;
export const heightLimitsCm = { min: 100, max: 250 } as const;

const kgPerLb = 0.45359237;
const cmPerInch = 2.54;

const oneDecimal = (value: number): number => Math.round(value * 10) / 10;

export function weightErrors(weightKg: number, path = '/weightKg'): FieldError[] {
  if (!Number.isFinite(weightKg) || weightKg <= 0) {
    return [
      { path, message: `Enter the weight in kilograms, between ${weightLimitsKg.min} and ${weightLimitsKg.max} kg` },
    ];
  }
  if (weightKg > weightLimitsKg.max) {
    const asKg = oneDecimal(weightKg * kgPerLb);
    const hint =
      asKg >= weightLimitsKg.min && asKg <= weightLimitsKg.max
        ? ` If ${weightKg} is in pounds, that is ${asKg} kg.`
        : '';
    return [
      { path, message: `${weightKg} kg is above ${weightLimitsKg.max} kg: enter the weight in kilograms.${hint}` },
    ];
  }
  if (weightKg < weightLimitsKg.min) {
    return [
      { path, message: `${weightKg} kg is below ${weightLimitsKg.min} kg: enter an adult's weight in kilograms` },
    ];
  }
  return [];
}

export function heightErrors(heightCm: number, path = '/heightCm'): FieldError[] {
  if (!Number.isFinite(heightCm) || heightCm <= 0) {
    return [
      { path, message: `Enter the height in centimetres, between ${heightLimitsCm.min} and ${heightLimitsCm.max} cm` },
    ];
  }
  if (heightCm >= 1 && heightCm <= 2.5) {
    return [
      {
        path,
        message: `${heightCm} looks like metres: enter the height in centimetres (${oneDecimal(heightCm * 100)} cm)`,
      },
    ];
  }
  if (heightCm >= 48 && heightCm < heightLimitsCm.min) {
    return [
      {
        path,
        message: `${heightCm} looks like inches: enter the height in centimetres (${heightCm} in = ${oneDecimal(heightCm * cmPerInch)} cm)`,
      },
    ];
  }
  if (heightCm < heightLimitsCm.min || heightCm > heightLimitsCm.max) {
    return [
      { path, message: `Enter the height in centimetres, between ${heightLimitsCm.min} and ${heightLimitsCm.max} cm` },
    ];
  }
  return [];
}

/** BMI to one decimal (kg/m², LOINC 39156-5); null until both are known. */
export function chartBmi(weightKg: number | null, heightCm: number | null): number | null {
  if (weightKg === null || heightCm === null) return null;
  return oneDecimal(bodyMassIndex(weightKg, heightCm));
}
