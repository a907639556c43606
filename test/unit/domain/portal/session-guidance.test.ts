import { describe, expect, it } from 'vitest';
import { aftercareInstructions, preparationSteps } from '../../../../src/domain/portal/session-guidance.js';

/** CLINICAL.md §3: fasting from the protocol, a responsible adult, no driving until the next day after sleep. */
const base = {
  hasDose: true,
  timeZone: 'America/New_York',
  fastingSolidsHours: 6,
  clearFluidsHours: 2,
  companionName: null,
};

describe('preparing for a session', () => {
  it.each([
    // 10:00 New York (15:00 UTC): stop eating at 4:00 AM, clear drinks until 8:00 AM, the same day.
    ['a morning session', '2026-12-03T15:00:00Z', 'Do not eat from 4:00 AM', 'Clear drinks only until 8:00 AM'],
    // 06:00: six hours before is exactly midnight, still the same day.
    ['a session at six', '2026-12-03T11:00:00Z', 'Do not eat from 12:00 AM', 'Clear drinks only until 4:00 AM'],
    // 05:59: six hours before is 23:59 the day before.
    [
      'a session at dawn',
      '2026-12-03T10:59:00Z',
      'Do not eat from 11:59 PM the day before',
      'Clear drinks only until 3:59 AM',
    ],
    // 01:30: clear drinks end 23:30 the day before too.
    [
      'a session after midnight',
      '2026-12-03T06:30:00Z',
      'Do not eat from 7:30 PM the day before',
      'Clear drinks only until 11:30 PM the day before',
    ],
  ])('%s', (_name, startsAt, fasting, fluids) => {
    const steps = preparationSteps({ ...base, startsAt: new Date(startsAt) });
    expect(steps.map((s) => s.title)).toEqual([
      fasting,
      fluids,
      'Bring an adult to take you home',
      'No driving until the next day',
    ]);
  });

  it('names the companion once the patient has', () => {
    const steps = preparationSteps({
      ...base,
      startsAt: new Date('2026-12-03T15:00:00Z'),
      companionName: 'Sam Okafor',
    });
    expect(steps.find((s) => s.id === 'companion')?.title).toBe('Sam Okafor takes you home');
  });

  it('follows the protocol’s hours', () => {
    const steps = preparationSteps({
      ...base,
      fastingSolidsHours: 8,
      clearFluidsHours: 3,
      startsAt: new Date('2026-12-03T15:00:00Z'),
    });
    expect(steps[0]!.title).toBe('Do not eat from 2:00 AM');
    expect(steps[0]!.text).toContain('8 hours');
    expect(steps[1]!.title).toBe('Clear drinks only until 7:00 AM');
  });

  it('a visit without a dose needs no preparation', () => {
    expect(preparationSteps({ ...base, hasDose: false, startsAt: new Date('2026-12-03T15:00:00Z') })).toEqual([
      expect.objectContaining({ id: 'no_preparation' }),
    ]);
  });

  it('aftercare repeats the discharge instructions: no driving until the next day after sleep, crisis numbers', () => {
    expect(aftercareInstructions[0]).toContain('until the next day, after a night’s sleep');
    expect(aftercareInstructions.join(' ')).toContain('988');
  });
});
