import { useState, type SyntheticEvent } from 'react';
import {
  clearanceLabels,
  clearanceNames,
  documentContentTypes,
  formatBytes,
  maxDocumentBytes,
  uploadedDocumentKindLabels,
  type UploadedDocumentKind,
} from '../../../../../src/domain/chart/uploaded-documents';
import type { Clearance } from '../../../../../src/domain/eligibility';
import { errorFor, ErrorSummary, type FormError, RadioGroup, Select, TextField } from '../../../shared/kit';
import { entryKey } from '../../../shared/api';
import { chartApi, type PatientDocument } from '../chart-api';
import { formErrors } from '../shared';

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

export function UploadDocument({
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
  // One key per upload: sent again after a lost answer, the file is stored once.
  const [uploadKey] = useState(entryKey);

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
      const doc = await chartApi.uploadDocument(
        patientId,
        {
          kind,
          title,
          clearance: kind === 'clearance_letter' ? clearance || null : null,
          contentType,
          contentBase64,
        },
        uploadKey.current(),
      );
      uploadKey.recorded();
      setErrors([]);
      setFile(null);
      setTitle('');
      setClearance('');
      setInputKey((k) => k + 1);
      await onUploaded(doc);
    } catch (error) {
      uploadKey.failed(error);
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
