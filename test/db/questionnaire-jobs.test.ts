import { afterAll, describe, expect, it } from 'vitest';
import { APP_ROLE } from '../../src/db/app-role.js';
import { loadConfig } from '../../src/config.js';
import {
  SAFETY_ESCALATION_JOB,
  registerQuestionnaireJobs,
  QUESTIONNAIRE_DISPATCH_JOB,
} from '../../src/jobs/questionnaires.js';
import { startJobQueue, type JobQueue } from '../../src/jobs/queue.js';
import { createTestDatabase } from '../setup/database.js';
import { createOrganization, createUser } from '../setup/identity.js';

/**
 * The questionnaire jobs on the real queue, as two app servers run them: both register the workers and
 * the schedules; an unacknowledged safety alert is escalated once however many jobs the two servers run.
 */
const db = await createTestDatabase();
const queues: JobQueue[] = [];
afterAll(async () => {
  for (const queue of queues) await queue.stop(2000);
});
const config = loadConfig({ KETACLINIC_PUBLIC_URL: 'http://clinic.example.test' });
const server = async (): Promise<JobQueue> => {
  const queue = await startJobQueue(db.config, {
    log: () => undefined,
    role: APP_ROLE,
    pollingIntervalSeconds: 0.5,
    max: 2,
    schedule: false,
  });
  queues.push(queue);
  await registerQuestionnaireJobs(queue, { config, pool: db.pool, embeddedDataDir: undefined, log: () => undefined });
  return queue;
};
const until = async (done: () => Promise<boolean>, ms = 20_000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe('questionnaire jobs on the queue', () => {
  it('escalates an alert left unacknowledged past the clinic’s time once, with two servers running the job', async () => {
    const org = await createOrganization(db.pool, 'Escalation Clinic');
    const prescriber = await createUser(db.pool, {
      organizationId: org,
      email: 'rx@escalation.example.org',
      roles: ['prescriber'],
    });
    await createUser(db.pool, { organizationId: org, email: 'rx2@escalation.example.org', roles: ['prescriber'] });
    await createUser(db.pool, { organizationId: org, email: 'admin@escalation.example.org', roles: ['admin'] });
    const patient = await createUser(db.pool, {
      organizationId: org,
      email: 'pt@escalation.example.org',
      kind: 'patient',
    });
    await db.pool.query(
      `WITH r AS (
         INSERT INTO questionnaire_results (organization_id, patient_id, instrument_id, instrument_version, answers, completed_at, source)
         VALUES ($1, $2, 'phq9', '1', '{}', now() - interval '2 hours', 'portal') RETURNING id)
       INSERT INTO safety_alerts (organization_id, patient_id, result_id, reasons, assigned_user_id, raised_at)
       SELECT $1, $2, id, '{phq9_item9}', $3, now() - interval '2 hours' FROM r`,
      [org, patient.patientId, prescriber.id],
    );
    const [a, b] = [await server(), await server()];
    for (const queue of [a, b, a, b]) await queue.send(SAFETY_ESCALATION_JOB);
    await a.send(QUESTIONNAIRE_DISPATCH_JOB);
    await until(
      async () => (await db.pool.query('SELECT 1 FROM safety_alerts WHERE escalated_at IS NOT NULL')).rowCount === 1,
    );
    await new Promise((r) => setTimeout(r, 2000)); // time for a second escalation to show, were there one
    const emails = await db.pool.query<{ to_address: string }>(
      "SELECT to_address FROM email_outbox WHERE kind = 'safety_alert_escalation' ORDER BY to_address",
    );
    expect(emails.rows.map((r) => r.to_address)).toEqual([
      'admin@escalation.example.org',
      'rx2@escalation.example.org',
    ]);
    const audits = await db.pool.query("SELECT 1 FROM audit_log WHERE action = 'safety_alerts.escalate'");
    expect(audits.rowCount).toBe(1);
  });
});
