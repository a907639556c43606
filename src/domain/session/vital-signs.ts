/** One set of vital signs (LOINC panel 85353-1; units mm[Hg], /min, % — CLINICAL.md §5). */
export interface VitalSigns {
  readonly systolicMmHg: number;
  readonly diastolicMmHg: number;
  readonly heartRateBpm: number;
  readonly spo2Percent: number;
  readonly respiratoryRatePerMin: number;
}

export type VitalName = 'systolic' | 'diastolic' | 'heart_rate' | 'spo2' | 'respiratory_rate';

export type VitalKey = keyof VitalSigns;
export const vitalKeys: readonly VitalKey[] = [
  'systolicMmHg',
  'diastolicMmHg',
  'heartRateBpm',
  'spo2Percent',
  'respiratoryRatePerMin',
];

/**
 * A reading may be partial (a nurse records what the monitor shows). A value that is absent, null or not
 * a finite number (NaN, Infinity) is missing, and missing never passes a check (CLINICAL.md §2).
 */
export type PartialVitalSigns = { readonly [K in VitalKey]?: number | null | undefined };

/** The finite value, or undefined when the reading is missing or not a number. */
export function finiteVital(reading: PartialVitalSigns | undefined, key: VitalKey): number | undefined {
  const value = reading?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The vitals of `keys` that are missing or non-finite in the reading. */
export function missingVitals(
  reading: PartialVitalSigns | undefined,
  keys: readonly VitalKey[] = vitalKeys,
): VitalKey[] {
  return keys.filter((key) => finiteVital(reading, key) === undefined);
}
