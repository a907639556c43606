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

/** Blood pressure too low to start: a hold when EITHER number is strictly below its value. */
export interface LowBloodPressureThreshold extends Sourced {
  readonly systolicBelowMmHg: number;
  readonly diastolicBelowMmHg: number;
}

/** Hypotension during the session: systolic strictly below a floor, or a fall of more than a % from baseline. */
export interface HypotensionThreshold extends Sourced {
  readonly systolicBelowMmHg: number;
  readonly fallFromBaselinePercent: number;
}

/** Discharge needs the latest vitals inside these limits as well as near baseline (CLINICAL.md §3). */
export interface DischargeAbsoluteLimits extends Sourced {
  /** Strictly below. */
  readonly systolicBelowMmHg: number;
  /** Strictly below. */
  readonly diastolicBelowMmHg: number;
  /** Inclusive range. */
  readonly heartRateMinBpm: number;
  readonly heartRateMaxBpm: number;
  /** Inclusive range. */
  readonly respiratoryRateMinPerMin: number;
  readonly respiratoryRateMaxPerMin: number;
}

/** How an eligibility finding weighs in the decision. */
export type FindingSeverity = 'exclusion' | 'needs_clearance' | 'caution';

export interface ConfiguredSeverity extends Sourced {
  readonly severity: FindingSeverity;
}

/** IV dilution (Ketalar label: the 100 mg/mL strength must not be given IV undiluted — CLINICAL.md §2). */
export interface IvDilutionSettings extends Sourced {
  /** Strengths above this may not be given IV undiluted. */
  readonly maxUndilutedMgPerMl: number;
  /** The bag or syringe the clinic usually draws an infusion into. */
  readonly defaultDiluent: Diluent;
  readonly defaultFinalVolumeMl: number;
}

export type Diluent = 'sodium_chloride_0_9' | 'dextrose_5';
export const diluents: readonly Diluent[] = ['sodium_chloride_0_9', 'dextrose_5'];

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
    /** At screening, any single reading at or above this is a finding of its own, never averaged away. */
    readonly eligibilitySevereReading: BloodPressureThreshold;
    /** On the day, at or above this: hold the dose (a prescriber may override with a reason and a repeat reading). */
    readonly preDoseHold: BloodPressureThreshold;
    /** On the day, at or above this: no dose that day, no override. */
    readonly preDoseAbsoluteLimit: BloodPressureThreshold;
    /** On the day, below this: hold the dose. */
    readonly preDoseLow: LowBloodPressureThreshold;
  };
  /** Other pre-dose holds (CLINICAL.md §3): outside these ranges the dose is held. */
  readonly preDoseHolds: {
    readonly heartRateBpm: VitalRange;
    readonly respiratoryRatePerMin: VitalRange;
    readonly spo2BelowPercent: NumberThreshold;
  };
  readonly sessionAlerts: {
    /** A level to watch: no action but the nurse should look again sooner. */
    readonly bloodPressureNotice: BloodPressureThreshold;
    /** Alert the prescriber. */
    readonly bloodPressureAlert: BloodPressureThreshold;
    /** Stop the infusion and escalate. Symptoms of end-organ harm stop it at any pressure. */
    readonly bloodPressureStop: BloodPressureThreshold;
    /** Alert when SpO2 is strictly below this. */
    readonly spo2AlertBelowPercent: NumberThreshold;
    /** Stop and support the airway when SpO2 is strictly below this. */
    readonly spo2StopBelowPercent: NumberThreshold;
    readonly hypotension: HypotensionThreshold;
    readonly heartRateBpm: VitalRange;
    readonly respiratoryRatePerMin: VitalRange;
  };
  readonly doseLimits: { readonly [R in Route]: RouteDoseLimits };
  readonly ivDilution: IvDilutionSettings;
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
    readonly absoluteLimits: DischargeAbsoluteLimits;
    /** The vitals used must be taken after the end of the dose and no longer ago than this. */
    readonly maxReadingAgeMinutes: NumberThreshold;
    /** Modified Aldrete score (0–10) at or above which the structured form counts as recovered. */
    readonly minAldreteScore: NumberThreshold;
  };
  /** Exclusions a clinic applies beyond the labels (CLINICAL.md §1), each with its severity and source. */
  readonly eligibility: {
    readonly minimumAgeYears: NumberThreshold;
    readonly ketamineOrPcpMisuse: ConfiguredSeverity;
    readonly pregnancy: ConfiguredSeverity;
    readonly breastfeeding: ConfiguredSeverity;
    readonly bladderSymptoms: ConfiguredSeverity;
    /** STOP-BANG at or above this value: high risk of sleep apnoea. */
    readonly stopBangAtOrAbove: NumberThreshold & { readonly severity: FindingSeverity };
  };
  /** Response and remission are judged only from a baseline at or above these totals (CLINICAL.md §5). */
  readonly outcomeBaselineMinimum: {
    readonly phq9: number;
    readonly madrs: number;
    readonly qids_sr16: number;
  } & Sourced;
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
