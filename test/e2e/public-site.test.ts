import { describe, expect, it } from 'vitest';
import { chromiumPath, launchBrowser, seriousAxeViolations, watchErrors } from '../setup/browser.js';
import { startIntakeServer } from './intake-server.js';

const pages: [string, RegExp][] = [
  ['/', /^Ketamine therapy$/],
  ['/im-vs-iv', /IM or IV/],
  ['/what-to-expect', /What to expect/],
  ['/is-it-right-for-you', /right for you/],
  ['/evidence', /evidence/i],
  ['/privacy', /Privacy notice/],
];

describe.skipIf(!chromiumPath)('the public site in Chromium', async () => {
  const { url } = await startIntakeServer();
  const browser = await launchBrowser();

  it.each(pages)(
    '%s reads without JavaScript, with a Get started link, the clinic and the crisis line',
    async (path, h1) => {
      const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
      const page = await context.newPage();
      const errors = watchErrors(page);
      const res = await page.goto(`${url}${path}`);
      expect(res?.status()).toBe(200);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(h1);
      expect(await page.getByRole('link', { name: 'Get started' }).count()).toBeGreaterThan(0);
      await expect(page.locator('footer').textContent()).resolves.toContain('Larkspur Demo Ketamine Clinic');
      await expect(page.locator('#crisis').textContent()).resolves.toMatch(/Call or text 988/);
      // Nothing wider than a 360 px phone: no sideways scrolling of the page itself.
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
      expect(errors).toEqual([]);
      await context.close();
    },
  );

  it.each(pages)(
    '%s has no serious or critical axe violations (WCAG 2.1 AA) on a phone and a desktop',
    async (path) => {
      for (const viewport of [
        { width: 360, height: 740 },
        { width: 1280, height: 800 },
      ]) {
        const page = await browser.newPage({ bypassCSP: true, viewport });
        await page.goto(`${url}${path}`, { waitUntil: 'networkidle' });
        expect(await seriousAxeViolations(page)).toEqual([]);
        await page.close();
      }
    },
  );

  it('links every page to the others through the main navigation, marking the current one', async () => {
    const page = await browser.newPage();
    await page.goto(`${url}/`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'IM or IV' }).click();
    await page.waitForURL(`${url}/im-vs-iv`);
    await expect(page.getByRole('link', { name: 'IM or IV' }).getAttribute('aria-current')).resolves.toBe('page');
    await expect(page.getByRole('table').getByRole('columnheader', { name: 'IV infusion' }).count()).resolves.toBe(1);
    await page.close();
  });
});
