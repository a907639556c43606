import { describe, expect, it } from 'vitest';
import { prescreenFlags, prescreenQuestions, type PrescreenAnswer } from '../../../../src/domain/intake/index.js';

const allNo = (): Record<string, PrescreenAnswer> =>
  Object.fromEntries(prescreenQuestions.map((q) => [q.id, 'no' as const]));

describe('pre-screen flags', () => {
  it('raises nothing when every answer is no', () => {
    expect(prescreenFlags(allNo())).toEqual([]);
  });

  it.each([
    ['ketamine_reaction', 'ketamine_hypersensitivity', 'absolute'],
    ['high_blood_pressure', 'uncontrolled_hypertension', 'absolute'],
    ['heart_disease', 'severe_cardiac_disease', 'absolute'],
    ['aneurysm_or_brain_bleed', 'vascular_disease', 'absolute'],
    ['stroke', 'recent_stroke', 'absolute'],
    ['overactive_thyroid', 'untreated_hyperthyroidism', 'absolute'],
    ['pregnancy', 'pregnancy_or_breastfeeding', 'relative'],
    ['psychosis', 'psychosis_history', 'relative'],
    ['bipolar', 'bipolar_or_mania', 'relative'],
    ['substance_use', 'substance_use', 'relative'],
    // Asked apart from other substance use (CLINICAL.md §1).
    ['ketamine_misuse', 'ketamine_or_pcp_misuse', 'relative'],
    ['benzodiazepines', 'benzodiazepine_use', 'relative'],
    ['maoi', 'maoi_use', 'relative'],
    ['seizures', 'seizure_disorder', 'relative'],
  ])('"yes" to %s raises %s (%s)', (questionId, flag, severity) => {
    const flags = prescreenFlags({ ...allNo(), [questionId]: 'yes' });
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ flag, severity, answer: 'yes', questionId });
    expect(flags[0]!.source).toMatch(/CLINICAL\.md §1/);
  });

  it('raises the flag for "not sure" too, so the assessment asks again', () => {
    expect(prescreenFlags({ ...allNo(), high_blood_pressure: 'not_sure' })).toMatchObject([
      { flag: 'uncontrolled_hypertension', answer: 'not_sure' },
    ]);
  });

  it('lists flags in question order', () => {
    const flags = prescreenFlags({ ...allNo(), maoi: 'yes', ketamine_reaction: 'yes', psychosis: 'not_sure' });
    expect(flags.map((f) => f.flag)).toEqual(['ketamine_hypersensitivity', 'psychosis_history', 'maoi_use']);
  });
});
