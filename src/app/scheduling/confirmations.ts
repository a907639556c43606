import crypto from 'node:crypto';
import {
  claimReminder,
  dueReminders,
  findAppointment,
  findConfirmation,
  insertConfirmation,
  insertEmail,
  listEmails,
  organizationName,
  setReminderEmail,
  updateAppointmentStatus,
  useConfirmations,
  type EmailRow,
} from '../../db/repositories/scheduling.js';
import { DomainError } from '../../domain/errors.js';
import { defaultProtocol } from '../../domain/protocol/default-protocol.js';
import {
  assertTransition,
  composeReminderEmail,
  longDate,
  type AppointmentStatus,
} from '../../domain/scheduling/index.js';
import { zoneRules } from '../../domain/time/zoned-time.js';
import { audit } from '../audit/record.js';
import { requireStaffAction } from '../chart/access.js';
import { readCurrentProtocol } from '../protocols/protocols.js';
import { withTransaction, type AppContext, type Queryable } from '../context.js';

/**
 * Reminders 48 and 24 hours before, each with a one-use confirmation link where the patient confirms and
 * names the adult taking them home; and the outbox every email goes through. Whether a reminder was sent
 * is decided by the database (appointment_reminders' primary key), so any number of servers running the
 * job send each reminder once.
 */
export const hashToken = (token: string): string => crypto.createHash('sha256').update(token).digest('hex');
const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

export interface ReminderOptions {
  /** The site origin the confirmation link points at. */
  readonly publicUrl: string;
  /** SMTP configured: emails wait as 'pending' for the sender; otherwise they stay in the outbox. */
  readonly smtp: boolean;
}

/** Writes every reminder now due (48 h, then 24 h before). Returns how many were written by this call. */
export async function sendDueReminders(db: Queryable, now: Date, options: ReminderOptions): Promise<number> {
  let written = 0;
  for (const kind of ['48h', '24h'] as const) {
    for (const due of await dueReminders(db, kind, now)) {
      const ctx: AppContext = { db, principal: null, now, ip: null, userAgent: null };
      const sent = await withTransaction(ctx, async (tx) => {
        if (!(await claimReminder(tx.db, due.appointmentId, kind, now))) return false;
        let confirmUrl: string | null = null;
        if (due.status === 'scheduled') {
          const token = crypto.randomBytes(32).toString('base64url');
          await insertConfirmation(tx.db, {
            tokenHash: hashToken(token),
            organizationId: due.organizationId,
            appointmentId: due.appointmentId,
            patientId: due.patientId,
            expiresAt: due.startsAt,
            now,
          });
          confirmUrl = `${options.publicUrl}/confirm/${token}`;
        }
        const protocol = (await readCurrentProtocol(tx.db, due.organizationId)) ?? defaultProtocol;
        const local = zoneRules(due.timeZone).toLocal(due.startsAt);
        const email = composeReminderEmail({
          givenName: due.givenName,
          clinicName: due.clinicName,
          locationName: due.locationName,
          localDate: local.date,
          startTime: local.time,
          confirmUrl,
          fastingSolidsHours: protocol.fasting.solidsHours,
          clearFluidsHours: protocol.fasting.clearFluidsHours,
          hoursBefore: kind === '48h' ? 48 : 24,
        });
        const emailId = await insertEmail(tx.db, {
          organizationId: due.organizationId,
          to: due.email,
          subject: email.subject,
          text: email.text,
          kind: `reminder_${kind}`,
          status: options.smtp ? 'pending' : 'outbox',
          now,
        });
        await setReminderEmail(tx.db, due.appointmentId, kind, emailId);
        await audit(tx, {
          action: 'appointment.reminder',
          resourceType: 'appointment',
          resourceId: due.appointmentId,
          patientId: due.patientId,
          organizationId: due.organizationId,
          details: { kind, emailId },
        });
        return true;
      });
      if (sent) written += 1;
    }
  }
  return written;
}

export interface ConfirmationView {
  givenName: string;
  clinicName: string;
  locationName: string;
  date: string;
  dateLabel: string;
  startTime: string;
  companionName: string | null;
}

async function openLink(ctx: AppContext, token: string, forUpdate: boolean) {
  const invalid = new DomainError(
    'confirmation_link_invalid',
    'This confirmation link is not valid. Please call the clinic.',
  );
  if (!tokenPattern.test(token)) throw invalid;
  const link = await findConfirmation(ctx.db, hashToken(token), forUpdate);
  if (!link) throw invalid;
  // A patient signed in to the portal opening someone else's link (a forwarded email): refuse.
  if (ctx.principal?.kind === 'patient' && ctx.principal.patientId !== link.patientId) {
    throw new DomainError(
      'confirmation_link_other_patient',
      'This link was sent to another patient. Sign out, or open the link from your own email.',
    );
  }
  if (link.usedAt) {
    throw new DomainError('confirmation_link_used', 'This link has already been used to confirm the appointment.');
  }
  if (ctx.now.getTime() >= link.expiresAt.getTime()) {
    throw new DomainError('confirmation_link_expired', 'This link has expired: the appointment time has passed.');
  }
  const appointment = await findAppointment(ctx.db, link.organizationId, link.appointmentId, forUpdate);
  if (!appointment || appointment.status === 'cancelled' || appointment.status === 'no_show') {
    throw new DomainError('confirmation_link_expired', 'This appointment was cancelled. Please call the clinic.');
  }
  return { link, appointment, clinicName: (await organizationName(ctx.db, link.organizationId)) ?? 'the clinic' };
}

function confirmationView(
  appointment: NonNullable<Awaited<ReturnType<typeof findAppointment>>>,
  clinicName: string,
): ConfirmationView {
  const local = zoneRules(appointment.timeZone).toLocal(appointment.startsAt);
  return {
    givenName: appointment.patientName.split(' ')[0] ?? '',
    clinicName,
    locationName: appointment.locationName,
    date: local.date,
    dateLabel: longDate(local.date),
    startTime: local.time,
    companionName: appointment.companionName,
  };
}

/** What the confirmation page shows: the appointment's day and time, nothing clinical. */
export async function readConfirmation(token: string, ctx: AppContext): Promise<ConfirmationView> {
  const { appointment, clinicName } = await openLink(ctx, token, false);
  return confirmationView(appointment, clinicName);
}

/** The patient confirms and names their companion; the link (and its twin from the other reminder) is then used. */
export async function confirmByLink(
  token: string,
  input: { companionName: string },
  ctx: AppContext,
): Promise<ConfirmationView> {
  const companionName = input.companionName.trim();
  if (companionName.length < 2 || companionName.length > 200 || /[\p{Cc}]/u.test(companionName)) {
    throw new DomainError('validation_failed', 'Enter the name of the adult who will take you home.', {
      errors: [{ path: '/companionName', message: 'Enter the name of the adult who will take you home' }],
    });
  }
  return withTransaction(ctx, async (tx) => {
    const { link, appointment, clinicName } = await openLink(tx, token, true);
    const status = appointment.status as AppointmentStatus;
    if (status !== 'confirmed') {
      assertTransition(status, 'confirmed', {
        startsAt: appointment.startsAt,
        endsAt: appointment.endsAt,
        now: tx.now,
        hasDose: appointment.hasDose,
      });
    }
    await updateAppointmentStatus(tx.db, appointment.id, {
      status: 'confirmed',
      now: tx.now,
      userId: null,
      companionName,
      confirmedVia: 'link',
    });
    await useConfirmations(tx.db, appointment.id, tx.now);
    await audit(tx, {
      action: 'appointment.confirmed_by_patient',
      resourceType: 'appointment',
      resourceId: appointment.id,
      patientId: link.patientId,
      organizationId: link.organizationId,
    });
    return { ...confirmationView(appointment, clinicName), companionName };
  });
}

export interface EmailView {
  id: string;
  to: string;
  subject: string;
  text: string;
  kind: string;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

/** The outbox (admins): every email, newest first; where messages wait when no SMTP server is set. */
export async function listOutbox(
  query: { limit: number; before?: string | undefined },
  ctx: AppContext,
): Promise<{ items: EmailView[]; next: string | null }> {
  const principal = requireStaffAction(ctx, 'organization.manage');
  const rows = await listEmails(
    ctx.db,
    principal.organizationId,
    query.limit + 1,
    query.before ? new Date(query.before) : null,
  );
  const page = rows.slice(0, query.limit);
  await audit(ctx, { action: 'email_outbox.read', resourceType: 'email_outbox', details: { count: page.length } });
  return {
    items: page.map((r: EmailRow) => ({
      ...r,
      createdAt: r.createdAt.toISOString(),
      sentAt: r.sentAt?.toISOString() ?? null,
    })),
    next: rows.length > query.limit ? (page.at(-1)?.createdAt.toISOString() ?? null) : null,
  };
}
