import { PassThrough, type Readable } from 'node:stream';

/**
 * The two shapes a controlled-substance report leaves in: CSV (RFC 4180, for a spreadsheet or an
 * inspector's tools) and PDF (pdfkit, for printing and filing). Both are streams fed row by row, so a
 * two-year log never sits in memory as one string. pdfkit is loaded on first use: the server does not
 * carry it until somebody asks for a PDF.
 */
export interface Column {
  readonly header: string;
  /** Relative width in the PDF. */
  readonly width: number;
}

/** A cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR) is prefixed with ' (OWASP CSV injection). */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvLine = (cells: readonly (string | number | null)[]): string => `${cells.map(csvCell).join(',')}\r\n`;

export interface TableReport {
  write(row: readonly (string | number | null)[]): Promise<void>;
  end(summary?: readonly string[]): Promise<void>;
  readonly stream: Readable;
}

/** Writes with back-pressure: waits for 'drain' when the consumer is slower than the database. */
async function push(stream: PassThrough, chunk: string | Buffer): Promise<void> {
  if (!stream.write(chunk)) await new Promise<void>((resolve) => stream.once('drain', resolve));
}

export function csvReport(columns: readonly Column[], preamble: readonly string[]): TableReport {
  const stream = new PassThrough();
  let started = false;
  const start = async (): Promise<void> => {
    if (started) return;
    started = true;
    // A UTF-8 byte order mark so spreadsheet programs read names with accents correctly.
    await push(stream, '\uFEFF');
    for (const line of preamble) await push(stream, csvLine([line]));
    await push(stream, csvLine(columns.map((c) => c.header)));
  };
  return {
    stream,
    async write(row) {
      await start();
      await push(stream, csvLine(row));
    },
    async end() {
      await start();
      stream.end();
    },
  };
}

export async function pdfReport(
  columns: readonly Column[],
  heading: { title: string; lines: readonly string[] },
): Promise<TableReport> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'LETTER',
    layout: 'landscape',
    margin: 36,
    bufferPages: false,
    info: { Title: heading.title },
  });
  const stream = new PassThrough();
  doc.pipe(stream);
  const left = doc.page.margins.left;
  const usable = doc.page.width - left - doc.page.margins.right;
  const total = columns.reduce((s, c) => s + c.width, 0);
  const widths = columns.map((c) => (c.width / total) * usable);
  const fontSize = 7.5;

  const row = (cells: readonly string[], bold: boolean): void => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(fontSize);
    const height = Math.max(...cells.map((cell, i) => doc.heightOfString(cell, { width: widths[i]! - 4 }))) + 4;
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) {
      doc.addPage();
      header();
    }
    const y = doc.y;
    let x = left;
    cells.forEach((cell, i) => {
      doc.text(cell, x + 2, y + 2, { width: widths[i]! - 4, lineBreak: true });
      x += widths[i]!;
    });
    doc
      .moveTo(left, y + height)
      .lineTo(left + usable, y + height)
      .lineWidth(0.3)
      .strokeColor('#999999')
      .stroke();
    doc.x = left;
    doc.y = y + height;
  };
  const header = (): void =>
    row(
      columns.map((c) => c.header),
      true,
    );

  doc.font('Helvetica-Bold').fontSize(14).text(heading.title);
  doc.font('Helvetica').fontSize(9);
  for (const line of heading.lines) doc.text(line);
  doc.moveDown(0.5);
  header();

  let sinceDrain = 0;
  return {
    stream,
    async write(cells) {
      row(
        cells.map((c) => (c === null ? '' : String(c))),
        false,
      );
      // pdfkit writes synchronously into the pipe; yield now and then so a slow reader applies back-pressure.
      if (++sinceDrain >= 200) {
        sinceDrain = 0;
        if (stream.writableNeedDrain) await new Promise<void>((resolve) => stream.once('drain', resolve));
      }
    },
    async end(summary = []) {
      if (summary.length) {
        doc.moveDown(0.5);
        doc.font('Helvetica-Bold').fontSize(9);
        for (const line of summary) doc.text(line, left);
      }
      doc.end();
    },
  };
}
