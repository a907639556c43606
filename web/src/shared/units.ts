/**
 * US units for body measurements: staff type pounds and feet/inches (or kg and cm); the record keeps kg
 * and cm (the dosing domain works in them). Conversions are exact by definition (1 lb = 0.45359237 kg,
 * 1 in = 2.54 cm).
 */
export const kgPerLb = 0.45359237;
export const cmPerIn = 2.54;

const round = (value: number, places: number): number => Math.round(value * 10 ** places) / 10 ** places;

export const lbToKg = (lb: number): number => round(lb * kgPerLb, 1);
export const kgToLb = (kg: number): number => round(kg / kgPerLb, 1);
export const inToCm = (inches: number): number => round(inches * cmPerIn, 1);

/** Height in feet and whole-or-half inches, for display and for filling the feet/inches fields. */
export function cmToFeetInches(cm: number): { feet: number; inches: number } {
  const total = Math.round((cm / cmPerIn) * 2) / 2;
  return { feet: Math.floor(total / 12), inches: round(total - 12 * Math.floor(total / 12), 1) };
}

/** Pounds to the nearest pound: the record keeps kg to 0.1, so converting back would show 179.9 for 180. */
export const kgToWholeLb = (kg: number): number => Math.round(kg / kgPerLb);

export function weightText(kg: number): string {
  return `${kgToWholeLb(kg)} lb (${kg} kg)`;
}

export function heightText(cm: number): string {
  const { feet, inches } = cmToFeetInches(cm);
  return `${feet} ft ${inches} in (${cm} cm)`;
}

/** Limits outside which a measurement is almost certainly a typing or unit mistake (adults). */
export const plausible = { weightKg: [30, 300], heightCm: [120, 230], bmi: [14, 60] } as const;

/** Why a height and weight look wrong together, or null. */
export function implausibility(heightCm: number | null, weightKg: number | null): string | null {
  if (weightKg !== null && (weightKg < plausible.weightKg[0] || weightKg > plausible.weightKg[1]))
    return `A weight of ${weightKg} kg (${kgToLb(weightKg)} lb) is outside what is plausible for an adult: check the number and the unit`;
  if (heightCm !== null && (heightCm < plausible.heightCm[0] || heightCm > plausible.heightCm[1]))
    return `A height of ${heightCm} cm is outside what is plausible for an adult: check the number and the unit`;
  if (heightCm !== null && weightKg !== null) {
    const bmi = round(weightKg / (heightCm / 100) ** 2, 1);
    if (bmi < plausible.bmi[0] || bmi > plausible.bmi[1])
      return `This height and weight give a BMI of ${bmi}, which is very unlikely: check both numbers and their units`;
  }
  return null;
}
