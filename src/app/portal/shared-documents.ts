import {
  findDocumentForSharing,
  findSharedDocumentContent,
  listSharedDocuments,
  shareDocument,
  unshareDocument,
} from '../../db/repositories/portal.js';
import type { SharedDocument } from '../../contracts/portal.js';
import {
  downloadFileName,
  isClinicalDocumentKind,
  type DocumentContentType,
  type UploadedDocumentKind,
} from '../../domain/chart/uploaded-documents.js';
import { DomainError } from '../../domain/errors.js';
import { can } from '../../domain/permissions/index.js';
import { audit } from '../audit/record.js';
import { findPatientKey, requireStaffAction } from '../chart/access.js';
import { recordPatientEvent } from '../chart/events.js';
import { withTransaction, type AppContext } from '../context.js';
import { requireOwnPatient } from './own-patient.js';

/**
 * Documents the clinic shares with the patient (decision 020). A chart document is never in the portal
 * until a member of staff shares it; the choice is theirs, audited, and can be taken back. Who may share
 * a document is who may upload its kind (a clinical kind: clinical staff; paperwork: the front desk too).
 * A retracted document leaves the portal at once.
 */
export type SharedDocumentView = SharedDocument;

export async function listOwnSharedDocuments(ctx: AppContext): Promise<SharedDocumentView[]> {
  const principal = requireOwnPatient(ctx);
  return withTransaction(ctx, async (tx) => {
    const rows = await listSharedDocuments(tx.db, principal.organizationId, principal.patientId);
    await audit(tx, {
      action: 'portal.documents.read',
      resourceType: 'patient',
      resourceId: principal.patientId,
      patientId: principal.patientId,
      details: { count: rows.length },
    });
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      contentType: r.contentType,
      sizeBytes: r.sizeBytes,
      sharedAt: r.sharedWithPatientAt.toISOString(),
    }));
  });
}

export async function readOwnSharedDocument(
  documentId: string,
  ctx: AppContext,
): Promise<{ fileName: string; contentType: string; content: Buffer }> {
  const principal = requireOwnPatient(ctx);
  return withTransaction(ctx, async (tx) => {
    const doc = await findSharedDocumentContent(tx.db, principal.organizationId, principal.patientId, documentId);
    if (!doc) throw new DomainError('not_found', 'No such document.');
    await audit(tx, {
      action: 'portal.document.read',
      resourceType: 'patient_document',
      resourceId: documentId,
      patientId: principal.patientId,
    });
    return {
      fileName: downloadFileName(doc.title, doc.contentType as DocumentContentType),
      contentType: doc.contentType,
      content: doc.content,
    };
  });
}

/** For the chart: which of the patient's documents (that this reader may see) are shared, and since when. */
export async function listDocumentSharing(
  patientId: string,
  ctx: AppContext,
): Promise<{ documentId: string; sharedAt: string }[]> {
  const principal = requireStaffAction(ctx, 'patients.read');
  await findPatientKey(ctx, patientId);
  const rows = await listSharedDocuments(ctx.db, principal.organizationId, patientId);
  const clinical = can(principal, 'clinical_notes.read');
  return rows
    .filter((r) => clinical || !isClinicalDocumentKind(r.kind as UploadedDocumentKind))
    .map((r) => ({ documentId: r.id, sharedAt: r.sharedWithPatientAt.toISOString() }));
}

/**
 * Shares the document with the patient, or stops sharing it. Setting the state it already has changes
 * nothing (a retried click); the two states are explicit, so concurrent changes cannot be misread.
 */
export async function setDocumentSharing(
  patientId: string,
  documentId: string,
  input: { shared: boolean },
  ctx: AppContext,
): Promise<{ id: string; sharedWithPatient: boolean; sharedAt: string | null }> {
  const principal = requireStaffAction(ctx, 'patients.read');
  return withTransaction(ctx, async (tx) => {
    await findPatientKey(tx, patientId, { forUpdate: true });
    const doc = await findDocumentForSharing(tx.db, principal.organizationId, patientId, documentId);
    const clinical = doc ? isClinicalDocumentKind(doc.kind as UploadedDocumentKind) : false;
    // A clinical document does not exist for a reader without clinical access.
    if (!doc || (clinical && !can(principal, 'clinical_notes.read')))
      throw new DomainError('not_found', 'No such document.');
    const mayShare = can(principal, 'clinical_notes.write') || (!clinical && can(principal, 'patients.manage'));
    if (!mayShare)
      throw new DomainError('forbidden', 'Only clinical staff may share a clinical document with the patient.');
    if (doc.retractedAt && input.shared)
      throw new DomainError('conflict', 'This document was retracted; it cannot be shared.', {
        errors: [{ path: '/shared', message: 'a retracted document cannot be shared' }],
      });
    if ((doc.sharedAt !== null) === input.shared)
      return { id: documentId, sharedWithPatient: input.shared, sharedAt: doc.sharedAt?.toISOString() ?? null };
    if (input.shared)
      await shareDocument(tx.db, {
        documentId,
        organizationId: principal.organizationId,
        patientId,
        at: tx.now,
        byUserId: principal.userId,
      });
    else await unshareDocument(tx.db, documentId);
    await audit(tx, {
      action: input.shared ? 'documents.share' : 'documents.unshare',
      resourceType: 'patient_document',
      resourceId: documentId,
      patientId,
    });
    await recordPatientEvent(tx, {
      patientId,
      kind: clinical ? 'clinical_document_shared' : 'document_shared',
      summary: input.shared
        ? `Shared with the patient in the portal: ${doc.title}`
        : `No longer shared with the patient: ${doc.title}`,
      resourceType: 'patient_document',
      resourceId: documentId,
    });
    return { id: documentId, sharedWithPatient: input.shared, sharedAt: input.shared ? tx.now.toISOString() : null };
  });
}
