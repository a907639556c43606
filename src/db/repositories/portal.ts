import { kysely, type Queryable } from '../kysely.js';

/**
 * What the patient portal reads about the signed-in patient: every query takes the patient id (and the
 * organization) from the caller's principal, never from the request, so it cannot reach another record.
 */
export interface LocationAddress {
  readonly name: string;
  readonly addressLines: string[];
  readonly phone: string | null;
}

export async function findLocationAddress(
  db: Queryable,
  organizationId: string,
  locationId: string,
): Promise<LocationAddress | undefined> {
  const row = await kysely(db)
    .selectFrom('locations')
    .select(['name', 'addressLine1', 'addressLine2', 'city', 'state', 'postalCode', 'phone'])
    .where('organizationId', '=', organizationId)
    .where('id', '=', locationId)
    .executeTakeFirst();
  if (!row) return undefined;
  const cityLine = [row.city, [row.state, row.postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return {
    name: row.name,
    addressLines: [row.addressLine1, row.addressLine2, cityLine].filter((l): l is string => Boolean(l)),
    phone: row.phone,
  };
}

export interface OwnScoreRow {
  readonly id: string;
  readonly instrumentId: string;
  readonly total: number | null;
  readonly severityId: string | null;
  readonly severityLabel: string | null;
  readonly context: string;
  readonly completedAt: Date;
}

export async function listOwnScores(db: Queryable, organizationId: string, patientId: string): Promise<OwnScoreRow[]> {
  return kysely(db)
    .selectFrom('questionnaireResults')
    .select(['id', 'instrumentId', 'total', 'severityId', 'severityLabel', 'context', 'completedAt'])
    .where('organizationId', '=', organizationId)
    .where('patientId', '=', patientId)
    .orderBy('completedAt')
    .orderBy('id')
    .limit(2000)
    .execute();
}

export interface OwnSessionRow {
  readonly id: string;
  readonly doseNumber: number | null;
  readonly clinicDate: string;
  readonly doseStartedAt: Date | null;
  readonly dischargedAt: Date | null;
  readonly phase: string;
  readonly discharge: unknown;
  readonly locationId: string | null;
}

/** The patient's treatment sessions that gave a dose, oldest first (markers on the progress chart). */
export async function listOwnDoseSessions(
  db: Queryable,
  organizationId: string,
  patientId: string,
): Promise<OwnSessionRow[]> {
  return kysely(db)
    .selectFrom('treatmentSessions')
    .select(['id', 'doseNumber', 'clinicDate', 'doseStartedAt', 'dischargedAt', 'phase', 'discharge', 'locationId'])
    .where('organizationId', '=', organizationId)
    .where('patientId', '=', patientId)
    .where('doseStartedAt', 'is not', null)
    .orderBy('doseStartedAt')
    .limit(500)
    .execute();
}

export interface SharedDocumentRow {
  readonly id: string;
  readonly title: string;
  readonly kind: string;
  readonly contentType: string;
  readonly sizeBytes: number;
  readonly sharedWithPatientAt: Date;
}

/** The patient's unretracted documents that staff shared with them, newest share first. */
export async function listSharedDocuments(
  db: Queryable,
  organizationId: string,
  patientId: string,
): Promise<SharedDocumentRow[]> {
  return kysely(db)
    .selectFrom('patientDocumentShares as s')
    .innerJoin('patientDocuments as d', 'd.id', 's.documentId')
    .select(['d.id', 'd.title', 'd.kind', 'd.contentType', 'd.sizeBytes', 's.sharedAt as sharedWithPatientAt'])
    .where('s.organizationId', '=', organizationId)
    .where('s.patientId', '=', patientId)
    .where('d.patientId', '=', patientId)
    .where('d.retractedAt', 'is', null)
    .orderBy('s.sharedAt', 'desc')
    .execute();
}

/** One shared, unretracted document's bytes, only if it belongs to this patient. */
export async function findSharedDocumentContent(
  db: Queryable,
  organizationId: string,
  patientId: string,
  documentId: string,
): Promise<{ title: string; contentType: string; content: Buffer } | undefined> {
  return kysely(db)
    .selectFrom('patientDocumentShares as s')
    .innerJoin('patientDocuments as d', 'd.id', 's.documentId')
    .select(['d.title', 'd.contentType', 'd.content'])
    .where('s.organizationId', '=', organizationId)
    .where('s.patientId', '=', patientId)
    .where('d.patientId', '=', patientId)
    .where('d.id', '=', documentId)
    .where('d.retractedAt', 'is', null)
    .executeTakeFirst();
}

/** A chart document as the "share with the patient" choice needs it, with its share (locked for the change). */
export async function findDocumentForSharing(
  db: Queryable,
  organizationId: string,
  patientId: string,
  documentId: string,
): Promise<{ kind: string; retractedAt: Date | null; sharedAt: Date | null; title: string } | undefined> {
  return kysely(db)
    .selectFrom('patientDocuments as d')
    .leftJoin('patientDocumentShares as s', 's.documentId', 'd.id')
    .select(['d.kind', 'd.retractedAt', 's.sharedAt', 'd.title'])
    .where('d.organizationId', '=', organizationId)
    .where('d.patientId', '=', patientId)
    .where('d.id', '=', documentId)
    .forUpdate('d')
    .executeTakeFirst();
}

export async function shareDocument(
  db: Queryable,
  share: { documentId: string; organizationId: string; patientId: string; at: Date; byUserId: string },
): Promise<void> {
  await kysely(db)
    .insertInto('patientDocumentShares')
    .values({
      documentId: share.documentId,
      organizationId: share.organizationId,
      patientId: share.patientId,
      sharedAt: share.at,
      sharedByUserId: share.byUserId,
    })
    .onConflict((oc) => oc.column('documentId').doNothing())
    .execute();
}

export async function unshareDocument(db: Queryable, documentId: string): Promise<void> {
  await kysely(db).deleteFrom('patientDocumentShares').where('documentId', '=', documentId).execute();
}
