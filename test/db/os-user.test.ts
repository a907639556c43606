import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { firstUnreachableAncestor, isRoot, postgresRunAs } from '../../src/db/embedded/os-user.js';

// Running as root, PostgreSQL runs as the OS user "postgres", which must be able to reach its binaries and data.
describe.runIf(isRoot())('the postgres OS user, when ketaclinic runs as root', () => {
  const runAs = postgresRunAs({ create: true })!;

  it('is looked up with the same uid and gid as id(1) reports', () => {
    expect(runAs.uid).toBe(Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })));
    expect(runAs.gid).toBe(Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })));
  });

  it('names the first directory on the way that it cannot enter, and none when every one is open', () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'ketaclinic-reach-'));
    try {
      const closed = path.join(parent, 'closed');
      const open = path.join(parent, 'open');
      fs.mkdirSync(path.join(closed, 'inner'), { recursive: true, mode: 0o700 });
      fs.chmodSync(closed, 0o700);
      fs.mkdirSync(path.join(open, 'inner'), { recursive: true });
      fs.chmodSync(parent, 0o755);
      fs.chmodSync(open, 0o755);
      fs.chmodSync(path.join(open, 'inner'), 0o755);
      expect(firstUnreachableAncestor(path.join(closed, 'inner', 'not-yet', 'data'), runAs)).toBe(closed);
      expect(firstUnreachableAncestor(path.join(open, 'inner', 'not-yet'), runAs)).toBeUndefined();
      // A directory name with spaces and a quote is passed through as one argument.
      const odd = path.join(parent, "odd name's");
      fs.mkdirSync(odd, { mode: 0o700 });
      fs.chmodSync(odd, 0o700);
      expect(firstUnreachableAncestor(path.join(odd, 'data'), runAs)).toBe(odd);
    } finally {
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });

  it('is not needed when ketaclinic does not run as root', () => {
    expect(firstUnreachableAncestor('/root/anything', undefined)).toBeUndefined();
  });
});
