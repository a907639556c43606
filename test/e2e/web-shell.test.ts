import { describe, expect, it } from 'vitest';
import { chromiumPath, launchBrowser, seriousAxeViolations, watchErrors } from '../setup/browser.js';
import { startTestServer } from '../setup/server.js';

describe.skipIf(!chromiumPath)('web shell in Chromium', async () => {
  const { url } = await startTestServer();
  const browser = await launchBrowser();

  it('serves the public landing page with a Get started call to action, without errors or serious axe violations', async () => {
    const page = await browser.newPage({ bypassCSP: true });
    const errors = watchErrors(page);
    const res = await page.goto(`${url}/`, { waitUntil: 'networkidle' });
    expect(res?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/ketamine/i);
    expect(await page.getByRole('link', { name: 'Get started' }).count()).toBeGreaterThan(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('serves the staff console and the patient portal on deep links, and they reach the server', async () => {
    for (const path of ['/app/patients/some-deep-link', '/portal/']) {
      const page = await browser.newPage({ bypassCSP: true });
      const errors = watchErrors(page);
      const res = await page.goto(`${url}${path}`, { waitUntil: 'networkidle' });
      expect(res?.status()).toBe(200);
      // The sign-in page appears once the server has answered GET /me (401 when signed out).
      // (this server's database is empty, so the console offers "Set up your clinic" first)
      await page.getByRole('heading', { level: 1, name: /Sign in|Set up your clinic/ }).waitFor();
      // A ready server is not announced (no "database schema" for a person signing in); only trouble is.
      expect(await page.getByText(/schema|not available/).count()).toBe(0);
      expect(await seriousAxeViolations(page)).toEqual([]);
      // Signed out, the console's GET /api/v1/me is answered 401 by design; Chromium logs that as an error.
      expect(errors.filter((e) => !e.includes('status of 401'))).toEqual([]);
    }
  });
});
