import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts } from '../../src/app/identity/demo-accounts.js';
import { newestSourceMs, stampFile } from '../../scripts/source-stamp.mjs';
import { runKetaclinic, serverEnv, startKetaclinic, tempDir, type Started } from '../setup/fault-server.js';

/**
 * `npm start` runs the compiled server: one bundle of the sources and most packages, with a chunk per part a
 * command loads when it runs (decision 032). The other suites run the TypeScript; this one starts the bundle
 * itself over real HTTP and reaches every package it loads late or leaves outside the bundle (pdfkit's font
 * files, the QR code, the calendar, argon2, the job queue), and the files found from the checkout (migrations,
 * the site's stylesheet, the console).
 */
const root = path.resolve(import.meta.dirname, '../..');
const nurse = demoAccounts.find((a) => a.roles.includes('nurse'))!;
const coordinator = demoAccounts.find((a) => a.roles.includes('coordinator'))!;

let server: Started;
let env: NodeJS.ProcessEnv;
type Api = (pathname: string, init?: { method?: string; body?: unknown }) => Promise<Response>;
let nurseApi: Api;
let frontDeskApi: Api;

/** Signs a demo account without two-step sign-in in over HTTP; its requests carry the session and CSRF token. */
async function signIn(account: { email: string; password: string }): Promise<Api> {
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: account.email, password: account.password }),
  });
  expect(login.status).toBe(200);
  const cookie = /kc_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return (pathname, init = {}) =>
    fetch(`${server.url}/api/v1${pathname}`, {
      method: init.method ?? 'GET',
      headers: {
        cookie,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json', 'x-csrf-token': csrfToken }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
}

beforeAll(async () => {
  const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-server.mjs'), '--if-stale'], {
    encoding: 'utf8',
  });
  expect(build.status, build.stderr).toBe(0);
  // bin/ketaclinic.js runs dist/ only when it was built from these sources: make sure that is what runs here.
  expect(fs.readFileSync(stampFile(root), 'utf8').trim()).toBe(String(newestSourceMs(path.join(root, 'src'))));

  const dataDir = path.join(tempDir('kc-compiled-'), 'data');
  env = serverEnv({ KETACLINIC_DATA_DIR: dataDir });
  const demo = await runKetaclinic(['demo'], env);
  expect(demo.code, demo.output).toBe(0);
  server = await startKetaclinic(env);

  nurseApi = await signIn(nurse);
  frontDeskApi = await signIn(coordinator);
}, 120_000);

describe.skipIf(process.env.TEST_DATABASE_URL !== undefined)('the compiled server', () => {
  it('serves the public site with its stylesheet, the intake and the console', async () => {
    const home = await fetch(`${server.url}/`);
    expect(home.status).toBe(200);
    const html = await home.text();
    expect(html).toContain('Get started');
    const css = /href="(\/site-[0-9a-f]{12}\.css)"/.exec(html)?.[1];
    expect(css).toBeDefined();
    expect((await fetch(`${server.url}${css}`)).status).toBe(200);
    expect((await fetch(`${server.url}/get-started`)).status).toBe(200);
    expect((await fetch(`${server.url}/app/`)).status).toBe(200);
    expect((await fetch(`${server.url}/api/v1/openapi.json`)).status).toBe(200);
  });

  it('signs staff in (argon2), lists patients, and writes the session note PDF (pdfkit)', async () => {
    const patients = await nurseApi('/patients');
    expect(patients.status).toBe(200);
    const sessions = await nurseApi('/sessions/board');
    expect(sessions.status).toBe(200);
    const sessionId = ((await sessions.json()) as { items: { id: string }[] }).items[0]?.id;
    expect(sessionId).toBeDefined();
    const pdf = await nurseApi(`/sessions/${sessionId}/note.pdf`);
    expect(pdf.status).toBe(200);
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });

  it('draws a two-step sign-in QR code and writes a calendar feed', async () => {
    const enrol = await nurseApi('/me/mfa/enrolment', { method: 'POST', body: {} });
    expect(enrol.status).toBe(200);
    expect(((await enrol.json()) as { qrSvg: string }).qrSvg).toContain('<svg');
    const patients = (await (await frontDeskApi('/patients')).json()) as { items: { id: string }[] };
    const feed = await frontDeskApi('/schedule/feeds', { method: 'POST', body: { patientId: patients.items[0]!.id } });
    expect(feed.status, await feed.clone().text()).toBe(201);
    const { url } = (await feed.json()) as { url: string };
    const ics = await fetch(`${server.url}${new URL(url).pathname}`);
    expect(ics.status).toBe(200);
    expect(await ics.text()).toContain('BEGIN:VCALENDAR');
  });

  it('starts the job queue (pg-boss) with the server', () => {
    expect(server.output()).toContain('running at');
    expect(server.output()).not.toMatch(/job queue did not start/);
  });

  it('names the running server’s own address when the demo is loaded beside it', async () => {
    const again = await runKetaclinic(['demo'], env);
    expect(again.code, again.output).toBe(0);
    expect(again.output).toContain('is already loaded');
    expect(again.output).toContain(`The clinic is running at ${server.url}/`);
  });
});
