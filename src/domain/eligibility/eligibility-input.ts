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
  /** Asked explicitly, apart from other substance use (CLINICAL.md §1): ever misused or depended on ketamine or PCP. */
  readonly ketamineOrPcpMisuseHistory: boolean;
  /** Ketamine-associated bladder symptoms or uropathy (CLINICAL.md §1). */
  readonly bladderSymptoms: boolean;
  /** STOP-BANG sleep-apnoea screen, 0–8; null when not done. */
  readonly stopBangScore: number | null;
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

/** What the age rule needs: the date of birth and the clinic's local date (never the UTC date — CLINICAL.md §1). */
export interface EligibilityContext {
  readonly dateOfBirth: string | null;
  /** The clinic's local date, YYYY-MM-DD. */
  readonly today: string;
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
    ketamineOrPcpMisuseHistory: false,
    bladderSymptoms: false,
    stopBangScore: null,
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
