import { describe, expect, it } from 'vitest';
import {
  checkDocumentUpload,
  clearanceNames,
  downloadFileName,
  formatBytes,
  isClinicalDocumentKind,
  maxDocumentBytes,
  sniffContentType,
  type DocumentUploadInput,
} from '../../../../src/domain/chart/uploaded-documents.js';

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);
const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);
const pdf = ascii('%PDF-1.4\n%%EOF\n');
const png = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13);
const jpeg = bytes(0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46);

const input = (fields: Partial<DocumentUploadInput> = {}): DocumentUploadInput => ({
  kind: 'referral',
  title: 'Referral letter',
  contentType: 'application/pdf',
  content: pdf,
  ...fields,
});

describe('content sniffing by magic bytes', () => {
  it.each([
    ['a PDF', pdf, 'application/pdf'],
    ['a PNG', png, 'image/png'],
    ['a JPEG (JFIF)', jpeg, 'image/jpeg'],
    ['a JPEG (Exif)', bytes(0xff, 0xd8, 0xff, 0xe1), 'image/jpeg'],
  ] as const)('recognises %s', (_name, content, type) => {
    expect(sniffContentType(content)).toBe(type);
  });

  it.each([
    ['HTML', ascii('<!doctype html><script>')],
    ['a GIF', ascii('GIF89a')],
    ['"%PDF" without the dash', ascii('%PDF1.4')],
    ['a truncated PNG signature', png.slice(0, 7)],
    ['two bytes of JPEG', bytes(0xff, 0xd8)],
    ['a PDF header after a byte-order mark', bytes(0xef, 0xbb, 0xbf, ...ascii('%PDF-1.4'))],
    ['nothing', new Uint8Array()],
  ] as const)('recognises nothing in %s', (_name, content) => {
    expect(sniffContentType(content)).toBeNull();
  });
});

describe('checking an upload', () => {
  it('accepts a PDF referral and tidies the title', () => {
    expect(checkDocumentUpload(input({ title: '  Referral   from\u00a0Dr Okafor ' }))).toEqual({
      ok: true,
      value: {
        kind: 'referral',
        title: 'Referral from Dr Okafor',
        clearance: null,
        contentType: 'application/pdf',
        sizeBytes: pdf.length,
      },
    });
  });

  it('refuses bytes that do not match the declared type, saying what the file really is', () => {
    expect(checkDocumentUpload(input({ content: png }))).toEqual({
      ok: false,
      errors: [{ path: '/content', message: 'The file is a PNG image, not a PDF; choose the file again' }],
    });
    expect(checkDocumentUpload(input({ contentType: 'image/jpeg', content: ascii('MZ\x90\x00') }))).toEqual({
      ok: false,
      errors: [{ path: '/content', message: 'The file is not a JPEG image: upload a PDF, PNG or JPEG file' }],
    });
  });

  it('accepts only PDF, PNG and JPEG', () => {
    for (const contentType of ['image/gif', 'text/html', 'application/octet-stream', 'image/svg+xml']) {
      expect(checkDocumentUpload(input({ contentType }))).toEqual({
        ok: false,
        errors: [{ path: '/contentType', message: 'Upload a PDF, PNG or JPEG file' }],
      });
    }
  });

  it('allows exactly 10 MiB and refuses one byte more, and an empty file', () => {
    const atLimit = new Uint8Array(maxDocumentBytes);
    atLimit.set(pdf);
    expect(checkDocumentUpload(input({ content: atLimit })).ok).toBe(true);
    const over = new Uint8Array(maxDocumentBytes + 1);
    over.set(pdf);
    expect(checkDocumentUpload(input({ content: over }))).toEqual({
      ok: false,
      errors: [{ path: '/content', message: 'The file is 10.0 MB; upload one of 10 MB or less' }],
    });
    expect(checkDocumentUpload(input({ content: new Uint8Array() }))).toEqual({
      ok: false,
      errors: [{ path: '/content', message: 'The file is empty' }],
    });
  });

  it('needs a title of 1 to 200 characters without control characters', () => {
    expect(checkDocumentUpload(input({ title: ' \t ' }))).toMatchObject({ ok: false, errors: [{ path: '/title' }] });
    expect(checkDocumentUpload(input({ title: 'x'.repeat(200) })).ok).toBe(true);
    expect(checkDocumentUpload(input({ title: 'x'.repeat(201) }))).toMatchObject({
      ok: false,
      errors: [{ path: '/title', message: 'Keep the title to 200 characters or fewer' }],
    });
    expect(checkDocumentUpload(input({ title: 'ECG\u0000.exe' }))).toMatchObject({
      ok: false,
      errors: [{ path: '/title' }],
    });
  });

  it('needs a known clearance on a clearance letter, and none on anything else', () => {
    expect(checkDocumentUpload(input({ kind: 'clearance_letter' }))).toMatchObject({
      ok: false,
      errors: [{ path: '/clearance', message: 'Choose which clearance this letter gives' }],
    });
    expect(checkDocumentUpload(input({ kind: 'clearance_letter', clearance: 'dentistry' }))).toMatchObject({
      ok: false,
      errors: [{ path: '/clearance' }],
    });
    expect(checkDocumentUpload(input({ kind: 'clearance_letter', clearance: 'cardiology' }))).toMatchObject({
      ok: true,
      value: { clearance: 'cardiology' },
    });
    expect(checkDocumentUpload(input({ kind: 'ecg', clearance: 'cardiology' }))).toMatchObject({
      ok: false,
      errors: [{ path: '/clearance', message: 'Only a clearance letter names a clearance' }],
    });
  });

  it('reports every problem at once', () => {
    const result = checkDocumentUpload({ kind: 'clearance_letter', title: '', contentType: 'image/png', content: pdf });
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual(['/title', '/clearance', '/content']);
  });
});

describe('kinds, clearances and names', () => {
  it('treats clearance letters, ECGs, labs and outside records as clinical, referrals and other paperwork not', () => {
    expect(
      ['clearance_letter', 'ecg', 'lab_result', 'outside_record'].every((k) => isClinicalDocumentKind(k as never)),
    ).toBe(true);
    expect(isClinicalDocumentKind('referral')).toBe(false);
    expect(isClinicalDocumentKind('other')).toBe(false);
  });

  it('knows every clearance the eligibility rules can ask for', () => {
    expect([...clearanceNames].sort()).toEqual(
      [
        'cardiology',
        'pcp',
        'psychiatry',
        'addiction_medicine',
        'obstetric',
        'neurology',
        'ophthalmology',
        'hepatology',
        'urology',
        'sleep_medicine',
      ].sort(),
    );
  });

  it('makes a download file name that is safe inside a quoted header', () => {
    expect(downloadFileName('Cardiology clearance — Dr Reyes', 'application/pdf')).toBe(
      'Cardiology clearance - Dr Reyes.pdf',
    );
    expect(downloadFileName('"; filename=evil.html\\/..', 'image/png')).toBe('filename-evil.html.png');
    expect(downloadFileName('Électrocardiogramme', 'image/jpeg')).toBe('Electrocardiogramme.jpg');
    expect(downloadFileName('***', 'application/pdf')).toBe('document.pdf');
    expect(downloadFileName('x'.repeat(300), 'application/pdf')).toHaveLength(104);
  });

  it('formats sizes as file managers do', () => {
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(812 * 1024)).toBe('812 KB');
    expect(formatBytes(maxDocumentBytes)).toBe('10.0 MB');
  });
});
