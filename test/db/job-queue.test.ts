import { afterAll, describe, expect, it } from 'vitest';
import { APP_ROLE } from '../../src/db/app-role.js';
import { JOB_SCHEMA, startJobQueue, type JobQueue } from '../../src/jobs/queue.js';
import { createTestDatabase } from '../setup/database.js';

/**
 * The job queue (pg-boss, decision 011) on a real PostgreSQL, as two app servers would run it: two
 * instances on one database, each with its own pool, connecting as ketaclinic_app.
 */
const db = await createTestDatabase();
const queues: JobQueue[] = [];
const logged: string[] = [];
const open = async (): Promise<JobQueue> => {
  const queue = await startJobQueue(db.config, {
    log: (_level, message) => logged.push(message),
    role: APP_ROLE,
    pollingIntervalSeconds: 0.5,
    max: 2,
  });
  queues.push(queue);
  return queue;
};
afterAll(async () => {
  for (const queue of queues) await queue.stop(2000);
});

const until = async (done: () => boolean, ms = 20_000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('job queue', () => {
  it('installs its tables in the pgboss schema, owned by ketaclinic_app (so it may add queue partitions)', async () => {
    await open();
    const owners = await db.pool.query<{ owner: string; n: number }>(
      'SELECT tableowner AS owner, count(*)::int AS n FROM pg_tables WHERE schemaname = $1 GROUP BY 1',
      [JOB_SCHEMA],
    );
    expect(owners.rows).toEqual([{ owner: APP_ROLE, n: expect.any(Number) }]);
  });

  it('with two servers working one queue, each job runs exactly once', async () => {
    const [a, b] = [queues[0] ?? (await open()), await open()];
    const ran: { by: string; n: number }[] = [];
    await a.work<{ n: number }>('test-once', async (data) => void ran.push({ by: 'a', n: data.n }));
    await b.work<{ n: number }>('test-once', async (data) => void ran.push({ by: 'b', n: data.n }));
    for (let n = 0; n < 12; n++) await (n % 2 ? a : b).send('test-once', { n });
    await until(() => ran.length >= 12);
    await new Promise((r) => setTimeout(r, 1500)); // time for a duplicate to show, were there one
    expect(ran.map((r) => r.n).sort((x, y) => x - y)).toEqual([...Array(12).keys()]);
    expect(new Set(ran.map((r) => r.by))).toEqual(new Set(['a', 'b']));
  });

  it('a failing job is retried, and its error logged rather than thrown at the process', async () => {
    const queue = queues[0] ?? (await open());
    let attempts = 0;
    await queue.work(
      'test-retry',
      async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('first attempt fails');
      },
      { retryLimit: 2, retryDelaySeconds: 1 },
    );
    await queue.send('test-retry', {});
    await until(() => attempts >= 2);
    expect(logged.some((m) => m.includes('test-retry failed') && m.includes('first attempt fails'))).toBe(true);
  });

  it('a schedule scheduled by both servers is stored once and replaced, not duplicated', async () => {
    const [a, b] = [queues[0] ?? (await open()), queues[1] ?? (await open())];
    await a.schedule('test-nightly', '30 2 * * *', { tz: 'America/New_York' });
    await b.schedule('test-nightly', '30 2 * * *', { tz: 'America/New_York' });
    await b.schedule('test-nightly', '45 3 * * *', { tz: 'America/New_York' });
    const schedules = await a.boss.getSchedules('test-nightly');
    expect(schedules.map((s) => [s.cron, s.timezone])).toEqual([['45 3 * * *', 'America/New_York']]);
    await a.unschedule('test-nightly');
    expect(await a.boss.getSchedules('test-nightly')).toEqual([]);
  });
});
