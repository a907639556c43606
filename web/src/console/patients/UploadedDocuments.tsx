import { useState, type SyntheticEvent } from 'react';
import { ShareWithPatient } from './DocumentSharing';
import {
  clearanceLabels,
  clearanceNames,
  documentContentTypes,
  formatBytes,
  isClinicalDocumentKind,
  maxDocumentBytes,
  uploadedDocumentKindLabels,
  uploadedDocumentKinds,
  type UploadedDocumentKind,
} from '../../../../src/domain/chart/uploaded-documents';
import type { Clearance } from '../../../../src/domain/eligibility';
import { useMe } from '../../shared/auth';
import {
  errorFor,
  ErrorSummary,
  type FormError,
  LiveRegion,
  Notice,
  RadioGroup,
  Select,
  TextField,
} from '../../shared/kit';
import { formatDateTime } from '../../shared/time';
import { can } from '../nav';
import { chartApi, type PatientDocument, type PatientDocumentList } from './chart-api';
import { formErrors } from './shared';
import { useReload } from '../../shared/query';
import { firstFailure, patientKey, useUploadedDocuments } from './queries';

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

function ClearancesOnFile({ list }: { list: PatientDocumentList }) {
  if (list.clearances.length === 0) return null;
  const status = list.clearances[0]!.assessmentStatus === 'signed' ? 'The signed assessment' : 'The draft assessment';
  return (
    <div className="clearances">
      <h3>Clearances the assessment asks for</h3>
      <p>
        {status} needs {list.clearances.length === 1 ? 'this clearance' : 'these clearances'} before treatment:
      </p>
      <ul>
        {list.clearances.map((c) => (
          <li
            key={c.clearance}
            className={c.documentIds.length ? 'clearance clearance--on-file' : 'clearance clearance--missing'}
          >
            <strong>{c.label}:</strong>{' '}
            {c.documentIds.length
              ? `letter on file${c.documentIds.length > 1 ? ` (${c.documentIds.length})` : ''}`
              : 'no letter on file yet'}
          </li>
        ))}
      </ul>
    </div>
  );
}

const accept = '.pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg';
const typeFromName = (name: string): string =>
  /\.pdf$/i.test(name)
    ? 'application/pdf'
    : /\.png$/i.test(name)
      ? 'image/png'
      : /\.jpe?g$/i.test(name)
        ? 'image/jpeg'
        : '';

/** The file as base64, without the `data:…;base64,` prefix FileReader puts in front. */
function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = typeof reader.result === 'string' ? reader.result : '';
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsDataURL(file);
  });
}

const fieldIds = {
  contentBase64: 'doc-file',
  contentType: 'doc-file',
  title: 'doc-title',
  clearance: 'doc-clearance',
  kind: 'doc-kind',
};

function UploadDocument({
  patientId,
  kinds,
  onUploaded,
}: {
  patientId: string;
  kinds: readonly UploadedDocumentKind[];
  onUploaded: (doc: PatientDocument) => Promise<void>;
}) {
  const [file, setFile] = useState<File | null>(null);
  const [inputKey, setInputKey] = useState(0);
  const [kind, setKind] = useState<UploadedDocumentKind>(kinds[0]!);
  const [title, setTitle] = useState('');
  const [clearance, setClearance] = useState<Clearance | ''>('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);

  const submit = async (e: SyntheticEvent) => {
    e.preventDefault();
    // The same rules the server applies, checked first so a large wrong file is not sent for nothing.
    const found: FormError[] = [];
    const contentType = file ? file.type || typeFromName(file.name) : '';
    if (!file) found.push({ fieldId: 'doc-file', message: 'Choose a file to upload' });
    else if (!(documentContentTypes as readonly string[]).includes(contentType))
      found.push({ fieldId: 'doc-file', message: 'Choose a PDF, PNG or JPEG file' });
    else if (file.size > maxDocumentBytes)
      found.push({
        fieldId: 'doc-file',
        message: `The file is ${formatBytes(file.size)}; choose one of 10 MB or less`,
      });
    else if (file.size === 0) found.push({ fieldId: 'doc-file', message: 'The file is empty' });
    if (!title.trim())
      found.push({ fieldId: 'doc-title', message: 'Give the document a title, e.g. "Cardiology clearance, Dr Reyes"' });
    if (kind === 'clearance_letter' && !clearance)
      found.push({ fieldId: 'doc-clearance', message: 'Choose which clearance this letter gives' });
    if (found.length > 0 || !file) {
      setErrors(found);
      return;
    }
    setBusy(true);
    try {
      const contentBase64 = await readAsBase64(file);
      const doc = await chartApi.uploadDocument(patientId, {
        kind,
        title,
        clearance: kind === 'clearance_letter' ? clearance || null : null,
        contentType,
        contentBase64,
      });
      setErrors([]);
      setFile(null);
      setTitle('');
      setClearance('');
      setInputKey((k) => k + 1);
      await onUploaded(doc);
    } catch (error) {
      setErrors(formErrors(error, fieldIds));
    } finally {
      setBusy(false);
    }
  };

  const fileError = errorFor(errors, 'doc-file');
  return (
    <details className="details" open={errors.length > 0 || undefined}>
      <summary>Upload a document</summary>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <ErrorSummary errors={errors} />
        <div className={`field${fileError ? ' field--error' : ''}`}>
          <label className="field__label" htmlFor="doc-file">
            File
          </label>
          <div className="field__hint" id="doc-file-hint">
            A PDF, PNG or JPEG of 10 MB or less
          </div>
          {fileError ? (
            <p className="field__error" id="doc-file-error">
              <span className="visually-hidden">Error: </span>
              {fileError}
            </p>
          ) : null}
          <input
            key={inputKey}
            type="file"
            id="doc-file"
            name="doc-file"
            className="file-input"
            accept={accept}
            aria-describedby={fileError ? 'doc-file-hint doc-file-error' : 'doc-file-hint'}
            aria-invalid={fileError ? true : undefined}
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </div>
        <RadioGroup
          name="doc-kind"
          firstId="doc-kind"
          legend="What is it?"
          value={kind}
          onChange={setKind}
          choices={kinds.map((k) => ({ value: k, label: uploadedDocumentKindLabels[k] }))}
        />
        {kind === 'clearance_letter' ? (
          <Select
            id="doc-clearance"
            label="Which clearance does it give?"
            value={clearance}
            onChange={setClearance}
            error={errorFor(errors, 'doc-clearance')}
            choices={[
              { value: '', label: 'Choose a clearance' },
              ...clearanceNames.map((c) => ({ value: c, label: clearanceLabels[c] })),
            ]}
          />
        ) : null}
        <TextField
          id="doc-title"
          label="Title"
          hint="What a colleague should see in the list, e.g. who wrote it and when"
          value={title}
          onChange={setTitle}
          maxLength={200}
          error={errorFor(errors, 'doc-title')}
        />
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Uploading…' : 'Upload the document'}
        </button>
      </form>
    </details>
  );
}

function RetractDocument({
  patientId,
  doc,
  onRetracted,
}: {
  patientId: string;
  doc: PatientDocument;
  onRetracted: () => Promise<void>;
}) {
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const id = `retract-${doc.id}`;
  const submit = async (e: SyntheticEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await chartApi.retractDocument(patientId, doc.id, { reason, version: doc.version });
      setErrors([]);
      await onRetracted();
    } catch (error) {
      setErrors(formErrors(error, { reason: id }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <details className="details details--inline">
      <summary>
        Retract<span className="visually-hidden"> {doc.title}</span>
      </summary>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <ErrorSummary errors={errors} />
        <p>The document stays on the chart, marked as retracted. Upload the right one separately.</p>
        <TextField
          id={id}
          label="Why is it being retracted?"
          hint="e.g. wrong patient, illegible scan"
          value={reason}
          onChange={setReason}
          error={errorFor(errors, id)}
        />
        <button type="submit" className="button button--warning" disabled={busy}>
          Retract the document
        </button>
      </form>
    </details>
  );
}
