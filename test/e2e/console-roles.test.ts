import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoAccounts } from '../../src/app/identity/demo-accounts.js';
import { browserSignIn, chromiumPath, launchBrowser, seriousAxeViolations, watchErrors } from '../setup/browser.js';
import { startTestServer } from '../setup/server.js';

/**
 * Every role starts the day from a worklist home, and every console page it can open passes axe, at
 * desktop and phone width. With KETACLINIC_SCREENSHOTS=dir the pages are also saved as PNGs (the
 * README's screenshots in docs/screenshots are made this way).
 */
const shots = process.env.KETACLINIC_SCREENSHOTS;
const unexpected = (errors: string[]) => errors.filter((e) => !/status of 401/.test(e));

describe.skipIf(!chromiumPath)('the console as each role', async () => {
  const server = await startTestServer({ demo: true });
  const { url, db } = server;
  const { signIn: signInAs } = browserSignIn(server);
  const browser = await launchBrowser();
  const patients = await db.pool.query<{ id: string; family_name: string }>(
    "SELECT id, family_name FROM patients WHERE status IN ('in_induction', 'paused') ORDER BY family_name",
  );
  const treated = patients.rows.find((p) => p.family_name !== 'Intakeson')!;

  const signIn = (page: Page, role: string): Promise<void> =>
    signInAs(
      page,
      demoAccounts.find((a) => a.roles.includes(role))!,
      { landing: 'Your worklist' },
    );

  async function check(page: Page, name: string): Promise<void> {
    await page.waitForLoadState('networkidle');
    await page.locator('main h1').first().waitFor();
    expect(await page.getByText(/Loading/).count(), `${name} still loading`).toBe(0);
    expect(await seriousAxeViolations(page), name).toEqual([]);
    // No code name on screen: snake_case or dotted codes are what a label replaces.
    const text = await page.locator('main').innerText();
    const codes = text.replace(/\S+@\S+/g, '').match(/\b[a-z]+_[a-z_]+\b|\b[a-z]+\.[a-z_]+\b/g) ?? [];
    expect(codes, name).toEqual([]);
    if (shots) {
      fs.mkdirSync(shots, { recursive: true });
      for (const [width, height] of [
        [1280, 900],
        [390, 844],
      ] as const) {
        await page.setViewportSize({ width, height });
        await page.screenshot({ path: path.join(shots, `${name}-${width}.png`), fullPage: true });
      }
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  }

  const pagesFor: Record<string, string[]> = {
    prescriber: [
      '/app/',
      '/app/intake',
      '/app/patients',
      `/app/patients/${treated.id}`,
      `/app/patients/${treated.id}?tab=documents`,
      `/app/patients/${treated.id}?tab=measurements`,
      `/app/patients/${treated.id}?tab=timeline`,
      '/app/schedule',
      '/app/schedule/today',
      '/app/sessions',
      '/app/controlled-substances',
      '/app/controlled-substances/log',
      '/app/alerts',
      `/app/patients/${treated.id}/questionnaire-schedule`,
      '/app/account',
    ],
    nurse: [
      '/app/',
      '/app/patients',
      `/app/patients/${treated.id}`,
      '/app/schedule',
      '/app/sessions',
      '/app/controlled-substances',
      '/app/controlled-substances/counts',
      '/app/controlled-substances/inventories',
      '/app/alerts',
      `/app/patients/${treated.id}/questionnaire-schedule`,
      '/app/account',
    ],
    coordinator: [
      '/app/',
      '/app/intake',
      '/app/patients',
      `/app/patients/${treated.id}`,
      '/app/schedule',
      '/app/schedule/today',
      '/app/account',
    ],
    admin: ['/app/', '/app/admin/users', '/app/admin/audit', '/app/admin/outbox', '/app/schedule', '/app/account'],
  };

  for (const role of ['prescriber', 'nurse', 'coordinator', 'admin']) {
    it(`${role}: a worklist home with counts, and every page axe-clean without code names`, async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
      const errors = watchErrors(page);
      await signIn(page, role);
      await page.locator('.worklist__section').first().waitFor();
      for (const p of pagesFor[role]!) {
        await page.goto(`${url}${p}`, { waitUntil: 'networkidle' });
        const slug =
          p
            .replace('/app/', '')
            .replace(/[0-9a-f-]{36}/, 'chart')
            .replace(/[^a-z0-9]+/g, '-') || 'home';
        await check(page, `${role}-${slug.replace(/-$/, '')}`);
      }
      expect(unexpected(errors)).toEqual([]);
      await page.close();
    });
  }

  it('the prescriber opens a signed plan and assessment as read-only documents', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const plan = await db.pool.query<{ id: string }>(
      "SELECT id FROM treatment_plans WHERE patient_id = $1 AND status = 'signed'",
      [treated.id],
    );
    const assessment = await db.pool.query<{ id: string }>(
      "SELECT id FROM assessments WHERE patient_id = $1 AND status = 'signed' LIMIT 1",
      [treated.id],
    );
    await signIn(page, 'prescriber');
    if (plan.rows[0]) {
      await page.goto(`${url}/app/patients/${treated.id}/plans/${plan.rows[0].id}`, { waitUntil: 'networkidle' });
      await page.getByRole('heading', { level: 1, name: /Treatment plan, version \d+$/ }).waitFor();
      expect(await page.getByRole('button', { name: 'Sign the plan as the order' }).count()).toBe(0);
      expect(await page.getByRole('textbox').count()).toBe(0);
      await page.getByText(/Signed by .* on /).waitFor();
      await check(page, 'prescriber-plan-signed');
    }
    if (assessment.rows[0]) {
      await page.goto(`${url}/app/patients/${treated.id}/assessments/${assessment.rows[0].id}`, {
        waitUntil: 'networkidle',
      });
      await page.getByRole('heading', { level: 1, name: 'Signed assessment' }).waitFor();
      expect(await page.getByRole('checkbox').count()).toBe(0);
      await check(page, 'prescriber-assessment-signed');
    }
    await page.close();
  });
});
