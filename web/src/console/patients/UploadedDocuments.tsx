import { useState } from 'react';
import { ShareWithPatient } from './DocumentSharing';
import {
  clearanceLabels,
  formatBytes,
  isClinicalDocumentKind,
  uploadedDocumentKinds,
} from '../../../../src/domain/chart/uploaded-documents';
import { useMe } from '../../shared/auth';
import { LiveRegion, Notice } from '../../shared/kit';
import { formatDateTime } from '../../shared/time';
import { can } from '../nav';
import { chartApi, type PatientDocument } from './chart-api';
import { useReload } from '../../shared/query';
import { firstFailure, patientKey, useUploadedDocuments } from './queries';
import { ClearancesOnFile } from './uploaded-documents/ClearancesOnFile';
import { RetractDocument } from './uploaded-documents/RetractDocument';
import { UploadDocument } from './uploaded-documents/UploadDocument';

/**
 * The chart's uploaded documents (clearance letters, referrals, ECGs, labs, outside records): the list with
 * download links and retracted ones marked, whether the clearances an assessment asks for are on file, the
 * upload form and retraction with a reason. The server decides who sees which kind; this only hides the
 * kinds a person may not upload.
 */
export function UploadedDocuments({ patientId, onChanged }: { patientId: string; onChanged: () => Promise<void> }) {
  const me = useMe();
  const documents = useUploadedDocuments(patientId);
  const list = documents.data ?? null;
  const failure = firstFailure([documents], 'The documents could not be loaded.');
  const load = useReload([...patientKey(patientId), 'documents']);
  const [uploaded, setUploaded] = useState<PatientDocument | null>(null);
  const mayUploadClinical = can(me, 'clinical_notes.write');
  const kinds = uploadedDocumentKinds.filter((k) =>
    isClinicalDocumentKind(k) ? mayUploadClinical : mayUploadClinical || can(me, 'patients.manage'),
  );

  const changed = async (doc: PatientDocument | null) => {
    setUploaded(doc);
    await load();
    await onChanged();
  };

  return (
    <section className="section" aria-labelledby="uploaded-documents">
      <h2 id="uploaded-documents">Uploaded documents</h2>
      <LiveRegion>
        {uploaded ? (
          <Notice kind="success" title="Document uploaded">
            <p>
              {uploaded.title} ({uploaded.kindLabel.split(' (')[0]}, {formatBytes(uploaded.sizeBytes)}) is on the chart.
            </p>
          </Notice>
        ) : null}
      </LiveRegion>
      {failure ? (
        <Notice kind="warning" title="The documents could not be loaded">
          <p>{failure}</p>
        </Notice>
      ) : null}
      {list === null && !failure ? <p aria-live="polite">Loading the documents…</p> : null}
      {list ? <ClearancesOnFile list={list} /> : null}
      {list && list.items.length === 0 ? <p>No documents uploaded yet.</p> : null}
      {list && list.items.length > 0 ? (
        <table className="table table--stack">
          <thead>
            <tr>
              <th scope="col">Document</th>
              <th scope="col">Uploaded</th>
              <th scope="col">File</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((d) => (
              <tr key={d.id} className={d.retracted ? 'document--retracted' : undefined}>
                <th scope="row" data-label="Document">
                  <span className="document__title">{d.title}</span>
                  <span className="document__kind">
                    {d.kindLabel.split(' (')[0]}
                    {d.clearance ? ` — ${clearanceLabels[d.clearance]} clearance` : ''}
                  </span>
                  {d.retracted ? (
                    <span className="document__retracted">
                      <span className="tag tag--off">Retracted</span> {formatDateTime(d.retracted.at)} by{' '}
                      {d.retracted.by.name}: {d.retracted.reason}
                    </span>
                  ) : null}
                </th>
                <td data-label="Uploaded">
                  {formatDateTime(d.uploadedAt)}
                  <br />
                  by {d.uploadedBy.name}
                </td>
                <td data-label="File">
                  {d.contentType === 'application/pdf' ? 'PDF' : d.contentType === 'image/png' ? 'PNG' : 'JPEG'},{' '}
                  {formatBytes(d.sizeBytes)}
                </td>
                <td data-label="Actions">
                  <a href={chartApi.documentContentUrl(patientId, d.id)} download>
                    Download<span className="visually-hidden"> {d.title}</span>
                  </a>
                  {!d.retracted && kinds.includes(d.kind) ? (
                    <RetractDocument patientId={patientId} doc={d} onRetracted={() => changed(null)} />
                  ) : null}
                  {!d.retracted && kinds.includes(d.kind) ? (
                    <ShareWithPatient patientId={patientId} documentId={d.id} title={d.title} />
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {list?.clinicalRedacted ? (
        <p className="muted">
          Clearance letters, ECGs, lab results and outside records are shown to clinical staff only.
        </p>
      ) : null}
      {kinds.length > 0 ? <UploadDocument patientId={patientId} kinds={kinds} onUploaded={changed} /> : null}
    </section>
  );
}
