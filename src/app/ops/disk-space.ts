import fs from 'node:fs';

/**
 * The free space of the filesystem that holds the embedded database (issue 18). Below the warning
 * threshold (a percentage or an absolute amount, whichever is less) the log says so and the admin's
 * console home shows it; below the upload threshold new uploads are refused, so PostgreSQL keeps room
 * for the clinic's ordinary writes instead of stopping on a full disk.
 */
export interface DiskThresholds {
  readonly warnFreePercent: number;
  readonly warnFreeBytes: number;
  readonly refuseUploadsFreeBytes: number;
}

export interface DiskReading {
  readonly path: string;
  readonly totalBytes: number;
  readonly freeBytes: number;
  /** Below the warning threshold. */
  readonly low: boolean;
  /** Below the upload threshold: uploads are refused. */
  readonly refuseUploads: boolean;
  readonly checkedAt: Date;
}

export function classifyDisk(
  totalBytes: number,
  freeBytes: number,
  t: DiskThresholds,
): { low: boolean; refuseUploads: boolean } {
  const warnAt = Math.min((totalBytes * t.warnFreePercent) / 100, t.warnFreeBytes);
  const refuseUploads = freeBytes < t.refuseUploadsFreeBytes;
  return { low: refuseUploads || freeBytes < warnAt, refuseUploads };
}

export function readDisk(dir: string, t: DiskThresholds, now: Date = new Date()): DiskReading | undefined {
  try {
    const s = fs.statfsSync(dir);
    const totalBytes = s.blocks * s.bsize;
    const freeBytes = s.bavail * s.bsize;
    return { path: dir, totalBytes, freeBytes, ...classifyDisk(totalBytes, freeBytes, t), checkedAt: now };
  } catch {
    return undefined;
  }
}

export interface DiskWatch {
  current(): DiskReading | undefined;
  /** Reads the filesystem now (a cheap statfs), for decisions that must not wait for the next tick. */
  refresh(): DiskReading | undefined;
  stop(): void;
}

const mb = (bytes: number): string => `${Math.round(bytes / 1048576).toLocaleString('en-US')} MB`;

export function describeDisk(r: DiskReading): string {
  const percent = r.totalBytes > 0 ? ((r.freeBytes / r.totalBytes) * 100).toFixed(1) : '0';
  return `${mb(r.freeBytes)} free of ${mb(r.totalBytes)} (${percent} %) on the disk holding ${r.path}`;
}

export function startDiskWatch(
  dir: string,
  thresholds: DiskThresholds,
  log: (level: 'info' | 'warn' | 'error', message: string) => void,
  intervalMs = 5_000,
): DiskWatch {
  let reading = readDisk(dir, thresholds);
  let level: 'ok' | 'low' | 'refuse' = 'ok';
  const report = (): void => {
    if (!reading) return;
    const next = reading.refuseUploads ? 'refuse' : reading.low ? 'low' : 'ok';
    if (next === level) return;
    if (next === 'refuse')
      log(
        'error',
        `disk space critical: ${describeDisk(reading)}; new uploads are refused until space is freed, so PostgreSQL keeps room to work`,
      );
    else if (next === 'low')
      log(
        'warn',
        `disk space low: ${describeDisk(reading)}; free space or move old backups before PostgreSQL runs out`,
      );
    else log('info', `disk space is sufficient again: ${describeDisk(reading)}`);
    level = next;
  };
  report();
  const refresh = (): DiskReading | undefined => {
    reading = readDisk(dir, thresholds) ?? reading;
    report();
    return reading;
  };
  const timer = setInterval(refresh, intervalMs);
  timer.unref();
  return {
    current: () => reading,
    refresh,
    stop: () => clearInterval(timer),
  };
}
