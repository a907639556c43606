import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../../src/domain/errors.js';
import { planInductionSeries, type InductionPlanInput } from '../../../../src/domain/planning/induction-series.js';
import type { ClinicCalendar } from '../../../../src/domain/planning/clinic-calendar.js';
import { defaultProtocol } from '../../../../src/domain/protocol/default-protocol.js';

const weekdaysOpen = { opens: '08:00', closes: '18:00' } as const;
const calendar = (timeZone: string, closedDates: string[] = []): ClinicCalendar => ({
  timeZone,
  openingHours: {
    mon: weekdaysOpen,
    tue: weekdaysOpen,
    wed: weekdaysOpen,
    thu: weekdaysOpen,
    fri: weekdaysOpen,
    sat: { opens: '09:00', closes: '13:00' },
  },
  closedDates,
});
const base: InductionPlanInput = {
  constraints: defaultProtocol.induction,
  calendar: calendar('America/New_York'),
  startDate: '2026-03-02',
  preferredTime: '10:00',
  appointmentMinutes: 120,
};

function thrown(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('induction series (CLINICAL.md §4: six over 2–3 weeks, 2–3 a week, never two on one day)', () => {
  it('plans Mon/Wed/Fri × 2 over 12 days from a Monday, like Murrough 2013 (6 over 12 days)', () => {
    const plan = planInductionSeries(base);
    expect(plan.sessions.map((s) => `${s.weekday} ${s.localDate}`)).toEqual([
      'mon 2026-03-02',
      'wed 2026-03-04',
      'fri 2026-03-06',
      'mon 2026-03-09',
      'wed 2026-03-11',
      'fri 2026-03-13',
    ]);
    expect(plan.spanDays).toBe(12);
  });

  it('keeps 10:00 local across the US spring-forward (America/New_York, 2026-03-08): UTC moves from 15:00 to 14:00', () => {
    const plan = planInductionSeries(base);
    expect(plan.sessions.every((s) => s.localTime === '10:00')).toBe(true);
    expect(plan.sessions[2]?.startsAt.toISOString()).toBe('2026-03-06T15:00:00.000Z');
    expect(plan.sessions[3]?.startsAt.toISOString()).toBe('2026-03-09T14:00:00.000Z');
  });

  it('keeps 10:00 local across the US fall-back (2026-11-01): UTC moves from 14:00 to 15:00', () => {
    const plan = planInductionSeries({ ...base, startDate: '2026-10-26' });
    expect(plan.sessions.map((s) => s.startsAt.toISOString())).toEqual([
      '2026-10-26T14:00:00.000Z',
      '2026-10-28T14:00:00.000Z',
      '2026-10-30T14:00:00.000Z',
      '2026-11-02T15:00:00.000Z',
      '2026-11-04T15:00:00.000Z',
      '2026-11-06T15:00:00.000Z',
    ]);
  });

  it('keeps 10:00 local across the UK change to BST (Europe/London, 2026-03-29)', () => {
    const plan = planInductionSeries({ ...base, calendar: calendar('Europe/London'), startDate: '2026-03-23' });
    expect(plan.sessions.map((s) => `${s.localDate} ${s.localTime} ${s.startsAt.toISOString()}`)).toEqual([
      '2026-03-23 10:00 2026-03-23T10:00:00.000Z',
      '2026-03-25 10:00 2026-03-25T10:00:00.000Z',
      '2026-03-27 10:00 2026-03-27T10:00:00.000Z',
      '2026-03-30 10:00 2026-03-30T09:00:00.000Z',
      '2026-04-01 10:00 2026-04-01T09:00:00.000Z',
      '2026-04-03 10:00 2026-04-03T09:00:00.000Z',
    ]);
  });

  it('uses a Saturday, moving the time into its shorter hours (09:00–13:00)', () => {
    const plan = planInductionSeries({ ...base, startDate: '2026-03-03', preferredTime: '14:00' }); // Tuesday
    expect(plan.sessions.map((s) => `${s.weekday} ${s.localTime} ${s.timeAdjusted}`)).toEqual([
      'tue 14:00 false',
      'thu 14:00 false',
      'sat 11:00 true',
      'tue 14:00 false',
      'thu 14:00 false',
      'sat 11:00 true',
    ]);
  });

  it('never plans two on one day, and spacing holds even with minSpacingDays 1', () => {
    const plan = planInductionSeries({
      ...base,
      constraints: { ...base.constraints, minSpacingDays: 1, minSpacingHours: 0 },
    });
    const dates = plan.sessions.map((s) => s.localDate);
    expect(new Set(dates).size).toBe(dates.length);
    expect(dates.slice(0, 3)).toEqual(['2026-03-02', '2026-03-03', '2026-03-04']);
  });

  it('plans twice weekly over 3 weeks like Anand 2023', () => {
    const plan = planInductionSeries({
      ...base,
      constraints: { ...base.constraints, maxSessionsPerWeek: 2, minSpacingDays: 3 },
    });
    expect(plan.sessions.map((s) => s.localDate)).toEqual([
      '2026-03-02',
      '2026-03-05',
      '2026-03-09',
      '2026-03-12',
      '2026-03-16',
      '2026-03-19',
    ]);
    expect(plan.spanDays).toBe(18);
  });

  it('skips closed dates and still fits the 21-day span', () => {
    const plan = planInductionSeries({ ...base, calendar: calendar('America/New_York', ['2026-03-04', '2026-03-09']) });
    expect(plan.sessions.map((s) => s.localDate)).toEqual([
      '2026-03-02',
      '2026-03-05',
      '2026-03-07',
      '2026-03-10',
      '2026-03-12',
      '2026-03-14',
    ]);
  });

  it('counts spacing hours in real elapsed time: 47 h across spring-forward fails a 48 h minimum', () => {
    // Sat 2026-03-07 10:00 EST → Mon 2026-03-09 10:00 EDT is 47 h, not 48.
    const plan = planInductionSeries({
      ...base,
      startDate: '2026-03-07',
      constraints: { ...base.constraints, minSpacingHours: 48, sessions: 2 },
    });
    expect(plan.sessions.map((s) => s.localDate)).toEqual(['2026-03-07', '2026-03-10']);
  });

  it('starts on the first open day when the start date is a Sunday', () => {
    expect(planInductionSeries({ ...base, startDate: '2026-03-01' }).sessions[0]?.localDate).toBe('2026-03-02');
  });

  it('errors with details when the span cannot hold the sessions (clinic closed for a week)', () => {
    const closed = [
      '2026-03-09',
      '2026-03-10',
      '2026-03-11',
      '2026-03-12',
      '2026-03-13',
      '2026-03-14',
      '2026-03-16',
      '2026-03-17',
      '2026-03-18',
      '2026-03-19',
      '2026-03-20',
    ];
    const error = thrown(() => planInductionSeries({ ...base, calendar: calendar('America/New_York', closed) }));
    expect(error.code).toBe('series_plan_unsatisfiable');
    // Mon 2, Wed 4, Fri 6 and Sat 21 fit; day 22 would be past the 21-day span.
    expect(error.message).toContain('Only 4 of 6 sessions fit within 21 days from 2026-03-02');
    expect(error.details).toMatchObject({ reason: 'span_exceeded', required: 6, planned: 4 });
  });

  it('errors when a week falls short of the weekly minimum (2 a week)', () => {
    const closed = ['2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13', '2026-03-14'];
    const error = thrown(() => planInductionSeries({ ...base, calendar: calendar('America/New_York', closed) }));
    expect(error.code).toBe('series_plan_unsatisfiable');
    expect(error.details).toMatchObject({ reason: 'weekly_minimum_not_met' });
    expect(error.message).toContain('Week 2 of the series has 1 sessions');
  });

  it('errors when no day in four weeks is open', () => {
    const error = thrown(() =>
      planInductionSeries({ ...base, calendar: { timeZone: 'Europe/London', openingHours: {}, closedDates: [] } }),
    );
    expect(error.details).toMatchObject({ reason: 'no_open_day' });
  });

  it('errors when the visit is longer than any opening day', () => {
    const error = thrown(() => planInductionSeries({ ...base, appointmentMinutes: 11 * 60 }));
    expect(error.code).toBe('series_plan_unsatisfiable');
  });

  it('rejects impossible requests with field paths', () => {
    const error = thrown(() =>
      planInductionSeries({
        ...base,
        startDate: '2026-02-30',
        preferredTime: '25:00',
        appointmentMinutes: 0,
        constraints: { ...base.constraints, minSpacingDays: 0, minSessionsPerWeek: 4 },
        calendar: { ...base.calendar, openingHours: { mon: { opens: '18:00', closes: '08:00' } } },
      }),
    );
    expect(error.code).toBe('validation_failed');
    expect(error.errors.map((e) => e.path).sort()).toEqual(
      [
        '/appointmentMinutes',
        '/calendar/openingHours/mon',
        '/constraints/minSessionsPerWeek',
        '/constraints/minSpacingDays',
        '/preferredTime',
        '/startDate',
      ].sort(),
    );
  });

  it('rejects an unknown time zone', () => {
    expect(thrown(() => planInductionSeries({ ...base, calendar: calendar('Nowhere/Special') })).errors[0]?.path).toBe(
      '/timeZone',
    );
  });
});
