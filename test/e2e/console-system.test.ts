import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoAccounts } from '../../src/app/identity/demo-accounts.js';
import type { SystemStatusSource } from '../../src/app/ops/system-status.js';
import {
  browserSignIn,
  chromiumPath,
  launchBrowser,
  screenshotIfAsked,
  seriousAxeViolations,
  watchErrors,
} from '../setup/browser.js';
import { startTestServer } from '../setup/server.js';

/** The admin's home shows whether the clinic's data is safe: database, disk, last verified backup (issue 18). */
const MB = 1048576;
let freeBytes = 20_000 * MB;
const system: SystemStatusSource = {
  mode: 'embedded',
  disk: () => ({
    path: '/srv/ketaclinic/data/pg',
    totalBytes: 100_000 * MB,
    freeBytes,
    low: freeBytes < 1024 * MB,
    refuseUploads: freeBytes < 256 * MB,
    checkedAt: new Date(),
  }),
  diskNow: () => undefined,
  database: () => ({ state: 'running', reason: undefined }),
  backups: {
    directory: '/srv/ketaclinic/data/backups',
    schedule: '30 2 * * *',
    timeZone: 'America/New_York',
    keepDaily: 7,
    keepWeekly: 4,
    scheduled: true,
  },
};

describe.skipIf(!chromiumPath)('data safety on the admin console home', async () => {
  const server = await startTestServer({ demo: true, demoIntakes: false, system });
  const { db } = server;
  const { signIn } = browserSignIn(server);
  const browser = await launchBrowser();
  const admin = demoAccounts.find((a) => a.roles.includes('admin'))!;
  const signInAsAdmin = (page: Page) => signIn(page, admin, { landing: 'Your worklist' });

  it('says when no backup exists yet and when the disk is low; then shows the last good backup and its age', async () => {
    // No backup yet at the start of each attempt: a retry on CI (vitest.config.ts) must not meet the backup run
    // the attempt before it recorded.
    await db.pool.query('DELETE FROM backup_runs');
    const page = await browser.newPage({ bypassCSP: true });
    const errors = watchErrors(page);
    freeBytes = 700 * MB;
    await signInAsAdmin(page);
    const panel = page.getByRole('region', { name: 'Data safety' });
    await panel.getByRole('heading', { name: 'No backup has been taken yet' }).waitFor();
    await panel.getByRole('heading', { name: 'Disk space is low' }).waitFor();
    expect(await panel.textContent()).toMatch(/700 MB free of 97\.7 GB/);
    expect(await seriousAxeViolations(page)).toEqual([]);

    freeBytes = 20_000 * MB;
    const finished = new Date(Date.now() - 5 * 3600 * 1000);
    await db.pool.query(
      `INSERT INTO backup_runs (started_at, finished_at, status, directory, file_name, bytes, table_count, row_count, schema_version, sha256, host)
       VALUES ($1, $1, 'verified', '/srv/ketaclinic/data/backups', 'ketaclinic-20261126T073000Z.kcbackup.gz', 4096, 20, 99, 7, $2, 'clinic-1:42')`,
      [finished, 'b'.repeat(64)],
    );
    await page.reload({ waitUntil: 'networkidle' });
    await page.getByRole('region', { name: 'Data safety' }).getByText('5 hours ago', { exact: false }).waitFor();
    expect(await page.getByRole('region', { name: 'Data safety' }).locator('.notice').count()).toBe(0);
    await screenshotIfAsked(page, 'system-panel', { fullPage: true });
    expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
    await page.close();
  });
});
