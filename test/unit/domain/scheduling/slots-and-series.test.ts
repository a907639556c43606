import { describe, expect, it } from 'vitest';
import { defaultProtocol } from '../../../../src/domain/protocol/default-protocol.js';
import {
  proposeSeries,
  replanAfterCancellation,
  ScheduleIndex,
  seriesSpacingErrors,
  type BusyInterval,
} from '../../../../src/domain/scheduling/index.js';
import { daysBetween } from '../../../../src/domain/time/local-date.js';
import { nurse, prescriber, schedule, thrown, typeOf } from './fixtures.js';

const iv = typeOf('iv_session');
const induction = { kind: 'induction', constraints: defaultProtocol.induction } as const;
const busy = (resourceId: string, start: string, end: string): BusyInterval => ({
  resourceId,
  startMs: Date.parse(start),
  endMs: Date.parse(end),
});

describe('finding a slot for chair + nurse + prescriber on site', () => {
  it('takes the preferred time when a chair, a nurse and a prescriber are free', () => {
    const slot = new ScheduleIndex(schedule('America/New_York')).findSlot(iv, '2026-03-09', 600);
    expect(slot).toMatchObject({ time: '10:00', chairId: 'chair-1', staffId: 'nurse-1', adjusted: false });
    expect(slot?.startsAt).toEqual(new Date('2026-03-09T14:00:00Z'));
    expect(slot?.endsAt).toEqual(new Date('2026-03-09T15:55:00Z'));
  });

  it('uses the second chair and nurse when the first are taken', () => {
    const s = schedule('America/New_York', {
      busy: [
        busy('chair-1', '2026-03-09T13:00:00Z', '2026-03-09T17:00:00Z'),
        busy('nurse-1', '2026-03-09T13:00:00Z', '2026-03-09T17:00:00Z'),
      ],
    });
    expect(new ScheduleIndex(s).findSlot(iv, '2026-03-09', 600)).toMatchObject({
      time: '10:00',
      chairId: 'chair-2',
      staffId: 'nurse-2',
    });
  });

  it('moves to the nearest free quarter hour when every chair is taken at the preferred time', () => {
    const s = schedule('America/New_York', {
      busy: [
        busy('chair-1', '2026-03-09T13:00:00Z', '2026-03-09T15:30:00Z'),
        busy('chair-2', '2026-03-09T13:00:00Z', '2026-03-09T15:30:00Z'),
      ],
    });
    // 10:00 EDT = 14:00Z; chairs free from 15:30Z = 11:30 local. Before 09:00 local a session would overlap.
    expect(new ScheduleIndex(s).findSlot(iv, '2026-03-09', 600)).toMatchObject({ time: '11:30', adjusted: true });
  });

  it('needs a nurse who works the whole appointment', () => {
    const mornings = { mon: { opens: '08:00', closes: '12:00' } };
    const s = schedule('America/New_York', { staff: [nurse('n', mornings), prescriber('dr')] });
    expect(new ScheduleIndex(s).findSlot(iv, '2026-03-09', 14 * 60)).toMatchObject({ time: '10:00', staffId: 'n' });
  });

  it('finds nothing when no prescriber is on site for an IV session, but books an esketamine session', () => {
    const s = schedule('America/New_York', { staff: [nurse('n')] });
    const index = new ScheduleIndex(s);
    expect(index.findSlot(iv, '2026-03-09', 600)).toBeNull();
    expect(index.findSlot(typeOf('esketamine_session'), '2026-03-09', 600)).toMatchObject({ staffId: 'n' });
  });

  it('books telehealth without a chair', () => {
    const s = schedule('America/New_York', { chairs: [] });
    expect(new ScheduleIndex(s).findSlot(typeOf('telehealth'), '2026-03-09', 600)).toMatchObject({
      chairId: null,
      staffId: 'dr-1',
    });
  });

  it('offers nothing on a closed day', () => {
    const s = schedule('America/New_York', {
      calendar: { ...schedule('America/New_York').calendar, closedDates: ['2026-03-09'] },
    });
    expect(new ScheduleIndex(s).findSlot(iv, '2026-03-09', 600)).toBeNull();
    expect(new ScheduleIndex(s).findSlot(iv, '2026-03-08', 600)).toBeNull(); // Sunday
  });
});

describe.each([
  ['America/New_York', '2026-03-02', '2026-03-08'],
  ['Europe/London', '2026-03-23', '2026-03-29'],
  ['America/New_York', '2026-10-26', '2026-11-01'],
  ['Europe/London', '2026-10-19', '2026-10-25'],
])('series proposal across a DST change in %s from %s (change on %s)', (timeZone, startDate, changeDate) => {
  const s = schedule(timeZone);
  const sessions = proposeSeries(
    { schedule: s, type: iv, startDate, preferredTime: '10:00', earliestDate: startDate },
    induction,
  );

  it('proposes six sessions at 10:00 local on both sides of the change', () => {
    expect(sessions).toHaveLength(6);
    expect(sessions.every((x) => x.time === '10:00')).toBe(true);
    expect(sessions.some((x) => x.date < changeDate) && sessions.some((x) => x.date > changeDate)).toBe(true);
    const offsets = new Set(sessions.map((x) => x.startsAt.getUTCHours()));
    expect(offsets.size).toBe(2);
  });

  it('keeps the spacing rules and gives every session a chair and a nurse', () => {
    expect(
      seriesSpacingErrors(
        sessions.map((x) => ({ localDate: x.date, startsAt: x.startsAt })),
        defaultProtocol.induction,
      ),
    ).toEqual([]);
    expect(sessions.every((x) => x.chairId && x.staffId)).toBe(true);
    expect(daysBetween(sessions[0]!.date, sessions[5]!.date) + 1).toBeLessThanOrEqual(21);
  });
});

describe('series proposal around a full calendar', () => {
  it('skips a day on which every chair is taken, as the planner skips a closed day', () => {
    // Wednesday 2026-03-04 fully booked in both chairs.
    const s = schedule('America/New_York', {
      busy: [
        busy('chair-1', '2026-03-04T12:00:00Z', '2026-03-04T23:00:00Z'),
        busy('chair-2', '2026-03-04T12:00:00Z', '2026-03-04T23:00:00Z'),
      ],
    });
    const sessions = proposeSeries(
      { schedule: s, type: iv, startDate: '2026-03-02', preferredTime: '10:00', earliestDate: '2026-03-02' },
      induction,
    );
    expect(sessions.map((x) => x.date)).not.toContain('2026-03-04');
    expect(sessions).toHaveLength(6);
  });

  it('never starts before the earliest date', () => {
    const sessions = proposeSeries(
      {
        schedule: schedule('America/New_York'),
        type: iv,
        startDate: '2026-03-02',
        preferredTime: '10:00',
        earliestDate: '2026-03-05',
      },
      induction,
    );
    expect(sessions[0]?.date).toBe('2026-03-05');
  });

  it('says why when nothing fits (no chairs)', () => {
    const error = thrown(() =>
      proposeSeries(
        {
          schedule: schedule('America/New_York', { chairs: [] }),
          type: iv,
          startDate: '2026-03-02',
          preferredTime: '10:00',
          earliestDate: '2026-03-02',
        },
        induction,
      ),
    );
    expect(error.code).toBe('series_plan_unsatisfiable');
  });

  it('proposes a maintenance cadence (weekly × 4 from the first date)', () => {
    const sessions = proposeSeries(
      {
        schedule: schedule('Europe/London'),
        type: iv,
        startDate: '2026-04-06',
        preferredTime: '09:30',
        earliestDate: '2026-04-01',
      },
      { kind: 'maintenance', phases: [{ kind: 'interval', everyDays: 7, count: 4 }] },
    );
    expect(sessions.map((x) => x.date)).toEqual(['2026-04-06', '2026-04-13', '2026-04-20', '2026-04-27']);
  });
});

describe('series spacing check on a hand-edited proposal', () => {
  const at = (localDate: string, iso: string) => ({ localDate, startsAt: new Date(iso) });
  it('flags two sessions one day apart and a span over 21 days', () => {
    const errors = seriesSpacingErrors(
      [
        at('2026-03-02', '2026-03-02T15:00:00Z'),
        at('2026-03-03', '2026-03-03T15:00:00Z'),
        at('2026-03-30', '2026-03-30T14:00:00Z'),
      ],
      defaultProtocol.induction,
    );
    expect(errors.map((e) => e.path)).toEqual(['/sessions/1', '/sessions/2']);
  });
  it('flags a fourth session in one week', () => {
    const errors = seriesSpacingErrors(
      ['02', '04', '06', '08'].map((d) => at(`2026-03-${d}`, `2026-03-${d}T15:00:00Z`)),
      defaultProtocol.induction,
    );
    expect(errors).toEqual([{ path: '/sessions/3', message: 'week 1 would have more than 3 sessions' }]);
  });
});

describe('re-planning after a cancellation', () => {
  const s = schedule('America/New_York');
  const proposed = proposeSeries(
    { schedule: s, type: iv, startDate: '2026-03-02', preferredTime: '10:00', earliestDate: '2026-03-02' },
    induction,
  );
  const booked = proposed.map((p) => ({ number: p.number, localDate: p.date, startsAt: p.startsAt, active: true }));

  it('puts the replacement where the series keeps its spacing', () => {
    const sessions = booked.map((b) => (b.number === 3 ? { ...b, active: false } : b));
    const replacement = replanAfterCancellation({
      schedule: s,
      type: iv,
      constraints: defaultProtocol.induction,
      sessions,
      replace: 3,
      preferredTime: '10:00',
      earliestDate: '2026-03-05',
    });
    const all = [...sessions.filter((x) => x.active), { localDate: replacement.date, startsAt: replacement.startsAt }];
    expect(seriesSpacingErrors(all, defaultProtocol.induction)).toEqual([]);
    expect(replacement.number).toBe(3);
    expect(replacement.date >= '2026-03-05').toBe(true);
  });

  it('refuses when no day keeps the rules', () => {
    const error = thrown(() =>
      replanAfterCancellation({
        schedule: s,
        type: iv,
        constraints: { ...defaultProtocol.induction, maxSpanDays: 12 },
        sessions: booked.map((b) => (b.number === 6 ? { ...b, active: false } : b)),
        replace: 6,
        preferredTime: '10:00',
        earliestDate: '2026-03-20',
      }),
    );
    expect(error.code).toBe('series_plan_unsatisfiable');
  });
});
