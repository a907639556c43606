import { afterAll, describe, expect, it } from 'vitest';
import { loadDemoClinic } from '../../src/app/demo.js';
import { createTestApp } from '../setup/app.js';
import { formTokenFrom, validIntake, withPath } from './intake-fixtures.js';

async function appWithClinic(env: NodeJS.ProcessEnv = {}) {
  const t = await createTestApp({
    env: { KETACLINIC_INTAKE_MIN_FILL_SECONDS: '0', KETACLINIC_INTAKE_RATE_LIMIT: '1000', ...env },
  });
  const client = await t.db.client();
  // Without the demo's own intakes: these tests count the intakes they send.
  await loadDemoClinic(client, { intakes: false });
  await client.end();
  const count = async (): Promise<number> =>
    (await t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM intakes')).rows[0]!.n;
  return { ...t, count, token: await formTokenFrom(t.app) };
}

describe('POST /api/v1/intake — a valid request', async () => {
  const { app, db, token } = await appWithClinic();

  it('stores the intake with server-computed scores and flags and answers with the reference only', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/intake',
      payload: { ...validIntake(token), urgent: true, scores: [] },
    });
    expect(res.statusCode).toBe(201);
    expect(Object.keys(res.json())).toEqual(['reference']);
    expect(res.json().reference).toMatch(/^KC-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(res.body).not.toMatch(/phq9|sertraline|urgent/i);
    const row = (await db.pool.query('SELECT * FROM intakes WHERE reference = $1', [res.json().reference])).rows[0];
    expect(row.urgent).toBe(false); // the client's "urgent: true" is ignored: urgency comes from the answers
    // Not urgent: it waits in the queue; nobody is emailed.
    const notices = await db.pool.query("SELECT 1 FROM email_outbox WHERE kind = 'intake_urgent'");
    expect(notices.rowCount).toBe(0);
    expect(row.scores).toEqual([
      { instrumentId: 'phq9', version: '1.1.0', total: 10, severity: { id: 'moderate', label: 'Moderate' }, flags: [] },
      { instrumentId: 'gad7', version: '1.0.0', total: 8, severity: { id: 'mild', label: 'Mild' }, flags: [] },
    ]);
    expect(row.prescreen_flags.map((f: { flag: string; answer: string }) => `${f.flag}:${f.answer}`)).toEqual([
      'uncontrolled_hypertension:not_sure',
      'benzodiazepine_use:yes',
    ]);
    expect(row.status).toBe('new');
    expect(row.state).toBe('NY');
  });

  it('marks an intake urgent when the C-SSRS screener rates moderate or high risk, and still accepts it', async () => {
    let body = withPath(validIntake(token), 'answers.phq9.phq9_9', 2);
    body = withPath(body, 'answers.cssrs_screener', {
      cssrs_1: true,
      cssrs_2: true,
      cssrs_3: true,
      cssrs_4: true,
      cssrs_5: false,
      cssrs_6_lifetime: false,
      cssrs_6_past_3_months: null,
    });
    const res = await app.inject({ method: 'POST', url: '/api/v1/intake', payload: body });
    expect(res.statusCode).toBe(201);
    const row = (
      await db.pool.query('SELECT urgent, urgent_reasons, scores FROM intakes WHERE reference = $1', [
        res.json().reference,
      ])
    ).rows[0];
    expect(row.urgent).toBe(true);
    expect(row.urgent_reasons).toEqual(['cssrs_high_risk', 'phq9_item9_positive']);
    expect(row.scores.find((s: { instrumentId: string }) => s.instrumentId === 'cssrs_screener').severity.id).toBe(
      'high',
    );
    // It does not wait for someone to open the queue: every prescriber and coordinator is emailed at once, in
    // the same commit, with a link to the request and no name, answer or score (CLINICAL.md §5: escalate now).
    const intakeId = (
      await db.pool.query<{ id: string }>('SELECT id FROM intakes WHERE reference = $1', [res.json().reference])
    ).rows[0]!.id;
    const mails = (
      await db.pool.query<{ to_address: string; subject: string; body_text: string; status: string }>(
        "SELECT * FROM email_outbox WHERE kind = 'intake_urgent' ORDER BY to_address",
      )
    ).rows;
    const staff = (
      await db.pool.query<{ email: string }>(
        "SELECT email FROM users WHERE kind = 'staff' AND active AND roles && ARRAY['prescriber','coordinator'] ORDER BY email",
      )
    ).rows.map((u) => u.email);
    expect(staff.length).toBeGreaterThan(0);
    expect(mails.map((m) => m.to_address)).toEqual(staff);
    for (const m of mails) {
      expect(m.subject).toMatch(/^Urgent/);
      expect(m.body_text).toContain(`/app/intake/${intakeId}`);
      expect(m.body_text).not.toMatch(/phq|cssrs|item 9|KC-|@|Alex|high risk/i);
      expect(m.status).toBe('outbox');
    }
    const audited = await db.pool.query("SELECT details FROM audit_log WHERE action = 'intake.urgent_notice'");
    expect(audited.rows).toEqual([
      { details: expect.objectContaining({ reasons: ['cssrs_high_risk', 'phq9_item9_positive'] }) },
    ]);
  });

  it('asks for PCL-5 when PTSD is chosen and the pain rating when chronic pain is', async () => {
    const body = withPath(validIntake(token), 'conditions', ['ptsd', 'chronic_pain']);
    const res = await app.inject({ method: 'POST', url: '/api/v1/intake', payload: body });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual([
      '/body/answers/pcl5',
      '/body/answers/pain_nrs',
    ]);
    const ok = withPath(
      withPath(body, 'answers.pcl5', Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`pcl5_${i + 1}`, 2]))),
      'answers.pain_nrs',
      { pain_nrs_1: 7 },
    );
    expect((await app.inject({ method: 'POST', url: '/api/v1/intake', payload: ok })).statusCode).toBe(201);
  });
});

describe('POST /api/v1/intake — every invalid field is a 400 naming it, and nothing is stored', async () => {
  const { app, count, token } = await appWithClinic();
  const cases: [string, string, unknown, string][] = [
    ['empty first name', 'contact.givenName', '  ', '/body/contact/givenName'],
    ['missing last name', 'contact.familyName', undefined, '/body/contact/familyName'],
    ['malformed email', 'contact.email', 'alex-at-example', '/body/contact/email'],
    ['phone with letters', 'contact.phone', 'call me', '/body/contact/phone'],
    ['date of birth in the wrong format', 'contact.dateOfBirth', '12/04/1985', '/body/contact/dateOfBirth'],
    ['date of birth that does not exist', 'contact.dateOfBirth', '1985-02-30', '/body/contact/dateOfBirth'],
    ['date of birth in the future', 'contact.dateOfBirth', '2999-01-01', '/body/contact/dateOfBirth'],
    ['someone under 18', 'contact.dateOfBirth', '2015-01-01', '/body/contact/dateOfBirth'],
    ['unknown state', 'contact.state', 'XX', '/body/contact/state'],
    ['no condition chosen', 'conditions', [], '/body/conditions'],
    ['unknown condition', 'conditions', ['flu'], '/body/conditions/0'],
    ['a PHQ-9 item left out', 'answers.phq9.phq9_3', undefined, '/body/answers/phq9/phq9_3'],
    ['a PHQ-9 answer out of range', 'answers.phq9.phq9_3', 4, '/body/answers/phq9/phq9_3'],
    ['a GAD-7 answer as text', 'answers.gad7.gad7_1', 'often', '/body/answers/gad7/gad7_1'],
    ['the GAD-7 missing', 'answers.gad7', undefined, '/body/answers/gad7'],
    ['an unknown instrument', 'answers.madrs', { madrs_1: 1 }, '/body/answers'],
    ['a pre-screen question unanswered', 'prescreen.stroke', undefined, '/body/prescreen/stroke'],
    ['a pre-screen answer outside yes/no/not sure', 'prescreen.stroke', 'maybe', '/body/prescreen/stroke'],
    ['an unknown pre-screen question', 'prescreen.favourite_colour', 'yes', '/body/prescreen/favourite_colour'],
    ['medications text too long', 'medications.current', 'x'.repeat(2001), '/body/medications/current'],
    ['no contact time', 'contactPreferences.times', [], '/body/contactPreferences/times'],
    ['unknown contact method', 'contactPreferences.method', 'pigeon', '/body/contactPreferences/method'],
    ['no consent to contact', 'consent.contact', false, '/body/consent/contact'],
    ['privacy notice not confirmed', 'consent.privacyNotice', false, '/body/consent/privacyNotice'],
    ['no form token', 'formToken', undefined, '/body/formToken'],
  ];

  it.each(cases)('%s → 400 at %s', async (_name, path, value, errorPath) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/intake',
      payload: withPath(validIntake(token), path, value),
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const paths = (res.json().errors as { path: string }[]).map((e) => e.path);
    expect(paths).toContain(errorPath);
    expect(res.json().errors.every((e: { message: string }) => e.message.length > 0)).toBe(true);
    expect(await count()).toBe(0);
  });

  it('names every bad field at once', async () => {
    const body = withPath(withPath(validIntake(token), 'contact.email', 'nope'), 'contact.state', 'XX');
    const res = await app.inject({ method: 'POST', url: '/api/v1/intake', payload: body });
    expect(
      res
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['/body/contact/email', '/body/contact/state']);
  });
});

describe('POST /api/v1/intake — rate limit per client', async () => {
  const { app, count, token } = await appWithClinic({ KETACLINIC_INTAKE_RATE_LIMIT: '3' });

  it('answers 429 with Retry-After after the limit, counting invalid requests too', async () => {
    expect((await app.inject({ method: 'POST', url: '/api/v1/intake', payload: validIntake(token) })).statusCode).toBe(
      201,
    );
    expect((await app.inject({ method: 'POST', url: '/api/v1/intake', payload: {} })).statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: '/api/v1/intake', payload: validIntake(token) })).statusCode).toBe(
      201,
    );
    const limited = await app.inject({ method: 'POST', url: '/api/v1/intake', payload: validIntake(token) });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('rate_limited');
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(await count()).toBe(2);
  });

  it('counts each client address separately and never stores the address', async () => {
    const other = await app.inject({
      method: 'POST',
      url: '/api/v1/intake',
      payload: validIntake(token),
      remoteAddress: '127.0.0.9',
    });
    expect(other.statusCode).toBe(201);
  });
});

describe('POST /api/v1/intake — Idempotency-Key', async () => {
  const { app, count, token } = await appWithClinic();

  it('returns the same reference for the same key and body, and stores the intake once', async () => {
    const headers = { 'idempotency-key': 'e1c7d0a2-retry-test' };
    const first = await app.inject({ method: 'POST', url: '/api/v1/intake', headers, payload: validIntake(token) });
    const again = await app.inject({ method: 'POST', url: '/api/v1/intake', headers, payload: validIntake(token) });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json().reference).toBe(first.json().reference);
    expect(await count()).toBe(1);
  });

  it('refuses the same key with a different body (422) and stores nothing', async () => {
    const headers = { 'idempotency-key': 'key-reused-2' };
    await app.inject({ method: 'POST', url: '/api/v1/intake', headers, payload: validIntake(token) });
    const before = await count();
    const other = await app.inject({
      method: 'POST',
      url: '/api/v1/intake',
      headers,
      payload: withPath(validIntake(token), 'contact.givenName', 'Sam'),
    });
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('idempotency_key_reused');
    expect(await count()).toBe(before);
  });

  it('stores one intake when the same key arrives twice at once', async () => {
    const before = await count();
    const headers = { 'idempotency-key': 'concurrent-3' };
    const [a, b] = await Promise.all([
      app.inject({ method: 'POST', url: '/api/v1/intake', headers, payload: validIntake(token) }),
      app.inject({ method: 'POST', url: '/api/v1/intake', headers, payload: validIntake(token) }),
    ]);
    expect(a.json().reference).toBe(b.json().reference);
    expect(await count()).toBe(before + 1);
  });
});

describe('POST /api/v1/intake — spam', async () => {
  const { app, count, token } = await appWithClinic();
  const slow = await appWithClinic({ KETACLINIC_INTAKE_MIN_FILL_SECONDS: '120' });

  it('answers a filled honeypot like a success, with a reference, but stores nothing', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/intake',
      payload: { ...validIntake(token), website: 'http://spam.example' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().reference).toMatch(/^KC-/);
    expect(await count()).toBe(0);
  });

  it('drops a submission made faster than the minimum fill time, or with a forged token', async () => {
    expect(
      (await slow.app.inject({ method: 'POST', url: '/api/v1/intake', payload: validIntake(slow.token) })).statusCode,
    ).toBe(201);
    expect(await slow.count()).toBe(0);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/intake',
          payload: validIntake(`${Date.now() - 600_000}.${'A'.repeat(32)}`),
        })
      ).statusCode,
    ).toBe(201);
    expect(await count()).toBe(0);
  });
});

describe('POST /api/v1/intake — no clinic set up', async () => {
  const { app } = await createTestApp({ env: { KETACLINIC_INTAKE_MIN_FILL_SECONDS: '0' } });

  it('answers 503 clinic_not_configured and stores nothing', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/intake',
      payload: validIntake(await formTokenFrom(app)),
    });
    expect(res.statusCode).toBe(503);
    expect(res.json().code).toBe('clinic_not_configured');
  });
});

describe('POST /api/v1/intake — nothing about health in the logs', async () => {
  const { loadConfig } = await import('../../src/config.js');
  const { buildApp, loggerOptions } = await import('../../src/http/app.js');
  const { createTestDatabase } = await import('../setup/database.js');
  const { Writable } = await import('node:stream');
  const db = await createTestDatabase();
  const client = await db.client();
  await loadDemoClinic(client);
  await client.end();
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const config = loadConfig({ KETACLINIC_INTAKE_MIN_FILL_SECONDS: '0', LOG_LEVEL: 'trace' });
  const app = await buildApp(config, { pool: db.pool, logger: { ...(loggerOptions(config) as object), stream } });
  afterAll(async () => {
    await app.close();
  });

  it('logs the method, path and outcome of an urgent submission, but no answer, score, urgency or name', async () => {
    const body = withPath(
      withPath(validIntake(await formTokenFrom(app)), 'answers.phq9.phq9_9', 3),
      'answers.cssrs_screener',
      {
        cssrs_1: true,
        cssrs_2: true,
        cssrs_3: true,
        cssrs_4: true,
        cssrs_5: true,
        cssrs_6_lifetime: true,
        cssrs_6_past_3_months: true,
      },
    );
    const res = await app.inject({ method: 'POST', url: '/api/v1/intake', payload: body });
    expect(res.statusCode).toBe(201);
    const invalid = await app.inject({
      method: 'POST',
      url: '/api/v1/intake',
      payload: withPath(body, 'contact.email', 'alex-at-example'),
    });
    expect(invalid.statusCode).toBe(400);
    const log = lines.join('');
    expect(log).toContain('"path":"/api/v1/intake"');
    expect(log).toContain('intake stored');
    for (const secret of [
      'Alex',
      'alex',
      'sertraline',
      'lorazepam',
      'phq9',
      'cssrs',
      'urgent',
      '1985-04-12',
      res.json().reference,
    ])
      expect(log).not.toContain(secret);
  });
});
