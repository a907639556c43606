import { claimDueReminders, markReminded, overdueByPatient } from '../../db/repositories/questionnaires.js';
import { insertEmail } from '../../db/repositories/scheduling.js';
import { composeQuestionnaireReminder } from '../../domain/questionnaires/index.js';
import { localDateAt } from '../clinic-time.js';
import { audit } from '../audit/record.js';
import { requireStaffAction } from '../chart/access.js';
import { withTransaction, type AppContext, type Queryable } from '../context.js';
import type { AlertMailOptions } from './safety-alerts.js';

/**
 * One reminder email per patient for the questionnaires that opened, each questionnaire reminded once.
 * The rows are claimed FOR UPDATE SKIP LOCKED and marked in the same transaction: a second server running
 * the job at the same moment skips them, and any later run finds them marked.
 */
export async function sendQuestionnaireReminders(db: Queryable, now: Date, mail: AlertMailOptions): Promise<number> {
  const ctx: AppContext = { db, principal: null, now, ip: null, userAgent: null };
  return withTransaction(ctx, async (tx) => {
    const rows = await claimDueReminders(tx.db, now);
    const byPatient = new Map<string, typeof rows>();
    for (const r of rows) byPatient.set(r.patientId, [...(byPatient.get(r.patientId) ?? []), r]);
    for (const [patientId, list] of byPatient) {
      const first = list[0]!;
      const earliestDue = list.reduce((min, r) => (r.dueAt < min ? r.dueAt : min), first.dueAt);
      const email = composeQuestionnaireReminder({
        givenName: first.givenName,
        clinicName: first.clinicName,
        count: list.length,
        dueDate: localDateAt(first.timeZone, new Date(earliestDue.getTime() - 1)),
        portalUrl: `${mail.publicUrl}/portal/questionnaires`,
      });
      const emailId = await insertEmail(tx.db, {
        organizationId: first.organizationId,
        to: first.email,
        subject: email.subject,
        text: email.text,
        kind: 'questionnaire_reminder',
        status: mail.smtp ? 'pending' : 'outbox',
        now,
      });
      await markReminded(
        tx.db,
        list.map((r) => r.id),
        emailId,
        now,
      );
      await audit(tx, {
        action: 'questionnaires.reminder',
        resourceType: 'questionnaire_assignment',
        patientId,
        organizationId: first.organizationId,
        details: { assignmentIds: list.map((r) => r.id), emailId },
      });
    }
    return byPatient.size;
  });
}

/**
 * Patients with overdue questionnaires (past due, not yet closed), oldest first: for the clinicians'
 * lists (issue 17c builds the page; this is the use-case it calls). Audited with the patients named.
 */
export async function overdueQuestionnaires(input: { limit: number }, ctx: AppContext) {
  const principal = requireStaffAction(ctx, 'questionnaires.read');
  return withTransaction(ctx, async (tx) => {
    const result = await overdueByPatient(tx.db, principal.organizationId, tx.now, input.limit);
    await audit(tx, {
      action: 'questionnaires.overdue_list',
      resourceType: 'questionnaire_assignment',
      details: { patientIds: result.items.map((r) => r.patientId) },
    });
    return result;
  });
}
