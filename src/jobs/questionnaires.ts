import { sendQuestionnaireReminders } from '../app/questionnaires/reminders.js';
import { escalateAlerts } from '../app/questionnaires/safety-alerts.js';
import { materialiseAll } from '../app/questionnaires/schedule.js';
import type { JobDeps, JobRegistration } from './registry.js';

/**
 * Questionnaires between visits (issue 17) on the job queue:
 * - every 5 minutes, the assignments each plan's schedule has opened are written (once each: unique per
 *   patient and key) and one reminder email per patient is queued in the outbox (claimed with SKIP LOCKED);
 * - every minute, safety alerts left unacknowledged past the clinic's time are escalated, once.
 * The outbox's emails are sent by the reminders job's sender (src/jobs/reminders.ts).
 */
export const QUESTIONNAIRE_DISPATCH_JOB = 'questionnaire-dispatch';
export const SAFETY_ESCALATION_JOB = 'safety-alert-escalation';

const mailOf = (deps: JobDeps) => ({ smtp: deps.config.smtpUrl !== undefined, publicUrl: deps.config.publicUrl });

export async function runQuestionnaireDispatch(
  deps: JobDeps,
  now: Date,
): Promise<{ assigned: number; reminded: number }> {
  const assigned = await materialiseAll(deps.pool, now);
  const reminded = await sendQuestionnaireReminders(deps.pool, now, mailOf(deps));
  return { assigned, reminded };
}

export async function runSafetyEscalation(deps: JobDeps, now: Date): Promise<number> {
  return escalateAlerts(deps.pool, now, mailOf(deps));
}

export const registerQuestionnaireJobs: JobRegistration = async (queue, deps) => {
  await queue.work(
    QUESTIONNAIRE_DISPATCH_JOB,
    async () => {
      const { assigned, reminded } = await runQuestionnaireDispatch(deps, new Date());
      if (assigned > 0 || reminded > 0)
        deps.log('info', `questionnaires: ${assigned} assigned, ${reminded} patients reminded`);
    },
    { policy: 'singleton', expireInSeconds: 300 },
  );
  await queue.schedule(QUESTIONNAIRE_DISPATCH_JOB, '*/5 * * * *');
  await queue.work(
    SAFETY_ESCALATION_JOB,
    async () => {
      const escalated = await runSafetyEscalation(deps, new Date());
      if (escalated > 0) deps.log('warn', `safety alerts: ${escalated} escalated (unacknowledged)`);
    },
    { policy: 'singleton', expireInSeconds: 120 },
  );
  await queue.schedule(SAFETY_ESCALATION_JOB, '* * * * *');
};
