import type { Updateable } from 'kysely';
import type { PatientStatus } from '../../domain/chart/index.js';
import { kysely, type Queryable } from '../kysely.js';
import type { Patients } from '../schema.generated.js';

/** Patient records: identity, demographics, contacts, measurements, status. */

const recordColumns = [
  'id',
  'organizationId',
  'mrn',
  'givenName',
  'familyName',
  'preferredName',
  'dateOfBirth',
  'sex',
  'genderIdentity',
  'email',
  'phone',
  'addressLine1',
  'addressLine2',
  'city',
  'state',
  'postalCode',
  'emergencyContactName',
  'emergencyContactPhone',
  'emergencyContactRelationship',
  'companionName',
  'companionPhone',
  'companionRelationship',
  'heightCm',
  'weightKg',
  'measuredAt',
  'substanceUse',
  'medicalHistory',
  'status',
  'statusChangedAt',
  'createdAt',
  'version',
] as const;

/** A patient row (camelCase); `heightCm`/`weightKg` are exact decimals as strings, the date of birth a calendar date. */
export interface PatientRecord {
  id: string;
  organizationId: string;
  mrn: string;
  givenName: string;
  familyName: string;
  preferredName: string | null;
  dateOfBirth: string;
  sex: 'female' | 'male' | null;
  genderIdentity: string | null;
  email: string | null;
  phone: string | null;
  addressLine1: string | null;
  addressLine2: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  emergencyContactName: string | null;
  emergencyContactPhone: string | null;
  emergencyContactRelationship: string | null;
  companionName: string | null;
  companionPhone: string | null;
  companionRelationship: string | null;
  heightCm: string | null;
  weightKg: string | null;
  measuredAt: Date | null;
  substanceUse: Record<string, unknown>;
  medicalHistory: Record<string, unknown>;
  status: PatientStatus;
  statusChangedAt: Date | null;
  createdAt: Date;
  version: number;
}

export async function findPatient(db: Queryable, id: string): Promise<PatientRecord | undefined> {
  const row = await kysely(db).selectFrom('patients').select(recordColumns).where('id', '=', id).executeTakeFirst();
  return (
    row && {
      ...row,
      // CHECK constraints in 0004_chart.sql hold these to the domain's values; jsonb columns hold objects.
      sex: row.sex as PatientRecord['sex'],
      status: row.status as PatientStatus,
      substanceUse: row.substanceUse as Record<string, unknown>,
      medicalHistory: row.medicalHistory as Record<string, unknown>,
    }
  );
}

export interface PatientKeyRow {
  readonly id: string;
  readonly organizationId: string;
  readonly status: PatientStatus;
  readonly version: number;
}

/** Id, organization, status and version of a patient of `organizationId`; locked until commit when `forUpdate`. */
export async function findPatientKey(
  db: Queryable,
  id: string,
  organizationId: string,
  forUpdate: boolean,
): Promise<PatientKeyRow | undefined> {
  let query = kysely(db)
    .selectFrom('patients')
    .select(['id', 'organizationId', 'status', 'version'])
    .where('id', '=', id)
    .where('organizationId', '=', organizationId)
    .$narrowType<{ status: PatientStatus }>();
  if (forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

export interface PatientListRow {
  id: string;
  mrn: string;
  givenName: string;
  familyName: string;
  preferredName: string | null;
  dateOfBirth: string;
  status: PatientStatus;
}

export interface PatientSearch {
  readonly organizationId: string;
  /** Exactly this date of birth. */
  readonly dateOfBirth?: string;
  /** MRNs starting with these digits, or equal to them zero-padded to six. */
  readonly mrnDigits?: string;
  /** Each word must appear (case-insensitive) in the given, family or preferred name. */
  readonly nameWords?: readonly string[];
  readonly status?: PatientStatus | undefined;
  /** Keyset: rows after (lower(family), lower(given), id). */
  readonly after?: readonly [string, string, string] | undefined;
  readonly limit: number;
}

const likeEscaped = (word: string): string => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Patients by family then given name (case-insensitive), then id. */
export async function searchPatients(db: Queryable, s: PatientSearch): Promise<PatientListRow[]> {
  let query = kysely(db)
    .selectFrom('patients')
    .select(['id', 'mrn', 'givenName', 'familyName', 'preferredName', 'dateOfBirth', 'status'])
    .$narrowType<{ status: PatientStatus }>()
    .where('organizationId', '=', s.organizationId);
  if (s.dateOfBirth !== undefined) query = query.where('dateOfBirth', '=', s.dateOfBirth);
  const digits = s.mrnDigits;
  if (digits !== undefined)
    query = query.where((eb) => eb.or([eb('mrn', 'like', `${digits}%`), eb('mrn', '=', digits.padStart(6, '0'))]));
  for (const word of s.nameWords ?? []) {
    const pattern = likeEscaped(word);
    query = query.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['givenName']), 'like', pattern),
        eb(eb.fn('lower', ['familyName']), 'like', pattern),
        eb(eb.fn('lower', [eb.fn.coalesce('preferredName', eb.val(''))]), 'like', pattern),
      ]),
    );
  }
  if (s.status) query = query.where('status', '=', s.status);
  const after = s.after;
  if (after)
    query = query.where((eb) =>
      eb(
        eb.refTuple(eb.fn('lower', ['familyName']), eb.fn('lower', ['givenName']), 'id'),
        '>',
        eb.tuple(after[0], after[1], after[2]),
      ),
    );
  return query
    .orderBy((eb) => eb.fn('lower', ['familyName']))
    .orderBy((eb) => eb.fn('lower', ['givenName']))
    .orderBy('id')
    .limit(s.limit)
    .execute();
}

/** The demographic columns a use-case may change (never id, organization, MRN, status or version). */
export type PatientChanges = Omit<
  Updateable<Patients>,
  'id' | 'organizationId' | 'mrn' | 'status' | 'statusChangedAt' | 'version' | 'createdAt' | 'updatedAt'
>;

/** Writes `changes` (columns left undefined stay as they are), bumps the version. */
export async function updatePatient(db: Queryable, id: string, changes: PatientChanges, now: Date): Promise<void> {
  await kysely(db)
    .updateTable('patients')
    .set((eb) => ({ ...changes, updatedAt: now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

/** Moves the status, bumps the version and returns it. */
export async function updatePatientStatus(
  db: Queryable,
  id: string,
  status: PatientStatus,
  now: Date,
): Promise<number> {
  const row = await kysely(db)
    .updateTable('patients')
    .set((eb) => ({ status, statusChangedAt: now, updatedAt: now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .returning('version')
    .executeTakeFirstOrThrow();
  return row.version;
}

export async function findPatientVersion(db: Queryable, id: string): Promise<number | undefined> {
  const row = await kysely(db).selectFrom('patients').select('version').where('id', '=', id).executeTakeFirst();
  return row?.version;
}

export interface NewClinicMeasurement {
  readonly organizationId: string;
  readonly patientId: string;
  readonly recordedAt: Date;
  readonly weightKg: number | null;
  readonly heightCm: number | null;
  readonly recordedByUserId: string;
}

/** A height/weight taken in clinic, kept in the vitals history so weight over time is visible. */
export async function insertClinicMeasurement(db: Queryable, m: NewClinicMeasurement): Promise<void> {
  await kysely(db)
    .insertInto('patientVitals')
    .values({ ...m, context: 'clinic' })
    .execute();
}

/** Allergies currently listed on the chart. */
export async function countCurrentAllergies(db: Queryable, patientId: string): Promise<number> {
  const row = await kysely(db)
    .selectFrom('patientAllergies')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('patientId', '=', patientId)
    .where('removedAt', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Records "No known drug allergies" (at, by) or takes it off (null, null). */
export async function setNoKnownAllergies(
  db: Queryable,
  patientId: string,
  at: Date | null,
  byUserId: string | null,
): Promise<void> {
  await kysely(db)
    .updateTable('patients')
    .set({ noKnownAllergiesAt: at, noKnownAllergiesByUserId: byUserId })
    .where('id', '=', patientId)
    .execute();
}

/** Takes a current allergy or diagnosis off the list, or stops a medication; false when there was none. */
export async function endChartItem(
  db: Queryable,
  kind: 'allergy' | 'diagnosis' | 'medication',
  itemId: string,
  patientId: string,
  now: Date,
): Promise<boolean> {
  const q = kysely(db);
  const result =
    kind === 'medication'
      ? await q
          .updateTable('patientMedications')
          .set({ stoppedAt: now })
          .where('id', '=', itemId)
          .where('patientId', '=', patientId)
          .where('stoppedAt', 'is', null)
          .executeTakeFirst()
      : await q
          .updateTable(kind === 'allergy' ? 'patientAllergies' : 'patientDiagnoses')
          .set({ removedAt: now })
          .where('id', '=', itemId)
          .where('patientId', '=', patientId)
          .where('removedAt', 'is', null)
          .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
