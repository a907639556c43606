import { describe, expect, it } from 'vitest';
import { assertTransition, isLateCancellation, nextStatuses } from '../../../../src/domain/scheduling/index.js';
import { thrown } from './fixtures.js';

const startsAt = new Date('2026-03-09T14:00:00Z');
const endsAt = new Date('2026-03-09T15:55:00Z');
const ctx = (now: string, hasDose = true) => ({ startsAt, endsAt, now: new Date(now), hasDose });

describe('appointment status flow', () => {
  it.each([
    ['scheduled', 'confirmed', '2026-03-08T10:00:00Z'],
    ['confirmed', 'checked_in', '2026-03-09T13:30:00Z'],
    ['checked_in', 'in_session', '2026-03-09T14:00:00Z'],
    ['in_session', 'recovery', '2026-03-09T14:55:00Z'],
    ['recovery', 'discharged', '2026-03-09T15:55:00Z'],
    ['scheduled', 'cancelled', '2026-03-08T10:00:00Z'],
    ['confirmed', 'no_show', '2026-03-09T14:30:00Z'],
  ] as const)('allows %s → %s', (from, to, now) => {
    expect(() => assertTransition(from, to, ctx(now))).not.toThrow();
  });

  it.each([
    ['scheduled', 'discharged', '2026-03-09T14:00:00Z', 'cannot become'],
    ['cancelled', 'confirmed', '2026-03-08T10:00:00Z', 'cannot become'],
    ['no_show', 'checked_in', '2026-03-09T14:30:00Z', 'cannot become'],
    ['discharged', 'in_session', '2026-03-09T16:00:00Z', 'cannot become'],
    ['scheduled', 'checked_in', '2026-03-09T11:59:00Z', 'Check-in opens'],
    ['scheduled', 'no_show', '2026-03-09T13:59:00Z', 'once the appointment has started'],
    ['confirmed', 'cancelled', '2026-03-09T16:00:00Z', 'has ended'],
  ] as const)('refuses %s → %s', (from, to, now, message) => {
    const error = thrown(() => assertTransition(from, to, ctx(now)));
    expect(error.code).toBe('appointment_status_transition_invalid');
    expect(error.message).toContain(message);
  });

  it('has no recovery for a visit without a dose', () => {
    expect(thrown(() => assertTransition('in_session', 'recovery', ctx('2026-03-09T14:30:00Z', false))).code).toBe(
      'appointment_status_transition_invalid',
    );
    expect(() => assertTransition('in_session', 'discharged', ctx('2026-03-09T14:30:00Z', false))).not.toThrow();
  });

  it('ends in discharged, cancelled or no_show', () => {
    expect(nextStatuses('discharged')).toEqual([]);
    expect(nextStatuses('cancelled')).toEqual([]);
    expect(nextStatuses('no_show')).toEqual([]);
  });

  it('calls a cancellation less than 24 hours before the start late (boundary exact)', () => {
    expect(isLateCancellation(startsAt, new Date('2026-03-08T14:00:00Z'))).toBe(false);
    expect(isLateCancellation(startsAt, new Date('2026-03-08T14:00:01Z'))).toBe(true);
  });
});
