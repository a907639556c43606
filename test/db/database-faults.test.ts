import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  countPresent,
  formToken,
  postmasterPid,
  readyWithin,
  seedOrganization,
  serverEnv,
  socketConfig,
  startKetaclinic,
  startLoad,
  tempDir,
} from '../setup/fault-server.js';

/**
 * The embedded PostgreSQL under faults, from outside (issue 18): the postmaster killed with SIGKILL as the
 * OOM killer would, under load and idle. The Node process stays up, requests during the outage get 503
 * problem+json with Retry-After (never a reset), every acknowledged write is present afterwards, and
 * /readyz returns to 200 by itself within 10 s.
 */
const READY_WITHIN_MS = 10_000;

describe.skipIf(process.env.TEST_DATABASE_URL !== undefined)('embedded PostgreSQL killed', () => {
  it('under load: a blip of 503s, the server restarts PostgreSQL, and no acknowledged intake is lost', async () => {
    const dataDir = path.join(tempDir('kc-fault-kill-'), 'data');
    const server = await startKetaclinic(serverEnv({ KETACLINIC_DATA_DIR: dataDir }));
    await seedOrganization(socketConfig(dataDir));
    const token = await formToken(server.url);
    const load = startLoad(server.url, token, { maxMs: 40_000 });
    while (load.count() < 30) await new Promise((r) => setTimeout(r, 20));

    process.kill(postmasterPid(dataDir), 'SIGKILL');
    const tookMs = await readyWithin(server.url, READY_WITHIN_MS);
    const before = load.count();
    while (load.count() < before + 30) await new Promise((r) => setTimeout(r, 20));
    const result = await load.stop();

    expect(server.child.exitCode).toBeNull();
    expect(result.networkErrors).toBe(0);
    expect(result.badUnavailable).toBe(0);
    expect([...result.statuses.keys()].every((status) => status === 201 || status === 503)).toBe(true);
    expect(result.acknowledged.length).toBeGreaterThan(50);
    expect(await countPresent(socketConfig(dataDir), result.acknowledged)).toBe(result.acknowledged.length);
    expect(server.output()).toMatch(/PostgreSQL stopped unexpectedly/);
    expect(server.output()).toMatch(/PostgreSQL is running again/);
    expect(tookMs).toBeLessThan(READY_WITHIN_MS);
  }, 90_000);

  it('idle: the server notices on its own and /readyz is 200 again within 10 s', async () => {
    const dataDir = path.join(tempDir('kc-fault-idle-'), 'data');
    const server = await startKetaclinic(serverEnv({ KETACLINIC_DATA_DIR: dataDir }));
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    const pid = postmasterPid(dataDir);
    process.kill(pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 300));
    await readyWithin(server.url, READY_WITHIN_MS);
    expect(postmasterPid(dataDir)).not.toBe(pid);
    expect(server.child.exitCode).toBeNull();
  }, 60_000);
});
