import type { DocumentContentType, UploadedDocumentKind } from '../../domain/chart/index.js';
import type { Clearance } from '../../domain/eligibility/index.js';
import { kysely, type Queryable } from '../kysely.js';

/**
 * SQL for documents uploaded to a chart (decision 009): stored once with their bytes and hash, never
 * replaced; a wrong upload is retracted (marked, with who and why), never deleted.
 */
export interface DocumentRecord {
  readonly id: string;
  readonly patientId: string;
  readonly kind: UploadedDocumentKind;
  readonly title: string;
  readonly clearance: Clearance | null;
  readonly contentType: DocumentContentType;
  readonly sizeBytes: number;
  readonly sha256: string;
  readonly uploadedByUserId: string;
  readonly uploaderName: string;
  readonly uploadedAt: Date;
  readonly retractedAt: Date | null;
  readonly retractedByUserId: string | null;
  readonly retractorName: string | null;
  readonly retractionReason: string | null;
  readonly version: number;
}

function documents(db: Queryable, patientId: string) {
  return (
    kysely(db)
      .selectFrom('patientDocuments as d')
      .innerJoin('users as u', 'u.id', 'd.uploadedByUserId')
      .leftJoin('users as r', 'r.id', 'd.retractedByUserId')
      .select([
        'd.id',
        'd.patientId',
        'd.kind',
        'd.title',
        'd.clearance',
        'd.contentType',
        'd.sizeBytes',
        'd.sha256',
        'd.uploadedByUserId',
        'u.name as uploaderName',
        'd.uploadedAt',
        'd.retractedAt',
        'd.retractedByUserId',
        'r.name as retractorName',
        'd.retractionReason',
        'd.version',
      ])
      .where('d.patientId', '=', patientId)
      // CHECK constraints (0005_patient_documents.sql) hold kind, clearance and type to the domain's values.
      .$narrowType<{ kind: UploadedDocumentKind; clearance: Clearance | null; contentType: DocumentContentType }>()
  );
}

/** The patient's document; locked until commit when `forUpdate`. */
export async function findDocument(
  db: Queryable,
  patientId: string,
  id: string,
  forUpdate = false,
): Promise<DocumentRecord | undefined> {
  let query = documents(db, patientId).where('d.id', '=', id);
  if (forUpdate) query = query.forUpdate('d');
  return query.executeTakeFirst();
}

/** Newest first. */
export async function listDocumentsOfPatient(db: Queryable, patientId: string): Promise<DocumentRecord[]> {
  return documents(db, patientId).orderBy('d.uploadedAt', 'desc').orderBy('d.id', 'desc').execute();
}

export async function readDocumentBytes(db: Queryable, id: string): Promise<Buffer> {
  const row = await kysely(db)
    .selectFrom('patientDocuments')
    .select('content')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return row.content;
}

export async function insertDocument(
  db: Queryable,
  d: {
    organizationId: string;
    patientId: string;
    kind: UploadedDocumentKind;
    title: string;
    clearance: Clearance | null;
    contentType: DocumentContentType;
    sizeBytes: number;
    sha256: string;
    content: Buffer;
    uploadedByUserId: string;
    uploadedAt: Date;
  },
): Promise<string> {
  return (await kysely(db).insertInto('patientDocuments').values(d).returning('id').executeTakeFirstOrThrow()).id;
}

export async function retractDocumentRow(
  db: Queryable,
  id: string,
  r: { at: Date; byUserId: string; reason: string },
): Promise<void> {
  await kysely(db)
    .updateTable('patientDocuments')
    .set((eb) => ({
      retractedAt: r.at,
      retractedByUserId: r.byUserId,
      retractionReason: r.reason,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .execute();
}
