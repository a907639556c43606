import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * PDF checks read the text back with Debian's poppler-utils (`pdftotext`, `pdfimages`), which `.ci/run`
 * installs. On a machine without it the PDF's bytes are still checked and the text checks are skipped with a
 * line that says so, as the browser tests do without Chromium.
 */
const onPath = (tool: string): boolean =>
  (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir !== '' && fs.existsSync(path.join(dir, tool)));

export const hasPoppler = onPath('pdftotext') && onPath('pdfimages');
let warned = false;

function withFile<T>(bytes: Buffer, read: (file: string) => T): T | null {
  if (!hasPoppler) {
    if (!warned) console.warn('skipped: no pdftotext (apt-get install poppler-utils): PDF text checks');
    warned = true;
    return null;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ketaclinic-pdf-'));
  const file = path.join(dir, 'document.pdf');
  try {
    fs.writeFileSync(file, bytes);
    return read(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The PDF's text as `pdftotext -layout` reads it, or null without poppler-utils. */
export function pdfText(bytes: Buffer): string | null {
  return withFile(bytes, (file) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }));
}

/** `pdfimages -list` lines (a header of two lines, then one per embedded picture), or null without poppler-utils. */
export function pdfImageList(bytes: Buffer): string[] | null {
  return withFile(bytes, (file) => execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).trim().split('\n'));
}
