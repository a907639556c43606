import { describe, expect, it } from 'vitest';
import {
  appointmentMinutesFor,
  assertOverrideGiven,
  derivePlan,
  isEsketamineDerived,
  type EsketaminePlanContent,
  planContentErrors,
  type KetaminePlanContent,
} from '../../../../src/domain/chart/plan.js';
import type { ClinicCalendar } from '../../../../src/domain/planning/index.js';
import { defaultProtocol } from '../../../../src/domain/protocol/default-protocol.js';

const weekdays = { opens: '08:00', closes: '18:00' };
const calendar: ClinicCalendar = {
  timeZone: 'America/New_York',
  openingHours: { mon: weekdays, tue: weekdays, wed: weekdays, thu: weekdays, fri: weekdays },
  closedDates: [],
};
const content: KetaminePlanContent = {
  conditions: ['F33.2'],
  route: 'IV',
  startMgPerKg: 0.5,
  weightBasis: 'actual',
  concentrationMgPerMl: 10,
  infusionMinutes: 40,
  titration: { stepMgPerKg: 0.1, maxMgPerKg: 0.6 },
  induction: { sessions: 6, startDate: '2026-11-30', preferredTime: '10:00' },
  maintenance: { intent: 'individual', note: '' },
  outcome: { instrumentId: 'phq9', responseDropPercent: 50, remissionAtOrBelow: 4 },
  stopRule: { reviewBySession: 4, minImprovementPercent: 20 },
};
const patient = { weightKg: 72.3, heightCm: 170, sex: 'female' as const };

describe('treatment plan derivation', () => {
  it('doses with calculateDose (rounding shown) and dates the six-session induction with planInductionSeries', () => {
    const plan = derivePlan(content, patient, defaultProtocol, calendar);
    // 0.5 × 72.3 = 36.15 mg = 3.615 mL → 3.6 mL at a 0.1 mL step (CLINICAL.md §2).
    expect(plan.startDose).toMatchObject({
      doseMg: 36.15,
      volume: { exactMl: 3.615, roundedMl: 3.6, deltaMl: -0.015 },
      delivered: { mg: 36 },
    });
    expect(plan.series.sessions.map((s) => s.localDate)).toEqual([
      '2026-11-30',
      '2026-12-02',
      '2026-12-04',
      '2026-12-07',
      '2026-12-09',
      '2026-12-11',
    ]);
    expect(plan.series.spanDays).toBeLessThanOrEqual(21);
    expect(plan.exceededLimits).toEqual([]);
  });

  it('checks the titration ceiling against the limits as well as the starting dose', () => {
    const plan = derivePlan(
      { ...content, titration: { stepMgPerKg: 0.1, maxMgPerKg: 0.75 } },
      patient,
      defaultProtocol,
      calendar,
    );
    // 0.75 mg/kg over 40 min = 1.125 mg/kg/h, above the 1 mg/kg/h low-dose rate.
    expect(plan.exceededLimits).toEqual([
      { limit: 'max_infusion_rate', allowed: 1, requested: 1.125, dose: 'titration_max' },
    ]);
    expect(() => assertOverrideGiven(plan, null)).toThrow(
      expect.objectContaining({ code: 'dose_override_reason_required' }) as Error,
    );
    expect(() => assertOverrideGiven(plan, 'ok')).toThrow();
    expect(assertOverrideGiven(plan, ' Tolerated 0.75 over 40 min before ')).toBe('Tolerated 0.75 over 40 min before');
    expect(assertOverrideGiven(derivePlan(content, patient, defaultProtocol, calendar), null)).toBeNull();
  });

  it('books chair time for check-in, the dose and the protocol recovery minimum', () => {
    expect(appointmentMinutesFor({ route: 'IV', infusionMinutes: 40 }, defaultProtocol)).toBe(30 + 40 + 60);
    expect(appointmentMinutesFor({ route: 'IM', infusionMinutes: null }, defaultProtocol)).toBe(30 + 5 + 60);
    expect(appointmentMinutesFor({ route: 'IN' }, defaultProtocol)).toBe(30 + 120);
  });

  it.each([
    [{ conditions: [] }, '/conditions'],
    [{ conditions: ['depression'] }, '/conditions/0'],
    [{ infusionMinutes: null }, '/infusionMinutes'],
    [{ route: 'IM' as const }, '/infusionMinutes'],
    [{ titration: { stepMgPerKg: 0.1, maxMgPerKg: 0.4 } }, '/titration/maxMgPerKg'],
    [{ induction: { sessions: 3, startDate: '2026-11-30', preferredTime: '10:00' } }, '/induction/sessions'],
    [{ induction: { sessions: 6, startDate: '30/11/2026', preferredTime: '10:00' } }, '/induction/startDate'],
    [{ stopRule: { reviewBySession: 7, minImprovementPercent: 20 } }, '/stopRule/reviewBySession'],
  ])('names the field of a bad plan: %o', (patch, path) => {
    expect(planContentErrors({ ...content, ...patch }).map((e) => e.path)).toContain(path);
  });

  it('keeps the default stop rule: review if no ≥ 20 % improvement by session 4 (CLINICAL.md §4)', () => {
    expect(planContentErrors(content)).toEqual([]);
  });
});

describe('esketamine (intranasal) plan (CLINICAL.md §2; Spravato label: 56 or 84 mg, 28 mg devices)', () => {
  const { conditions, induction, maintenance, outcome, stopRule } = content;
  const esketamine: EsketaminePlanContent = {
    ...{ conditions, induction, maintenance, outcome, stopRule },
    route: 'IN',
    startMg: 56,
    maxMg: 84,
  };

  it('orders devices, not mg/kg, and books check-in plus the 2-hour REMS observation', () => {
    const plan = derivePlan(esketamine, patient, defaultProtocol, calendar);
    expect(isEsketamineDerived(plan)).toBe(true);
    expect(plan).toMatchObject({
      esketamine: { startMg: 56, startDevices: 2, maxMg: 84, maxDevices: 3 },
      exceededLimits: [],
      appointmentMinutes: 30 + 120,
    });
    expect(plan.series.sessions).toHaveLength(6);
    // The same order whatever the patient weighs.
    expect(derivePlan(esketamine, { ...patient, weightKg: 140 }, defaultProtocol, calendar)).toEqual(plan);
  });

  it.each([
    [{ startMg: 57 }, '/startMg'],
    [{ startMg: 28 }, '/startMg'],
    [{ maxMg: 112 }, '/maxMg'],
    [{ startMg: 84, maxMg: 56 }, '/maxMg'],
    [{ conditions: [] }, '/conditions'],
    [{ induction: { sessions: 9, startDate: '2026-11-30', preferredTime: '10:00' } }, '/induction/sessions'],
  ])('names the field of a bad esketamine plan: %o', (patch, path) => {
    expect(planContentErrors({ ...esketamine, ...patch }).map((e) => e.path)).toContain(path);
  });

  it('accepts 56 and 84 mg as start and ceiling', () => {
    for (const [startMg, maxMg] of [
      [56, 56],
      [56, 84],
      [84, 84],
    ] as const)
      expect(planContentErrors({ ...esketamine, startMg, maxMg })).toEqual([]);
    expect(() => derivePlan({ ...esketamine, startMg: 57 }, patient, defaultProtocol, calendar)).toThrow(
      expect.objectContaining({ code: 'validation_failed' }) as Error,
    );
  });
});
