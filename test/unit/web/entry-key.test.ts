import { describe, expect, it } from 'vitest';
import { ApiError, entryKey } from '../../../web/src/shared/api.js';

/** The console's Idempotency-Key per entry (decision 033). */
describe('entryKey (web/src/shared/api)', () => {
  const problem = (status: number, code: string) => new ApiError(status, { code, title: code });

  it('keeps one key while the entry is sent again, and a new one once it is recorded', () => {
    const key = entryKey();
    const first = key.current();
    expect(key.current()).toBe(first);
    // A lost answer or a refusal to correct: the retry carries the same key.
    key.failed(problem(0, 'network'));
    key.failed(problem(400, 'validation_failed'));
    expect(key.current()).toBe(first);
    key.recorded();
    expect(key.current()).not.toBe(first);
  });

  it('takes a new key when the server says an earlier send with it was recorded (the entry was edited since)', () => {
    const key = entryKey();
    const first = key.current();
    key.failed(problem(422, 'idempotency_key_reused'));
    expect(key.current()).not.toBe(first);
  });
});
