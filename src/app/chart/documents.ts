import { createHash } from 'node:crypto';
import {
  assertReason,
  checkDocumentUpload,
  clearanceLabels,
  downloadFileName,
  isClinicalDocumentKind,
  maxDocumentBytes,
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
import { assertVersion, findPatientKey, patientNotFound } from './access.js';
import { eligibilityContext } from './assessments.js';
import { recordPatientEvent } from './events.js';

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

interface DocumentRow {
  id: string;
  patient_id: string;
  kind: UploadedDocumentKind;
  title: string;
  clearance: Clearance | null;
  content_type: DocumentContentType;
  size_bytes: number;
  sha256: string;
  uploaded_by_user_id: string;
  uploader_name: string;
  uploaded_at: Date;
  retracted_at: Date | null;
  retracted_by_user_id: string | null;
  retractor_name: string | null;
  retraction_reason: string | null;
  version: number;
}

const documentSelect = `SELECT d.id, d.patient_id, d.kind, d.title, d.clearance, d.content_type, d.size_bytes, d.sha256, d.uploaded_by_user_id, u.name AS uploader_name,
    d.uploaded_at, d.retracted_at, d.retracted_by_user_id, r.name AS retractor_name, d.retraction_reason, d.version
  FROM patient_documents d JOIN users u ON u.id = d.uploaded_by_user_id LEFT JOIN users r ON r.id = d.retracted_by_user_id`;

const toView = (r: DocumentRow): DocumentView => ({
  id: r.id,
  patientId: r.patient_id,
  kind: r.kind,
  kindLabel: uploadedDocumentKindLabels[r.kind],
  title: r.title,
  clearance: r.clearance,
  contentType: r.content_type,
  sizeBytes: r.size_bytes,
  sha256: r.sha256,
  uploadedBy: { id: r.uploaded_by_user_id, name: r.uploader_name },
  uploadedAt: r.uploaded_at.toISOString(),
  retracted:
    r.retracted_at && r.retracted_by_user_id && r.retraction_reason
      ? {
          at: r.retracted_at.toISOString(),
          by: { id: r.retracted_by_user_id, name: r.retractor_name ?? '' },
          reason: r.retraction_reason,
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

// Strict base64 (RFC 4648 §4, padded). Buffer.from() silently skips anything else, so the decoded
// bytes are encoded again and must give back exactly what was sent: linear in the size, and no
// regular expression over a 13 MiB string (which overflowed the stack above ~3.2 MiB).
function isStrictBase64(text: string, bytes: Buffer): boolean {
  return text.length % 4 === 0 && bytes.toString('base64') === text;
}

function decodeContent(contentBase64: string): Buffer {
  const padding = contentBase64.endsWith('==') ? 2 : contentBase64.endsWith('=') ? 1 : 0;
  const size = (contentBase64.length / 4) * 3 - padding;
  // Refuse an oversized file before decoding it.
  if (size > maxDocumentBytes) {
    throw new DomainError('document_too_large', 'The file is larger than 10 MB; upload a smaller file or split it.', {
      errors: [{ path: '/body/contentBase64', message: 'Upload a file of 10 MB or less' }],
      details: { maxBytes: maxDocumentBytes },
    });
  }
  const bytes = Buffer.from(contentBase64, 'base64');
  if (!isStrictBase64(contentBase64, bytes)) {
    throw new DomainError('validation_failed', 'The file content is not valid base64.', {
      errors: [{ path: '/body/contentBase64', message: 'Send the file as base64' }],
    });
  }
  return bytes;
}

export interface UploadDocumentInput {
  readonly kind: UploadedDocumentKind;
  readonly title: string;
  readonly clearance?: string | null | undefined;
  readonly contentType: string;
  readonly contentBase64: string;
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
  const content = decodeContent(input.contentBase64);
  const checked = checkDocumentUpload({
    kind: input.kind,
    title: input.title,
    clearance: input.clearance,
    contentType: input.contentType,
    content,
  });
  if (!checked.ok) {
    const errors = checked.errors.map((e) => ({
      path: `/body${e.path === '/content' ? '/contentBase64' : e.path}`,
      message: e.message,
    }));
    const onlyContent = errors.every((e) => e.path === '/body/contentBase64');
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
    const res = await tx.db.query<{ id: string }>(
      `INSERT INTO patient_documents (organization_id, patient_id, kind, title, clearance, content_type, size_bytes, sha256, content, uploaded_by_user_id, uploaded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
      [
        patient.organizationId,
        patientId,
        doc.kind,
        doc.title,
        doc.clearance,
        doc.contentType,
        doc.sizeBytes,
        sha256,
        content,
        principal.userId,
        tx.now,
      ],
    );
    const id = res.rows[0]!.id;
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
    return toView((await tx.db.query<DocumentRow>(`${documentSelect} WHERE d.id = $1`, [id])).rows[0]!);
  });
}

export async function listDocuments(patientId: string, ctx: AppContext): Promise<DocumentList> {
  const principal = requireReader(ctx);
  const clinical = mayReadClinical(principal);
  return withTransaction(ctx, async (tx) => {
    await findPatientKey(tx, patientId);
    const res = await tx.db.query<DocumentRow>(
      `${documentSelect} WHERE d.patient_id = $1 ORDER BY d.uploaded_at DESC, d.id DESC`,
      [patientId],
    );
    const items = res.rows.filter((r) => clinical || !isClinicalDocumentKind(r.kind)).map(toView);
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
  const latest = await tx.db.query<{
    id: string;
    status: 'draft' | 'signed';
    input: DraftInput;
    result: EligibilityResult | null;
    protocol: unknown;
    date_of_birth: string | null;
    time_zone: string | null;
  }>(
    `SELECT a.id, a.status, a.input, a.result, p.protocol, to_char(pt.date_of_birth, 'YYYY-MM-DD') AS date_of_birth, o.time_zone
       FROM assessments a JOIN protocol_versions p ON p.id = a.protocol_version_id
       JOIN patients pt ON pt.id = a.patient_id JOIN organizations o ON o.id = a.organization_id
      WHERE a.patient_id = $1 ORDER BY a.created_at DESC LIMIT 1`,
    [patientId],
  );
  const a = latest.rows[0];
  if (!a) return [];
  const result =
    a.status === 'signed'
      ? a.result
      : liveProposal(
          a.input,
          upgradeStoredProtocol(a.protocol),
          eligibilityContext(a.date_of_birth, a.time_zone, tx.now),
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
): Promise<DocumentRow> {
  await findPatientKey(tx, patientId);
  const res = await tx.db.query<DocumentRow>(
    `${documentSelect} WHERE d.id = $1 AND d.patient_id = $2${options.forUpdate ? ' FOR UPDATE OF d' : ''}`,
    [documentId, patientId],
  );
  const row = res.rows[0];
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
    const bytes = await tx.db.query<{ content: Buffer }>('SELECT content FROM patient_documents WHERE id = $1', [
      row.id,
    ]);
    await audit(tx, {
      action: 'documents.download',
      resourceType: 'patient_document',
      resourceId: row.id,
      patientId,
      details: { kind: row.kind, sha256: row.sha256, retracted: row.retracted_at !== null },
    });
    return {
      contentType: row.content_type,
      fileName: downloadFileName(row.title, row.content_type),
      sha256: row.sha256,
      content: bytes.rows[0]!.content,
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
  const reason = assertReason(input.reason, '/body/reason', 'retraction');
  return withTransaction(ctx, async (tx) => {
    const row = await findDocument(tx, principal, patientId, documentId, { forUpdate: true });
    if (!mayWriteKind(principal, row.kind))
      throw new DomainError('forbidden', 'You do not have permission to retract this document.');
    if (row.retracted_at) throw new DomainError('document_retracted', 'This document was already retracted.');
    assertVersion(row.version, input.version, 'document');
    await tx.db.query(
      'UPDATE patient_documents SET retracted_at = $2, retracted_by_user_id = $3, retraction_reason = $4, version = version + 1 WHERE id = $1',
      [row.id, tx.now, principal.userId, reason],
    );
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
    return toView((await tx.db.query<DocumentRow>(`${documentSelect} WHERE d.id = $1`, [row.id])).rows[0]!);
  });
}
