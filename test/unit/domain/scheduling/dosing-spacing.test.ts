import { describe, expect, it } from 'vitest';
import { defaultProtocol } from '../../../../src/domain/protocol/default-protocol.js';
import {
  dosingClashMessage,
  dosingSpacingClash,
  dosingSpacingErrors,
  isDosing,
  proposeSeries,
  replanAfterCancellation,
  sameDayOnly,
  type BookedAppointment,
  type DosingSpacing,
} from '../../../../src/domain/scheduling/index.js';
import { daysBetween } from '../../../../src/domain/time/local-date.js';
import { schedule, typeOf } from './fixtures.js';

// Times in UTC for readability; the clinic day is given with each appointment.
const at = (date: string, time: string): { localDate: string; startsAt: Date } => ({
  localDate: date,
  startsAt: new Date(`${date}T${time}:00Z`),
});
const booked = (date: string, time: string, more: Partial<BookedAppointment> = {}): BookedAppointment => ({
  id: 'booked-1',
  kind: 'iv_session',
  status: 'scheduled',
  localTime: time,
  label: 'IV ketamine session',
  ...at(date, time),
  ...more,
});
const candidate = (date: string, time: string, kind = 'iv_session') => ({ id: 'moving', kind, ...at(date, time) });

const alternateDays: DosingSpacing = { minSpacingDays: 2, minSpacingHours: 24 };
const hoursOnly: DosingSpacing = { minSpacingDays: 1, minSpacingHours: 36 };
const weekly: DosingSpacing = { minSpacingDays: 7, minSpacingHours: 0 };

describe('dosingSpacingClash: the spacing between a patient’s dosing appointments', () => {
  it.each<[string, DosingSpacing, BookedAppointment, ReturnType<typeof candidate>, string | null]>([
    // Days (alternate days: at least 2 calendar days apart).
    [
      'exactly the minimum days after',
      alternateDays,
      booked('2026-12-05', '09:30'),
      candidate('2026-12-07', '09:30'),
      null,
    ],
    [
      'exactly the minimum days before',
      alternateDays,
      booked('2026-12-05', '09:30'),
      candidate('2026-12-03', '09:30'),
      null,
    ],
    ['one day less after', alternateDays, booked('2026-12-05', '09:30'), candidate('2026-12-06', '09:30'), 'min_days'],
    ['one day less before', alternateDays, booked('2026-12-05', '09:30'), candidate('2026-12-04', '09:30'), 'min_days'],
    ['the same day, later', alternateDays, booked('2026-12-05', '09:30'), candidate('2026-12-05', '11:00'), 'same_day'],
    [
      'the same day, earlier',
      alternateDays,
      booked('2026-12-05', '09:30'),
      candidate('2026-12-05', '08:00'),
      'same_day',
    ],
    ['weekly: 7 days', weekly, booked('2026-12-01', '10:00'), candidate('2026-12-08', '10:00'), null],
    ['weekly: 6 days', weekly, booked('2026-12-01', '10:00'), candidate('2026-12-07', '17:00'), 'min_days'],
    // Hours (36 h between the starts).
    ['exactly the minimum hours', hoursOnly, booked('2026-12-05', '09:00'), candidate('2026-12-06', '21:00'), null],
    [
      'one minute less than the minimum hours',
      hoursOnly,
      booked('2026-12-05', '09:00'),
      candidate('2026-12-06', '20:59'),
      'min_hours',
    ],
    [
      'one minute less, before',
      hoursOnly,
      booked('2026-12-05', '09:00'),
      candidate('2026-12-03', '21:01'),
      'min_hours',
    ],
    // Without a plan: only the same clinic day is refused.
    [
      'no plan: the next day at any hour',
      sameDayOnly,
      booked('2026-12-05', '17:00'),
      candidate('2026-12-06', '08:00'),
      null,
    ],
    ['no plan: the same day', sameDayOnly, booked('2026-12-05', '09:30'), candidate('2026-12-05', '16:00'), 'same_day'],
    // A spacing below one day still keeps two doses off one day.
    [
      'zero days configured: the same day',
      { minSpacingDays: 0, minSpacingHours: 0 },
      booked('2026-12-05', '08:00'),
      candidate('2026-12-05', '17:00'),
      'same_day',
    ],
    // What does not count.
    [
      'cancelled appointments are ignored',
      alternateDays,
      booked('2026-12-05', '09:30', { status: 'cancelled' }),
      candidate('2026-12-05', '11:00'),
      null,
    ],
    [
      'no-shows are ignored',
      alternateDays,
      booked('2026-12-05', '09:30', { status: 'no_show' }),
      candidate('2026-12-05', '11:00'),
      null,
    ],
    [
      'a discharged dose counts',
      alternateDays,
      booked('2026-12-05', '09:30', { status: 'discharged' }),
      candidate('2026-12-06', '11:00'),
      'min_days',
    ],
    [
      'a visit without a dose does not count',
      alternateDays,
      booked('2026-12-05', '09:30', { kind: 'follow_up' }),
      candidate('2026-12-05', '13:00'),
      null,
    ],
    [
      'a type given a dose phase counts',
      alternateDays,
      booked('2026-12-05', '09:30', { kind: 'custom', hasDose: true }),
      candidate('2026-12-05', '13:00'),
      'same_day',
    ],
    [
      'the appointment being moved is not its own clash',
      alternateDays,
      booked('2026-12-05', '09:30', { id: 'moving' }),
      candidate('2026-12-05', '11:00'),
      null,
    ],
    [
      'an esketamine session is a dose',
      alternateDays,
      booked('2026-12-05', '09:30', { kind: 'esketamine_session' }),
      candidate('2026-12-06', '11:00', 'im_session'),
      'min_days',
    ],
    [
      'a candidate without a dose is never refused',
      alternateDays,
      booked('2026-12-05', '09:30'),
      candidate('2026-12-05', '13:00', 'follow_up'),
      null,
    ],
  ])('%s', (_name, spacing, b, c, expected) => {
    expect(dosingSpacingClash(c, [b], spacing)?.rule ?? null).toBe(expected);
  });

  it('names the nearest clash, with its day and time, and the rule', () => {
    const clash = dosingSpacingClash(
      candidate('2026-12-05', '11:00', 'im_session'),
      [
        booked('2026-12-04', '09:00', { id: 'far' }),
        booked('2026-12-05', '09:30', { id: 'near', kind: 'im_session', label: 'IM ketamine session' }),
      ],
      alternateDays,
    );
    expect(clash).toMatchObject({ with: { id: 'near' }, rule: 'same_day', days: 0, hours: 1.5 });
    expect(dosingClashMessage(clash!, alternateDays)).toBe(
      'is too close to the patient’s IM ketamine session on 2026-12-05 at 09:30 (never two dosing sessions on the same day)',
    );
    expect(
      dosingClashMessage(
        dosingSpacingClash(candidate('2026-12-06', '09:30'), [booked('2026-12-05', '09:30')], alternateDays)!,
        alternateDays,
      ),
    ).toContain('at least 2 days apart');
    expect(
      dosingClashMessage(
        dosingSpacingClash(candidate('2026-12-06', '09:30'), [booked('2026-12-05', '09:30')], hoursOnly)!,
        hoursOnly,
      ),
    ).toContain('at least 36 hours apart');
  });

  it('gives one field error per series session that clashes', () => {
    const sessions = ['2026-12-04', '2026-12-07', '2026-12-09', '2026-12-11'].map((d) => candidate(d, '10:00'));
    const errors = dosingSpacingErrors(
      sessions,
      [booked('2026-12-10', '10:00', { id: 'a' }), booked('2026-12-15', '10:00', { id: 'b' })],
      alternateDays,
    );
    expect(errors.map((e) => e.path)).toEqual(['/sessions/2/date', '/sessions/3/date']);
    expect(errors[0]!.message).toContain('2026-12-10');
  });

  it('knows the dosing kinds', () => {
    expect(['iv_session', 'im_session', 'esketamine_session'].every((kind) => isDosing({ kind }))).toBe(true);
    expect(['assessment', 'follow_up', 'telehealth'].some((kind) => isDosing({ kind }))).toBe(false);
  });
});

describe('series proposals keep away from the patient’s booked doses', () => {
  const iv = typeOf('iv_session');
  const induction = { kind: 'induction', constraints: defaultProtocol.induction } as const;
  // Doses already booked on Thursday 10 and Tuesday 15 December 2026 at 10:00 New York (15:00 UTC).
  const existing = [
    { ...booked('2026-12-10', '10:00', { id: 'a' }), startsAt: new Date('2026-12-10T15:00:00Z') },
    { ...booked('2026-12-15', '10:00', { id: 'b' }), startsAt: new Date('2026-12-15T15:00:00Z') },
  ];
  const input = {
    schedule: schedule('America/New_York'),
    type: iv,
    startDate: '2026-12-04',
    preferredTime: '10:00',
    earliestDate: '2026-12-01',
  };

  it('without them, proposes days next to the booked doses (the defect)', () => {
    expect(proposeSeries(input, induction).map((s) => s.date)).toEqual([
      '2026-12-04',
      '2026-12-07',
      '2026-12-09',
      '2026-12-11',
      '2026-12-14',
      '2026-12-16',
    ]);
  });

  it('with them, moves each session on to a day at least the minimum spacing away', () => {
    const dates = proposeSeries(
      { ...input, booked: { appointments: existing, spacing: alternateDays } },
      induction,
    ).map((s) => s.date);
    expect(dates).toEqual(['2026-12-04', '2026-12-07', '2026-12-12', '2026-12-17', '2026-12-19', '2026-12-21']);
    for (const d of dates)
      for (const e of existing) expect(Math.abs(daysBetween(d, e.localDate))).toBeGreaterThanOrEqual(2);
  });

  it('a cancelled booked dose does not push the series on', () => {
    const cancelled = existing.map((e) => ({ ...e, status: 'cancelled' }));
    expect(
      proposeSeries({ ...input, booked: { appointments: cancelled, spacing: alternateDays } }, induction).map(
        (s) => s.date,
      ),
    ).toEqual(['2026-12-04', '2026-12-07', '2026-12-09', '2026-12-11', '2026-12-14', '2026-12-16']);
  });

  it('a replacement after a cancellation keeps away from other booked doses too', () => {
    const sessions = [
      { number: 1, ...at('2026-12-01', '15:00'), active: true },
      { number: 2, ...at('2026-12-03', '15:00'), active: false },
      { number: 3, ...at('2026-12-07', '15:00'), active: true },
    ];
    const replace = {
      schedule: schedule('America/New_York'),
      type: iv,
      constraints: { ...defaultProtocol.induction, sessions: 3 },
      sessions,
      replace: 2,
      preferredTime: '10:00',
      earliestDate: '2026-12-02',
    };
    expect(replanAfterCancellation(replace).date).toBe('2026-12-03');
    const other = {
      ...booked('2026-12-04', '10:00', { id: 'x', kind: 'esketamine_session' }),
      startsAt: new Date('2026-12-04T15:00:00Z'),
    };
    expect(
      replanAfterCancellation({ ...replace, booked: { appointments: [other], spacing: alternateDays } }).date,
    ).toBe('2026-12-09');
  });
});
