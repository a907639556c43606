import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';

/** The `ketaclinic` command as a person runs it: real process, real embedded database. */
const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'bin/ketaclinic.js');
const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-cli-'));
fs.chmodSync(parent, 0o755);
afterAll(() => fs.rmSync(parent, { recursive: true, force: true }));

function ketaclinic(args: string[], dataDir = path.join(parent, 'data')) {
  const env: NodeJS.ProcessEnv = { ...process.env, KETACLINIC_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  return spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8', timeout: 60_000, input: '' });
}

describe('ketaclinic command line', () => {
  const commands = buildProgram()
    .commands.map((c) => c.name())
    .filter((n) => n !== 'help');

  it.each(commands)('`%s --help` prints usage and exits 0', (command) => {
    const res = ketaclinic([command, '--help']);
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(new RegExp(`Usage: ketaclinic ${command}`));
  });

  it.each([
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['backup'], /missing required argument 'file'/],
    [['restore', 'a', 'b'], /too many arguments|unknown/],
    [['migrate', '--force'], /unknown option '--force'/],
  ])('%j exits non-zero with one line that says why', (args, reason) => {
    const res = ketaclinic(args);
    expect(res.status).not.toBe(0);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toMatch(reason);
  });

  it('prints the current two-step code of a demo account, and refuses a role without one', () => {
    const res = ketaclinic(['demo-code', 'prescriber']);
    expect(res.status).toBe(0);
    expect(res.stdout.trim()).toMatch(/^\d{6}$/);
    const nurse = ketaclinic(['demo-code', 'nurse']);
    expect(nurse.status).toBe(1);
    expect(nurse.stderr).toMatch(/use admin or prescriber/);
  });

  it.skipIf(process.env.TEST_DATABASE_URL !== undefined)(
    'backs up the demo clinic with progress, refuses to overwrite, and restores it into an empty data directory',
    () => {
      expect(ketaclinic(['demo']).status).toBe(0);
      const file = path.join(parent, 'clinic.kcbackup.gz');
      const backup = ketaclinic(['backup', file]);
      expect(backup.status, backup.stderr).toBe(0);
      expect(backup.stderr).toMatch(/backup: organizations \(1 rows\)/);
      expect(backup.stderr).toMatch(/backup written to/);
      expect(ketaclinic(['backup', file]).stderr).toMatch(/exists; choose a new file name/);

      const fresh = path.join(parent, 'restored');
      const restore = ketaclinic(['restore', file], fresh);
      expect(restore.status, restore.stderr).toBe(0);
      expect(restore.stderr).toMatch(/restored .*: \d+ tables/);
      expect(ketaclinic(['demo'], fresh).stderr).toMatch(/already loaded/);
      const again = ketaclinic(['restore', file], fresh);
      expect(again.status).toBe(1);
      expect(again.stderr).toMatch(/not empty/);
    },
    120_000,
  );
});
