import { describe, expect, it } from 'vitest';
import {
  defaultScheduleSettings,
  questionnairesDue,
  scheduleSettingsErrors,
  scheduleSettingsForPlan,
  stateAt,
  type QuestionnaireScheduleSettings,
  type ScheduledSession,
} from '../../../../src/domain/questionnaires/index.js';

// New York: the clocks go forward on 2026-03-08, inside this induction series.
const zone = 'America/New_York';
const session = (id: string, iso: string, series: 'induction' | 'maintenance' = 'induction', cancelled = false) =>
  ({ appointmentId: id, series, startsAt: new Date(iso), cancelled }) satisfies ScheduledSession;

// A titration-style induction a week and a half apart: 10:00 clinic time on Mon 2 Mar (EST), Fri 13 Mar and
// Tue 24 Mar (EDT).
const sparse = [
  session('a1', '2026-03-02T15:00:00Z'),
  session('a2', '2026-03-13T14:00:00Z'),
  session('a3', '2026-03-24T14:00:00Z'),
];
const settings: QuestionnaireScheduleSettings = { ...defaultScheduleSettings, instrumentIds: ['phq9'] };
const due = (now: string, over: Partial<QuestionnaireScheduleSettings> = {}, sessions = sparse) =>
  questionnairesDue({ settings: { ...settings, ...over }, sessions, timeZone: zone, now: new Date(now) });
const keys = (list: { key: string }[]) => list.map((a) => a.key);

describe('the questionnaire schedule of a plan', () => {
  it('lays out every point of the default schedule (preview with upcoming ones)', () => {
    const all = questionnairesDue({
      settings,
      sessions: sparse,
      timeZone: zone,
      now: new Date('2026-02-20T00:00:00Z'),
      includeUpcoming: true,
      horizonWeeks: 0,
    });
    expect(keys(all)).toEqual([
      'phq9:pre_session:a1',
      'phq9:induction_weekly:1', // Mon 9 Mar: 4+ days from a session
      'phq9:pre_session:a2',
      'phq9:induction_weekly:2', // Mon 16 Mar: 3 days after a session, so still asked
      // week 3 (Mon 23 Mar) is left out: the patient answers before the session on the 24th
      'phq9:pre_session:a3',
      'phq9:after_induction:1',
      'phq9:after_induction:2',
      'phq9:after_induction:4',
      'phq9:after_induction:8',
    ]);
    expect(all.every((a) => a.state === 'upcoming')).toBe(true);
  });

  it.each([
    // [now, state of the week-1 follow-up due Tue 31 Mar (EDT, UTC−4)]
    ['2026-03-30T03:59:59.999Z', undefined], // before it opens (23:59 on Sun 29 Mar): not listed
    ['2026-03-30T04:00:00.000Z', 'open'], // opens 00:00 the day before the due date
    ['2026-04-01T03:59:59.999Z', 'open'], // last moment of the due date
    ['2026-04-01T04:00:00.000Z', 'overdue'], // the day after the due date
    ['2026-04-04T03:59:59.999Z', 'overdue'], // last moment of the 3 days' grace
    ['2026-04-04T04:00:00.000Z', 'missed'],
  ] as const)('at %s the week-1 follow-up is %s', (now, state) => {
    expect(due(now).find((a) => a.key === 'phq9:after_induction:1')?.state).toBe(state);
  });

  it.each([
    // The pre-session questionnaire for Fri 13 Mar 10:00 EDT (14:00Z): opens 72 h before, due at the start,
    // overdue for the rest of that clinic day.
    ['2026-03-10T13:59:59.999Z', undefined],
    ['2026-03-10T14:00:00.000Z', 'open'],
    ['2026-03-13T13:59:59.999Z', 'open'],
    ['2026-03-13T14:00:00.000Z', 'overdue'],
    ['2026-03-14T03:59:59.999Z', 'overdue'],
    ['2026-03-14T04:00:00.000Z', 'missed'],
  ] as const)('at %s the pre-session questionnaire for session 2 is %s', (now, state) => {
    expect(due(now).find((a) => a.key === 'phq9:pre_session:a2')?.state).toBe(state);
  });

  it('counts clinic days across the change to daylight time (weekly point of Mon 9 Mar)', () => {
    const week1 = due('2026-03-09T12:00:00Z').find((a) => a.key === 'phq9:induction_weekly:1');
    expect(week1?.opensAt.toISOString()).toBe('2026-03-08T05:00:00.000Z'); // 00:00 EST on Sun 8 Mar
    expect(week1?.dueAt.toISOString()).toBe('2026-03-10T04:00:00.000Z'); // 00:00 EDT on Tue 10 Mar
  });

  it('leaves out weekly points within two days of a session (twice-weekly induction: none at all)', () => {
    const twiceWeekly = ['03-02', '03-05', '03-09', '03-12', '03-16', '03-19'].map((d, i) =>
      session(`t${i + 1}`, `2026-${d}T15:00:00Z`),
    );
    const all = questionnairesDue({
      settings,
      sessions: twiceWeekly,
      timeZone: zone,
      now: new Date('2026-02-20T00:00:00Z'),
      includeUpcoming: true,
      horizonWeeks: 0,
    });
    expect(all.filter((a) => a.reason === 'induction_weekly')).toEqual([]);
    expect(all.filter((a) => a.reason === 'pre_session')).toHaveLength(6);
  });

  it('gives a cancelled session no pre-session questionnaire and measures "after induction" from the last one held', () => {
    const withCancelled = [...sparse.slice(0, 2), { ...sparse[2]!, cancelled: true }];
    const list = due('2026-03-21T12:00:00Z', {}, withCancelled);
    expect(keys(list)).not.toContain('phq9:pre_session:a3');
    // Last induction session now Fri 13 Mar: week 1 is due Fri 20 Mar and overdue on the 21st.
    expect(list.find((a) => a.key === 'phq9:after_induction:1')?.state).toBe('overdue');
  });

  it('continues every 2 weeks in maintenance after the 8-week follow-up, up to now only', () => {
    // Last induction Tue 24 Mar; week 8 = Tue 19 May; maintenance weeks 10 (2 Jun) and 12 (16 Jun).
    const list = due('2026-06-15T16:00:00Z');
    const maintenance = list.filter((a) => a.reason === 'maintenance');
    expect(keys(maintenance)).toEqual(['phq9:maintenance:10', 'phq9:maintenance:12']);
    expect(maintenance.map((a) => a.state)).toEqual(['missed', 'open']);
  });

  it('adds a pre-session questionnaire for each maintenance session too', () => {
    const list = due('2026-06-30T12:00:00Z', {}, [...sparse, session('m1', '2026-07-01T14:00:00Z', 'maintenance')]);
    expect(list.find((a) => a.key === 'phq9:pre_session:m1')?.state).toBe('open');
  });

  it('follows the plan: switches off, other weeks, other instruments, no maintenance', () => {
    const list = due('2026-12-31T00:00:00Z', {
      instrumentIds: ['phq9', 'gad7'],
      beforeEachSession: false,
      weeklyDuringInduction: false,
      afterInductionWeeks: [3],
      maintenanceEveryWeeks: null,
    });
    expect(keys(list)).toEqual(['gad7:after_induction:3', 'phq9:after_induction:3']);
  });

  it('has nothing to send before any induction session is booked', () => {
    expect(due('2026-06-01T00:00:00Z', {}, [])).toEqual([]);
  });

  it('is the same whatever order the sessions come in (stable keys for idempotent materialising)', () => {
    expect(keys(due('2026-04-20T00:00:00Z', {}, sparse.toReversed()))).toEqual(keys(due('2026-04-20T00:00:00Z')));
  });
});

describe('schedule settings', () => {
  it('a plan measuring GAD-7 gets PHQ-9 and GAD-7; a clinician-rated outcome adds nothing', () => {
    expect(scheduleSettingsForPlan('gad7').instrumentIds).toEqual(['phq9', 'gad7']);
    expect(scheduleSettingsForPlan('madrs').instrumentIds).toEqual(['phq9']);
  });

  it.each([
    [{ instrumentIds: [] }, '/instrumentIds'],
    [{ instrumentIds: ['madrs'] }, '/instrumentIds/0'],
    [{ instrumentIds: ['phq9', 'phq9'] }, '/instrumentIds'],
    [{ preSessionOpensHours: 0 }, '/preSessionOpensHours'],
    [{ preSessionOpensHours: 169 }, '/preSessionOpensHours'],
    [{ afterInductionWeeks: [0] }, '/afterInductionWeeks/0'],
    [{ afterInductionWeeks: [1.5] }, '/afterInductionWeeks/0'],
    [{ afterInductionWeeks: [2, 2] }, '/afterInductionWeeks'],
    [{ maintenanceEveryWeeks: 0 }, '/maintenanceEveryWeeks'],
    [{ maintenanceEveryWeeks: 13 }, '/maintenanceEveryWeeks'],
    [{ opensDaysBefore: 8 }, '/opensDaysBefore'],
    [{ graceDays: -1 }, '/graceDays'],
  ] as const)('rejects %j at %s', (over, path) => {
    const errors = scheduleSettingsErrors({ ...settings, ...over } as QuestionnaireScheduleSettings);
    expect(errors.map((e) => e.path)).toContain(path);
  });

  it.each([
    [{ preSessionOpensHours: 1 }],
    [{ preSessionOpensHours: 168 }],
    [{ maintenanceEveryWeeks: null }],
    [{ maintenanceEveryWeeks: 12 }],
    [{ afterInductionWeeks: [] }],
    [{ opensDaysBefore: 0, graceDays: 0 }],
  ] as const)('accepts %j', (over) => {
    expect(scheduleSettingsErrors({ ...settings, ...over })).toEqual([]);
  });

  it('state boundaries are half-open: opens ≤ t < due is open', () => {
    const a = { opensAt: new Date(10), dueAt: new Date(20), closesAt: new Date(30) };
    expect([9, 10, 19, 20, 29, 30].map((t) => stateAt(a, new Date(t)))).toEqual([
      'upcoming',
      'open',
      'open',
      'overdue',
      'overdue',
      'missed',
    ]);
  });
});
