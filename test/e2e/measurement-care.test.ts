import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoAccounts } from '../../src/app/identity/demo-accounts.js';
import {
  browserSignIn,
  chromiumPath,
  launchBrowser,
  screenshotIfAsked,
  seriousAxeViolations,
  watchErrors,
} from '../setup/browser.js';
import { startTestServer } from '../setup/server.js';

/**
 * Issue 17's clinician side in a real browser on the demo clinic: the prescriber finds the maintenance
 * patient on the measurement-based-care list, opens her measurement view, sees the due flag, the chart and its
 * table, and follows "Book maintenance" into series booking with maintenance chosen; axe clean at desktop and
 * phone width.
 */
const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();
const unexpected = (errors: string[]) => errors.filter((e) => !/status of 401/.test(e));

describe.skipIf(!chromiumPath)('a prescriber sees who is due for maintenance', async () => {
  const server = await startTestServer({ demo: true, demoIntakes: false });
  const { signIn } = browserSignIn(server);
  const browser = await launchBrowser();
  const prescriber = demoAccounts.find((a) => a.roles.includes('prescriber'))!;

  it('list → measurement view with the due flag and chart → book maintenance', async () => {
    const page = await browser.newPage({ bypassCSP: true });
    const errors = watchErrors(page);
    await signIn(page, prescriber, { path: '/app/measurement-care', landing: 'Measurement-based care' });

    const due = page.getByRole('region', { name: /Due for a maintenance session/ });
    await due.getByRole('link', { name: 'Rhea Relapsova' }).waitFor();
    const review = page.getByRole('region', { name: /No early improvement/ });
    await review.getByRole('link', { name: 'Nico Nonresponde' }).waitFor();
    await page.getByRole('region', { name: /Questionnaires overdue/ }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);

    await due.getByRole('link', { name: 'Rhea Relapsova' }).click();
    await heading(page, 'Measurements and outcomes');
    const notice = page.locator('.notice').filter({ hasText: 'Maintenance session due' });
    await notice.waitFor();
    await expect(notice.textContent()).resolves.toMatch(/back in the moderate range/);
    const chart = page.getByRole('img', { name: /PHQ-9.*latest 13.*baseline 21/ });
    await chart.waitFor();
    expect(await chart.locator('circle').count()).toBe(14);
    const phq9 = page.getByRole('region', { name: /^PHQ-9/ });
    await expect(phq9.getByRole('table').locator('tbody tr').count()).resolves.toBe(14);
    await expect(phq9.locator('.measure-facts__big').textContent()).resolves.toBe('13');
    const doses = page.getByRole('region', { name: /Doses: dissociation and adverse events/ });
    await expect(doses.locator('tbody tr').count()).resolves.toBe(9);
    await doses.getByText('Nausea').first().waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshotIfAsked(page, 'measurements-desktop', { fullPage: true });

    await page.setViewportSize({ width: 390, height: 844 });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshotIfAsked(page, 'measurements-phone', { fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });

    await notice.getByRole('link', { name: 'Book maintenance' }).click();
    await heading(page, 'Book a treatment series');
    await expect(page.getByLabel('Maintenance cadence').isChecked()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Propose dates' }).click();
    await page.getByRole('heading', { level: 2, name: /^Proposed: \d+ ×/ }).waitFor();
    expect(unexpected(errors)).toEqual([]);
  });
});
