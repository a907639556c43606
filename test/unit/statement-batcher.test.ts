import { describe, expect, it } from 'vitest';
import { StatementBatcher, refusedByDatabase } from '../../src/db/statement-batcher.js';

/** Decision 028: concurrent writes of one shape share a statement; none waits for a batch to fill. */
function recorder(options: { maxBatch?: number; maxInFlight?: number; conflictKey?: (item: string) => string } = {}) {
  const calls: string[][] = [];
  const gates: (() => void)[] = [];
  let hold = false;
  const batcher = new StatementBatcher<string, string>(
    async (items) => {
      calls.push([...items]);
      if (hold) await new Promise<void>((resolve) => gates.push(resolve));
      if (items.includes('bad')) throw Object.assign(new Error('refused by the database'), { code: '23514' });
      if (items.includes('lost')) throw new Error('Connection terminated unexpectedly');
      return items.map((item) => `done:${item}`);
    },
    { maxBatch: options.maxBatch ?? 64, maxInFlight: options.maxInFlight ?? 2, conflictKey: options.conflictKey },
  );
  return {
    batcher,
    calls,
    hold: (on: boolean) => (hold = on),
    release: () => gates.splice(0).forEach((open) => open()),
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('StatementBatcher', () => {
  it('a write alone goes at once, as a statement of one', async () => {
    const r = recorder();
    await expect(r.batcher.submit('a')).resolves.toBe('done:a');
    expect(r.calls).toEqual([['a']]);
  });

  it('writes submitted together share one statement, each gets its own answer, in order', async () => {
    const r = recorder();
    const answers = await Promise.all(['a', 'b', 'c'].map((x) => r.batcher.submit(x)));
    expect(answers).toEqual(['done:a', 'done:b', 'done:c']);
    expect(r.calls).toEqual([['a', 'b', 'c']]);
  });

  it('no more than maxBatch writes in one statement', async () => {
    const r = recorder({ maxBatch: 2, maxInFlight: 10 });
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((x) => r.batcher.submit(x)));
    expect(r.calls).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('while maxInFlight statements run, later writes queue and go together when one commits', async () => {
    const r = recorder({ maxInFlight: 1 });
    r.hold(true);
    const first = r.batcher.submit('a');
    await tick();
    const later = ['b', 'c', 'd'].map((x) => r.batcher.submit(x));
    await tick();
    expect(r.calls).toEqual([['a']]);
    r.hold(false);
    r.release();
    expect(await Promise.all([first, ...later])).toEqual(['done:a', 'done:b', 'done:c', 'done:d']);
    expect(r.calls).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('the next statement is sent before the writes of the last one are answered', async () => {
    const r = recorder({ maxInFlight: 1 });
    r.hold(true);
    let callsWhenFirstAnswered: number | undefined;
    const first = r.batcher.submit('a').then((answer) => {
      callsWhenFirstAnswered = r.calls.length;
      return answer;
    });
    await tick();
    const second = r.batcher.submit('b');
    await tick();
    r.release();
    await first;
    // 'b' was already handed to the database when 'a' got its answer.
    expect(callsWhenFirstAnswered).toBe(2);
    r.hold(false);
    r.release();
    await expect(second).resolves.toBe('done:b');
  });
  it('writes with the same conflict key never share a statement (the later one goes next)', async () => {
    const r = recorder({ conflictKey: (item) => item.slice(0, 1) });
    await Promise.all(['s1', 's2', 't1', 's3', 'u1'].map((x) => r.batcher.submit(x)));
    expect(r.calls).toEqual([['s1', 't1', 'u1'], ['s2'], ['s3']]);
  });

  it('a refused statement of several is sent again write by write: only the refused write fails', async () => {
    const r = recorder();
    const settled = await Promise.allSettled(['a', 'bad', 'c'].map((x) => r.batcher.submit(x)));
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual([
      'done:a',
      'refused by the database',
      'done:c',
    ]);
    expect(r.calls[0]).toEqual(['a', 'bad', 'c']);
    expect(r.calls.slice(1).sort()).toEqual([['a'], ['bad'], ['c']]);
  });

  it('a lost connection fails every write of the statement, none sent again (it may have committed)', async () => {
    const r = recorder();
    const settled = await Promise.allSettled(['a', 'lost', 'c'].map((x) => r.batcher.submit(x)));
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(r.calls).toEqual([['a', 'lost', 'c']]);
  });

  it('knows a statement the database rolled back from a lost connection', () => {
    for (const code of ['22003', '23505', '23514', '40P01', '42501'])
      expect(refusedByDatabase(Object.assign(new Error(), { code }))).toBe(true);
    for (const error of [
      new Error('Connection terminated'),
      Object.assign(new Error(), { code: '57P01' }),
      Object.assign(new Error(), { code: '08006' }),
      Object.assign(new Error(), { code: 'ECONNRESET' }),
      null,
      undefined,
    ])
      expect(refusedByDatabase(error)).toBe(false);
  });

  it('a refused write alone is refused once, not retried', async () => {
    const r = recorder();
    await expect(r.batcher.submit('bad')).rejects.toThrow('refused by the database');
    expect(r.calls).toEqual([['bad']]);
  });
});
