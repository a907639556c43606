import { sendDueReminders } from '../app/scheduling/confirmations.js';
import { deliverPendingEmails, smtpMailer, type Mailer } from './email.js';
import type { JobRegistration } from './registry.js';

/**
 * Appointment reminders (48 h and 24 h before) and the email sender, every minute on the job queue.
 * The cron sends one job per minute however many servers run; even so, each reminder is claimed in
 * the database (appointment_reminders) and each email with SKIP LOCKED, so nothing is sent twice.
 */
export const REMINDERS_JOB = 'appointment-reminders';

export async function runReminders(
  deps: Parameters<JobRegistration>[1],
  now: () => Date,
  mailer: Mailer | null,
): Promise<{ written: number; sent: number }> {
  const written = await sendDueReminders(deps.pool, now(), {
    publicUrl: deps.config.publicUrl,
    smtp: mailer !== null,
  });
  const sent = mailer ? await deliverPendingEmails(deps.pool, mailer, { from: deps.config.mailFrom, now }) : 0;
  return { written, sent };
}

export const registerReminders: JobRegistration = async (queue, deps) => {
  const mailer = deps.config.smtpUrl ? smtpMailer(deps.config.smtpUrl) : null;
  await queue.work(
    REMINDERS_JOB,
    async () => {
      const { written, sent } = await runReminders(deps, () => new Date(), mailer);
      if (written > 0 || sent > 0) deps.log('info', `reminders: ${written} written, ${sent} emails sent`);
    },
    { policy: 'singleton', expireInSeconds: 300 },
  );
  await queue.schedule(REMINDERS_JOB, '* * * * *');
};
