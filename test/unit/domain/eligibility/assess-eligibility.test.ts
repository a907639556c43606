import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../../src/domain/errors.js';
import { assessEligibility } from '../../../../src/domain/eligibility/assess-eligibility.js';
import { noFindings, type EligibilityInput } from '../../../../src/domain/eligibility/eligibility-input.js';
import { defaultProtocol } from '../../../../src/domain/protocol/default-protocol.js';

const clean: EligibilityInput = {
  ...noFindings(),
  diagnoses: [{ icd10: 'F33.2', label: 'MDD, recurrent, severe' }],
  bloodPressureReadings: [{ systolicMmHg: 124, diastolicMmHg: 78 }],
};
const assess = (patch: Partial<EligibilityInput>) => assessEligibility({ ...clean, ...patch }, defaultProtocol);
const bp = (systolicMmHg: number, diastolicMmHg: number) => ({
  bloodPressureReadings: [{ systolicMmHg, diastolicMmHg }] as const,
});

describe('eligibility (CLINICAL.md §1)', () => {
  it('a patient with treatment-resistant depression and no findings is eligible', () => {
    expect(assess({})).toEqual({
      decision: 'eligible',
      findings: [],
      clearances: [],
      restingBloodPressure: { systolicMmHg: 124, diastolicMmHg: 78 },
    });
  });

  it.each([['F32.9'], ['F33.1'], ['F41.1'], ['F43.10'], ['M79.7'], ['G90.50']])(
    'treats %s (clinic indication)',
    (icd10) => {
      expect(assess({ diagnoses: [{ icd10 }] }).decision).toBe('eligible');
    },
  );

  it('is not eligible without a diagnosis the clinic treats', () => {
    const result = assess({ diagnoses: [{ icd10: 'F41.0' }] });
    expect(result.decision).toBe('not_eligible');
    expect(result.findings.map((f) => f.code)).toEqual(['no_treated_indication']);
  });

  describe('absolute contraindications → not eligible (product labels)', () => {
    it.each([
      ['ketamineHypersensitivity', 'ketamine_hypersensitivity'],
      ['aneurysmalVascularDisease', 'aneurysmal_vascular_disease'],
      ['arteriovenousMalformation', 'arteriovenous_malformation'],
      ['intracerebralHaemorrhageHistory', 'intracerebral_haemorrhage_history'],
      ['recentStroke', 'recent_stroke'],
      ['severeCardiacDisease', 'severe_cardiac_disease'],
      ['eclampsiaOrPreEclampsia', 'eclampsia'],
      ['untreatedHyperthyroidism', 'untreated_hyperthyroidism'],
    ] as const)('%s → %s', (flag, code) => {
      const result = assess({ [flag]: true });
      expect(result.decision).toBe('not_eligible');
      expect(result.findings).toEqual([
        expect.objectContaining({ code, severity: 'exclusion', source: expect.stringContaining('CLINICAL.md §1') }),
      ]);
    });

    it('uncontrolled hypertension recorded → not eligible', () => {
      expect(assess({ hypertension: 'uncontrolled' }).findings).toEqual([
        expect.objectContaining({ code: 'uncontrolled_hypertension', severity: 'exclusion' }),
      ]);
    });
  });

  describe('blood pressure at screening: hard stop > 180/100 (Swiss label), warning > 140/90 (esketamine label)', () => {
    it.each([
      [140, 90, 'eligible', []],
      [141, 90, 'eligible', ['blood_pressure_above_screening_warning']],
      [140, 91, 'eligible', ['blood_pressure_above_screening_warning']],
      [180, 100, 'eligible', ['blood_pressure_above_screening_warning']],
      [181, 100, 'not_eligible', ['uncontrolled_hypertension']],
      [180, 101, 'not_eligible', ['uncontrolled_hypertension']],
    ] as const)('%i/%i mmHg → %s %j', (sys, dia, decision, codes) => {
      const result = assess(bp(sys, dia));
      expect(result.decision).toBe(decision);
      expect(result.findings.map((f) => f.code)).toEqual(codes);
    });

    it('averages several resting readings: 184/96 and 176/94 average 180/95 — not above 180/100', () => {
      const result = assess({
        bloodPressureReadings: [
          { systolicMmHg: 184, diastolicMmHg: 96 },
          { systolicMmHg: 176, diastolicMmHg: 94 },
        ],
      });
      expect(result.restingBloodPressure).toEqual({ systolicMmHg: 180, diastolicMmHg: 95 });
      expect(result.decision).toBe('eligible');
      expect(result.findings[0]).toMatchObject({ severity: 'caution', code: 'blood_pressure_above_screening_warning' });
    });

    it('controlled hypertension is a caution only', () => {
      expect(assess({ hypertension: 'controlled' })).toMatchObject({
        decision: 'eligible',
        findings: [{ code: 'controlled_hypertension', severity: 'caution' }],
      });
    });
  });

  describe('relative contraindications (trial exclusions, labels)', () => {
    it.each([
      [{ psychosis: 'active' }, 'not_eligible', 'active_psychosis', undefined],
      [{ psychosis: 'history' }, 'eligible_with_clearance', 'psychosis_history', 'psychiatry'],
      [
        { diagnoses: [{ icd10: 'F33.2' }, { icd10: 'F20.0' }] },
        'eligible_with_clearance',
        'psychotic_disorder_diagnosis',
        'psychiatry',
      ],
      [{ bipolar: 'current_mania' }, 'not_eligible', 'current_mania', undefined],
      [
        { bipolar: 'without_mood_stabiliser' },
        'eligible_with_clearance',
        'bipolar_without_mood_stabiliser',
        'psychiatry',
      ],
      [{ bipolar: 'on_mood_stabiliser' }, 'eligible', 'bipolar_on_mood_stabiliser', undefined],
      [
        { diagnoses: [{ icd10: 'F33.2' }, { icd10: 'F31.4' }] },
        'eligible_with_clearance',
        'bipolar_status_unknown',
        'psychiatry',
      ],
      [
        { substanceUse: { disorderSeverity: 'moderate', nonPrescribedUseLast4Weeks: false } },
        'eligible_with_clearance',
        'substance_use_disorder',
        'addiction_medicine',
      ],
      [
        { substanceUse: { disorderSeverity: 'severe', nonPrescribedUseLast4Weeks: false } },
        'eligible_with_clearance',
        'substance_use_disorder',
        'addiction_medicine',
      ],
      [
        { substanceUse: { disorderSeverity: 'mild', nonPrescribedUseLast4Weeks: false } },
        'eligible',
        'substance_use_disorder_mild',
        undefined,
      ],
      [
        { substanceUse: { disorderSeverity: 'none', nonPrescribedUseLast4Weeks: true } },
        'not_eligible',
        'recent_non_prescribed_drug_use',
        undefined,
      ],
      [{ maoi: true }, 'eligible_with_clearance', 'maoi', 'psychiatry'],
      [{ suicidality: 'active_intent' }, 'not_eligible', 'active_suicidal_intent', undefined],
      [{ suicidality: 'ideation_without_intent' }, 'eligible', 'suicidal_ideation', undefined],
      [{ pregnant: true }, 'eligible_with_clearance', 'pregnancy', 'obstetric'],
      [{ breastfeeding: true }, 'eligible_with_clearance', 'breastfeeding', 'obstetric'],
      [{ raisedIntracranialPressure: true }, 'eligible_with_clearance', 'raised_intracranial_pressure', 'neurology'],
      [{ raisedIntraocularPressure: true }, 'eligible_with_clearance', 'raised_intraocular_pressure', 'ophthalmology'],
      [{ severeHepaticImpairment: true }, 'eligible_with_clearance', 'severe_hepatic_impairment', 'hepatology'],
      [{ seizureDisorder: true }, 'eligible_with_clearance', 'seizure_disorder', 'neurology'],
    ] as const)('%j → %s (%s)', (patch, decision, code, clearance) => {
      const result = assess(patch);
      expect(result.decision).toBe(decision);
      expect(result.findings.map((f) => f.code)).toEqual([code]);
      expect(result.clearances).toEqual(clearance ? [clearance] : []);
      expect(result.findings[0]?.source).toMatch(/CLINICAL\.md §[15]/);
    });

    it.each([
      [2, []],
      [2.5, ['benzodiazepine_above_limit']],
    ] as const)('benzodiazepine %f mg/day lorazepam-equivalent (limit: above 2 mg/day) → %j', (mg, codes) => {
      expect(assess({ benzodiazepineLorazepamEqMgPerDay: mg }).findings.map((f) => f.code)).toEqual(codes);
    });
  });

  it('an exclusion wins over clearances, and every finding is kept', () => {
    const result = assess({ pregnant: true, seizureDisorder: true, recentStroke: true });
    expect(result.decision).toBe('not_eligible');
    expect(result.findings.map((f) => f.severity).sort()).toEqual(['exclusion', 'needs_clearance', 'needs_clearance']);
    expect(result.clearances).toEqual(['obstetric', 'neurology']);
  });

  it('lists each clearance once', () => {
    expect(assess({ maoi: true, psychosis: 'history' }).clearances).toEqual(['psychiatry']);
  });

  it('uses the protocol thresholds: a stricter clinic hard stop of > 160/100 excludes 161/90', () => {
    const strict = {
      ...defaultProtocol,
      bloodPressure: {
        ...defaultProtocol.bloodPressure,
        eligibilityHardStop: { ...defaultProtocol.bloodPressure.eligibilityHardStop, systolicMmHg: 160 },
      },
    };
    expect(assessEligibility({ ...clean, ...bp(161, 90) }, strict).decision).toBe('not_eligible');
  });

  it('refuses impossible input with field paths', () => {
    try {
      assess({
        bloodPressureReadings: [] as unknown as EligibilityInput['bloodPressureReadings'],
        benzodiazepineLorazepamEqMgPerDay: -1,
        diagnoses: [{ icd10: 'depression' }],
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).errors.map((e) => e.path)).toEqual([
        '/bloodPressureReadings',
        '/benzodiazepineLorazepamEqMgPerDay',
        '/diagnoses/0/icd10',
      ]);
    }
  });

  it('refuses a diastolic at or above the systolic', () => {
    expect(() => assess(bp(90, 90))).toThrow(
      expect.objectContaining({
        errors: [expect.objectContaining({ path: '/bloodPressureReadings/0/diastolicMmHg' })],
      }),
    );
  });
});
