import { labelOf, patientFieldLabels } from '../../domain/labels/index.js';
import {
  assertTransition,
  dateOfBirthErrors,
  heightErrors,
  isPatientStatus,
  patientStatusLabels,
  weightErrors,
  type PatientStatus,
} from '../../domain/chart/index.js';
import { DomainError, type FieldError } from '../../domain/errors.js';
import { isLocalDate, type LocalDate } from '../../domain/time/local-date.js';
import { zoneRules } from '../../domain/time/zoned-time.js';
import { audit } from '../audit/record.js';
import { withTransaction, type AppContext, type Queryable } from '../context.js';
import { assertVersion, findPatientKey, requireStaffAction } from './access.js';
import { recordPatientEvent } from './events.js';
import { patientColumns, toPatientView, type PatientRow, type PatientView } from './patient-rows.js';

/** The clinic's local date now (ages, "date of birth in the past"). */
export async function clinicToday(db: Queryable, organizationId: string, now: Date): Promise<LocalDate> {
  const res = await db.query<{ time_zone: string }>('SELECT time_zone FROM organizations WHERE id = $1', [
    organizationId,
  ]);
  return zoneRules(res.rows[0]?.time_zone ?? 'UTC').toLocal(now).date;
}

export interface PatientSearchInput {
  /** A name (or part), a date of birth YYYY-MM-DD, or an MRN. */
  readonly q?: string | undefined;
  readonly status?: PatientStatus | undefined;
  readonly cursor?: string | undefined;
  readonly limit: number;
}

export interface PatientListItem {
  id: string;
  mrn: string;
  givenName: string;
  familyName: string;
  preferredName: string | null;
  dateOfBirth: string;
  status: PatientStatus;
  statusLabel: string;
}

type Cursor = [string, string, string];

function decodeCursor(cursor: string): Cursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 3 && parsed.every((p) => typeof p === 'string'))
      return parsed as Cursor;
  } catch {
    // fall through
  }
  throw new DomainError('validation_failed', 'The cursor is not valid; start from the first page.', {
    errors: [{ path: '/query/cursor', message: 'not a cursor from this list' }],
  });
}

const encodeCursor = (c: Cursor): string => Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');

/**
 * Patients of the caller's organization, by family then given name, keyset-paginated. `q` is read as a
 * date of birth when it is a date, as an MRN when it is digits, otherwise as words of a name.
 */
export async function searchPatients(
  input: PatientSearchInput,
  ctx: AppContext,
): Promise<{ items: PatientListItem[]; nextCursor: string | null }> {
  const principal = requireStaffAction(ctx, 'patients.read');
  const where: string[] = ['organization_id = $1'];
  const params: unknown[] = [principal.organizationId];
  const q = input.q?.trim() ?? '';
  let kind: 'all' | 'dob' | 'mrn' | 'name' = 'all';
  if (q) {
    if (isLocalDate(q)) {
      kind = 'dob';
      params.push(q);
      where.push(`date_of_birth = $${params.length}::date`);
    } else if (/^\d+$/.test(q)) {
      kind = 'mrn';
      params.push(`${q}%`, q.padStart(6, '0'));
      where.push(`(mrn LIKE $${params.length - 1} OR mrn = $${params.length})`);
    } else {
      kind = 'name';
      for (const word of q
        .toLowerCase()
        .split(/[\s,]+/)
        .filter(Boolean)
        .slice(0, 4)) {
        params.push(`%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
        const p = `$${params.length}`;
        where.push(
          `(lower(given_name) LIKE ${p} OR lower(family_name) LIKE ${p} OR lower(coalesce(preferred_name, '')) LIKE ${p})`,
        );
      }
    }
  }
  if (input.status) {
    params.push(input.status);
    where.push(`status = $${params.length}`);
  }
  if (input.cursor) {
    const [family, given, id] = decodeCursor(input.cursor);
    params.push(family, given, id);
    where.push(
      `(lower(family_name), lower(given_name), id) > ($${params.length - 2}, $${params.length - 1}, $${params.length}::uuid)`,
    );
  }
  params.push(input.limit + 1);
  return withTransaction(ctx, async (tx) => {
    const res = await tx.db.query<PatientRow>(
      `SELECT ${patientColumns} FROM patients WHERE ${where.join(' AND ')}
        ORDER BY lower(family_name), lower(given_name), id LIMIT $${params.length}`,
      params,
    );
    const rows = res.rows.slice(0, input.limit);
    const last = rows.at(-1);
    // Search terms may be names (PHI): the audit records what kind of search, never the words.
    await audit(tx, {
      action: 'patients.search',
      resourceType: 'patient',
      details: { kind, status: input.status ?? null, results: rows.length },
    });
    return {
      items: rows.map((r) => ({
        id: r.id,
        mrn: r.mrn,
        givenName: r.given_name,
        familyName: r.family_name,
        preferredName: r.preferred_name,
        dateOfBirth: r.date_of_birth,
        status: r.status,
        statusLabel: patientStatusLabels[r.status],
      })),
      nextCursor:
        res.rows.length > input.limit && last
          ? encodeCursor([last.family_name.toLowerCase(), last.given_name.toLowerCase(), last.id])
          : null,
    };
  });
}

type Nullable<T> = T | null | undefined;

export interface DemographicsInput {
  readonly version: number;
  readonly givenName?: string | undefined;
  readonly familyName?: string | undefined;
  readonly preferredName?: Nullable<string>;
  readonly dateOfBirth?: string | undefined;
  readonly sex?: Nullable<'female' | 'male'>;
  readonly genderIdentity?: Nullable<string>;
  readonly email?: Nullable<string>;
  readonly phone?: Nullable<string>;
  readonly address?:
    | {
        line1?: Nullable<string>;
        line2?: Nullable<string>;
        city?: Nullable<string>;
        state?: Nullable<string>;
        postalCode?: Nullable<string>;
      }
    | undefined;
  readonly emergencyContact?:
    { name?: Nullable<string>; phone?: Nullable<string>; relationship?: Nullable<string> } | undefined;
  readonly companion?:
    { name?: Nullable<string>; phone?: Nullable<string>; relationship?: Nullable<string> } | undefined;
  readonly heightCm?: Nullable<number>;
  readonly weightKg?: Nullable<number>;
  readonly substanceUse?: Record<string, unknown> | undefined;
  readonly medicalHistory?: Record<string, unknown> | undefined;
}

/**
 * Demographics, contacts (including the usual companion/driver), height and weight, substance use and
 * ketamine-relevant history. Checks everything first — a bad weight, a height in the wrong unit or a
 * future date of birth changes nothing — then writes once, with the version the caller saw.
 */
export async function updateDemographics(
  patientId: string,
  input: DemographicsInput,
  ctx: AppContext,
): Promise<PatientView> {
  const principal = requireStaffAction(ctx, 'patients.manage');
  return withTransaction(ctx, async (tx) => {
    await findPatientKey(tx, patientId, { forUpdate: true });
    const today = await clinicToday(tx.db, principal.organizationId, tx.now);
    const errors: FieldError[] = [];
    if (input.dateOfBirth !== undefined)
      errors.push(...dateOfBirthErrors(input.dateOfBirth, today, '/body/dateOfBirth'));
    if (input.weightKg != null) errors.push(...weightErrors(input.weightKg, '/body/weightKg'));
    if (input.heightCm != null) errors.push(...heightErrors(input.heightCm, '/body/heightCm'));
    if (errors.length > 0) throw new DomainError('validation_failed', errors[0]!.message, { errors });

    const current = (await tx.db.query<PatientRow>(`SELECT ${patientColumns} FROM patients WHERE id = $1`, [patientId]))
      .rows[0]!;
    assertVersion(current.version, input.version, 'patient record');
    const sets: string[] = [];
    const values: unknown[] = [];
    const changed: string[] = [];
    const set = (column: string, value: unknown, field: string): void => {
      if (value === undefined) return;
      values.push(value);
      sets.push(`${column} = $${values.length}`);
      changed.push(field);
    };
    const blank = (v: Nullable<string>): string | null | undefined =>
      v === undefined ? undefined : v === null || v.trim() === '' ? null : v.trim();
    set('given_name', input.givenName?.trim(), 'givenName');
    set('family_name', input.familyName?.trim(), 'familyName');
    set('preferred_name', blank(input.preferredName), 'preferredName');
    set('date_of_birth', input.dateOfBirth, 'dateOfBirth');
    set('sex', input.sex, 'sex');
    set('gender_identity', blank(input.genderIdentity), 'genderIdentity');
    set('email', blank(input.email), 'email');
    set('phone', blank(input.phone), 'phone');
    set('address_line1', blank(input.address?.line1), 'address');
    set('address_line2', blank(input.address?.line2), 'address');
    set('city', blank(input.address?.city), 'address');
    set('state', blank(input.address?.state), 'address');
    set('postal_code', blank(input.address?.postalCode), 'address');
    set('emergency_contact_name', blank(input.emergencyContact?.name), 'emergencyContact');
    set('emergency_contact_phone', blank(input.emergencyContact?.phone), 'emergencyContact');
    set('emergency_contact_relationship', blank(input.emergencyContact?.relationship), 'emergencyContact');
    set('companion_name', blank(input.companion?.name), 'companion');
    set('companion_phone', blank(input.companion?.phone), 'companion');
    set('companion_relationship', blank(input.companion?.relationship), 'companion');
    set('height_cm', input.heightCm, 'heightCm');
    set('weight_kg', input.weightKg, 'weightKg');
    set(
      'substance_use',
      input.substanceUse === undefined ? undefined : JSON.stringify(input.substanceUse),
      'substanceUse',
    );
    set(
      'medical_history',
      input.medicalHistory === undefined ? undefined : JSON.stringify(input.medicalHistory),
      'medicalHistory',
    );
    if (input.heightCm != null || input.weightKg != null) set('measured_at', tx.now, 'measuredAt');
    values.push(tx.now, patientId);
    await tx.db.query(
      `UPDATE patients SET ${[...sets, `updated_at = $${values.length - 1}`, 'version = version + 1'].join(', ')} WHERE id = $${values.length}`,
      values,
    );
    if (input.heightCm != null || input.weightKg != null) {
      // Keep the measurement in the vitals history too, so weight over time is visible.
      await tx.db.query(
        `INSERT INTO patient_vitals (organization_id, patient_id, recorded_at, context, weight_kg, height_cm, recorded_by_user_id)
         VALUES ($1, $2, $3, 'clinic', $4, $5, $6)`,
        [principal.organizationId, patientId, tx.now, input.weightKg ?? null, input.heightCm ?? null, principal.userId],
      );
    }
    const fields = [...new Set(changed)];
    await audit(tx, {
      action: 'patients.update',
      resourceType: 'patient',
      resourceId: patientId,
      patientId,
      details: { changed: fields },
    });
    if (fields.length > 0)
      await recordPatientEvent(tx, {
        patientId,
        kind: 'chart_updated',
        summary: `Chart updated: ${fields.map((f) => labelOf(patientFieldLabels, f).toLowerCase()).join(', ')}`,
        resourceType: 'patient',
        resourceId: patientId,
      });
    const updated = (await tx.db.query<PatientRow>(`SELECT ${patientColumns} FROM patients WHERE id = $1`, [patientId]))
      .rows[0]!;
    return toPatientView(updated, today);
  });
}

/** Moves the patient in the state machine (src/domain/chart/patient-status.ts); 'eligible' only by signing. */
export async function changePatientStatus(
  patientId: string,
  input: { status: string; reason: string; version: number },
  ctx: AppContext,
): Promise<{ status: PatientStatus; version: number }> {
  requireStaffAction(ctx, 'patients.manage');
  if (!isPatientStatus(input.status))
    throw new DomainError('validation_failed', 'Unknown status.', {
      errors: [{ path: '/body/status', message: 'not a patient status' }],
    });
  const to = input.status;
  return withTransaction(ctx, async (tx) => {
    const patient = await findPatientKey(tx, patientId, { forUpdate: true });
    assertVersion(patient.version, input.version, 'patient record');
    assertTransition(patient.status as PatientStatus, to, { manual: true });
    const version = await setPatientStatus(
      tx,
      patientId,
      patient.status as PatientStatus,
      to,
      input.reason.trim() || 'No reason given',
    );
    await audit(tx, {
      action: 'patients.status',
      resourceType: 'patient',
      resourceId: patientId,
      patientId,
      details: { from: patient.status, to },
    });
    return { status: to, version };
  });
}

/** Writes a status change and its timeline entry (the caller has checked the transition). */
export async function setPatientStatus(
  tx: AppContext,
  patientId: string,
  from: PatientStatus,
  to: PatientStatus,
  why: string,
): Promise<number> {
  if (from === to) {
    const res = await tx.db.query<{ version: number }>('SELECT version FROM patients WHERE id = $1', [patientId]);
    return res.rows[0]!.version;
  }
  const res = await tx.db.query<{ version: number }>(
    'UPDATE patients SET status = $2, status_changed_at = $3, updated_at = $3, version = version + 1 WHERE id = $1 RETURNING version',
    [patientId, to, tx.now],
  );
  await recordPatientEvent(tx, {
    patientId,
    kind: 'status_changed',
    summary: `Status: ${patientStatusLabels[from]} → ${patientStatusLabels[to]} (${why})`,
    resourceType: 'patient',
    resourceId: patientId,
  });
  return res.rows[0]!.version;
}
