import {
  findPatient,
  findPatientVersion,
  insertClinicMeasurement,
  searchPatients as searchPatientRows,
  updatePatient,
  updatePatientStatus,
  type PatientChanges,
  type PatientSearch,
} from '../../db/repositories/patients.js';
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
import { parseUsDate } from '../../domain/time/local-date.js';
import { audit } from '../audit/record.js';
import { withTransaction, type AppContext } from '../context.js';
import { assertVersion, findPatientKey, requireStaffAction } from './access.js';
import { recordPatientEvent } from './events.js';
import { clinicToday } from '../clinic-time.js';
import { toPatientView, type PatientView } from './patient-rows.js';
import type {
  DemographicsBody,
  PatientListItem,
  PatientSearchQuery,
  StatusChangeBody,
  StatusChanged,
} from '../../contracts/patients.js';

/** A name (or part), a date of birth YYYY-MM-DD, or an MRN; a status; a cursor (src/contracts/patients.ts). */
export type PatientSearchInput = PatientSearchQuery;
export type { PatientListItem };

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
  const q = input.q?.trim() ?? '';
  // A date of birth as US staff type it (06/14/1985) or as ISO (1985-06-14).
  const dob = parseUsDate(q);
  const kind: 'all' | 'dob' | 'mrn' | 'name' = !q ? 'all' : dob ? 'dob' : /^\d+$/.test(q) ? 'mrn' : 'name';
  const search: PatientSearch = {
    organizationId: principal.organizationId,
    ...(kind === 'dob' && dob ? { dateOfBirth: dob } : {}),
    ...(kind === 'mrn' ? { mrnDigits: q } : {}),
    ...(kind === 'name'
      ? {
          nameWords: q
            .toLowerCase()
            .split(/[\s,]+/)
            .filter(Boolean)
            .slice(0, 4),
        }
      : {}),
    status: input.status,
    after: input.cursor ? decodeCursor(input.cursor) : undefined,
    limit: input.limit + 1,
  };
  return withTransaction(ctx, async (tx) => {
    const found = await searchPatientRows(tx.db, search);
    const rows = found.slice(0, input.limit);
    const last = rows.at(-1);
    // Search terms may be names (PHI): the audit records what kind of search, never the words.
    await audit(tx, {
      action: 'patients.search',
      resourceType: 'patient',
      details: { kind, status: input.status ?? null, results: rows.length },
    });
    return {
      items: rows.map((r) => ({ ...r, statusLabel: patientStatusLabels[r.status] })),
      nextCursor:
        found.length > input.limit && last
          ? encodeCursor([last.familyName.toLowerCase(), last.givenName.toLowerCase(), last.id])
          : null,
    };
  });
}

export type DemographicsInput = DemographicsBody;

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
    const { today } = await clinicToday(tx.db, principal.organizationId, tx.now);
    const errors: FieldError[] = [];
    if (input.dateOfBirth !== undefined) errors.push(...dateOfBirthErrors(input.dateOfBirth, today, '/dateOfBirth'));
    if (input.weightKg != null) errors.push(...weightErrors(input.weightKg, '/weightKg'));
    if (input.heightCm != null) errors.push(...heightErrors(input.heightCm, '/heightCm'));
    if (errors.length > 0) throw new DomainError('validation_failed', errors[0]!.message, { errors });

    const current = (await findPatient(tx.db, patientId))!;
    assertVersion(current.version, input.version, 'patient record');
    const blank = (v: string | null | undefined): string | null | undefined =>
      v === undefined ? undefined : v === null || v.trim() === '' ? null : v.trim();
    const measured = input.heightCm != null || input.weightKg != null;
    // Which chart fields each column belongs to (the audit and the timeline name fields, not columns).
    const byField: Record<string, PatientChanges> = {
      givenName: { givenName: input.givenName?.trim() },
      familyName: { familyName: input.familyName?.trim() },
      preferredName: { preferredName: blank(input.preferredName) },
      dateOfBirth: { dateOfBirth: input.dateOfBirth },
      sex: { sex: input.sex },
      genderIdentity: { genderIdentity: blank(input.genderIdentity) },
      email: { email: blank(input.email) },
      phone: { phone: blank(input.phone) },
      address: {
        addressLine1: blank(input.address?.line1),
        addressLine2: blank(input.address?.line2),
        city: blank(input.address?.city),
        state: blank(input.address?.state),
        postalCode: blank(input.address?.postalCode),
      },
      emergencyContact: {
        emergencyContactName: blank(input.emergencyContact?.name),
        emergencyContactPhone: blank(input.emergencyContact?.phone),
        emergencyContactRelationship: blank(input.emergencyContact?.relationship),
      },
      companion: {
        companionName: blank(input.companion?.name),
        companionPhone: blank(input.companion?.phone),
        companionRelationship: blank(input.companion?.relationship),
      },
      heightCm: { heightCm: input.heightCm },
      weightKg: { weightKg: input.weightKg },
      substanceUse: { substanceUse: input.substanceUse === undefined ? undefined : JSON.stringify(input.substanceUse) },
      medicalHistory: {
        medicalHistory: input.medicalHistory === undefined ? undefined : JSON.stringify(input.medicalHistory),
      },
      measuredAt: { measuredAt: measured ? tx.now : undefined },
    };
    const changed: string[] = [];
    let changes: PatientChanges = {};
    for (const [field, columns] of Object.entries(byField)) {
      const given = Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined));
      if (Object.keys(given).length === 0) continue;
      changed.push(field);
      changes = { ...changes, ...given };
    }
    await updatePatient(tx.db, patientId, changes, tx.now);
    if (measured) {
      // Keep the measurement in the vitals history too, so weight over time is visible.
      await insertClinicMeasurement(tx.db, {
        organizationId: principal.organizationId,
        patientId,
        recordedAt: tx.now,
        weightKg: input.weightKg ?? null,
        heightCm: input.heightCm ?? null,
        recordedByUserId: principal.userId,
      });
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
    return toPatientView((await findPatient(tx.db, patientId))!, today);
  });
}

/** Moves the patient in the state machine (src/domain/chart/patient-status.ts); 'eligible' only by signing. */
export async function changePatientStatus(
  patientId: string,
  input: Omit<StatusChangeBody, 'status'> & { status: string },
  ctx: AppContext,
): Promise<StatusChanged> {
  requireStaffAction(ctx, 'patients.manage');
  if (!isPatientStatus(input.status))
    throw new DomainError('validation_failed', 'Unknown status.', {
      errors: [{ path: '/status', message: 'not a patient status' }],
    });
  const to = input.status;
  return withTransaction(ctx, async (tx) => {
    const patient = await findPatientKey(tx, patientId, { forUpdate: true });
    assertVersion(patient.version, input.version, 'patient record');
    assertTransition(patient.status, to, { manual: true });
    const version = await setPatientStatus(tx, patientId, patient.status, to, input.reason.trim() || 'No reason given');
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
  if (from === to) return (await findPatientVersion(tx.db, patientId))!;
  const version = await updatePatientStatus(tx.db, patientId, to, tx.now);
  await recordPatientEvent(tx, {
    patientId,
    kind: 'status_changed',
    summary: `Status: ${patientStatusLabels[from]} → ${patientStatusLabels[to]} (${why})`,
    resourceType: 'patient',
    resourceId: patientId,
  });
  return version;
}
