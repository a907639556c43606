import { describe, expect, it } from 'vitest';
import { vitalsDue } from '../../../web/src/console/sessions/time.js';

const now = Date.parse('2026-03-02T14:00:00Z');
const at = (seconds: number) => new Date(now + seconds * 1000).toISOString();

describe('vitalsDue (web/src/console/sessions/time): when the next vitals are due, in words', () => {
  it.each([
    [
      'overdue by under a minute (the server says 0 min overdue)',
      { dueAt: at(-20), overdue: true, minutesOverdue: 0 },
      { kind: 'now' },
    ],
    ['due this very second', { dueAt: at(0), overdue: false, minutesOverdue: 0 }, { kind: 'now' }],
    ['due in under half a minute', { dueAt: at(20), overdue: false, minutesOverdue: 0 }, { kind: 'now' }],
    ['due in 5 minutes', { dueAt: at(300), overdue: false, minutesOverdue: 0 }, { kind: 'in', minutes: 5 }],
    ['late by 3 minutes', { dueAt: at(-190), overdue: true, minutesOverdue: 3 }, { kind: 'overdue', minutes: 3 }],
    [
      'late since the board was read',
      { dueAt: at(-130), overdue: true, minutesOverdue: 0 },
      { kind: 'overdue', minutes: 2 },
    ],
    [
      'past due on this clock, not yet read as overdue',
      { dueAt: at(-70), overdue: false, minutesOverdue: 0 },
      { kind: 'overdue', minutes: 1 },
    ],
    [
      'overdue per the server, this clock a little behind',
      { dueAt: at(40), overdue: true, minutesOverdue: 2 },
      { kind: 'overdue', minutes: 2 },
    ],
  ] as const)('%s', (_, due, expected) => {
    expect(vitalsDue(due, now)).toEqual(expected);
  });
});
