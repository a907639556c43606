/**
 * Which scheduled backups to keep: the newest of each of the last `daily` days that have one, and the
 * newest of each of the last `weekly` ISO weeks that have one (days and weeks in the clinic's time
 * zone). Everything else may be deleted. Pure: the caller lists the files and deletes.
 */
export interface BackupFile {
  readonly name: string;
  readonly takenAt: Date;
}

const FILE_PATTERN = /^ketaclinic-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z\.kcbackup\.gz$/;

export function backupFileName(at: Date): string {
  const iso = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `ketaclinic-${iso.replace(/[-:]/g, '')}.kcbackup.gz`;
}

/** The time a scheduled backup's name records, or undefined for a file that is not one. */
export function parseBackupFileName(name: string): Date | undefined {
  const m = FILE_PATTERN.exec(name);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m;
  const at = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

function localDay(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** ISO week ("2026-W49") of the local calendar day. */
function localWeek(at: Date, timeZone: string): string {
  const [y, m, d] = localDay(at, timeZone).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  date.setUTCDate(date.getUTCDate() + 4 - (date.getUTCDay() || 7)); // the week's Thursday decides its year
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((date.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${date.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

export function backupsToKeep(
  files: readonly BackupFile[],
  policy: { daily: number; weekly: number; timeZone: string },
): Set<string> {
  const newestFirst = [...files].sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime());
  const keep = new Set<string>();
  const pick = (bucket: (at: Date) => string, count: number): void => {
    const seen = new Set<string>();
    for (const file of newestFirst) {
      const key = bucket(file.takenAt);
      if (seen.has(key)) continue;
      if (seen.size >= count) break;
      seen.add(key);
      keep.add(file.name);
    }
  };
  pick((at) => localDay(at, policy.timeZone), policy.daily);
  pick((at) => localWeek(at, policy.timeZone), policy.weekly);
  return keep;
}
