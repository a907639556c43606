import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * PostgreSQL refuses to run as root. When ketaclinic runs as root (CI does), every PostgreSQL binary
 * runs as the `postgres` OS user instead, which must be able to reach both the binaries and the data
 * directory. This module answers "who runs postgres" and "can that user get there".
 */
export interface RunAs {
  readonly uid: number;
  readonly gid: number;
  readonly name: string;
}

export const isRoot = (): boolean => process.getuid?.() === 0;

/** The uid and gid of an OS user, from one shell running `id -u` and `id -g` (undefined when there is no such user). */
function lookupUser(name: string): { uid: number; gid: number } | undefined {
  const res = spawnSync('/bin/sh', ['-c', 'id -u "$1" && id -g "$1"', 'sh', name], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const [uid, gid] = (res.stdout ?? '').trim().split('\n').map(Number);
  return res.status === 0 && Number.isInteger(uid) && Number.isInteger(gid) ? { uid: uid!, gid: gid! } : undefined;
}

function groupExists(name: string): boolean {
  return spawnSync('id', ['-g', name], { stdio: 'ignore' }).status === 0;
}

/** The OS user postgres runs as: undefined when we are not root (postgres runs as us). */
export function postgresRunAs(options: { create: boolean }): RunAs | undefined {
  if (!isRoot()) return undefined;
  let user = lookupUser('postgres');
  if (user === undefined && options.create) {
    execFileSync(
      'useradd',
      [
        '--system',
        ...(groupExists('postgres') ? ['-g', 'postgres'] : ['--user-group']),
        '--no-create-home',
        '--shell',
        '/usr/sbin/nologin',
        'postgres',
      ],
      { stdio: 'ignore' },
    );
    user = lookupUser('postgres');
  }
  if (user === undefined) {
    throw new Error(
      'running as root, PostgreSQL needs an OS user named "postgres" and it could not be created (useradd failed)',
    );
  }
  return { ...user, name: 'postgres' };
}

/** Nearest ancestor of `target` that exists (target itself if it exists). */
export function nearestExisting(target: string): string {
  let dir = path.resolve(target);
  while (!fs.existsSync(dir)) {
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return dir;
}

/**
 * The first directory on the way to `target` that `runAs` cannot enter, or undefined when every
 * ancestor is searchable. Asked of the kernel (test -x as that user), not guessed from mode bits.
 */
export function firstUnreachableAncestor(target: string, runAs: RunAs | undefined): string | undefined {
  if (runAs === undefined) return undefined;
  const existing = nearestExisting(target);
  const chain: string[] = [];
  for (let dir = existing; ; dir = path.dirname(dir)) {
    chain.unshift(dir);
    if (path.dirname(dir) === dir) break;
  }
  // One shell for the whole way (a process start costs tens of milliseconds in a large server process):
  // it prints the first directory that user cannot enter.
  const res = spawnSync(
    '/bin/sh',
    ['-c', 'for d do test -x "$d" || { printf %s "$d"; exit 1; }; done', 'sh', ...chain],
    {
      uid: runAs.uid,
      gid: runAs.gid,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  if (res.status === 0) return undefined;
  return chain.find((dir) => dir === res.stdout) ?? chain[0];
}

/** chown -R for the directories and files we create for postgres (no-op when not root). */
export function chownTree(target: string, runAs: RunAs | undefined): void {
  if (runAs === undefined) return;
  fs.chownSync(target, runAs.uid, runAs.gid);
  if (fs.statSync(target).isDirectory()) {
    for (const entry of fs.readdirSync(target)) chownTree(path.join(target, entry), runAs);
  }
}
