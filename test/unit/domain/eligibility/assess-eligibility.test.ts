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
/** An adult of 40 on the clinic's local date. */
const adult = { dateOfBirth: '1986-03-09', today: '2026-03-09' };
const assess = (patch: Partial<EligibilityInput>) => assessEligibility({ ...clean, ...patch }, defaultProtocol, adult);
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
      [179, 100, 'eligible', ['blood_pressure_above_screening_warning']],
      // A single reading ≥ 180 systolic or ≥ 110 diastolic is a finding of its own (ACC/AHA 2017; CLINICAL.md §1).
      [
        180,
        100,
        'eligible_with_clearance',
        ['blood_pressure_above_screening_warning', 'severe_blood_pressure_reading'],
      ],
      [181, 100, 'not_eligible', ['uncontrolled_hypertension', 'severe_blood_pressure_reading']],
      [170, 101, 'not_eligible', ['uncontrolled_hypertension']],
      [170, 110, 'not_eligible', ['uncontrolled_hypertension', 'severe_blood_pressure_reading']],
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
      expect(result.findings[0]).toMatchObject({ severity: 'caution', code: 'blood_pressure_above_screening_warning' });
      // …but the single 184 reading is never averaged away: repeat it, clearance before treatment.
      expect(result.decision).toBe('eligible_with_clearance');
      expect(result.findings[1]).toMatchObject({
        code: 'severe_blood_pressure_reading',
        severity: 'needs_clearance',
        clearance: 'pcp',
        message: expect.stringContaining('Reading 1, 184/96 mmHg'),
        source: expect.stringContaining('ACC/AHA 2017'),
      });
    });

    it('a single diastolic of 112 among normal readings is its own finding', () => {
      const result = assess({
        bloodPressureReadings: [
          { systolicMmHg: 128, diastolicMmHg: 80 },
          { systolicMmHg: 150, diastolicMmHg: 112 },
          { systolicMmHg: 126, diastolicMmHg: 78 },
        ],
      });
      expect(result.findings.map((f) => f.code)).toEqual(['severe_blood_pressure_reading']);
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
      // Pregnancy: not eligible while pregnant (esketamine label; CLINICAL.md §1 default); breastfeeding: clearance.
      [{ pregnant: true }, 'not_eligible', 'pregnancy', null],
      [{ breastfeeding: true }, 'eligible_with_clearance', 'breastfeeding', 'obstetric'],
      [{ ketamineOrPcpMisuseHistory: true }, 'not_eligible', 'ketamine_or_pcp_misuse_history', null],
      [{ bladderSymptoms: true }, 'eligible_with_clearance', 'bladder_symptoms', 'urology'],
      [{ stopBangScore: 5 }, 'eligible_with_clearance', 'stop_bang_high_risk', 'sleep_medicine'],
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
    const result = assess({ breastfeeding: true, seizureDisorder: true, recentStroke: true });
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
    expect(assessEligibility({ ...clean, ...bp(161, 90) }, strict, adult).decision).toBe('not_eligible');
  });

  describe('new exclusions (CLINICAL.md §1), each with its source', () => {
    it.each([
      [null, []],
      [4, []],
      [5, ['stop_bang_high_risk']],
      [8, ['stop_bang_high_risk']],
    ] as const)('STOP-BANG %j → %j', (stopBangScore, codes) => {
      expect(assess({ stopBangScore }).findings.map((f) => f.code)).toEqual(codes);
    });

    it('ketamine/PCP misuse is asked apart from other substance use and cites the labels', () => {
      const result = assess({ ketamineOrPcpMisuseHistory: true });
      expect(result.findings[0]).toMatchObject({
        severity: 'exclusion',
        source: expect.stringContaining('phencyclidine'),
      });
    });

    it('severities are clinic settings: a clinic may make pregnancy a clearance', () => {
      const lenient = {
        ...defaultProtocol,
        eligibility: {
          ...defaultProtocol.eligibility,
          pregnancy: { ...defaultProtocol.eligibility.pregnancy, severity: 'needs_clearance' as const },
        },
      };
      expect(assessEligibility({ ...clean, pregnant: true }, lenient, adult)).toMatchObject({
        decision: 'eligible_with_clearance',
        clearances: ['obstetric'],
      });
    });

    it('refuses an unanswered new question (a draft saved before it existed) rather than reading it as "no"', () => {
      const { ketamineOrPcpMisuseHistory, bladderSymptoms, ...old } = clean;
      expect([ketamineOrPcpMisuseHistory, bladderSymptoms]).toEqual([false, false]);
      expect(() => assessEligibility(old as EligibilityInput, defaultProtocol, adult)).toThrow(
        expect.objectContaining({
          errors: [
            expect.objectContaining({ path: '/ketamineOrPcpMisuseHistory' }),
            expect.objectContaining({ path: '/bladderSymptoms' }),
          ],
        }),
      );
    });
  });

  describe('minimum age (clinic setting, default 18) on the clinic-local date', () => {
    it.each([
      ['2008-03-09', '2026-03-09', []], // 18th birthday today
      ['2008-03-10', '2026-03-09', ['under_minimum_age']], // 18 tomorrow
      ['2008-02-29', '2026-02-28', ['under_minimum_age']], // born on 29 Feb: 18 on 1 March
      ['2008-02-29', '2026-03-01', []],
    ] as const)('born %s, clinic date %s → %j', (dateOfBirth, today, codes) => {
      const result = assessEligibility(clean, defaultProtocol, { dateOfBirth, today });
      expect(result.findings.map((f) => f.code)).toEqual(codes);
      if (codes.length > 0) expect(result.decision).toBe('not_eligible');
    });

    it('uses the protocol minimum age', () => {
      const p21 = {
        ...defaultProtocol,
        eligibility: {
          ...defaultProtocol.eligibility,
          minimumAgeYears: { ...defaultProtocol.eligibility.minimumAgeYears, value: 21 },
        },
      };
      expect(
        assessEligibility(clean, p21, { dateOfBirth: '2006-01-01', today: '2026-03-09' }).findings[0],
      ).toMatchObject({
        code: 'under_minimum_age',
        message: expect.stringContaining('minimum age of 21'),
      });
    });

    it('without a date of birth the age cannot be checked: not eligible', () => {
      expect(assessEligibility(clean, defaultProtocol, { dateOfBirth: null, today: '2026-03-09' })).toMatchObject({
        decision: 'not_eligible',
        findings: [{ code: 'date_of_birth_missing' }],
      });
    });
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
