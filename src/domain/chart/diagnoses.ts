/**
 * The ICD-10-CM codes the chart offers, with their labels: the indications the clinic treats
 * (CLINICAL.md §1: depression, GAD, PTSD, chronic pain — fibromyalgia, CRPS) and the diagnoses the
 * eligibility rules look for (bipolar F31, schizophrenia-spectrum F2x). Labels follow the ICD-10-CM
 * tabular list (FY2025). A code outside the catalogue may still be recorded when it is well formed.
 */
export interface DiagnosisEntry {
  readonly icd10: string;
  readonly label: string;
  readonly group: 'depression' | 'anxiety' | 'trauma' | 'pain' | 'bipolar' | 'psychosis' | 'other';
}

export const diagnosisCatalogue: readonly DiagnosisEntry[] = [
  { icd10: 'F32.0', label: 'Major depressive disorder, single episode, mild', group: 'depression' },
  { icd10: 'F32.1', label: 'Major depressive disorder, single episode, moderate', group: 'depression' },
  {
    icd10: 'F32.2',
    label: 'Major depressive disorder, single episode, severe without psychotic features',
    group: 'depression',
  },
  {
    icd10: 'F32.3',
    label: 'Major depressive disorder, single episode, severe with psychotic features',
    group: 'depression',
  },
  { icd10: 'F32.4', label: 'Major depressive disorder, single episode, in partial remission', group: 'depression' },
  { icd10: 'F32.5', label: 'Major depressive disorder, single episode, in full remission', group: 'depression' },
  { icd10: 'F32.9', label: 'Major depressive disorder, single episode, unspecified', group: 'depression' },
  { icd10: 'F32.A', label: 'Depression, unspecified', group: 'depression' },
  { icd10: 'F33.0', label: 'Major depressive disorder, recurrent, mild', group: 'depression' },
  { icd10: 'F33.1', label: 'Major depressive disorder, recurrent, moderate', group: 'depression' },
  {
    icd10: 'F33.2',
    label: 'Major depressive disorder, recurrent severe without psychotic features',
    group: 'depression',
  },
  {
    icd10: 'F33.3',
    label: 'Major depressive disorder, recurrent, severe with psychotic symptoms',
    group: 'depression',
  },
  { icd10: 'F33.40', label: 'Major depressive disorder, recurrent, in remission, unspecified', group: 'depression' },
  { icd10: 'F33.41', label: 'Major depressive disorder, recurrent, in partial remission', group: 'depression' },
  { icd10: 'F33.42', label: 'Major depressive disorder, recurrent, in full remission', group: 'depression' },
  { icd10: 'F33.8', label: 'Other recurrent depressive disorders', group: 'depression' },
  { icd10: 'F33.9', label: 'Major depressive disorder, recurrent, unspecified', group: 'depression' },
  { icd10: 'F34.1', label: 'Dysthymic disorder', group: 'depression' },
  { icd10: 'F41.1', label: 'Generalized anxiety disorder', group: 'anxiety' },
  { icd10: 'F42.2', label: 'Mixed obsessional thoughts and acts', group: 'anxiety' },
  { icd10: 'F43.10', label: 'Post-traumatic stress disorder, unspecified', group: 'trauma' },
  { icd10: 'F43.11', label: 'Post-traumatic stress disorder, acute', group: 'trauma' },
  { icd10: 'F43.12', label: 'Post-traumatic stress disorder, chronic', group: 'trauma' },
  { icd10: 'G89.21', label: 'Chronic pain due to trauma', group: 'pain' },
  { icd10: 'G89.28', label: 'Other chronic postprocedural pain', group: 'pain' },
  { icd10: 'G89.29', label: 'Other chronic pain', group: 'pain' },
  { icd10: 'G89.4', label: 'Chronic pain syndrome', group: 'pain' },
  { icd10: 'G90.50', label: 'Complex regional pain syndrome I, unspecified', group: 'pain' },
  { icd10: 'G90.511', label: 'Complex regional pain syndrome I of right upper limb', group: 'pain' },
  { icd10: 'G90.512', label: 'Complex regional pain syndrome I of left upper limb', group: 'pain' },
  { icd10: 'G90.521', label: 'Complex regional pain syndrome I of right lower limb', group: 'pain' },
  { icd10: 'G90.522', label: 'Complex regional pain syndrome I of left lower limb', group: 'pain' },
  { icd10: 'M79.7', label: 'Fibromyalgia', group: 'pain' },
  {
    icd10: 'F31.30',
    label: 'Bipolar disorder, current episode depressed, mild or moderate severity, unspecified',
    group: 'bipolar',
  },
  {
    icd10: 'F31.4',
    label: 'Bipolar disorder, current episode depressed, severe, without psychotic features',
    group: 'bipolar',
  },
  { icd10: 'F31.81', label: 'Bipolar II disorder', group: 'bipolar' },
  { icd10: 'F31.9', label: 'Bipolar disorder, unspecified', group: 'bipolar' },
  { icd10: 'F20.9', label: 'Schizophrenia, unspecified', group: 'psychosis' },
  { icd10: 'F25.9', label: 'Schizoaffective disorder, unspecified', group: 'psychosis' },
  { icd10: 'F10.20', label: 'Alcohol dependence, uncomplicated', group: 'other' },
  { icd10: 'I10', label: 'Essential (primary) hypertension', group: 'other' },
];

const byCode = new Map(diagnosisCatalogue.map((d) => [d.icd10, d]));

/** ICD-10-CM shape: a letter, two digits, optionally a dot and 1–4 more characters. */
export const icd10Pattern = /^[A-Z]\d{2}(\.[0-9A-Z]{1,4})?$/;

export function normaliseIcd10(code: string): string {
  return code.trim().toUpperCase();
}

export function findDiagnosis(code: string): DiagnosisEntry | undefined {
  return byCode.get(normaliseIcd10(code));
}

/**
 * Catalogue entries for the chart's diagnosis picker: a code typed with or without its dot ("F332",
 * "f33.2") matches by prefix; words match when every word typed starts a word of the label, in any order
 * ("recurrent severe dep" finds F33.2). Code matches come first.
 */
export function searchDiagnoses(text: string, limit = 20): DiagnosisEntry[] {
  const q = text.trim().toLowerCase();
  if (!q) return diagnosisCatalogue.slice(0, limit);
  const compact = q.replace(/[.\s]/g, '');
  const byCodeMatch = diagnosisCatalogue.filter((d) => d.icd10.toLowerCase().replace('.', '').startsWith(compact));
  const words = q.split(/[^a-z0-9]+/).filter(Boolean);
  const byWords = diagnosisCatalogue.filter((d) => {
    if (byCodeMatch.includes(d)) return false;
    const labelWords = d.label.toLowerCase().split(/[^a-z0-9]+/);
    return words.length > 0 && words.every((w) => labelWords.some((lw) => lw.startsWith(w)));
  });
  return [...byCodeMatch, ...byWords].slice(0, limit);
}
