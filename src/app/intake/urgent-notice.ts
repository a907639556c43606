import { staffWithRoles } from '../../db/repositories/safety-alerts.js';
import { insertEmail } from '../../db/repositories/scheduling.js';
import { audit } from '../audit/record.js';
import type { AppContext } from '../context.js';

/** Where the urgent notice points, and whether an SMTP server sends it (otherwise it waits in the outbox). */
export interface UrgentNoticeMail {
  readonly smtp: boolean;
  readonly publicUrl: string;
}

/**
 * An urgent "Get started" request (PHQ-9 item 9 above "Not at all", C-SSRS moderate or high risk) does not
 * wait in the queue for someone to look: the clinic's prescribers and coordinators are emailed at once, in the
 * submitting transaction. The email names no one and no answer (an inbox is not the chart): it points to the
 * intake in the console. There is no patient yet, so this is not a safety alert of the chart.
 */
export async function noticeUrgentIntake(
  tx: AppContext,
  intake: { organizationId: string; intakeId: string; reasons: readonly string[] },
  mail: UrgentNoticeMail,
): Promise<void> {
  const recipients = await staffWithRoles(tx.db, intake.organizationId, ['prescriber', 'coordinator']);
  const emailIds: string[] = [];
  for (const person of recipients) {
    emailIds.push(
      await insertEmail(tx.db, {
        organizationId: intake.organizationId,
        to: person.email,
        subject: 'Urgent: a new "Get started" request needs a call today',
        text: [
          'Someone asked to start treatment and answered the self-screening in a way that needs a suicide risk',
          'review today. Call them as soon as you can, and follow the clinic’s safety procedure.',
          '',
          `Open the request in the console: ${mail.publicUrl}/app/intake/${intake.intakeId}`,
        ].join('\n'),
        kind: 'intake_urgent',
        status: mail.smtp ? 'pending' : 'outbox',
        now: tx.now,
      }),
    );
  }
  await audit(tx, {
    action: 'intake.urgent_notice',
    resourceType: 'intake',
    resourceId: intake.intakeId,
    details: { reasons: [...intake.reasons], emailIds },
  });
}
