import { describe, expect, it } from 'vitest';
import { scoreInstrument } from '../../../../src/domain/instruments/score.js';
import { DomainError } from '../../../../src/domain/errors.js';
import type { Answers } from '../../../../src/domain/instruments/types.js';
import { allItemsAt } from './forms.js';

function errorOf(call: () => unknown): DomainError {
  try {
    call();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('incomplete or invalid forms — CLINICAL.md §5: a missing answer is never scored as 0', () => {
  it('names every offending item at once: missing, out of range, not whole, wrong type, unknown', () => {
    const answers: Answers = {
      ...allItemsAt('phq9', 1),
      phq9_2: undefined,
      phq9_4: 4,
      phq9_5: 1.5,
      phq9_7: true,
      phq9_10: 4,
      phq9_11: 1,
    };
    delete (answers as Record<string, unknown>)['phq9_9'];
    const error = errorOf(() => scoreInstrument('phq9', answers));
    expect(error.code).toBe('answers_invalid');
    expect(error.errors.map((e) => e.path)).toEqual([
      '/answers/phq9_2',
      '/answers/phq9_4',
      '/answers/phq9_5',
      '/answers/phq9_7',
      '/answers/phq9_9',
      '/answers/phq9_10',
      '/answers/phq9_11',
    ]);
    expect(error.errors[0]?.message).toMatch(/not answered/);
    expect(error.errors[1]?.message).toBe('Item 4 must be a whole number from 0 to 3');
    expect(error.details).toEqual({ instrumentId: 'phq9' });
  });

  it.each<[string, Answers]>([
    ['an empty record', {}],
    ['an empty list', []],
    ['a list one short', [0, 0, 0, 0, 0, 0, 0, 0]],
    ['a list with a hole', [0, 0, 0, null, 0, 0, 0, 0, 0]],
  ])('refuses %s rather than scoring the gaps as 0', (_name, answers) => {
    expect(errorOf(() => scoreInstrument('phq9', answers)).code).toBe('answers_invalid');
  });

  it('reports extra list entries by position', () => {
    const error = errorOf(() => scoreInstrument('gad7', [0, 0, 0, 0, 0, 0, 0, 2]));
    expect(error.errors).toEqual([{ path: '/answers/7', message: 'GAD-7 has only 7 items' }]);
  });

  it.each([NaN, Infinity, -1, '2' as unknown as number])('refuses %s as an answer', (value) => {
    const error = errorOf(() => scoreInstrument('gad7', { ...allItemsAt('gad7', 0), gad7_3: value }));
    expect(error.errors.map((e) => e.path)).toEqual(['/answers/gad7_3']);
  });

  it('refuses answers that are neither a record nor a list', () => {
    const error = errorOf(() => scoreInstrument('phq9', null as unknown as Answers));
    expect(error.errors).toEqual([{ path: '/answers', message: expect.any(String) }]);
  });

  it('throws instrument_unknown for an unknown id, including inherited property names', () => {
    expect(errorOf(() => scoreInstrument('beck', [])).code).toBe('instrument_unknown');
    expect(errorOf(() => scoreInstrument('toString', [])).code).toBe('instrument_unknown');
  });
});
