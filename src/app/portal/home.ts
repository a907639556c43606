import {
  findAppointment,
  listAppointments,
  updateAppointmentStatus,
  updateCompanion,
  useConfirmations,
  type AppointmentRow,
} from '../../db/repositories/scheduling.js';
import { findLocationAddress } from '../../db/repositories/portal.js';
import type { PastSession, PortalAppointment, PortalHome } from '../../contracts/portal.js';
import { DomainError } from '../../domain/errors.js';
import { preparationSteps } from '../../domain/portal/session-guidance.js';
import { defaultProtocol } from '../../domain/protocol/default-protocol.js';
import { appointmentStatusLabels, assertTransition, type AppointmentStatus } from '../../domain/scheduling/index.js';
import { audit } from '../audit/record.js';
import { readCurrentProtocol } from '../protocols/protocols.js';
import { withTransaction, type AppContext, type Queryable } from '../context.js';
import { requireOwnPatient } from './own-patient.js';

/**
 * The portal's home: the patient's next session (when, where, how to prepare), confirming it and naming
 * the adult who takes them home, the sessions after it, and the ones already past. Scheduling's
 * appointments are the source; a confirmation here is the same as one from a reminder's link.
 */
export type { PortalAppointment, PastSession, PortalHome };

const dayMs = 86_400_000;
const upcomingStatuses: readonly string[] = ['scheduled', 'confirmed', 'checked_in', 'in_session', 'recovery'];
const pastStatusLabels: Partial<Record<AppointmentStatus, string>> = {
  discharged: 'Attended',
  no_show: 'Missed',
  checked_in: 'Attended',
  in_session: 'Attended',
  recovery: 'Attended',
  // Past but never checked in: the clinic has not recorded it yet.
  confirmed: 'Not recorded yet',
  scheduled: 'Not recorded yet',
};

async function toPortalAppointment(
  db: Queryable,
  row: AppointmentRow,
  now: Date,
  fasting: { solidsHours: number; clearFluidsHours: number },
): Promise<PortalAppointment> {
  const status = row.status as AppointmentStatus;
  return {
    id: row.id,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    timeZone: row.timeZone,
    typeLabel: row.typeLabel,
    hasDose: row.hasDose,
    status,
    statusLabel: appointmentStatusLabels[status],
    location: (await findLocationAddress(db, row.organizationId, row.locationId)) ?? {
      name: row.locationName,
      addressLines: [],
      phone: null,
    },
    companionName: row.companionName,
    confirmedAt: row.confirmedAt?.toISOString() ?? null,
    canConfirm: (status === 'scheduled' || status === 'confirmed') && row.startsAt.getTime() > now.getTime(),
    preparation: preparationSteps({
      hasDose: row.hasDose,
      startsAt: row.startsAt,
      timeZone: row.timeZone,
      fastingSolidsHours: fasting.solidsHours,
      clearFluidsHours: fasting.clearFluidsHours,
      companionName: row.companionName,
    }),
    version: row.version,
  };
}

export async function readPortalHome(ctx: AppContext): Promise<PortalHome> {
  const principal = requireOwnPatient(ctx);
  return withTransaction(ctx, async (tx) => {
    const rows = await listAppointments(tx.db, principal.organizationId, {
      patientId: principal.patientId,
      from: new Date(tx.now.getTime() - 730 * dayMs),
      to: new Date(tx.now.getTime() + 400 * dayMs),
    });
    const protocol = (await readCurrentProtocol(tx.db, principal.organizationId)) ?? defaultProtocol;
    const upcoming = rows.filter((r) => upcomingStatuses.includes(r.status) && r.endsAt.getTime() > tx.now.getTime());
    // One after another: a transaction's client runs one query at a time.
    const shown: Awaited<ReturnType<typeof toPortalAppointment>>[] = [];
    for (const r of upcoming.slice(0, 11)) shown.push(await toPortalAppointment(tx.db, r, tx.now, protocol.fasting));
    const past = rows
      .filter((r) => r.endsAt.getTime() <= tx.now.getTime() && r.status !== 'cancelled')
      .reverse()
      .slice(0, 30)
      .map((r) => {
        const status = r.status as AppointmentStatus;
        return {
          id: r.id,
          startsAt: r.startsAt.toISOString(),
          typeLabel: r.typeLabel,
          locationName: r.locationName,
          status,
          statusLabel: pastStatusLabels[status] ?? appointmentStatusLabels[status],
        };
      });
    await audit(tx, {
      action: 'portal.home.read',
      resourceType: 'patient',
      resourceId: principal.patientId,
      patientId: principal.patientId,
      details: { upcoming: upcoming.length, past: past.length },
    });
    return { next: shown[0] ?? null, later: shown.slice(1), past };
  });
}

/**
 * The patient confirms their own coming session and names the adult who takes them home; a confirmed
 * session's companion can be changed the same way. Someone else's appointment is "not found". A retry
 * with the same name changes nothing; a stale version (the clinic moved it meanwhile) is refused.
 */
export async function confirmOwnAppointment(
  appointmentId: string,
  input: { companionName: string; version: number },
  ctx: AppContext,
): Promise<PortalAppointment> {
  const principal = requireOwnPatient(ctx, 'portal.submit');
  const companionName = input.companionName.trim();
  if (companionName.length < 2 || companionName.length > 200 || /[\p{Cc}]/u.test(companionName))
    throw new DomainError('validation_failed', 'Enter the name of the adult who will take you home.', {
      errors: [{ path: '/companionName', message: 'Enter the name of the adult who will take you home' }],
    });
  return withTransaction(ctx, async (tx) => {
    const row = await findAppointment(tx.db, principal.organizationId, appointmentId, true);
    if (!row || row.patientId !== principal.patientId) throw new DomainError('not_found', 'No such appointment.');
    const protocol = (await readCurrentProtocol(tx.db, principal.organizationId)) ?? defaultProtocol;
    const status = row.status as AppointmentStatus;
    const retry = status === 'confirmed' && row.companionName === companionName;
    if (!retry) {
      if (row.version !== input.version)
        throw new DomainError(
          'stale_version',
          'The clinic changed this session meanwhile. Check the details and try again.',
          {
            details: { currentVersion: row.version },
          },
        );
      if (row.startsAt.getTime() <= tx.now.getTime() || (status !== 'scheduled' && status !== 'confirmed'))
        throw new DomainError(
          'appointment_not_confirmable',
          'This session can no longer be confirmed here. If something has changed, call the clinic.',
        );
      if (status === 'scheduled') {
        assertTransition(status, 'confirmed', {
          startsAt: row.startsAt,
          endsAt: row.endsAt,
          now: tx.now,
          hasDose: row.hasDose,
        });
        await updateAppointmentStatus(tx.db, row.id, {
          status: 'confirmed',
          now: tx.now,
          userId: null,
          companionName,
          confirmedVia: 'portal',
        });
        // The reminder emails' confirmation links have nothing left to do.
        await useConfirmations(tx.db, row.id, tx.now);
      } else {
        await updateCompanion(tx.db, row.id, companionName, tx.now);
      }
      await audit(tx, {
        action: 'portal.appointment_confirmed',
        resourceType: 'appointment',
        resourceId: row.id,
        patientId: principal.patientId,
        details: { companionChanged: status === 'confirmed' },
      });
    }
    const fresh = (await findAppointment(tx.db, principal.organizationId, row.id))!;
    return toPortalAppointment(tx.db, fresh, tx.now, protocol.fasting);
  });
}
