import { describe, expect, it } from 'vitest';
import { chartBmi, heightErrors, weightErrors } from '../../../../src/domain/chart/measurements.js';
import { ageInYears, dateOfBirthErrors, dateOfBirthProblem } from '../../../../src/domain/chart/date-of-birth.js';

describe('weight in kilograms (20–350 kg)', () => {
  it.each([20, 20.1, 80, 349.9, 350])('accepts %s kg', (kg) => expect(weightErrors(kg)).toEqual([]));
  it.each([
    [0, /Enter the weight in kilograms, between 20 and 350 kg/],
    [-5, /between 20 and 350 kg/],
    [Number.NaN, /between 20 and 350 kg/],
    [19.9, /19.9 kg is below 20 kg/],
    [350.1, /350.1 kg is above 350 kg/],
    [700, /If 700 is in pounds, that is 317.5 kg/],
  ])('refuses %s with a message saying how to fix it', (kg, message) => {
    expect(weightErrors(kg)).toEqual([{ path: '/weightKg', message: expect.stringMatching(message) }]);
  });
  it('gives no pounds hint when the pounds would not be a plausible weight either', () => {
    expect(weightErrors(2000)[0]!.message).not.toMatch(/pounds/);
  });
});

describe('height in centimetres (100–250 cm)', () => {
  it.each([100, 175, 250])('accepts %s cm', (cm) => expect(heightErrors(cm)).toEqual([]));
  it.each([
    [1.75, /1.75 looks like metres: enter the height in centimetres \(175 cm\)/],
    [2.5, /looks like metres/],
    [69, /69 looks like inches: enter the height in centimetres \(69 in = 175.3 cm\)/],
    [48, /looks like inches/],
    [99.9, /looks like inches/],
    [30, /between 100 and 250 cm/],
    [250.1, /between 100 and 250 cm/],
    [0, /between 100 and 250 cm/],
  ])('refuses %s', (cm, message) => expect(heightErrors(cm)[0]!.message).toMatch(message));
});

describe('BMI', () => {
  it('is weight over height squared, one decimal, null until both are known', () => {
    expect(chartBmi(72.5, 168)).toBe(25.7);
    expect(chartBmi(null, 168)).toBeNull();
  });
});

describe('date of birth', () => {
  const today = '2026-11-26';
  it('accepts today and the past', () => {
    expect(dateOfBirthErrors('2026-11-26', today)).toEqual([]);
    expect(dateOfBirthErrors('1960-01-31', today)).toEqual([]);
  });
  it.each([
    ['2026-11-27', 'Enter a date of birth in the past'],
    ['2027-01-01', 'Enter a date of birth in the past'],
    ['1990-02-30', 'Enter the date of birth as a real date, YYYY-MM-DD'],
    ['26/11/1990', 'Enter the date of birth as a real date, YYYY-MM-DD'],
    ['1899-12-31', 'Enter a date of birth less than 120 years ago'],
  ])('refuses %s', (dob, message) =>
    expect(dateOfBirthErrors(dob, today)).toEqual([{ path: '/dateOfBirth', message }]),
  );
  it.each([
    ['1905-11-27', 0, undefined],
    ['1905-11-26', 0, { kind: 'too_old', maxAgeYears: 120 }],
    ['2008-11-26', 18, undefined],
    ['2008-11-27', 18, { kind: 'under_minimum_age', minimumAgeYears: 18 }],
    ['2008-02-29', 18, undefined],
    ['2026-11-27', 18, { kind: 'in_future' }],
    ['2026-13-01', 0, { kind: 'not_a_date' }],
  ] as const)('one rule for chart and intake: %s (minimum age %i)', (dob, minimumAge, problem) =>
    expect(dateOfBirthProblem(dob, today, minimumAge)).toEqual(problem),
  );
  it('counts age in whole years, the birthday included', () => {
    expect(ageInYears('1990-11-26', today)).toBe(36);
    expect(ageInYears('1990-11-27', today)).toBe(35);
    expect(ageInYears('2000-02-29', '2027-02-28')).toBe(26);
    expect(ageInYears('2000-02-29', '2027-03-01')).toBe(27);
  });
});
