import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { firstUnreachableAncestor, type RunAs } from './os-user.js';
import { sharedInstallRoot } from './postgres-install.js';

/**
 * Which directory holds the embedded cluster. Explicit (KETACLINIC_DATA_DIR) wins and must be
 * reachable by the user postgres runs as — otherwise we stop before initdb and say what to do.
 * The default is ./data in the checkout; as root in a checkout that the `postgres` user cannot enter
 * (below /root), the default moves to /var/lib/ketaclinic/data-<checkout>-<hash> (decision 002).
 */
export interface DataDirChoice {
  readonly dir: string;
  /** Why this directory, when it is not the one asked for (printed at start). */
  readonly note: string | undefined;
}

export class DataDirUnreachableError extends Error {
  constructor(dir: string, blocker: string, runAs: RunAs) {
    super(
      `PostgreSQL runs as the OS user "${runAs.name}" (it refuses root), and that user cannot enter ${blocker}, ` +
        `so it cannot use the data directory ${dir}. Either set KETACLINIC_DATA_DIR to a directory outside it ` +
        `(for example ${path.join(sharedInstallRoot, 'data')}), or allow entry with: chmod o+x ${blocker}`,
    );
    this.name = 'DataDirUnreachableError';
  }
}

export function chooseDataDir(options: {
  explicit: string | undefined;
  cwd: string;
  runAs: RunAs | undefined;
}): DataDirChoice {
  const { explicit, cwd, runAs } = options;
  if (explicit !== undefined) {
    // The data directory itself is ours to set up (mode 0711); what matters is the way to it.
    const blocker = firstUnreachableAncestor(path.dirname(explicit), runAs);
    if (blocker !== undefined && runAs !== undefined) throw new DataDirUnreachableError(explicit, blocker, runAs);
    return { dir: explicit, note: undefined };
  }
  const local = path.join(cwd, 'data');
  const blocker = firstUnreachableAncestor(cwd, runAs);
  if (blocker === undefined) return { dir: local, note: undefined };
  const real = fs.realpathSync(cwd);
  const hash = crypto.createHash('sha256').update(real).digest('hex').slice(0, 8);
  const dir = path.join(sharedInstallRoot, `data-${path.basename(real)}-${hash}`);
  return {
    dir,
    note: `running as root and the postgres user cannot enter ${blocker}: data is kept in ${dir} (set KETACLINIC_DATA_DIR to choose)`,
  };
}
