/**
 * The medical pre-screen a visitor answers before anyone has examined them. Each question maps to a
 * contraindication in CLINICAL.md §1, so the coordinator and prescriber see at a glance what the assessment
 * must look at. A flag never turns anyone away here: eligibility is decided by a prescriber at the assessment
 * (eligibility/assess-eligibility.ts). "Not sure" raises the flag too, so the question is asked again in person.
 */
export type PrescreenAnswer = 'yes' | 'no' | 'not_sure';

export const prescreenAnswers: readonly PrescreenAnswer[] = ['yes', 'no', 'not_sure'];

/** absolute: product-label contraindication; relative: trial exclusion or label caution (CLINICAL.md §1). */
export type PrescreenSeverity = 'absolute' | 'relative';

export type PrescreenGroup = 'physical' | 'mental' | 'medicines';

export interface PrescreenQuestion {
  readonly id: string;
  readonly group: PrescreenGroup;
  /** Plain-language question shown to the visitor. */
  readonly text: string;
  readonly hint?: string;
  /** The flag raised by "yes" or "not sure"; named for the EligibilityInput field it foreshadows. */
  readonly flag: string;
  /** How staff see the flag. */
  readonly flagLabel: string;
  readonly severity: PrescreenSeverity;
  readonly source: string;
  /** Only asked when this is true of the person (e.g. pregnancy). Omitted: always asked. */
  readonly optional?: boolean;
}

const labels = 'Product labels, absolute contraindication — CLINICAL.md §1';
const relative = 'Trial exclusions and labels, relative contraindication — CLINICAL.md §1';
const relativeUnverified = 'Relative contraindication, threshold unverified — CLINICAL.md §1';

export const prescreenQuestions: readonly PrescreenQuestion[] = [
  // Physical health: conditions where ketamine's rise in blood pressure is a hazard, and other label contraindications.
  {
    id: 'ketamine_reaction',
    group: 'physical',
    text: 'Have you ever had an allergic or serious reaction to ketamine?',
    flag: 'ketamine_hypersensitivity',
    flagLabel: 'Possible ketamine hypersensitivity',
    severity: 'absolute',
    source: labels,
  },
  {
    id: 'high_blood_pressure',
    group: 'physical',
    text: 'Do you have high blood pressure that is not well controlled?',
    hint: 'Answer "not sure" if you have not had it checked recently.',
    flag: 'uncontrolled_hypertension',
    flagLabel: 'Blood pressure may be uncontrolled',
    severity: 'absolute',
    source: labels,
  },
  {
    id: 'heart_disease',
    group: 'physical',
    text: 'Do you have serious heart disease, such as a past heart attack, heart failure or angina?',
    flag: 'severe_cardiac_disease',
    flagLabel: 'Possible severe heart disease',
    severity: 'absolute',
    source: labels,
  },
  {
    id: 'aneurysm_or_brain_bleed',
    group: 'physical',
    text: 'Have you ever had an aneurysm, a bleed in the brain, or been told you have an arteriovenous malformation (AVM)?',
    flag: 'vascular_disease',
    flagLabel: 'Aneurysm, AVM or brain haemorrhage history',
    severity: 'absolute',
    source: labels,
  },
  {
    id: 'stroke',
    group: 'physical',
    text: 'Have you had a stroke in the past year?',
    flag: 'recent_stroke',
    flagLabel: 'Possible recent stroke',
    severity: 'absolute',
    source: labels,
  },
  {
    id: 'overactive_thyroid',
    group: 'physical',
    text: 'Do you have an overactive thyroid that is not being treated?',
    flag: 'untreated_hyperthyroidism',
    flagLabel: 'Possible untreated hyperthyroidism',
    severity: 'absolute',
    source: labels,
  },
  {
    id: 'pregnancy',
    group: 'physical',
    text: 'Are you pregnant, trying to get pregnant, or breastfeeding?',
    flag: 'pregnancy_or_breastfeeding',
    flagLabel: 'Pregnant, planning pregnancy or breastfeeding',
    severity: 'relative',
    source: relative,
  },
  {
    id: 'seizures',
    group: 'physical',
    text: 'Have you had seizures or been told you have epilepsy?',
    flag: 'seizure_disorder',
    flagLabel: 'Possible seizure disorder',
    severity: 'relative',
    source: relativeUnverified,
  },
  {
    id: 'liver_disease',
    group: 'physical',
    text: 'Do you have serious liver disease?',
    flag: 'severe_hepatic_impairment',
    flagLabel: 'Possible severe liver disease',
    severity: 'relative',
    source: relativeUnverified,
  },
  {
    id: 'head_or_eye_pressure',
    group: 'physical',
    text: 'Have you been told you have raised pressure in your eyes (such as glaucoma) or inside your head?',
    flag: 'raised_intracranial_or_intraocular_pressure',
    flagLabel: 'Possible raised intraocular or intracranial pressure',
    severity: 'relative',
    source: relativeUnverified,
  },
  // Mental health history the assessment must look at (APA consensus statement, Sanacora 2017).
  {
    id: 'psychosis',
    group: 'mental',
    text: 'Have you ever seen or heard things that other people could not, or been told you had psychosis or schizophrenia?',
    flag: 'psychosis_history',
    flagLabel: 'Possible psychosis history',
    severity: 'relative',
    source: relative,
  },
  {
    id: 'bipolar',
    group: 'mental',
    text: 'Have you been told you have bipolar disorder, or had times of very high mood and energy (mania)?',
    flag: 'bipolar_or_mania',
    flagLabel: 'Possible bipolar disorder or mania',
    severity: 'relative',
    source: relative,
  },
  {
    id: 'substance_use',
    group: 'mental',
    text: 'In the past 4 weeks, have you used drugs that were not prescribed to you, or felt your drinking or drug use was a problem?',
    flag: 'substance_use',
    flagLabel: 'Possible substance use in the last 4 weeks',
    severity: 'relative',
    source: relative,
  },
  // Asked on its own, apart from other substance use (CLINICAL.md §1): trials exclude it and the labels warn of
  // abuse and dependence; the assessment's eligibility rule is ketamineOrPcpMisuseHistory.
  {
    id: 'ketamine_misuse',
    group: 'mental',
    text: 'Have you ever used ketamine or PCP ("angel dust") other than as prescribed, or felt dependent on either?',
    hint: 'Ketamine is sometimes called "K" or "special K". Your answer is confidential and read only by our clinical team.',
    flag: 'ketamine_or_pcp_misuse',
    flagLabel: 'Possible ketamine or PCP misuse or dependence',
    severity: 'relative',
    source: 'Trial exclusions; labels warn of abuse and dependence — CLINICAL.md §1',
  },
  // Medicines that change what ketamine does (CLINICAL.md §1).
  {
    id: 'benzodiazepines',
    group: 'medicines',
    text: 'Do you take a benzodiazepine?',
    hint: 'For example, lorazepam (Ativan), alprazolam (Xanax), clonazepam (Klonopin) or diazepam (Valium).',
    flag: 'benzodiazepine_use',
    flagLabel: 'Takes a benzodiazepine (may blunt response above 2 mg/day lorazepam-equivalent)',
    severity: 'relative',
    source: relative,
  },
  {
    id: 'maoi',
    group: 'medicines',
    text: 'Do you take an MAOI antidepressant?',
    hint: 'For example, phenelzine (Nardil), tranylcypromine (Parnate), isocarboxazid (Marplan) or a selegiline patch (Emsam).',
    flag: 'maoi_use',
    flagLabel: 'Takes an MAOI',
    severity: 'relative',
    source: relative,
  },
];

export const prescreenQuestionIds: readonly string[] = prescreenQuestions.map((q) => q.id);

export function prescreenQuestionsIn(group: PrescreenGroup): readonly PrescreenQuestion[] {
  return prescreenQuestions.filter((q) => q.group === group);
}

export interface PrescreenFlag {
  readonly flag: string;
  readonly questionId: string;
  readonly label: string;
  readonly answer: Exclude<PrescreenAnswer, 'no'>;
  readonly severity: PrescreenSeverity;
  readonly source: string;
}

/** The flags the answers raise, in question order: every "yes" and every "not sure". */
export function prescreenFlags(answers: Readonly<Record<string, PrescreenAnswer | undefined>>): PrescreenFlag[] {
  const flags: PrescreenFlag[] = [];
  for (const q of prescreenQuestions) {
    const answer = answers[q.id];
    if (answer === 'yes' || answer === 'not_sure') {
      flags.push({
        flag: q.flag,
        questionId: q.id,
        label: q.flagLabel,
        answer,
        severity: q.severity,
        source: q.source,
      });
    }
  }
  return flags;
}
