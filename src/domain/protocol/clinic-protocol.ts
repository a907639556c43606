/**
 * The clinic protocol: every clinical threshold the domain rules use, with the source it came from.
 * Ketamine for psychiatric use is off-label, so apart from DEA record keeping none of these is a binding
 * standard (CLINICAL.md, preamble): each is a configurable clinic default, stored with the protocol
 * version a session used, and shown to staff with its source. `verified: false` marks clinic policy or a
 * value that could not be confirmed — the UI must say so.
 */

/** Routes the clinic gives ketamine by, as clinicians abbreviate them (SNOMED CT codes in CLINICAL.md §5). */
export type Route = 'IV' | 'IM' | 'SC';
export const routes: readonly Route[] = ['IV', 'IM', 'SC'];

/** Where a value came from. Shown beside the number in the UI. */
export interface Sourced {
  readonly source: string;
  readonly verified: boolean;
}

/**
 * A blood-pressure threshold crossed when EITHER the systolic OR the diastolic reaches it.
 * `comparison` is explicit because the sources differ: the Swiss label's hard stop is "> 180/100"
 * (strictly above) while the clinic hold is "≥ 160/100".
 */
export interface BloodPressureThreshold extends Sourced {
  readonly systolicMmHg: number;
  readonly diastolicMmHg: number;
  readonly comparison: 'above' | 'at_or_above';
}

/** A single-number threshold (e.g. SpO2 < 92 %). */
export interface NumberThreshold extends Sourced {
  readonly value: number;
}

/** A vital that is normal between `low` and `high` (inclusive); outside either is an alert. */
export interface VitalRange extends Sourced {
  /** Alert when the reading is strictly below this. */
  readonly alertBelow: number;
  /** Alert when the reading is strictly above this. */
  readonly alertAbove: number;
}

export interface RouteDoseLimits extends Sourced {
  /** The usual first dose, in mg per kg of the dosing weight. */
  readonly startMgPerKg: number;
  /** Default increase per session when titrating. */
  readonly titrationStepMgPerKg: number;
  /** Above this, the order needs a prescriber override with a reason (CLINICAL.md §2). */
  readonly maxMgPerKg: number;
  /** Absolute ceiling in mg whatever the weight. */
  readonly maxTotalMg: number;
  /** IV only: the fastest infusion rate without override; null for injections. */
  readonly maxInfusionMgPerKgPerHour: number | null;
  /** IV only: the default infusion duration; null for injections. */
  readonly defaultInfusionMinutes: number | null;
}

export interface InductionDefaults extends Sourced {
  readonly sessions: number;
  /** The series, first to last session inclusive, must fit in this many days. */
  readonly maxSpanDays: number;
  readonly minSessionsPerWeek: number;
  readonly maxSessionsPerWeek: number;
  /** Minimum calendar days between two sessions; 1 = never two on the same day, 2 = alternate days. */
  readonly minSpacingDays: number;
  /** Minimum hours between two session start instants (measured in real elapsed time, DST-safe). */
  readonly minSpacingHours: number;
}

export interface ClinicProtocol {
  /** Stored with every session so the thresholds used can be reproduced later. */
  readonly version: string;
  readonly bloodPressure: {
    /** At screening, above this: weigh the risk and consider delaying. */
    readonly screeningWarning: BloodPressureThreshold;
    /** At screening, above this: not eligible (absolute contraindication). */
    readonly eligibilityHardStop: BloodPressureThreshold;
    /** On the day, at or above this: hold the dose (prescriber may override). */
    readonly preDoseHold: BloodPressureThreshold;
  };
  readonly sessionAlerts: {
    /** A level to watch: no action but the nurse should look again sooner. */
    readonly bloodPressureNotice: BloodPressureThreshold;
    /** Alert the prescriber. */
    readonly bloodPressureAlert: BloodPressureThreshold;
    /** Stop the infusion and escalate — only when the patient also has symptoms. */
    readonly bloodPressureStopWithSymptoms: BloodPressureThreshold;
    /** Alert when SpO2 is strictly below this. */
    readonly spo2AlertBelowPercent: NumberThreshold;
    readonly heartRateBpm: VitalRange;
    readonly respiratoryRatePerMin: VitalRange;
  };
  readonly doseLimits: { readonly [R in Route]: RouteDoseLimits };
  /** Minimum observation after the end of the dose before discharge, per route. */
  readonly recoveryMinutes: { readonly [R in Route]: number } & Sourced;
  readonly fasting: { readonly solidsHours: number; readonly clearFluidsHours: number } & Sourced;
  readonly pregnancyTestRequired: boolean;
  readonly benzodiazepineMaxLorazepamMgPerDay: NumberThreshold;
  readonly vitalsIntervalMinutes: { readonly duringDose: number; readonly afterDose: number } & Sourced;
  readonly discharge: {
    readonly minSpo2Percent: NumberThreshold;
    /** "Vitals near baseline" (ACEP): how far above or below baseline still counts as near. */
    readonly nearBaselineTolerance: {
      readonly systolicMmHg: number;
      readonly diastolicMmHg: number;
      readonly heartRateBpm: number;
    } & Sourced;
  };
  readonly induction: InductionDefaults;
  /** Diagnoses the clinic treats, by ICD-10 code prefix (CLINICAL.md §1). */
  readonly treatedIndications: readonly { readonly label: string; readonly icd10Prefixes: readonly string[] }[];
}

/** True when a reading crosses the threshold on either number. */
export function crossesBloodPressure(
  threshold: BloodPressureThreshold,
  systolicMmHg: number,
  diastolicMmHg: number,
): { systolic: boolean; diastolic: boolean } {
  return {
    systolic: crosses(threshold.comparison, systolicMmHg, threshold.systolicMmHg),
    diastolic: crosses(threshold.comparison, diastolicMmHg, threshold.diastolicMmHg),
  };
}

export function crosses(comparison: BloodPressureThreshold['comparison'], value: number, limit: number): boolean {
  switch (comparison) {
    case 'above':
      return value > limit;
    case 'at_or_above':
      return value >= limit;
    default: {
      const unreachable: never = comparison;
      throw new Error(`unknown comparison ${String(unreachable)}`);
    }
  }
}

/** "≥ 160/100" or "> 180/100", for messages. */
export function describeBloodPressure(threshold: BloodPressureThreshold): string {
  const sign = threshold.comparison === 'above' ? '>' : '≥';
  return `${sign} ${threshold.systolicMmHg}/${threshold.diastolicMmHg} mmHg`;
}
