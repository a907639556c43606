/** Structured findings from the pre-treatment evaluation (APA consensus, Sanacora 2017 — CLINICAL.md §1). */

export interface Diagnosis {
  /** ICD-10 code, e.g. "F33.2". */
  readonly icd10: string;
  readonly label?: string;
}

export interface RestingBloodPressure {
  readonly systolicMmHg: number;
  readonly diastolicMmHg: number;
}

export interface EligibilityInput {
  readonly diagnoses: readonly Diagnosis[];
  /** At least one resting reading; several are averaged. */
  readonly bloodPressureReadings: readonly [RestingBloodPressure, ...RestingBloodPressure[]];
  readonly hypertension: 'none' | 'controlled' | 'uncontrolled';
  readonly aneurysmalVascularDisease: boolean;
  readonly arteriovenousMalformation: boolean;
  readonly intracerebralHaemorrhageHistory: boolean;
  readonly recentStroke: boolean;
  readonly severeCardiacDisease: boolean;
  readonly eclampsiaOrPreEclampsia: boolean;
  readonly untreatedHyperthyroidism: boolean;
  readonly ketamineHypersensitivity: boolean;
  readonly psychosis: 'none' | 'history' | 'active';
  /** Current mania, or bipolar disorder and whether a mood stabiliser is in place. */
  readonly bipolar: 'none' | 'on_mood_stabiliser' | 'without_mood_stabiliser' | 'current_mania';
  readonly substanceUse: {
    readonly disorderSeverity: 'none' | 'mild' | 'moderate' | 'severe';
    readonly nonPrescribedUseLast4Weeks: boolean;
  };
  readonly benzodiazepineLorazepamEqMgPerDay: number;
  readonly maoi: boolean;
  readonly suicidality: 'none' | 'ideation_without_intent' | 'active_intent';
  readonly pregnant: boolean;
  readonly breastfeeding: boolean;
  readonly raisedIntracranialPressure: boolean;
  readonly raisedIntraocularPressure: boolean;
  readonly severeHepaticImpairment: boolean;
  readonly seizureDisorder: boolean;
}

/** Every finding answered "no": the starting point of an assessment form, before the prescriber's answers. */
export type FindingsWithoutBloodPressure = Omit<EligibilityInput, 'diagnoses' | 'bloodPressureReadings'>;

export function noFindings(): FindingsWithoutBloodPressure {
  return {
    hypertension: 'none',
    aneurysmalVascularDisease: false,
    arteriovenousMalformation: false,
    intracerebralHaemorrhageHistory: false,
    recentStroke: false,
    severeCardiacDisease: false,
    eclampsiaOrPreEclampsia: false,
    untreatedHyperthyroidism: false,
    ketamineHypersensitivity: false,
    psychosis: 'none',
    bipolar: 'none',
    substanceUse: { disorderSeverity: 'none', nonPrescribedUseLast4Weeks: false },
    benzodiazepineLorazepamEqMgPerDay: 0,
    maoi: false,
    suicidality: 'none',
    pregnant: false,
    breastfeeding: false,
    raisedIntracranialPressure: false,
    raisedIntraocularPressure: false,
    severeHepaticImpairment: false,
    seizureDisorder: false,
  };
}
