import type { FieldError } from '../errors.js';
import type { Clearance } from '../eligibility/index.js';

/**
 * Documents uploaded to the chart: the clearance letter an `eligible_with_clearance` decision asks for,
 * referral letters, ECGs, lab results and outside records. Only PDF, PNG and JPEG are accepted, and the
 * bytes must be what the upload says they are: a file's name or declared type is the sender's claim, its
 * first bytes are the fact (a renamed .exe or an HTML page never reaches a reader's browser as a "PDF").
 */
export const uploadedDocumentKinds = [
  'clearance_letter',
  'referral',
  'ecg',
  'lab_result',
  'outside_record',
  'other',
] as const;
export type UploadedDocumentKind = (typeof uploadedDocumentKinds)[number];

export const uploadedDocumentKindLabels: Readonly<Record<UploadedDocumentKind, string>> = {
  clearance_letter: 'Clearance letter',
  referral: 'Referral letter',
  ecg: 'ECG',
  lab_result: 'Lab result',
  outside_record: 'Outside medical record',
  other: 'Other (non-clinical: ID, insurance, correspondence)',
};

/**
 * Clinical detail, hidden from readers without clinical_notes.read (coordinators, admins) like the rest of
 * the chart's clinical sections. A referral letter is what the front desk books the assessment from, and
 * "other" is for non-clinical paperwork; everything else is clinical.
 */
export const clinicalDocumentKinds: readonly UploadedDocumentKind[] = [
  'clearance_letter',
  'ecg',
  'lab_result',
  'outside_record',
];
export const isClinicalDocumentKind = (kind: UploadedDocumentKind): boolean => clinicalDocumentKinds.includes(kind);

/** Every clearance the eligibility rules can ask for (a Record, so a new Clearance fails to compile here). */
export const clearanceLabels: Readonly<Record<Clearance, string>> = {
  cardiology: 'Cardiology',
  pcp: 'Primary care (PCP)',
  psychiatry: 'Psychiatry',
  addiction_medicine: 'Addiction medicine',
  obstetric: 'Obstetrics',
  neurology: 'Neurology',
  ophthalmology: 'Ophthalmology',
  hepatology: 'Hepatology',
  urology: 'Urology',
  sleep_medicine: 'Sleep medicine',
};
export const clearanceNames = Object.keys(clearanceLabels) as Clearance[];
export const isClearance = (value: string): value is Clearance => value in clearanceLabels;

export const documentContentTypes = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export type DocumentContentType = (typeof documentContentTypes)[number];

export const documentExtensions: Readonly<Record<DocumentContentType, string>> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
};

/** 10 MiB: a scanned multi-page letter or a 12-lead ECG image fits; a whole outside chart should be split. */
export const maxDocumentBytes = 10 * 1024 * 1024;
export const maxDocumentTitleLength = 200;

const startsWith = (bytes: Uint8Array, signature: readonly number[]): boolean =>
  bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b);

// Signatures: PDF 1.7 (ISO 32000-1 §7.5.2) "%PDF-"; PNG (RFC 2083 §3.1) 89 50 4E 47 0D 0A 1A 0A;
// JPEG/JFIF SOI marker FF D8 followed by the FF of the next marker.
const pdf = [0x25, 0x50, 0x44, 0x46, 0x2d];
const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const jpeg = [0xff, 0xd8, 0xff];

/** What the first bytes say the file is, or null when it is none of the accepted types. */
export function sniffContentType(bytes: Uint8Array): DocumentContentType | null {
  if (startsWith(bytes, pdf)) return 'application/pdf';
  if (startsWith(bytes, png)) return 'image/png';
  if (startsWith(bytes, jpeg)) return 'image/jpeg';
  return null;
}

export interface DocumentUploadInput {
  readonly kind: UploadedDocumentKind;
  readonly title: string;
  readonly clearance?: string | null | undefined;
  readonly contentType: string;
  readonly content: Uint8Array;
}

export interface CheckedDocumentUpload {
  readonly kind: UploadedDocumentKind;
  readonly title: string;
  readonly clearance: Clearance | null;
  readonly contentType: DocumentContentType;
  readonly sizeBytes: number;
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

const typeWords: Readonly<Record<DocumentContentType, string>> = {
  'application/pdf': 'a PDF',
  'image/png': 'a PNG image',
  'image/jpeg': 'a JPEG image',
};

/**
 * The rules an upload must meet, as field errors (paths relative to the input; `/content` is the file).
 * Returns the cleaned upload when there are none. The size is checked before anything looks at the bytes.
 */
export function checkDocumentUpload(
  input: DocumentUploadInput,
): { ok: true; value: CheckedDocumentUpload } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const title = input.title.trim().replace(/\s+/g, ' ');
  if (title.length === 0)
    errors.push({ path: '/title', message: 'Give the document a title, e.g. "Cardiology clearance, Dr Reyes"' });
  else if (title.length > maxDocumentTitleLength)
    errors.push({ path: '/title', message: `Keep the title to ${maxDocumentTitleLength} characters or fewer` });
  // Control characters would end up in a download's file name and in screen readers' output.
  else if (hasControlCharacter(title))
    errors.push({ path: '/title', message: 'The title cannot contain control characters' });

  let clearance: Clearance | null = null;
  if (input.kind === 'clearance_letter') {
    if (!input.clearance) errors.push({ path: '/clearance', message: 'Choose which clearance this letter gives' });
    else if (!isClearance(input.clearance))
      errors.push({ path: '/clearance', message: 'Choose a clearance from the list' });
    else clearance = input.clearance;
  } else if (input.clearance) {
    errors.push({ path: '/clearance', message: 'Only a clearance letter names a clearance' });
  }

  const declared = (documentContentTypes as readonly string[]).includes(input.contentType)
    ? (input.contentType as DocumentContentType)
    : null;
  if (!declared) errors.push({ path: '/contentType', message: 'Upload a PDF, PNG or JPEG file' });
  const size = input.content.byteLength;
  if (size === 0) {
    errors.push({ path: '/content', message: 'The file is empty' });
  } else if (size > maxDocumentBytes) {
    errors.push({ path: '/content', message: `The file is ${formatBytes(size)}; upload one of 10 MB or less` });
  } else if (declared) {
    const actual = sniffContentType(input.content);
    if (actual !== declared) {
      errors.push({
        path: '/content',
        message: actual
          ? `The file is ${typeWords[actual]}, not ${typeWords[declared]}; choose the file again`
          : `The file is not ${typeWords[declared]}: upload a PDF, PNG or JPEG file`,
      });
    }
  }
  if (errors.length > 0 || !declared) return { ok: false, errors };
  return { ok: true, value: { kind: input.kind, title, clearance, contentType: declared, sizeBytes: size } };
}

/** "812 KB", "9.6 MB" (1024-based, as file managers show them). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * A file name for a download: the title with accents dropped, anything outside letters, digits, space,
 * comma, brackets, dot, dash and underscore replaced by a dash, trimmed to 100 characters, plus the
 * extension of the stored type. Safe inside a quoted Content-Disposition filename (no quotes,
 * backslashes, slashes or control characters).
 */
export function downloadFileName(title: string, contentType: DocumentContentType): string {
  const base =
    title
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9 ,()._-]+/g, '-')
      .replace(/^[ .,_-]+|[ .,_-]+$/g, '')
      .slice(0, 100) || 'document';
  return `${base}.${documentExtensions[contentType]}`;
}
