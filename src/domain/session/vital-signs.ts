/** One set of vital signs (LOINC panel 85353-1; units mm[Hg], /min, % — CLINICAL.md §5). */
export interface VitalSigns {
  readonly systolicMmHg: number;
  readonly diastolicMmHg: number;
  readonly heartRateBpm: number;
  readonly spo2Percent: number;
  readonly respiratoryRatePerMin: number;
}

export type VitalName = 'systolic' | 'diastolic' | 'heart_rate' | 'spo2' | 'respiratory_rate';

/** A reading may be partial (a nurse records what the monitor shows); missing values are not assessed. */
export type PartialVitalSigns = Partial<VitalSigns>;
