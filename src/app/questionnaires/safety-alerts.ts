import { findPlanInForce } from '../../db/repositories/questionnaires.js';
import {
  acknowledgeSafetyAlert,
  claimAlertsToEscalate,
  countSafetyAlerts,
  escalationMinutes,
  findSafetyAlert,
  findStaffContact,
  insertSafetyAlert,
  listSafetyAlerts,
  markEscalated,
  resolveSafetyAlert,
  setEscalationMinutes,
  staffWithRoles,
  type SafetyAlertRow,
} from '../../db/repositories/safety-alerts.js';
import { insertEmail } from '../../db/repositories/scheduling.js';
import { DomainError } from '../../domain/errors.js';
import { isSafetyAlertAction, type SafetyAlertReason } from '../../domain/questionnaires/index.js';
import { audit } from '../audit/record.js';
import { requireStaffAction } from '../chart/access.js';
import { withTransaction, type AppContext, type Queryable } from '../context.js';

/**
 * Safety alerts: a risky answer in the portal (PHQ-9 item 9 above "Not at all", C-SSRS moderate or high)
 * becomes an urgent task for the patient's prescriber at once, in the console and by email. A clinician
 * acknowledges it (someone has it), then resolves it with the action taken; an alert nobody acknowledges
 * goes, once, to the clinic's other prescribers and admins after the clinic's escalation time.
 * Emails name no patient and no answer (an inbox is not the chart): they point to the console.
 */
export interface AlertMailOptions {
  /** SMTP configured: emails wait as 'pending' for the sender; otherwise they stay in the outbox. */
  readonly smtp: boolean;
  readonly publicUrl: string;
}

const alertLink = (publicUrl: string, id: string) => `${publicUrl}/app/alerts/${id}`;

async function emailStaff(
  db: Queryable,
  to: readonly { email: string }[],
  m: { organizationId: string; subject: string; text: string; kind: string; now: Date; smtp: boolean },
): Promise<string[]> {
  const ids: string[] = [];
  for (const person of to) {
    ids.push(
      await insertEmail(db, {
        organizationId: m.organizationId,
        to: person.email,
        subject: m.subject,
        text: m.text,
        kind: m.kind,
        status: m.smtp ? 'pending' : 'outbox',
        now: m.now,
      }),
    );
  }
  return ids;
}

/** Inside the submitting transaction: the task, the email to the prescriber, the audit entry. */
export async function raiseSafetyAlert(
  tx: AppContext,
  a: { organizationId: string; patientId: string; resultId: string; reasons: readonly SafetyAlertReason[] },
  mail: AlertMailOptions,
): Promise<string> {
  const plan = await findPlanInForce(tx.db, a.organizationId, a.patientId);
  const prescriber = plan?.signedByUserId
    ? await findStaffContact(tx.db, a.organizationId, plan.signedByUserId)
    : undefined;
  const assigned = prescriber?.roles.includes('prescriber') ? prescriber : undefined;
  const id = await insertSafetyAlert(tx.db, { ...a, assignedUserId: assigned?.id ?? null, now: tx.now });
  // No prescriber of record (no plan yet, or they left): every prescriber of the clinic is told.
  const recipients = assigned ? [assigned] : await staffWithRoles(tx.db, a.organizationId, ['prescriber']);
  const minutes = await escalationMinutes(tx.db, a.organizationId);
  const emailIds = await emailStaff(tx.db, recipients, {
    organizationId: a.organizationId,
    subject: 'Urgent: a patient’s questionnaire needs review now',
    text: [
      'A patient answered a questionnaire in the portal in a way that needs a suicide risk review now.',
      '',
      `Open the urgent task in the console and acknowledge it: ${alertLink(mail.publicUrl, id)}`,
      '',
      `If nobody acknowledges it within ${minutes} minutes it goes to the clinic’s other prescribers and admins.`,
    ].join('\n'),
    kind: 'safety_alert',
    now: tx.now,
    smtp: mail.smtp,
  });
  await audit(tx, {
    action: 'safety_alerts.raise',
    resourceType: 'safety_alert',
    resourceId: id,
    patientId: a.patientId,
    details: { reasons: [...a.reasons], resultId: a.resultId, assignedUserId: assigned?.id ?? null, emailIds },
  });
  return id;
}

export type SafetyAlertView = SafetyAlertRow;

export async function listAlerts(
  input: { status: 'unresolved' | 'resolved'; limit: number },
  ctx: AppContext,
): Promise<SafetyAlertView[]> {
  const principal = requireStaffAction(ctx, 'questionnaires.read');
  return withTransaction(ctx, async (tx) => {
    const rows = await listSafetyAlerts(tx.db, principal.organizationId, input);
    await audit(tx, {
      action: 'safety_alerts.list',
      resourceType: 'safety_alert',
      details: { status: input.status, patientIds: [...new Set(rows.map((r) => r.patientId))] },
    });
    return rows;
  });
}

/** Counts only, no patient data: what the console's badge polls every few seconds (not audited). */
export async function alertCounts(ctx: AppContext): Promise<{ open: number; acknowledged: number }> {
  const principal = requireStaffAction(ctx, 'questionnaires.read');
  return countSafetyAlerts(ctx.db, principal.organizationId);
}

const notFound = () => new DomainError('not_found', 'No such alert.');

export async function getAlert(id: string, ctx: AppContext): Promise<SafetyAlertView> {
  const principal = requireStaffAction(ctx, 'questionnaires.read');
  return withTransaction(ctx, async (tx) => {
    const row = await findSafetyAlert(tx.db, principal.organizationId, id);
    if (!row) throw notFound();
    await audit(tx, {
      action: 'safety_alerts.read',
      resourceType: 'safety_alert',
      resourceId: id,
      patientId: row.patientId,
    });
    return row;
  });
}

export async function acknowledgeAlert(
  id: string,
  input: { version: number },
  ctx: AppContext,
): Promise<SafetyAlertView> {
  const principal = requireStaffAction(ctx, 'safety_alerts.respond');
  return withTransaction(ctx, async (tx) => {
    const row = await findSafetyAlert(tx.db, principal.organizationId, id, true);
    if (!row) throw notFound();
    if (row.status !== 'open')
      throw new DomainError(
        'safety_alert_state',
        `This alert was already acknowledged by ${row.acknowledgedByName ?? 'someone'}.`,
      );
    if (!(await acknowledgeSafetyAlert(tx.db, id, { userId: principal.userId, now: tx.now, version: input.version })))
      throw new DomainError('stale_version', 'Someone else changed this alert; reload it.', {
        details: { currentVersion: row.version },
      });
    await audit(tx, {
      action: 'safety_alerts.acknowledge',
      resourceType: 'safety_alert',
      resourceId: id,
      patientId: row.patientId,
    });
    return (await findSafetyAlert(tx.db, principal.organizationId, id))!;
  });
}

export async function resolveAlert(
  id: string,
  input: { version: number; action: string; note: string },
  ctx: AppContext,
): Promise<SafetyAlertView> {
  const principal = requireStaffAction(ctx, 'safety_alerts.respond');
  const errors = [];
  if (!isSafetyAlertAction(input.action)) errors.push({ path: '/action', message: 'Choose what was done' });
  if (input.note.trim().length === 0) errors.push({ path: '/note', message: 'Describe what was done and the outcome' });
  if (errors.length > 0) throw new DomainError('validation_failed', 'The resolution is not complete.', { errors });
  return withTransaction(ctx, async (tx) => {
    const row = await findSafetyAlert(tx.db, principal.organizationId, id, true);
    if (!row) throw notFound();
    if (row.status !== 'acknowledged')
      throw new DomainError(
        'safety_alert_state',
        row.status === 'open' ? 'Acknowledge the alert before resolving it.' : 'This alert is already resolved.',
      );
    const ok = await resolveSafetyAlert(tx.db, id, {
      userId: principal.userId,
      now: tx.now,
      version: input.version,
      action: input.action,
      note: input.note.trim(),
    });
    if (!ok)
      throw new DomainError('stale_version', 'Someone else changed this alert; reload it.', {
        details: { currentVersion: row.version },
      });
    await audit(tx, {
      action: 'safety_alerts.resolve',
      resourceType: 'safety_alert',
      resourceId: id,
      patientId: row.patientId,
      details: { action: input.action },
    });
    return (await findSafetyAlert(tx.db, principal.organizationId, id))!;
  });
}

/**
 * The escalation job: each alert open past its clinic's time goes once to the other prescribers and the
 * admins. Claimed with SKIP LOCKED and marked in the same transaction, so two servers never both send it.
 */
export async function escalateAlerts(db: Queryable, now: Date, mail: AlertMailOptions): Promise<number> {
  const ctx: AppContext = { db, principal: null, now, ip: null, userAgent: null };
  return withTransaction(ctx, async (tx) => {
    const due = await claimAlertsToEscalate(tx.db, now);
    for (const alert of due) {
      const staff = await staffWithRoles(tx.db, alert.organizationId, ['prescriber', 'admin']);
      const to = staff.filter((s) => s.id !== alert.assignedUserId);
      const emailIds = await emailStaff(tx.db, to, {
        organizationId: alert.organizationId,
        subject: 'Escalated: an urgent patient alert has not been acknowledged',
        text: [
          `A safety alert raised from a patient’s questionnaire has waited ${alert.escalationMinutes} minutes without anyone acknowledging it.`,
          '',
          `Open it in the console, acknowledge it and act on it: ${alertLink(mail.publicUrl, alert.id)}`,
        ].join('\n'),
        kind: 'safety_alert_escalation',
        now,
        smtp: mail.smtp,
      });
      await markEscalated(
        tx.db,
        alert.id,
        to.map((s) => s.id),
        now,
      );
      await audit(tx, {
        action: 'safety_alerts.escalate',
        resourceType: 'safety_alert',
        resourceId: alert.id,
        patientId: alert.patientId,
        organizationId: alert.organizationId,
        details: { to: to.map((s) => s.id), emailIds },
      });
    }
    return due.length;
  });
}

export async function getEscalationSetting(ctx: AppContext): Promise<{ minutes: number }> {
  const principal = requireStaffAction(ctx, 'clinic_settings.read');
  return { minutes: await escalationMinutes(ctx.db, principal.organizationId) };
}

export async function setEscalationSetting(input: { minutes: number }, ctx: AppContext): Promise<{ minutes: number }> {
  const principal = requireStaffAction(ctx, 'organization.manage');
  if (!Number.isInteger(input.minutes) || input.minutes < 5 || input.minutes > 1440)
    throw new DomainError('validation_failed', 'The escalation time is not valid.', {
      errors: [{ path: '/minutes', message: 'Give a whole number of minutes from 5 to 1440' }],
    });
  return withTransaction(ctx, async (tx) => {
    await setEscalationMinutes(tx.db, principal.organizationId, input.minutes);
    await audit(tx, {
      action: 'safety_alerts.settings_update',
      resourceType: 'organization',
      resourceId: principal.organizationId,
      details: { minutes: input.minutes },
    });
    return { minutes: input.minutes };
  });
}
