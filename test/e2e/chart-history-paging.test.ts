import { describe, expect, it } from 'vitest';
import { HISTORY_PAGE } from '../../src/app/chart/chart-read.js';
import { demoAccounts } from '../../src/app/identity/demo-accounts.js';
import { chromiumPath, launchBrowser, seriousAxeViolations, watchErrors } from '../setup/browser.js';
import { startTestServer } from '../setup/server.js';

/**
 * The chart shows the newest page of a long history; "Show older vital signs" / "Show older entries" bring the
 * rest a page at a time, until there is no more.
 */
describe.skipIf(!chromiumPath)('a long chart history is paged', async () => {
  const { url, db } = await startTestServer({ demo: true });
  const browser = await launchBrowser();
  const nurse = demoAccounts.find((a) => a.roles.includes('nurse'))!;
  const patient = await db.pool.query<{ id: string; given_name: string; family_name: string }>(
    "SELECT id, given_name, family_name FROM patients WHERE family_name = 'Intakeson'",
  );
  const { id } = patient.rows[0]!;
  await db.pool.query(
    `INSERT INTO patient_vitals (organization_id, patient_id, recorded_at, context, heart_rate_bpm)
     SELECT organization_id, id, now() - make_interval(days => g), 'clinic', 50 + g FROM patients, generate_series(1, 70) g
      WHERE id = $1`,
    [id],
  );
  await db.pool.query(
    `INSERT INTO patient_events (organization_id, patient_id, occurred_at, kind, summary)
     SELECT organization_id, id, now() - make_interval(days => g), 'vitals_added', 'Vitals recorded (history ' || g || ')'
       FROM patients, generate_series(1, 70) g WHERE id = $1`,
    [id],
  );

  it('shows a page of vital signs, then the older ones on request; the timeline the same', async () => {
    const page = await browser.newPage({ bypassCSP: true });
    const errors = watchErrors(page);
    await page.goto(`${url}/app/patients/${id}`, { waitUntil: 'networkidle' });
    await page.getByLabel('Email address').fill(nurse.email);
    await page.getByLabel('Password').fill(nurse.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Vitals and questionnaires' }).click();
    const rows = page.locator('section[aria-labelledby="vitals"] tbody tr');
    await page.getByRole('button', { name: 'Show older vital signs' }).waitFor();
    expect(await rows.count()).toBe(HISTORY_PAGE);
    expect(await seriousAxeViolations(page)).toEqual([]);
    // A page at a time until there is no older one.
    const more = page.getByRole('button', { name: 'Show older vital signs' });
    while ((await more.count()) > 0) {
      const before = await rows.count();
      await more.click();
      await expect.poll(() => rows.count(), { timeout: 10_000 }).toBeGreaterThan(before);
    }
    const stored = await db.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM patient_vitals WHERE patient_id = $1',
      [id],
    );
    expect(await rows.count()).toBe(stored.rows[0]!.n);

    await page.getByRole('link', { name: 'Timeline' }).click();
    const entries = page.locator('.timeline li');
    const older = page.getByRole('button', { name: 'Show older entries' });
    while (!(await page.getByText('Vitals recorded (history 70)', { exact: true }).isVisible())) {
      const before = await entries.count();
      await older.click();
      await expect.poll(() => entries.count(), { timeout: 10_000 }).toBeGreaterThan(before);
    }
    expect(await entries.count()).toBeGreaterThan(70);
    expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
    await page.close();
  });
});
