import { DomainError, type FieldError } from '../errors.js';
import { ageInYears } from '../chart/date-of-birth.js';
import {
  crossesBloodPressure,
  describeBloodPressure,
  type ClinicProtocol,
  type ConfiguredSeverity,
} from '../protocol/clinic-protocol.js';
import { isLocalDate } from '../time/local-date.js';
import type { EligibilityContext, EligibilityInput } from './eligibility-input.js';

/** Who may have to clear a patient before the first session. */
export const clearances = [
  'cardiology',
  'pcp',
  'psychiatry',
  'addiction_medicine',
  'obstetric',
  'neurology',
  'ophthalmology',
  'hepatology',
  'urology',
  'sleep_medicine',
] as const;
export type Clearance = (typeof clearances)[number];

export type EligibilityFinding =
  | {
      readonly code: string;
      readonly severity: 'exclusion' | 'caution';
      readonly message: string;
      readonly source: string;
    }
  | {
      readonly code: string;
      readonly severity: 'needs_clearance';
      /** Who must clear the patient before the first session. */
      readonly clearance: Clearance;
      readonly message: string;
      readonly source: string;
    };

export type EligibilityDecision = 'eligible' | 'eligible_with_clearance' | 'not_eligible';

export interface EligibilityResult {
  readonly decision: EligibilityDecision;
  readonly findings: readonly EligibilityFinding[];
  /** Distinct clearances needed, in the order found. */
  readonly clearances: readonly Clearance[];
  /** The averaged resting blood pressure the decision used (single severe readings are findings of their own). */
  readonly restingBloodPressure: { readonly systolicMmHg: number; readonly diastolicMmHg: number };
}

const labels = 'Product labels: absolute contraindication — CLINICAL.md §1';
const relative = 'Trial exclusions and labels: relative contraindication — CLINICAL.md §1';
const relativeUnverified = 'Relative contraindication, threshold unverified — CLINICAL.md §1';

/**
 * The eligibility proposal a prescriber signs (CLINICAL.md §1). Any exclusion → not_eligible; otherwise
 * any needed clearance → eligible_with_clearance; cautions alone leave the patient eligible. Every
 * finding that led to the decision is returned.
 *
 * Decisions on the relative contraindications (where CLINICAL.md leaves the choice to us):
 * - active psychosis, current mania, active suicidal intent, non-prescribed drug use in the last 4 weeks
 *   → not eligible now (a higher level of care, or 4 weeks abstinent, first);
 * - the rest → eligible with the clearance named.
 */
export function assessEligibility(
  input: EligibilityInput,
  protocol: ClinicProtocol,
  context: EligibilityContext,
): EligibilityResult {
  validate(input, context);
  const findings: EligibilityFinding[] = [];
  const exclude = (code: string, message: string, source = labels): void => {
    findings.push({ code, severity: 'exclusion', message, source });
  };
  const clear = (code: string, clearance: Clearance, message: string, source = relative): void => {
    findings.push({ code, severity: 'needs_clearance', clearance, message, source });
  };
  const caution = (code: string, message: string, source = relative): void => {
    findings.push({ code, severity: 'caution', message, source });
  };
  /** A finding whose severity is a clinic setting (CLINICAL.md §1 "configurable; default severity"). */
  const configured = (code: string, setting: ConfiguredSeverity, clearance: Clearance, message: string): void => {
    switch (setting.severity) {
      case 'exclusion':
        exclude(code, message, setting.source);
        break;
      case 'needs_clearance':
        clear(code, clearance, message, setting.source);
        break;
      case 'caution':
        caution(code, message, setting.source);
        break;
      default:
        assertNever(setting.severity);
    }
  };

  // Minimum age, on the clinic's local date (CLINICAL.md §1). No date of birth: the age cannot be checked.
  const minimumAge = protocol.eligibility.minimumAgeYears;
  if (context.dateOfBirth === null) {
    exclude(
      'date_of_birth_missing',
      `No date of birth on the chart: the minimum age (${minimumAge.value}) cannot be checked.`,
      minimumAge.source,
    );
  } else {
    const age = ageInYears(context.dateOfBirth, context.today);
    if (age < minimumAge.value) {
      exclude(
        'under_minimum_age',
        `Age ${age} is under the clinic's minimum age of ${minimumAge.value}.`,
        minimumAge.source,
      );
    }
  }

  // Indication: the clinic treats only the diagnoses in its protocol.
  const treated = protocol.treatedIndications.filter((indication) =>
    input.diagnoses.some((d) => indication.icd10Prefixes.some((prefix) => d.icd10.toUpperCase().startsWith(prefix))),
  );
  if (treated.length === 0) {
    exclude(
      'no_treated_indication',
      'No recorded diagnosis is one the clinic treats.',
      'Clinic indications — CLINICAL.md §1',
    );
  }

  // Blood pressure: the mean of the resting readings (guideline practice is to average at least two).
  const n = input.bloodPressureReadings.length;
  const resting = {
    systolicMmHg: Math.round((input.bloodPressureReadings.reduce((s, r) => s + r.systolicMmHg, 0) / n) * 10) / 10,
    diastolicMmHg: Math.round((input.bloodPressureReadings.reduce((s, r) => s + r.diastolicMmHg, 0) / n) * 10) / 10,
  };
  const bp = protocol.bloodPressure;
  const hard = crossesBloodPressure(bp.eligibilityHardStop, resting.systolicMmHg, resting.diastolicMmHg);
  const warn = crossesBloodPressure(bp.screeningWarning, resting.systolicMmHg, resting.diastolicMmHg);
  const restingText = `${resting.systolicMmHg}/${resting.diastolicMmHg} mmHg`;
  if (hard.systolic || hard.diastolic || input.hypertension === 'uncontrolled') {
    exclude(
      'uncontrolled_hypertension',
      hard.systolic || hard.diastolic
        ? `Resting blood pressure ${restingText} is ${describeBloodPressure(bp.eligibilityHardStop)}: uncontrolled hypertension. Refer for blood-pressure control (PCP) before reassessment.`
        : 'Uncontrolled hypertension recorded. Refer for blood-pressure control (PCP) before reassessment.',
      bp.eligibilityHardStop.source,
    );
  } else if (warn.systolic || warn.diastolic) {
    caution(
      'blood_pressure_above_screening_warning',
      `Resting blood pressure ${restingText} is ${describeBloodPressure(bp.screeningWarning)}: weigh the risk and consider delaying.`,
      bp.screeningWarning.source,
    );
  }
  // Any single reading at or above the severe level is a finding of its own, never averaged away (ACC/AHA 2017).
  const severe = bp.eligibilitySevereReading;
  input.bloodPressureReadings.forEach((r, i) => {
    const crossed = crossesBloodPressure(severe, r.systolicMmHg, r.diastolicMmHg);
    if (crossed.systolic || crossed.diastolic) {
      clear(
        'severe_blood_pressure_reading',
        'pcp',
        `Reading ${i + 1}, ${r.systolicMmHg}/${r.diastolicMmHg} mmHg, is ${describeBloodPressure(severe)}: repeat it, and clearance before treatment.`,
        severe.source,
      );
    }
  });
  if (input.hypertension === 'controlled') {
    caution(
      'controlled_hypertension',
      'Controlled hypertension: expect a rise of about +16/+11 mmHg during infusions.',
      'Yale series — CLINICAL.md §3',
    );
  }

  if (input.ketamineHypersensitivity) exclude('ketamine_hypersensitivity', 'Hypersensitivity to ketamine.');
  if (input.aneurysmalVascularDisease)
    exclude(
      'aneurysmal_vascular_disease',
      'Aneurysmal vascular disease: a rise in blood pressure is a serious hazard.',
    );
  if (input.arteriovenousMalformation)
    exclude('arteriovenous_malformation', 'Arteriovenous malformation: a rise in blood pressure is a serious hazard.');
  if (input.intracerebralHaemorrhageHistory)
    exclude('intracerebral_haemorrhage_history', 'History of intracerebral haemorrhage.');
  if (input.recentStroke) exclude('recent_stroke', 'Recent stroke.');
  if (input.severeCardiacDisease) exclude('severe_cardiac_disease', 'Severe coronary or myocardial disease.');
  if (input.eclampsiaOrPreEclampsia) exclude('eclampsia', 'Eclampsia or pre-eclampsia.');
  if (input.untreatedHyperthyroidism) exclude('untreated_hyperthyroidism', 'Untreated hyperthyroidism.');

  switch (input.psychosis) {
    case 'active':
      exclude('active_psychosis', 'Active psychosis or psychotic features: ketamine can worsen psychosis.', relative);
      break;
    case 'history':
      clear('psychosis_history', 'psychiatry', 'History of psychosis: psychiatric review of the risk first.');
      break;
    case 'none':
      break;
    default:
      assertNever(input.psychosis);
  }
  const psychoticDisorderCode = input.diagnoses.find((d) => /^F2\d/i.test(d.icd10));
  if (psychoticDisorderCode && input.psychosis === 'none') {
    clear(
      'psychotic_disorder_diagnosis',
      'psychiatry',
      `Diagnosis ${psychoticDisorderCode.icd10} (schizophrenia-spectrum) recorded: psychiatric review first.`,
    );
  }

  switch (input.bipolar) {
    case 'current_mania':
      exclude('current_mania', 'Current mania or hypomania.', relative);
      break;
    case 'without_mood_stabiliser':
      clear(
        'bipolar_without_mood_stabiliser',
        'psychiatry',
        'Bipolar disorder without a mood stabiliser: psychiatry to start or confirm one.',
      );
      break;
    case 'on_mood_stabiliser':
      caution('bipolar_on_mood_stabiliser', 'Bipolar disorder on a mood stabiliser: watch for switching to mania.');
      break;
    case 'none': {
      const bipolarCode = input.diagnoses.find((d) => /^F31/i.test(d.icd10));
      if (bipolarCode) {
        clear(
          'bipolar_status_unknown',
          'psychiatry',
          `Diagnosis ${bipolarCode.icd10} (bipolar) recorded but no mood-stabiliser status.`,
        );
      }
      break;
    }
    default:
      assertNever(input.bipolar);
  }

  const su = input.substanceUse;
  if (su.nonPrescribedUseLast4Weeks) {
    exclude(
      'recent_non_prescribed_drug_use',
      'Non-prescribed psychoactive drug use in the last 4 weeks: reassess after 4 weeks without.',
      relative,
    );
  }
  switch (su.disorderSeverity) {
    case 'moderate':
    case 'severe':
      clear(
        'substance_use_disorder',
        'addiction_medicine',
        `${capitalise(su.disorderSeverity)} substance use disorder: addiction-medicine review first.`,
      );
      break;
    case 'mild':
      caution('substance_use_disorder_mild', 'Mild substance use disorder: monitor for misuse.');
      break;
    case 'none':
      break;
    default:
      assertNever(su.disorderSeverity);
  }

  const ex = protocol.eligibility;
  if (input.ketamineOrPcpMisuseHistory) {
    configured(
      'ketamine_or_pcp_misuse_history',
      ex.ketamineOrPcpMisuse,
      'addiction_medicine',
      'History of ketamine or phencyclidine (PCP) misuse or dependence.',
    );
  }

  const benzoLimit = protocol.benzodiazepineMaxLorazepamMgPerDay;
  if (input.benzodiazepineLorazepamEqMgPerDay > benzoLimit.value) {
    clear(
      'benzodiazepine_above_limit',
      'psychiatry',
      `Benzodiazepine ${input.benzodiazepineLorazepamEqMgPerDay} mg/day lorazepam-equivalent is above ${benzoLimit.value} mg/day and blunts response: plan a taper.`,
      benzoLimit.source,
    );
  }
  if (input.maoi) clear('maoi', 'psychiatry', 'Taking an MAOI: review the interaction (blood pressure) first.');
  switch (input.suicidality) {
    case 'active_intent':
      exclude(
        'active_suicidal_intent',
        'Active suicidal intent: needs a higher level of care now; not eligible until stabilised.',
        relative,
      );
      break;
    case 'ideation_without_intent':
      caution(
        'suicidal_ideation',
        'Suicidal ideation without intent: C-SSRS before every session.',
        'C-SSRS screener — CLINICAL.md §5',
      );
      break;
    case 'none':
      break;
    default:
      assertNever(input.suicidality);
  }
  if (input.pregnant) configured('pregnancy', ex.pregnancy, 'obstetric', 'Pregnant: not treated while pregnant.');
  if (input.breastfeeding)
    configured(
      'breastfeeding',
      ex.breastfeeding,
      'obstetric',
      'Breastfeeding: obstetric review of risk and benefit first.',
    );
  if (input.bladderSymptoms)
    configured(
      'bladder_symptoms',
      ex.bladderSymptoms,
      'urology',
      'Ketamine-associated bladder symptoms or uropathy: urology review first.',
    );
  if (input.stopBangScore !== null && input.stopBangScore >= ex.stopBangAtOrAbove.value) {
    configured(
      'stop_bang_high_risk',
      ex.stopBangAtOrAbove,
      'sleep_medicine',
      `STOP-BANG ${input.stopBangScore} (≥ ${ex.stopBangAtOrAbove.value}): high risk of obstructive sleep apnoea; sleep-medicine review first.`,
    );
  }
  if (input.raisedIntracranialPressure)
    clear('raised_intracranial_pressure', 'neurology', 'Raised intracranial pressure.', relativeUnverified);
  if (input.raisedIntraocularPressure)
    clear('raised_intraocular_pressure', 'ophthalmology', 'Raised intraocular pressure.', relativeUnverified);
  if (input.severeHepaticImpairment)
    clear('severe_hepatic_impairment', 'hepatology', 'Severe hepatic impairment.', relativeUnverified);
  if (input.seizureDisorder) clear('seizure_disorder', 'neurology', 'Seizure disorder.', relativeUnverified);

  const clearances = [...new Set(findings.flatMap((f) => (f.severity === 'needs_clearance' ? [f.clearance] : [])))];
  const decision: EligibilityDecision = findings.some((f) => f.severity === 'exclusion')
    ? 'not_eligible'
    : clearances.length > 0
      ? 'eligible_with_clearance'
      : 'eligible';
  return { decision, findings, clearances, restingBloodPressure: resting };
}

function validate(input: EligibilityInput, context: EligibilityContext): void {
  const errors: FieldError[] = [];
  // Questions added in protocol 2026.2: a draft saved before them must be answered, never read as "no".
  for (const key of ['ketamineOrPcpMisuseHistory', 'bladderSymptoms', 'pregnant', 'breastfeeding'] as const) {
    if (typeof input[key] !== 'boolean') errors.push({ path: `/${key}`, message: 'answer yes or no' });
  }
  const stopBang: unknown = input.stopBangScore;
  if (
    stopBang !== null &&
    (typeof stopBang !== 'number' || !Number.isInteger(stopBang) || stopBang < 0 || stopBang > 8)
  ) {
    errors.push({ path: '/stopBangScore', message: 'must be a whole number from 0 to 8, or not done' });
  }
  if (!isLocalDate(context.today)) errors.push({ path: '/today', message: 'must be a date YYYY-MM-DD' });
  if (context.dateOfBirth !== null && !isLocalDate(context.dateOfBirth)) {
    errors.push({ path: '/dateOfBirth', message: 'must be a date YYYY-MM-DD' });
  }
  if (!Array.isArray(input.bloodPressureReadings) || input.bloodPressureReadings.length === 0) {
    errors.push({ path: '/bloodPressureReadings', message: 'needs at least one resting reading' });
  } else {
    input.bloodPressureReadings.forEach((r, i) => {
      if (!Number.isFinite(r.systolicMmHg) || r.systolicMmHg < 50 || r.systolicMmHg > 300) {
        errors.push({ path: `/bloodPressureReadings/${i}/systolicMmHg`, message: 'must be between 50 and 300 mmHg' });
      }
      if (!Number.isFinite(r.diastolicMmHg) || r.diastolicMmHg < 20 || r.diastolicMmHg >= r.systolicMmHg) {
        errors.push({
          path: `/bloodPressureReadings/${i}/diastolicMmHg`,
          message: 'must be at least 20 mmHg and below the systolic',
        });
      }
    });
  }
  if (!Number.isFinite(input.benzodiazepineLorazepamEqMgPerDay) || input.benzodiazepineLorazepamEqMgPerDay < 0) {
    errors.push({ path: '/benzodiazepineLorazepamEqMgPerDay', message: 'must be 0 or more' });
  }
  input.diagnoses.forEach((d, i) => {
    if (!/^[A-Z]\d{2}(\.[0-9A-Z]{1,4})?$/i.test(d.icd10)) {
      errors.push({ path: `/diagnoses/${i}/icd10`, message: 'must be an ICD-10 code such as F33.2' });
    }
  });
  if (errors.length > 0)
    throw new DomainError('validation_failed', 'The eligibility findings are not valid.', { errors });
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function assertNever(value: never): never {
  throw new Error(`unhandled value ${String(value)}`);
}
