import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sendDueReminders } from '../../src/app/scheduling/confirmations.js';
import { deliverPendingEmails, smtpMailer } from '../../src/jobs/email.js';
import { signIn } from '../setup/identity.js';
import { header, messageText, startTestSmtp } from '../setup/smtp.js';
import { newPatient } from './chart-fixtures.js';
import { scheduleClinic } from './schedule-fixtures.js';

/**
 * Reminders 48 h and 24 h before, the confirmation link, SMTP delivery to a real local server, and two
 * server processes on one database sending each reminder once.
 */
const clinic = await scheduleClinic('Reminder Clinic');
const { as, t } = clinic;
const pool = t.db.pool;
const smtp = await startTestSmtp();
const healthWords = /ketamine|esketamine|infusion|\bIV\b|\bIM\b|depress|session|dose|treatment|plan/i;

async function bookFor(
  given: string,
  date: string,
  startTime: string,
  kind = 'esketamine_session',
): Promise<{ patientId: string; id: string; version: number }> {
  const patientId = await newPatient(clinic, { given });
  await pool.query(`UPDATE patients SET email = $2 WHERE id = $1`, [
    patientId,
    `${given.toLowerCase()}@patients.example.org`,
  ]);
  const res = await as.coordinator.post('/schedule/appointments', {
    patientId,
    locationId: clinic.locationId,
    kind,
    date,
    startTime,
  });
  if (res.statusCode !== 201) throw new Error(res.body);
  return { patientId, id: res.json().id, version: res.json().version };
}

const outbox = async (to: string) =>
  (
    await pool.query<{ subject: string; body_text: string; status: string; kind: string }>(
      `SELECT subject, body_text, status, kind FROM email_outbox WHERE to_address = $1 ORDER BY created_at`,
      [to],
    )
  ).rows;

describe('reminders and the confirmation link', () => {
  // Saturday 28 November 2026, 10:00 New York = 15:00 UTC; the clock starts Thursday 26th 10:00 UTC (53 h before).
  const options = { publicUrl: 'http://clinic.example.test', smtp: false };

  it('writes the 48 h reminder once (outbox without SMTP), then the 24 h one, with nothing clinical in it', async () => {
    const { patientId } = await bookFor('Wren', '2026-11-28', '10:00');
    const at = (iso: string) => new Date(iso);
    expect(await sendDueReminders(pool, at('2026-11-26T10:00:00Z'), options)).toBe(0);
    expect(await sendDueReminders(pool, at('2026-11-26T15:00:00Z'), options)).toBe(1);
    expect(await sendDueReminders(pool, at('2026-11-26T15:01:00Z'), options)).toBe(0);
    const [first] = await outbox('wren@patients.example.org');
    expect(first).toMatchObject({
      subject: 'Your appointment on Saturday 28 November at 10:00',
      status: 'outbox',
      kind: 'reminder_48h',
    });
    expect(first!.subject).not.toMatch(healthWords);
    expect(first!.body_text).not.toMatch(healthWords);
    expect(first!.body_text).toContain('Do not eat anything for 6 hours');
    expect(first!.body_text).toContain('Do not drive');
    expect(first!.body_text).toMatch(/http:\/\/clinic\.example\.test\/confirm\/[A-Za-z0-9_-]{43}/);
    expect(await sendDueReminders(pool, at('2026-11-27T15:00:00Z'), options)).toBe(1);
    expect((await outbox('wren@patients.example.org')).map((e) => e.kind)).toEqual(['reminder_48h', 'reminder_24h']);
    const audited = await pool.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'appointment.reminder' AND patient_id = $1`,
      [patientId],
    );
    expect(audited.rows[0].n).toBe(2);
  });

  it('lets the patient confirm and name a companion once; refuses a reused, foreign or made-up link', async () => {
    const { id } = await bookFor('Juno', '2026-11-28', '11:00', 'telehealth');
    await sendDueReminders(pool, new Date('2026-11-26T16:00:00Z'), options);
    const [email] = await outbox('juno@patients.example.org');
    const url = /\/confirm\/[A-Za-z0-9_-]{43}/.exec(email!.body_text)![0];

    const page = await t.app.inject({ method: 'GET', url });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Saturday 28 November at 11:00');
    expect(page.body).not.toMatch(/esketamine/i);
    expect(page.headers['cache-control']).toBe('no-store');

    const form = (companionName: string) =>
      t.app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ companionName }).toString(),
      });
    const empty = await form('  ');
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('There is a problem');
    expect(empty.body).toContain('aria-invalid="true"');

    // Another patient signed in to the portal cannot use it.
    const other = await signIn(t, clinic.users.patient);
    const foreign = await t.app.inject({ method: 'GET', url, headers: { cookie: other.cookie } });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.body).toContain('another patient');

    const done = await form('Alex Example');
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Appointment confirmed');
    const row = (await as.coordinator.get(`/schedule/appointments/${id}`)).json();
    expect(row).toMatchObject({ status: 'confirmed', companionName: 'Alex Example', confirmedVia: 'link' });

    const reused = await form('Someone Else');
    expect(reused.statusCode).toBe(409);
    expect(reused.body).toContain('already been used');
    expect((await as.coordinator.get(`/schedule/appointments/${id}`)).json().companionName).toBe('Alex Example');

    expect((await t.app.inject({ method: 'GET', url: '/confirm/not-a-token' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/confirm/${'A'.repeat(43)}` })).statusCode).toBe(404);

    // The 24 h reminder of a confirmed appointment carries no link.
    await sendDueReminders(pool, new Date('2026-11-27T16:00:00Z'), options);
    expect((await outbox('juno@patients.example.org'))[1]!.body_text).not.toContain('/confirm/');
  });

  it('refuses a link once the appointment time has passed (410)', async () => {
    await bookFor('Ivy', '2026-11-28', '12:00', 'telehealth');
    await sendDueReminders(pool, new Date('2026-11-26T18:00:00Z'), options);
    const url = /\/confirm\/[A-Za-z0-9_-]{43}/.exec((await outbox('ivy@patients.example.org'))[0]!.body_text)![0];
    t.clock.advance(new Date('2026-11-28T17:30:00Z').getTime() - t.clock.now.getTime());
    const late = await t.app.inject({ method: 'GET', url });
    expect(late.statusCode).toBe(410);
    expect(late.body).toContain('expired');
  });

  it('sends pending emails through a real SMTP server', async () => {
    await pool.query(`UPDATE email_outbox SET status = 'pending' WHERE to_address = 'wren@patients.example.org'`);
    const sent = await deliverPendingEmails(pool, smtpMailer(smtp.url), {
      from: 'Clinic <no-reply@clinic.example.test>',
      now: () => new Date(),
    });
    expect(sent).toBe(2);
    const received = smtp.messages.filter((m) => m.to.includes('wren@patients.example.org'));
    expect(received).toHaveLength(2);
    expect(header(received[0]!.raw, 'subject')).toBe('Your appointment on Saturday 28 November at 10:00');
    expect(messageText(received[0]!.raw)).toContain('Bring an adult who can take you home');
    expect(messageText(received[0]!.raw)).not.toMatch(healthWords);
    expect((await outbox('wren@patients.example.org')).every((e) => e.status === 'sent')).toBe(true);
  });
});

describe('two server processes, one database', () => {
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const child of children) {
      if (child.exitCode !== null || !child.connected) continue;
      const exited = new Promise((r) => child.once('exit', r));
      child.send('stop');
      await exited;
    }
  });

  it('send each reminder once', async () => {
    // Real time here: the servers read the clock. An appointment 47 hours from now (written directly).
    const patientId = await newPatient(clinic, { given: 'Tamsin' });
    await pool.query(`UPDATE patients SET email = 'tamsin@patients.example.org' WHERE id = $1`, [patientId]);
    const type = (
      await pool.query<{ id: string }>(
        `SELECT id FROM appointment_types WHERE organization_id = $1 AND kind = 'telehealth'`,
        [clinic.organizationId],
      )
    ).rows[0]!;
    await pool.query(
      `INSERT INTO appointments (organization_id, location_id, patient_id, appointment_type_id, kind, starts_at, ends_at, status_changed_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, 'telehealth', now() + interval '47 hours', now() + interval '47 hours 20 minutes', now(), now(), now())`,
      [clinic.organizationId, clinic.locationId, patientId, type.id],
    );
    const c = t.db.config;
    const databaseUrl =
      c.connectionString ??
      `postgresql://${encodeURIComponent(String(c.user))}${c.password ? `:${encodeURIComponent(String(c.password))}` : ''}@${String(c.host).startsWith('/') ? 'localhost' : String(c.host)}:${String(c.port)}/${String(c.database)}${String(c.host).startsWith('/') ? `?host=${encodeURIComponent(String(c.host))}` : ''}`;
    const start = (): Promise<ChildProcess> =>
      new Promise((resolve, reject) => {
        const child = fork(path.join(import.meta.dirname, '..', 'setup', 'reminder-server.ts'), [], {
          execArgv: ['--import', 'tsx'],
          env: {
            ...process.env,
            DATABASE_URL: databaseUrl,
            PORT: '0',
            LOG_LEVEL: 'silent',
            KETACLINIC_JOBS: 'on',
            KETACLINIC_SMTP_URL: smtp.url,
            KETACLINIC_PUBLIC_URL: 'http://clinic.example.test',
          },
          stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
        });
        children.push(child);
        let stderr = '';
        child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.once('message', (m: { jobs: boolean }) => (m.jobs ? resolve(child) : reject(new Error('no job queue'))));
        child.once('exit', (code) => reject(new Error(`server exited ${code}: ${stderr.slice(-2000)}`)));
      });
    const [a, b] = await Promise.all([start(), start()]);
    for (let i = 0; i < 3; i++) {
      a.send('remind');
      b.send('remind');
    }
    const deadline = Date.now() + 30_000;
    const mine = () => smtp.messages.filter((m) => m.to.includes('tamsin@patients.example.org'));
    while (mine().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    // Give both servers time to run every queued job; still one message.
    await new Promise((r) => setTimeout(r, 5000));
    expect(mine()).toHaveLength(1);
    const rows = await pool.query(
      `SELECT count(*)::int AS n FROM appointment_reminders r JOIN appointments a ON a.id = r.appointment_id WHERE a.patient_id = $1`,
      [patientId],
    );
    expect(rows.rows[0].n).toBe(1);
  }, 90_000);
});
