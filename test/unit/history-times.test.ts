import { describe, expect, it } from 'vitest';
import { historyTimes } from '../../src/db/repositories/chart-read.js';

// PostgreSQL's JSON writes a UTC timestamp with the fraction's trailing zeros dropped, and none when it is zero.
describe('historyTimes: a history row’s time from PostgreSQL’s JSON to the API text and the exact cursor', () => {
  it.each([
    ['2026-12-01T09:30:00', '2026-12-01T09:30:00.000000Z', '2026-12-01T09:30:00.000Z'],
    ['2026-12-01T09:30:00.5', '2026-12-01T09:30:00.500000Z', '2026-12-01T09:30:00.500Z'],
    ['2026-12-01T09:30:00.123', '2026-12-01T09:30:00.123000Z', '2026-12-01T09:30:00.123Z'],
    // Milliseconds are cut, not rounded, as to_char's MS: a row never moves into the next millisecond.
    ['2026-12-01T09:30:00.999999', '2026-12-01T09:30:00.999999Z', '2026-12-01T09:30:00.999Z'],
    ['2026-12-01T23:59:59.000137', '2026-12-01T23:59:59.000137Z', '2026-12-01T23:59:59.000Z'],
  ])('%s → at %s, time %s', (pgUtc, at, time) => {
    expect(historyTimes(pgUtc)).toEqual({ at, time });
  });
});
