/** One measured number, as every bench module reports it. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  target?: string;
  /** Filled by the runner when the target can be checked mechanically. */
  ok?: boolean;
}

export function printTable(rows: readonly BenchResult[]): void {
  const format = (v: number): string => (Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(2));
  const cells = rows.map((r) => [
    r.name,
    format(r.value),
    r.unit,
    r.target ?? '',
    r.ok === undefined ? '' : r.ok ? 'ok' : 'MISSED',
  ]);
  const header = ['measure', 'value', 'unit', 'target', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]): string =>
    `| ${c.map((x, i) => (i === 1 ? x.padStart(widths[i] ?? 0) : x.padEnd(widths[i] ?? 0))).join(' | ')} |`;
  process.stdout.write(
    `${line(header)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n${cells.map(line).join('\n')}\n`,
  );
}
