import { DomainError } from '../../domain/errors.js';
import { declineEmailTemplate } from '../../domain/intake/index.js';
import { audit } from '../audit/record.js';
import { requirePrincipal, withTransaction, type AppContext } from '../context.js';
import { intakeNotFound } from './intake-queue.js';

/**
 * What a coordinator or prescriber does with an intake. Each action locks the row, checks the version the
 * caller saw (when given), writes, and records an audit entry in the same transaction.
 */
interface LockedIntake {
  id: string;
  status: 'new' | 'contacted' | 'converted' | 'declined';
  version: number;
  given_name: string;
  family_name: string;
  email: string;
  phone: string;
  date_of_birth: string;
  state: string;
}

async function lockIntake(
  tx: AppContext,
  id: string,
  expectedVersion: number | undefined,
  mustBeOpen: boolean,
): Promise<LockedIntake> {
  const principal = requirePrincipal(tx);
  const res = await tx.db.query<LockedIntake>(
    `SELECT id, status, version, given_name, family_name, email, phone, date_of_birth::text AS date_of_birth, state FROM intakes
      WHERE id = $1 AND organization_id = $2 FOR UPDATE`,
    [id, principal.organizationId],
  );
  const row = res.rows[0];
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
      const user = await tx.db.query(
        `SELECT 1 FROM users WHERE id = $1 AND organization_id = $2 AND kind = 'staff' AND active`,
        [input.userId, principal.organizationId],
      );
      if (user.rowCount === 0)
        throw new DomainError('validation_failed', 'No active staff member with that id', {
          errors: [{ path: '/body/userId', message: 'Choose an active member of staff' }],
        });
    }
    const res = await tx.db.query<{ version: number }>(
      'UPDATE intakes SET assigned_user_id = $2, version = version + 1 WHERE id = $1 RETURNING version',
      [input.id, input.userId],
    );
    await audit(tx, {
      action: 'intake.assign',
      resourceType: 'intake',
      resourceId: input.id,
      details: { assignedUserId: input.userId },
    });
    return { version: res.rows[0]!.version };
  });
}

export async function addIntakeNote(
  input: { id: string; body: string },
  ctx: AppContext,
): Promise<{ id: string; createdAt: string }> {
  const principal = requirePrincipal(ctx);
  return withTransaction(ctx, async (tx) => {
    await lockIntake(tx, input.id, undefined, false);
    const res = await tx.db.query<{ id: string }>(
      'INSERT INTO intake_notes (intake_id, organization_id, author_user_id, body, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [input.id, principal.organizationId, principal.userId, input.body, tx.now],
    );
    const noteId = res.rows[0]!.id;
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
    const res = await tx.db.query<{ version: number }>(
      `UPDATE intakes SET status = 'contacted', contacted_at = $2, version = version + 1 WHERE id = $1 RETURNING version`,
      [input.id, tx.now],
    );
    await audit(tx, { action: 'intake.contacted', resourceType: 'intake', resourceId: input.id });
    return { version: res.rows[0]!.version, contactedAt: tx.now.toISOString() };
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
    const res = await tx.db.query<{ version: number }>(
      `UPDATE intakes SET status = 'declined', declined_at = $2, decline_reason = $3, version = version + 1 WHERE id = $1 RETURNING version`,
      [input.id, tx.now, input.reason],
    );
    const org = await tx.db.query<{ name: string; phone: string | null }>(
      'SELECT name, phone FROM organizations WHERE id = $1',
      [principal.organizationId],
    );
    await audit(tx, { action: 'intake.decline', resourceType: 'intake', resourceId: input.id });
    const template = declineEmailTemplate({
      givenName: intake.given_name,
      clinicName: org.rows[0]?.name ?? 'the clinic',
      clinicPhone: org.rows[0]?.phone ?? null,
    });
    return { version: res.rows[0]!.version, email: { to: intake.email, ...template } };
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
    const mrnRes = await tx.db.query<{ n: number }>(
      'UPDATE organizations SET next_mrn = next_mrn + 1 WHERE id = $1 RETURNING next_mrn - 1 AS n',
      [principal.organizationId],
    );
    const mrn = String(mrnRes.rows[0]!.n).padStart(6, '0');
    const patient = await tx.db.query<{ id: string }>(
      `INSERT INTO patients (organization_id, mrn, given_name, family_name, date_of_birth, email, phone, state, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        principal.organizationId,
        mrn,
        intake.given_name,
        intake.family_name,
        intake.date_of_birth,
        intake.email,
        intake.phone,
        intake.state,
        tx.now,
      ],
    );
    const patientId = patient.rows[0]!.id;
    await tx.db.query(
      `UPDATE intakes SET status = 'converted', patient_id = $2, converted_at = $3, version = version + 1 WHERE id = $1`,
      [input.id, patientId, tx.now],
    );
    let assessmentRequestId: string | null = null;
    if (input.requestAssessment) {
      const req = await tx.db.query<{ id: string }>(
        'INSERT INTO assessment_requests (organization_id, patient_id, intake_id, requested_by_user_id, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id',
        [principal.organizationId, patientId, input.id, principal.userId, tx.now],
      );
      assessmentRequestId = req.rows[0]!.id;
    }
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
