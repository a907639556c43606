import { describe, expect, it } from 'vitest';
import {
  cssrsRiskSoFar,
  evaluateIntake,
  prescreenQuestions,
  showsCrisisResources,
  urgencyOf,
  type IntakeSubmission,
} from '../../../../src/domain/intake/index.js';
import { instruments } from '../../../../src/domain/instruments/index.js';

const cssrsIds = instruments.cssrs_screener.items.map((i) => i.id);
const phq9 = (item9: number) => ({
  phq9_1: 1,
  phq9_2: 1,
  phq9_3: 1,
  phq9_4: 1,
  phq9_5: 1,
  phq9_6: 1,
  phq9_7: 1,
  phq9_8: 1,
  phq9_9: item9,
});
const gad7 = { gad7_1: 0, gad7_2: 0, gad7_3: 0, gad7_4: 0, gad7_5: 0, gad7_6: 0, gad7_7: 0 };
const noCssrs = {
  cssrs_1: false,
  cssrs_2: false,
  cssrs_3: null,
  cssrs_4: null,
  cssrs_5: null,
  cssrs_6_lifetime: false,
  cssrs_6_past_3_months: null,
};

function submission(
  answers: IntakeSubmission['answers'],
  conditions: IntakeSubmission['conditions'] = ['depression'],
): IntakeSubmission {
  return {
    contact: {
      givenName: 'A',
      familyName: 'B',
      email: 'a@example.org',
      phone: '5550100199',
      dateOfBirth: '1980-01-01',
      state: 'NY',
    },
    conditions,
    answers,
    prescreen: Object.fromEntries(prescreenQuestions.map((q) => [q.id, 'no' as const])),
    medications: { current: '' },
    contactPreferences: { times: ['weekday_morning'], method: 'phone' },
    consent: { contact: true, privacyNotice: true },
  };
}
const today = { today: '2026-11-26' };

describe('urgency, computed from the answers', () => {
  it('is not urgent when PHQ-9 item 9 is "Not at all"', () => {
    expect(evaluateIntake(submission({ phq9: phq9(0), gad7 }), today)).toMatchObject({
      urgent: false,
      urgentReasons: [],
    });
  });

  it('is urgent when PHQ-9 item 9 is above 0, even when the C-SSRS screener is low risk', () => {
    expect(evaluateIntake(submission({ phq9: phq9(1), gad7, cssrs_screener: noCssrs }), today)).toMatchObject({
      urgent: true,
      urgentReasons: ['phq9_item9_positive'],
    });
  });

  it.each([
    ['wish to be dead only (Q1)', { ...noCssrs, cssrs_1: true }, ['phq9_item9_positive']],
    [
      'method without intent (Q3) → moderate',
      { ...noCssrs, cssrs_2: true, cssrs_3: true, cssrs_4: false, cssrs_5: false },
      ['cssrs_moderate_risk', 'phq9_item9_positive'],
    ],
    [
      'lifetime behaviour → moderate',
      { ...noCssrs, cssrs_6_lifetime: true, cssrs_6_past_3_months: false },
      ['cssrs_moderate_risk', 'phq9_item9_positive'],
    ],
    [
      'intent (Q4) → high',
      { ...noCssrs, cssrs_2: true, cssrs_3: false, cssrs_4: true, cssrs_5: false },
      ['cssrs_high_risk', 'phq9_item9_positive'],
    ],
    [
      'behaviour in the past 3 months → high',
      { ...noCssrs, cssrs_6_lifetime: true, cssrs_6_past_3_months: true },
      ['cssrs_high_risk', 'phq9_item9_positive'],
    ],
  ])('%s', (_name, cssrs, reasons) => {
    const result = evaluateIntake(submission({ phq9: phq9(2), gad7, cssrs_screener: cssrs }), today);
    expect(result.urgent).toBe(true);
    expect(result.urgentReasons).toEqual(reasons);
  });

  it('scores a C-SSRS screener that was sent although item 9 was 0: a positive answer is never discarded', () => {
    const result = evaluateIntake(
      submission({
        phq9: phq9(0),
        gad7,
        cssrs_screener: { ...noCssrs, cssrs_2: true, cssrs_3: false, cssrs_4: false, cssrs_5: true },
      }),
      today,
    );
    expect(result.urgentReasons).toEqual(['cssrs_high_risk']);
  });

  it('needs the C-SSRS screener when item 9 is above 0', () => {
    expect(() => evaluateIntake(submission({ phq9: phq9(1), gad7 }), today)).toThrow(
      expect.objectContaining({
        code: 'intake_invalid',
        errors: [expect.objectContaining({ path: '/answers/cssrs_screener' })],
      }),
    );
  });

  it('urgencyOf reads only flags', () => {
    expect(urgencyOf([{ flags: ['probable_gad'] }, { flags: ['provisional_ptsd'] }])).toEqual({
      urgent: false,
      reasons: [],
    });
  });
});

describe('C-SSRS risk so far (for showing crisis resources the moment an answer is given)', () => {
  it.each([
    [{}, 'none', false],
    [{ cssrs_1: false }, 'none', false], // all "no" so far: no risk identified (CLINICAL.md §5)
    [{ cssrs_4: true }, 'high', true], // a "yes" to Q4 implies Q2 "yes" on the finished form
    [{ cssrs_1: true }, 'low', false],
    [{ cssrs_1: true, cssrs_2: true }, 'low', false],
    [{ cssrs_2: true, cssrs_3: true }, 'moderate', true],
    [{ cssrs_2: true, cssrs_4: true }, 'high', true],
    [{ cssrs_2: true, cssrs_5: true }, 'high', true],
    [{ cssrs_6_lifetime: true }, 'moderate', true],
    [{ cssrs_6_lifetime: true, cssrs_6_past_3_months: true }, 'high', true],
  ] as const)('%j → %s', (answers, risk, shows) => {
    expect(cssrsRiskSoFar(answers, cssrsIds)).toBe(risk);
    expect(showsCrisisResources(cssrsRiskSoFar(answers, cssrsIds))).toBe(shows);
  });
});

describe('date of birth', () => {
  it.each([
    ['2008-11-26', undefined],
    ['2008-11-27', 'Our clinic treats adults aged 18'],
    ['1905-11-27', undefined],
    ['1905-11-26', 'more than 120 years ago'],
    ['2026-11-26', 'Our clinic treats adults aged 18'],
    ['2026-11-27', 'in the past'],
    ['27/03/1980', 'for example 27 3 1980'],
    ['2001-02-29', 'real date'],
  ])('%s', (dob, message) => {
    const s = { ...submission({ phq9: phq9(0), gad7 }) };
    const run = () => evaluateIntake({ ...s, contact: { ...s.contact, dateOfBirth: dob } }, today);
    if (message === undefined) expect(run).not.toThrow();
    else
      expect(run).toThrow(
        expect.objectContaining({
          errors: [
            expect.objectContaining({ path: '/contact/dateOfBirth', message: expect.stringContaining(message) }),
          ],
        }),
      );
  });
});
