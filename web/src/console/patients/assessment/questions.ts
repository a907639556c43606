import type { DraftEligibilityInput } from '../chart-api';

/**
 * The eligibility questions of the assessment, as data: the form renders them in order and the signed
 * document shows each with its answer. Add a question by adding an entry here (its key is the field of
 * the eligibility input it sets; the domain decides what the answer means).
 */
type Input = DraftEligibilityInput;
type FlagKey = keyof { [K in keyof Input as Input[K] extends boolean ? K : never]: true };

export interface FlagQuestion {
  readonly kind: 'flag';
  readonly id: string;
  readonly label: string;
  readonly hint?: string;
  readonly get: (input: Input) => boolean;
  readonly set: (input: Input, value: boolean) => Input;
}

export interface ChoiceQuestion {
  readonly kind: 'choice';
  readonly id: string;
  readonly label: string;
  readonly hint?: string;
  readonly choices: readonly { readonly value: string; readonly label: string }[];
  /** Radios (the default) or a drop-down list. */
  readonly control?: 'radios' | 'select';
  readonly get: (input: Input) => string;
  readonly set: (input: Input, value: string) => Input;
}

/** A whole number typed in (a score), or empty when not done. */
export interface NumberQuestion {
  readonly kind: 'number';
  readonly id: string;
  readonly label: string;
  readonly hint?: string;
  readonly get: (input: Input) => number | null;
  readonly set: (input: Input, value: number | null) => Input;
}

export type Question = FlagQuestion | ChoiceQuestion | NumberQuestion;

export interface QuestionSection {
  readonly id: string;
  readonly title: string;
  /** Shown above a list of yes/no findings ("Select any that apply"). */
  readonly hint?: string;
  readonly questions: readonly Question[];
}

const flag = (key: FlagKey, label: string, hint?: string): FlagQuestion => ({
  kind: 'flag',
  id: key,
  label,
  ...(hint ? { hint } : {}),
  get: (input) => input[key],
  set: (input, value) => ({ ...input, [key]: value }),
});

function choice<K extends 'hypertension' | 'psychosis' | 'bipolar' | 'suicidality'>(
  key: K,
  label: string,
  choices: readonly { value: Input[K]; label: string }[],
): ChoiceQuestion {
  return {
    kind: 'choice',
    id: key,
    label,
    choices,
    get: (input) => input[key],
    set: (input, value) => ({ ...input, [key]: value as Input[K] }),
  };
}

export const questionSections: readonly QuestionSection[] = [
  {
    id: 'cardiovascular',
    title: 'Blood pressure history',
    questions: [
      choice('hypertension', 'Hypertension', [
        { value: 'none', label: 'None' },
        { value: 'controlled', label: 'Controlled' },
        { value: 'uncontrolled', label: 'Uncontrolled' },
      ]),
    ],
  },
  {
    id: 'absolute',
    title: 'Absolute contraindications',
    hint: 'Select any that apply.',
    questions: [
      flag('ketamineHypersensitivity', 'Hypersensitivity to ketamine'),
      flag('aneurysmalVascularDisease', 'Aneurysmal vascular disease'),
      flag('arteriovenousMalformation', 'Arteriovenous malformation'),
      flag('intracerebralHaemorrhageHistory', 'History of intracerebral hemorrhage'),
      flag('recentStroke', 'Recent stroke'),
      flag('severeCardiacDisease', 'Severe coronary or myocardial disease'),
      flag('eclampsiaOrPreEclampsia', 'Eclampsia or pre-eclampsia'),
      flag('untreatedHyperthyroidism', 'Untreated hyperthyroidism'),
    ],
  },
  {
    id: 'psychiatric',
    title: 'Psychiatric history',
    questions: [
      choice('psychosis', 'Psychosis', [
        { value: 'none', label: 'None' },
        { value: 'history', label: 'History of psychosis' },
        { value: 'active', label: 'Active psychosis or psychotic features' },
      ]),
      choice('bipolar', 'Bipolar disorder or mania', [
        { value: 'none', label: 'None' },
        { value: 'on_mood_stabiliser', label: 'Bipolar, on a mood stabilizer' },
        { value: 'without_mood_stabiliser', label: 'Bipolar, without a mood stabilizer' },
        { value: 'current_mania', label: 'Current mania or hypomania' },
      ]),
      choice('suicidality', 'Suicidality (C-SSRS)', [
        { value: 'none', label: 'None' },
        { value: 'ideation_without_intent', label: 'Ideation without intent' },
        { value: 'active_intent', label: 'Active intent' },
      ]),
    ],
  },
  {
    id: 'substances',
    title: 'Substances',
    questions: [
      {
        kind: 'choice',
        id: 'ketamineOrPcpMisuseHistory',
        label: 'Has the patient ever misused, or been dependent on, ketamine or phencyclidine (PCP)?',
        hint: 'Ask this on its own, apart from other substance use (product labels warn of abuse and dependence).',
        choices: [
          { value: 'no', label: 'No' },
          { value: 'yes', label: 'Yes' },
        ],
        // Asked explicitly (CLINICAL.md §1): unanswered until the prescriber answers.
        get: (input) =>
          input.ketamineOrPcpMisuseHistory === undefined ? '' : input.ketamineOrPcpMisuseHistory ? 'yes' : 'no',
        set: (input, value) => ({ ...input, ketamineOrPcpMisuseHistory: value === 'yes' }),
      },
      {
        kind: 'choice',
        id: 'sud',
        label: 'Substance use disorder',
        control: 'select',
        choices: [
          { value: 'none', label: 'None' },
          { value: 'mild', label: 'Mild' },
          { value: 'moderate', label: 'Moderate' },
          { value: 'severe', label: 'Severe' },
        ],
        get: (input) => input.substanceUse.disorderSeverity,
        set: (input, value) => ({
          ...input,
          substanceUse: { ...input.substanceUse, disorderSeverity: value as Input['substanceUse']['disorderSeverity'] },
        }),
      },
      {
        kind: 'flag',
        id: 'nonPrescribed',
        label: 'Non-prescribed psychoactive drug use in the last 4 weeks',
        get: (input) => input.substanceUse.nonPrescribedUseLast4Weeks,
        set: (input, value) => ({
          ...input,
          substanceUse: { ...input.substanceUse, nonPrescribedUseLast4Weeks: value },
        }),
      },
    ],
  },
  {
    id: 'relative',
    title: 'Other relative contraindications',
    hint: 'Select any that apply.',
    questions: [
      flag('pregnant', 'Pregnant'),
      flag('breastfeeding', 'Breastfeeding'),
      flag('raisedIntracranialPressure', 'Raised intracranial pressure'),
      flag('raisedIntraocularPressure', 'Raised intraocular pressure (for example glaucoma)'),
      flag('severeHepaticImpairment', 'Severe hepatic impairment'),
      flag('seizureDisorder', 'Seizure disorder'),
      flag('bladderSymptoms', 'Ketamine-associated bladder symptoms or uropathy'),
      flag('maoi', 'Taking an MAOI'),
    ],
  },
  {
    id: 'sleep',
    title: 'Sleep apnea screen',
    questions: [
      {
        kind: 'number',
        id: 'stopBangScore',
        label: 'STOP-BANG score',
        hint: '0 to 8. Leave empty if not done. 5 or more needs a sleep-medicine review first.',
        get: (input) => input.stopBangScore ?? null,
        set: (input, value) => ({ ...input, stopBangScore: value }),
      },
    ],
  },
];

/** The answer to a question in words, for the signed document. */
export function answerText(question: Question, input: Input): string {
  if (question.kind === 'flag') return question.get(input) ? 'Yes' : 'No';
  if (question.kind === 'number') return question.get(input)?.toString() ?? 'Not done';
  const value = question.get(input);
  if (value === '') return 'Not answered';
  return question.choices.find((c) => c.value === value)?.label ?? value;
}
