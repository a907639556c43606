import { Writable } from 'node:stream';

/**
 * Log lines for a person at a terminal: "14:05:09 INFO  ketaclinic is ready url=http://…" instead of JSON.
 * The server writes JSON when its output is not a terminal (a service manager, a log collector).
 */
const levels: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };
const skipped = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'v']);
const str = (v: unknown): string => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));

export function formatLogLine(line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const time = typeof entry.time === 'number' ? new Date(entry.time).toTimeString().slice(0, 8) : '';
  const level = levels[entry.level as number] ?? String(entry.level);
  const extra = Object.entries(entry)
    .filter(([k]) => !skipped.has(k))
    .map(([k, v]) => `${k}=${str(v)}`)
    .join(' ');
  return `${time} ${level} ${str(entry.msg ?? '')}${extra ? `  ${extra}` : ''}`;
}

export function prettyStream(out: NodeJS.WritableStream): Writable {
  let pending = '';
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line) out.write(`${formatLogLine(line)}\n`);
      done();
    },
  });
}
