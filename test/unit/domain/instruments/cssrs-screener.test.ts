import { describe, expect, it } from 'vitest';
import { scoreInstrument } from '../../../../src/domain/instruments/score.js';
import type { DomainError } from '../../../../src/domain/errors.js';

const Y = true;
const N = false;

/** Answers in item order: Q1, Q2, Q3, Q4, Q5, Q6 lifetime, Q6 past 3 months (null = not asked). */
type Row = [boolean, boolean, boolean | null, boolean | null, boolean | null, boolean, boolean | null];

describe('C-SSRS screener triage — Posner 2011; CLINICAL.md §5 (high: Q4, Q5, behaviour in 3 months; moderate: Q3, lifetime behaviour; low: Q1 or Q2 only; none: all no)', () => {
  it.each<[string, Row, 'none' | 'low' | 'moderate' | 'high']>([
    ['all no (Q3–Q5 and 6b skipped)', [N, N, null, null, null, N, null], 'none'],
    ['wish to be dead only', [Y, N, null, null, null, N, null], 'low'],
    ['suicidal thoughts, no method, intent or plan', [Y, Y, N, N, N, N, null], 'low'],
    ['thoughts with method (Q3)', [Y, Y, Y, N, N, N, null], 'moderate'],
    ['lifetime behaviour, not in past 3 months', [N, N, null, null, null, Y, N], 'moderate'],
    ['intent without plan (Q4)', [Y, Y, Y, Y, N, N, null], 'high'],
    ['intent with plan (Q5)', [Y, Y, N, N, Y, N, null], 'high'],
    ['behaviour in the past 3 months', [N, N, null, null, null, Y, Y], 'high'],
    ['Q3 and lifetime behaviour together stay moderate', [Y, Y, Y, N, N, Y, N], 'moderate'],
  ])('%s → %s risk', (_name, row, level) => {
    const result = scoreInstrument('cssrs_screener', row);
    expect(result.total).toBeNull();
    expect(result.severity?.id).toBe(level);
    expect(result.flags).toEqual(
      level === 'high'
        ? ['cssrs_high_risk']
        : level === 'moderate'
          ? ['cssrs_moderate_risk']
          : level === 'low'
            ? ['cssrs_low_risk']
            : [],
    );
    // High risk blocks dosing and means escalation now (CLINICAL.md §5).
    expect(result.blocksDosing).toBe(level === 'high');
  });

  it('reports skipped items as null, answered ones as given', () => {
    const result = scoreInstrument('cssrs_screener', {
      cssrs_1: true,
      cssrs_2: false,
      cssrs_6_lifetime: false,
    });
    expect(result.items.map((item) => item.value)).toEqual([true, false, null, null, null, false, null]);
  });

  it('refuses a "yes" to Q4 when Q2 was "no" (Q3–Q5 are asked only when Q2 is yes): never dropped, never guessed', () => {
    try {
      scoreInstrument('cssrs_screener', [N, N, null, Y, null, N, null]);
      expect.unreachable('should have thrown');
    } catch (error) {
      expect((error as DomainError).errors).toEqual([
        {
          path: '/answers/cssrs_4',
          message: 'Item 4 is asked only when item 2 is yes: correct item 2, or leave this item empty',
        },
      ]);
    }
    // …and a "yes" to 6b when lifetime behaviour was "no".
    try {
      scoreInstrument('cssrs_screener', [N, N, null, null, null, N, Y]);
      expect.unreachable('should have thrown');
    } catch (error) {
      expect((error as DomainError).errors[0]?.message).toMatch(/^Item 6b is asked only when item 6 is yes/);
    }
  });

  it('records a "no" to a skipped item as not asked', () => {
    const result = scoreInstrument('cssrs_screener', [Y, N, N, N, N, N, N]);
    expect(result.severity?.id).toBe('low');
    expect(result.items.map((item) => item.value)).toEqual([true, false, null, null, null, false, null]);
  });

  it('needs Q3–Q5 when Q2 is yes, and 6b when lifetime behaviour is yes', () => {
    try {
      scoreInstrument('cssrs_screener', [Y, Y, null, null, null, Y, null]);
      expect.unreachable('should have thrown');
    } catch (error) {
      expect((error as DomainError).errors.map((e) => e.path)).toEqual([
        '/answers/cssrs_3',
        '/answers/cssrs_4',
        '/answers/cssrs_5',
        '/answers/cssrs_6_past_3_months',
      ]);
    }
  });

  it('reports only the gate when the gate itself is missing', () => {
    try {
      scoreInstrument('cssrs_screener', { cssrs_1: false, cssrs_6_lifetime: false });
      expect.unreachable('should have thrown');
    } catch (error) {
      expect((error as DomainError).errors.map((e) => e.path)).toEqual(['/answers/cssrs_2']);
    }
  });

  it('refuses 1/0 in place of yes/no', () => {
    expect(() => scoreInstrument('cssrs_screener', [1, 0, null, null, null, 0, null])).toThrow(/out of range/);
  });
});
