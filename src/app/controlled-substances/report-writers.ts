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

/** The parts of pdfkit's document this writer uses below its public API (see the note in pdfReport). */
interface PdfFont {
  readonly id: string;
  ref(): unknown;
  encode(text: string): [string[], unknown[]];
  widthOfString(text: string, size: number): number;
  readonly ascender: number;
}
interface PdfInternals {
  readonly _font: PdfFont;
  readonly page: { height: number; fonts: Record<string, unknown>; write(chunk: Uint8Array): void };
}

const LINE = 8.5;
/**
 * Lines a cell may take before it is cut with …: enough for a receipt's supplier, DEA number and invoice
 * (printed first) and most of an address; the CSV always carries the whole text.
 */
const MAX_LINES = 5;

/**
 * Glyph widths (per 1000 units of font size) and encoded glyphs, cached per font and character: pdfkit's
 * own measuring applies kerning pair by pair, which dominated a long report. Without kerning a line is
 * at most a hair wider than pdfkit would set it, and wrapping errs on the safe side.
 */
class GlyphCache {
  private readonly widths = new Map<string, number>();
  private readonly codes = new Map<string, string>();
  constructor(private readonly font: PdfFont) {}
  width(text: string, size: number): number {
    let units = 0;
    for (const ch of text) {
      let w = this.widths.get(ch);
      if (w === undefined) {
        w = this.font.widthOfString(ch, 1000);
        this.widths.set(ch, w);
      }
      units += w;
    }
    return (units * size) / 1000;
  }
  hex(text: string): string {
    let out = '';
    for (const ch of text) {
      let code = this.codes.get(ch);
      if (code === undefined) {
        code = this.font.encode(ch)[0].join('');
        this.codes.set(ch, code);
      }
      out += code;
    }
    return out;
  }
}
const caches = new WeakMap<PdfFont, GlyphCache>();
const glyphs = (font: PdfFont): GlyphCache => {
  let cache = caches.get(font);
  if (!cache) {
    cache = new GlyphCache(font);
    caches.set(font, cache);
  }
  return cache;
};

/** Greedy word wrap to `width`, at most MAX_LINES lines (the last one ends in … when cut). */
function wrap(cache: GlyphCache, size: number, text: string, width: number): string[] {
  if (cache.width(text, size) <= width) return [text];
  const space = cache.width(' ', size);
  const lines: string[] = [];
  let line = '';
  let lineWidth = 0;
  for (const word of text.split(' ')) {
    const w = cache.width(word, size);
    if (line && lineWidth + space + w > width) {
      lines.push(line);
      line = word;
      lineWidth = w;
    } else {
      line = line ? `${line} ${word}` : word;
      lineWidth = line === word ? w : lineWidth + space + w;
    }
  }
  lines.push(line);
  const kept = lines.slice(0, MAX_LINES).map((l) => {
    if (cache.width(l, size) <= width) return l;
    let cut = l.length;
    while (cut > 1 && cache.width(`${l.slice(0, cut)}…`, size) > width) cut -= 1;
    return `${l.slice(0, cut)}…`;
  });
  if (lines.length > MAX_LINES) kept[MAX_LINES - 1] = `${kept[MAX_LINES - 1]!.replace(/…$/, '')}…`;
  return kept;
}

export async function pdfReport(
  columns: readonly Column[],
  heading: { title: string; lines: readonly string[] },
): Promise<TableReport> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({ size: 'LETTER', layout: 'landscape', margin: 36, info: { Title: heading.title } });
  const stream = new PassThrough();
  doc.pipe(stream);
  const left = doc.page.margins.left;
  const usable = doc.page.width - left - doc.page.margins.right;
  const bottom = doc.page.height - doc.page.margins.bottom;
  const total = columns.reduce((s, c) => s + c.width, 0);
  const widths = columns.map((c) => (c.width / total) * usable);
  const xs = widths.map((_, i) => left + widths.slice(0, i).reduce((a, b) => a + b, 0));
  const size = 7;
  const internals = doc as unknown as PdfInternals;

  /**
   * Rows are written as PDF text operators directly (one BT … ET per line of a cell) instead of through
   * doc.text(), whose layout engine costs about 40 µs a call — 20 s for a two-year log of 36,500 rows ×
   * 15 cells. Same font, same coordinates as pdfkit's own text (its pages are flipped; we flip back once
   * per row), measured with the font's own metrics.
   */
  const ruleFrom = left.toFixed(2);
  const ruleTo = (left + usable).toFixed(2);
  const cellX = xs.map((x) => (x + 2).toFixed(2));
  // A cell's wrapped lines, already encoded, by column and font: a log repeats its locations, products,
  // staff and entry kinds on most rows. Bounded, so that a report of unique texts does not grow it forever.
  const setCells = columns.map(() => new Map<string, string[]>());
  const encoded = (font: PdfFont, i: number, text: string): string[] => {
    const key = `${font.id}\u0000${text}`;
    const known = setCells[i]!.get(key);
    if (known) return known;
    const cache = glyphs(font);
    const lines = wrap(cache, size, text, widths[i]! - 4).map((line) => (line ? cache.hex(line) : ''));
    if (setCells[i]!.size >= 2000) setCells[i]!.clear();
    setCells[i]!.set(key, lines);
    return lines;
  };

  const row = (cells: readonly string[], bold: boolean): void => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(size);
    const font = internals._font;
    const wrapped = cells.map((cell, i) => encoded(font, i, cell));
    let most = 1;
    for (const lines of wrapped) if (lines.length > most) most = lines.length;
    const height = most * LINE + 3;
    if (doc.y + height > bottom) {
      doc.addPage();
      header();
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(size);
    }
    const page = internals.page;
    page.fonts[font.id] ??= font.ref();
    const top = doc.y;
    const ascent = (font.ascender / 1000) * size;
    // One content chunk per row, in its own graphics state: the rule under the row (grey, 0.3 pt, in
    // pdfkit's flipped coordinates), then the text with the page flipped back.
    const ruleY = (top + height).toFixed(2);
    let ops = `q\n0.3 w\n0.6 0.6 0.6 RG\n${ruleFrom} ${ruleY} m\n${ruleTo} ${ruleY} l\nS\n1 0 0 -1 0 ${page.height} cm`;
    const ys = Array.from({ length: most }, (_, n) => (page.height - (top + 2 + n * LINE) - ascent).toFixed(2));
    wrapped.forEach((lines, i) => {
      lines.forEach((hex, n) => {
        if (hex) ops += `\nBT 1 0 0 1 ${cellX[i]} ${ys[n]} Tm /${font.id} ${size} Tf <${hex}> Tj ET`;
      });
    });
    // Bytes, not a string: pdfkit converts strings character by character.
    page.write(Buffer.from(`${ops}\nQ\n`, 'latin1'));
    doc.x = left;
    doc.y = top + height;
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
      // pdfkit writes synchronously into the pipe; now and then wait for a slow reader (back-pressure).
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
