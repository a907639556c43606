import cliProgress from 'cli-progress';
import type { BackupProgress } from '../app/backup/backup.js';

/**
 * Progress for long CLI work, on stderr so stdout stays clean for data. A bar on a terminal;
 * elsewhere (CI, a pipe) one line per step, so logs still show how far it got.
 */
export interface Progress extends BackupProgress {}

export function createProgress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: `${label} [{bar}] {percentage}% | {value}/{total} rows | {table}`,
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    return {
      start: (total) => bar.start(Math.max(total, 1), 0, { table: '' }),
      table: (name) => bar.update({ table: name }),
      rows: (count) => bar.increment(count),
      finish: () => {
        bar.update(bar.getTotal());
        bar.stop();
      },
    };
  }
  let total = 0;
  let done = 0;
  return {
    start: (t) => {
      total = t;
      stream.write(`${label}: ${t} rows\n`);
    },
    table: (name, rows) =>
      stream.write(`${label}: ${name} (${rows} rows) — ${total ? Math.floor((done / total) * 100) : 100}%\n`),
    rows: (count) => {
      done += count;
    },
    finish: () => stream.write(`${label}: done, ${done} rows\n`),
  };
}
