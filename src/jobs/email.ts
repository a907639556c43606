import type pg from 'pg';
import { claimPendingEmails, markEmail } from '../db/repositories/scheduling.js';
import { inTransaction } from '../db/transaction.js';

/**
 * Sends the outbox's pending emails over SMTP (nodemailer), a few at a time. Each batch is claimed with
 * FOR UPDATE SKIP LOCKED inside one transaction, so two servers never send the same email; a failure is
 * recorded and retried on the next run, up to five attempts.
 */
export interface Mailer {
  send(message: { from: string; to: string; subject: string; text: string }): Promise<void>;
  close(): void;
}

/** nodemailer is loaded only when SMTP is configured (a server without it never pays for the module). */
export function smtpMailer(url: string): Mailer {
  const transport = import('nodemailer').then(({ default: nodemailer }) => nodemailer.createTransport(url));
  return {
    async send(message) {
      await (await transport).sendMail(message);
    },
    close: () => void transport.then((t) => t.close()),
  };
}

export async function deliverPendingEmails(
  pool: pg.Pool,
  mailer: Mailer,
  options: { from: string; now: () => Date; batch?: number },
): Promise<number> {
  let sent = 0;
  for (;;) {
    const count = await inTransaction(pool, async (db) => {
      const emails = await claimPendingEmails(db, options.batch ?? 20);
      for (const email of emails) {
        try {
          await mailer.send({ from: options.from, to: email.to, subject: email.subject, text: email.text });
          await markEmail(db, email.id, { status: 'sent', error: null, now: options.now() });
          sent += 1;
        } catch (error) {
          const message = (error as Error).message.slice(0, 1000);
          await markEmail(db, email.id, {
            status: email.attempts + 1 >= 5 ? 'failed' : 'pending',
            error: message,
            now: options.now(),
          });
        }
      }
      return emails.length;
    });
    if (count < (options.batch ?? 20)) return sent;
  }
}
