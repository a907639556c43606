import {
  insertAssessmentRequest,
  insertIntakeNote,
  insertPatientFromIntake,
  lockIntake as lockIntakeRow,
  takeNextMrn,
  updateIntake,
  type LockedIntake,
} from '../../db/repositories/intakes.js';
import { findOrganizationContact } from '../../db/repositories/organizations.js';
import { isActiveStaff } from '../../db/repositories/users.js';
import { DomainError } from '../../domain/errors.js';
import { declineEmailTemplate } from '../../domain/intake/index.js';
import { audit } from '../audit/record.js';
import { requirePrincipal, withTransaction, type AppContext } from '../context.js';
import { intakeNotFound } from './intake-queue.js';

/**
 * What a coordinator or prescriber does with an intake. Each action locks the row, checks the version the
 * caller saw (when given), writes, and records an audit entry in the same transaction.
 */
async function lockIntake(
  tx: AppContext,
  id: string,
  expectedVersion: number | undefined,
  mustBeOpen: boolean,
): Promise<LockedIntake> {
  const principal = requirePrincipal(tx);
  const row = await lockIntakeRow(tx.db, principal.organizationId, id);
  if (!row) throw intakeNotFound();
  if (expectedVersion !== undefined && expectedVersion !== row.version) {
    throw new DomainError('stale_version', 'Someone else changed this intake. Reload it and try again.', {
      details: { currentVersion: row.version },
    });
  }
  if (mustBeOpen && (row.status === 'converted' || row.status === 'declined')) {
    throw new DomainError('intake_closed', `This intake is already ${row.status}.`);
  }
  return row;
}

export async function assignIntake(
  input: { id: string; userId: string | null; version?: number },
  ctx: AppContext,
): Promise<{ version: number }> {
  const principal = requirePrincipal(ctx);
  return withTransaction(ctx, async (tx) => {
    await lockIntake(tx, input.id, input.version, true);
    if (input.userId !== null) {
      if (!(await isActiveStaff(tx.db, principal.organizationId, input.userId)))
        throw new DomainError('validation_failed', 'No active staff member with that id', {
          errors: [{ path: '/userId', message: 'Choose an active member of staff' }],
        });
    }
    const version = await updateIntake(tx.db, input.id, { kind: 'assign', userId: input.userId });
    await audit(tx, {
      action: 'intake.assign',
      resourceType: 'intake',
      resourceId: input.id,
      details: { assignedUserId: input.userId },
    });
    return { version };
  });
}

export async function addIntakeNote(
  input: { id: string; body: string },
  ctx: AppContext,
): Promise<{ id: string; createdAt: string }> {
  const principal = requirePrincipal(ctx);
  return withTransaction(ctx, async (tx) => {
    await lockIntake(tx, input.id, undefined, false);
    const noteId = await insertIntakeNote(tx.db, {
      intakeId: input.id,
      organizationId: principal.organizationId,
      authorUserId: principal.userId,
      body: input.body,
      createdAt: tx.now,
    });
    await audit(tx, { action: 'intake.note', resourceType: 'intake', resourceId: input.id, details: { noteId } });
    return { id: noteId, createdAt: tx.now.toISOString() };
  });
}

export async function markIntakeContacted(
  input: { id: string; version?: number },
  ctx: AppContext,
): Promise<{ version: number; contactedAt: string }> {
  return withTransaction(ctx, async (tx) => {
    await lockIntake(tx, input.id, input.version, true);
    const version = await updateIntake(tx.db, input.id, { kind: 'contacted', at: tx.now });
    await audit(tx, { action: 'intake.contacted', resourceType: 'intake', resourceId: input.id });
    return { version, contactedAt: tx.now.toISOString() };
  });
}

export interface DeclineResult {
  readonly version: number;
  /** For the coordinator to send from the clinic's mailbox; it never repeats the reason or any health detail. */
  readonly email: { readonly to: string; readonly subject: string; readonly body: string };
}

export async function declineIntake(
  input: { id: string; reason: string; version?: number },
  ctx: AppContext,
): Promise<DeclineResult> {
  const principal = requirePrincipal(ctx);
  return withTransaction(ctx, async (tx) => {
    const intake = await lockIntake(tx, input.id, input.version, true);
    const version = await updateIntake(tx.db, input.id, { kind: 'declined', at: tx.now, reason: input.reason });
    const org = await findOrganizationContact(tx.db, principal.organizationId);
    await audit(tx, { action: 'intake.decline', resourceType: 'intake', resourceId: input.id });
    const template = declineEmailTemplate({
      givenName: intake.givenName,
      clinicName: org?.name ?? 'the clinic',
      clinicPhone: org?.phone ?? null,
    });
    return { version, email: { to: intake.email, ...template } };
  });
}

export interface ConvertResult {
  readonly patientId: string;
  readonly mrn: string;
  readonly assessmentRequestId: string | null;
}

/** Creates the patient record (status 'intake') from the intake's contact details and, if asked, an assessment request. */
export async function convertIntake(
  input: { id: string; requestAssessment: boolean; version?: number },
  ctx: AppContext,
): Promise<ConvertResult> {
  const principal = requirePrincipal(ctx);
  return withTransaction(ctx, async (tx) => {
    const intake = await lockIntake(tx, input.id, input.version, true);
    // The organization row lock makes medical record numbers gap-free and unique under concurrent conversions.
    const mrn = String(await takeNextMrn(tx.db, principal.organizationId)).padStart(6, '0');
    const patientId = await insertPatientFromIntake(tx.db, {
      organizationId: principal.organizationId,
      mrn,
      givenName: intake.givenName,
      familyName: intake.familyName,
      dateOfBirth: intake.dateOfBirth,
      email: intake.email,
      phone: intake.phone,
      state: intake.state,
      createdAt: tx.now,
    });
    await updateIntake(tx.db, input.id, { kind: 'converted', at: tx.now, patientId });
    const assessmentRequestId = input.requestAssessment
      ? await insertAssessmentRequest(tx.db, {
          organizationId: principal.organizationId,
          patientId,
          intakeId: input.id,
          requestedByUserId: principal.userId,
          createdAt: tx.now,
        })
      : null;
    await audit(tx, {
      action: 'intake.convert',
      resourceType: 'intake',
      resourceId: input.id,
      patientId,
      details: { mrn, assessmentRequestId },
    });
    return { patientId, mrn, assessmentRequestId };
  });
}
