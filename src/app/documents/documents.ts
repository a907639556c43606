import { createHash } from 'node:crypto';
import { findLatestAssessment } from '../../db/repositories/assessments.js';
import {
  findDocument as findDocumentRecord,
  insertDocument,
  listDocumentsOfPatient,
  readDocumentBytes,
  retractDocumentRow,
  type DocumentRecord,
} from '../../db/repositories/documents.js';
import {
  assertReason,
  checkDocumentUpload,
  clearanceLabels,
  downloadFileName,
  isClinicalDocumentKind,
  uploadedDocumentKindLabels,
  type DocumentContentType,
  type UploadedDocumentKind,
} from '../../domain/chart/index.js';
import {
  assessEligibility,
  type EligibilityContext,
  type Clearance,
  type EligibilityInput,
  type EligibilityResult,
} from '../../domain/eligibility/index.js';
import { DomainError, isDomainError } from '../../domain/errors.js';
import { can, type Principal } from '../../domain/permissions/index.js';
import { upgradeStoredProtocol, type ClinicProtocol } from '../../domain/protocol/index.js';
import { audit } from '../audit/record.js';
import { requirePrincipal, withTransaction, type AppContext } from '../context.js';
import { assertVersion, findPatientKey, patientNotFound } from '../chart/access.js';
import { eligibilityContext } from '../assessments/assessments.js';
import { recordPatientEvent } from '../chart/events.js';

/**
 * Documents uploaded to the chart (decision 009). Who may:
 * - read (list, download): staff with patients.read in the clinic. Clinical kinds (clearance letters,
 *   ECGs, lab results, outside records) only with clinical_notes.read — coordinators and admins do not
 *   see them, exactly as the chart hides its other clinical sections; to them such a document does not
 *   exist (404), so its existence is not confirmed either.
 * - upload and retract a clinical kind: clinical_notes.write (prescribers, nurses).
 * - upload and retract a referral letter or non-clinical paperwork: patients.manage (prescribers,
 *   coordinators — the front desk receives referrals) or clinical_notes.write (nurses scan them too).
 * Patients never reach these use-cases (their portal shows what the clinic chose to share): 404.
 * Every call is audited; the audit details carry ids, kind, type, size and hash, never the title.
 */
export interface DocumentView {
  id: string;
  patientId: string;
  kind: UploadedDocumentKind;
  kindLabel: string;
  title: string;
  clearance: Clearance | null;
  contentType: DocumentContentType;
  sizeBytes: number;
  sha256: string;
  uploadedBy: { id: string; name: string };
  uploadedAt: string;
  retracted: { at: string; by: { id: string; name: string }; reason: string } | null;
  version: number;
}

export interface DocumentList {
  items: DocumentView[];
  /** True when clinical documents were left out for this reader. */
  clinicalRedacted: boolean;
  /**
   * The clearances the patient's latest assessment asks for (signed: as signed; draft: the live proposal),
   * each with the unretracted clearance letters on file for it. Empty for readers without clinical access.
   */
  clearances: {
    clearance: Clearance;
    label: string;
    assessmentId: string;
    assessmentStatus: 'draft' | 'signed';
    documentIds: string[];
  }[];
}

const toView = (r: DocumentRecord): DocumentView => ({
  id: r.id,
  patientId: r.patientId,
  kind: r.kind,
  kindLabel: uploadedDocumentKindLabels[r.kind],
  title: r.title,
  clearance: r.clearance,
  contentType: r.contentType,
  sizeBytes: r.sizeBytes,
  sha256: r.sha256,
  uploadedBy: { id: r.uploadedByUserId, name: r.uploaderName },
  uploadedAt: r.uploadedAt.toISOString(),
  retracted:
    r.retractedAt && r.retractedByUserId && r.retractionReason
      ? {
          at: r.retractedAt.toISOString(),
          by: { id: r.retractedByUserId, name: r.retractorName ?? '' },
          reason: r.retractionReason,
        }
      : null,
  version: r.version,
});

/** Staff with patients.read; a patient (or anyone else) is told the record does not exist. */
function requireReader(ctx: AppContext): Principal {
  const principal = requirePrincipal(ctx);
  if (principal.kind !== 'staff' || !can(principal, 'patients.read')) throw patientNotFound();
  return principal;
}

const mayReadClinical = (principal: Principal): boolean => can(principal, 'clinical_notes.read');

function mayWriteKind(principal: Principal, kind: UploadedDocumentKind): boolean {
  if (can(principal, 'clinical_notes.write')) return true;
  return !isClinicalDocumentKind(kind) && can(principal, 'patients.manage');
}

const documentNotFound = (): DomainError => new DomainError('not_found', 'No such document for this patient.');

export interface UploadDocumentInput {
  readonly kind: UploadedDocumentKind;
  readonly title: string;
  readonly clearance?: string | null | undefined;
  readonly contentType: string;
  /** The file's bytes (the route decodes them from the request). */
  readonly content: Buffer;
}

export async function uploadDocument(
  patientId: string,
  input: UploadDocumentInput,
  ctx: AppContext,
): Promise<DocumentView> {
  const principal = requireReader(ctx);
  if (!mayWriteKind(principal, input.kind)) {
    throw new DomainError(
      'forbidden',
      isClinicalDocumentKind(input.kind)
        ? 'Only clinical staff may upload clinical documents.'
        : 'You do not have permission to upload documents.',
    );
  }
  const content = input.content;
  const checked = checkDocumentUpload({
    kind: input.kind,
    title: input.title,
    clearance: input.clearance,
    contentType: input.contentType,
    content,
  });
  if (!checked.ok) {
    const errors = checked.errors;
    const onlyContent = errors.every((e) => e.path === '/content');
    throw new DomainError(
      onlyContent ? 'document_content_mismatch' : 'validation_failed',
      errors.length === 1 ? `${errors[0]!.message}.` : 'Some details of the upload need attention.',
      { errors },
    );
  }
  const doc = checked.value;
  const sha256 = createHash('sha256').update(content).digest('hex');
  return withTransaction(ctx, async (tx) => {
    const patient = await findPatientKey(tx, patientId);
    const id = await insertDocument(tx.db, {
      organizationId: patient.organizationId,
      patientId,
      kind: doc.kind,
      title: doc.title,
      clearance: doc.clearance,
      contentType: doc.contentType,
      sizeBytes: doc.sizeBytes,
      sha256,
      content,
      uploadedByUserId: principal.userId,
      uploadedAt: tx.now,
    });
    await audit(tx, {
      action: 'documents.upload',
      resourceType: 'patient_document',
      resourceId: id,
      patientId,
      details: { kind: doc.kind, contentType: doc.contentType, sizeBytes: doc.sizeBytes, sha256 },
    });
    const clinical = isClinicalDocumentKind(doc.kind);
    await recordPatientEvent(tx, {
      patientId,
      // Clinical uploads get their own event kind, so the coordinator's timeline leaves them out.
      kind: clinical ? 'clinical_document_uploaded' : 'document_uploaded',
      summary: `${uploadedDocumentKindLabels[doc.kind].split(' (')[0]} uploaded: ${doc.title}${doc.clearance ? ` (${clearanceLabels[doc.clearance]} clearance)` : ''}`,
      resourceType: 'patient_document',
      resourceId: id,
    });
    return toView((await findDocumentRecord(tx.db, patientId, id))!);
  });
}

export async function listDocuments(patientId: string, ctx: AppContext): Promise<DocumentList> {
  const principal = requireReader(ctx);
  const clinical = mayReadClinical(principal);
  return withTransaction(ctx, async (tx) => {
    await findPatientKey(tx, patientId);
    const rows = await listDocumentsOfPatient(tx.db, patientId);
    const items = rows.filter((r) => clinical || !isClinicalDocumentKind(r.kind)).map(toView);
    await audit(tx, {
      action: 'documents.list',
      resourceType: 'patient_document',
      patientId,
      details: { count: items.length, view: clinical ? 'all' : 'non_clinical' },
    });
    return {
      items,
      clinicalRedacted: !clinical,
      clearances: clinical ? await clearancesOnFile(tx, patientId, items) : [],
    };
  });
}

/** A draft may have no blood pressure yet. */
type DraftInput = Omit<EligibilityInput, 'bloodPressureReadings'> & {
  bloodPressureReadings: EligibilityInput['bloodPressureReadings'][number][];
};

async function clearancesOnFile(
  tx: AppContext,
  patientId: string,
  items: readonly DocumentView[],
): Promise<DocumentList['clearances']> {
  const found = await findLatestAssessment(tx.db, patientId);
  // The stored jsonb, as the domain wrote it.
  const a = found && { ...found, input: found.input as DraftInput, result: found.result as EligibilityResult | null };
  if (!a) return [];
  const result =
    a.status === 'signed'
      ? a.result
      : liveProposal(
          a.input,
          upgradeStoredProtocol(a.protocol),
          eligibilityContext(a.patientDateOfBirth, a.clinicTimeZone, tx.now),
        );
  return (result?.clearances ?? []).map((clearance) => ({
    clearance,
    label: clearanceLabels[clearance],
    assessmentId: a.id,
    assessmentStatus: a.status,
    documentIds: items
      .filter((d) => d.kind === 'clearance_letter' && d.clearance === clearance && !d.retracted)
      .map((d) => d.id),
  }));
}

/** A draft's result as the assessment page shows it; null while it cannot be computed yet. */
function liveProposal(
  input: DraftInput,
  protocol: ClinicProtocol,
  context: EligibilityContext,
): EligibilityResult | null {
  const [first, ...rest] = input.bloodPressureReadings;
  if (!first) return null;
  try {
    return assessEligibility({ ...input, bloodPressureReadings: [first, ...rest] }, protocol, context);
  } catch (error) {
    if (isDomainError(error)) return null;
    throw error;
  }
}

/** A visible document of this patient, or 404 (another patient's, or clinical and hidden from the reader). */
async function findDocument(
  tx: AppContext,
  principal: Principal,
  patientId: string,
  documentId: string,
  options: { forUpdate?: boolean } = {},
): Promise<DocumentRecord> {
  await findPatientKey(tx, patientId);
  const row = await findDocumentRecord(tx.db, patientId, documentId, options.forUpdate);
  if (!row || (isClinicalDocumentKind(row.kind) && !mayReadClinical(principal))) throw documentNotFound();
  return row;
}

export interface DocumentContent {
  readonly contentType: DocumentContentType;
  readonly fileName: string;
  readonly sha256: string;
  readonly content: Buffer;
}

/** The stored bytes, exactly as uploaded (a retracted document stays readable: it is part of the record). */
export async function readDocumentContent(
  patientId: string,
  documentId: string,
  ctx: AppContext,
): Promise<DocumentContent> {
  const principal = requireReader(ctx);
  return withTransaction(ctx, async (tx) => {
    const row = await findDocument(tx, principal, patientId, documentId);
    const content = await readDocumentBytes(tx.db, row.id);
    await audit(tx, {
      action: 'documents.download',
      resourceType: 'patient_document',
      resourceId: row.id,
      patientId,
      details: { kind: row.kind, sha256: row.sha256, retracted: row.retractedAt !== null },
    });
    return {
      contentType: row.contentType,
      fileName: downloadFileName(row.title, row.contentType),
      sha256: row.sha256,
      content,
    };
  });
}

/**
 * A wrong upload (wrong patient, wrong file) is retracted, never deleted or replaced in place: it stays
 * on the chart, marked, with who retracted it and why; the right file is a new upload.
 */
export async function retractDocument(
  patientId: string,
  documentId: string,
  input: { reason: string; version?: number | undefined },
  ctx: AppContext,
): Promise<DocumentView> {
  const principal = requireReader(ctx);
  const reason = assertReason(input.reason, '/reason', 'retraction');
  return withTransaction(ctx, async (tx) => {
    const row = await findDocument(tx, principal, patientId, documentId, { forUpdate: true });
    if (!mayWriteKind(principal, row.kind))
      throw new DomainError('forbidden', 'You do not have permission to retract this document.');
    if (row.retractedAt) throw new DomainError('document_retracted', 'This document was already retracted.');
    assertVersion(row.version, input.version, 'document');
    await retractDocumentRow(tx.db, row.id, { at: tx.now, byUserId: principal.userId, reason });
    await audit(tx, {
      action: 'documents.retract',
      resourceType: 'patient_document',
      resourceId: row.id,
      patientId,
      details: { kind: row.kind },
    });
    await recordPatientEvent(tx, {
      patientId,
      kind: isClinicalDocumentKind(row.kind) ? 'clinical_document_retracted' : 'document_retracted',
      summary: `Document retracted: ${row.title} (${reason})`,
      resourceType: 'patient_document',
      resourceId: row.id,
    });
    return toView((await findDocumentRecord(tx.db, patientId, row.id))!);
  });
}
