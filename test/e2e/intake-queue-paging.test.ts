import { describe, expect, it } from 'vitest';
import { demoAccounts } from '../../src/app/identity/demo-accounts.js';
import { validIntake, withPath } from '../http/intake-fixtures.js';
import { browserSignIn, chromiumPath, launchBrowser, seriousAxeViolations, watchErrors } from '../setup/browser.js';
import { startIntakeServer } from './intake-server.js';

/** Chromium logs a 401 from "who am I?" before sign-in as a console error; it is the expected answer. */
const unexpected = (errors: string[]) => errors.filter((e) => !/status of 401/.test(e));

describe.skipIf(!chromiumPath)('a long intake queue in the staff console', async () => {
  const server = await startIntakeServer();
  const { url } = server;
  const { signIn } = browserSignIn(server);
  const browser = await launchBrowser();
  const coordinator = demoAccounts.find((a) => a.roles.includes('coordinator'))!;
  const token = /data-form-token="([^"]+)"/.exec(await (await fetch(`${url}/get-started`)).text())![1]!;
  // 52 open requests: more than the first page of 50.
  const references: string[] = [];
  for (let i = 0; i < 52; i += 1) {
    const body = withPath(validIntake(token), 'contact.givenName', `Person${String(i).padStart(2, '0')}`);
    const res = await fetch(`${url}/api/v1/intake`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(201);
    references.push(((await res.json()) as { reference: string }).reference);
  }

  it('shows the first 50 requests and the rest with "Show more requests", each once', async () => {
    const page = await browser.newPage({ bypassCSP: true });
    const errors = watchErrors(page);
    await signIn(page, coordinator, { path: '/app/intake', landing: 'Intake queue' });
    const rows = page.locator('table.intake-queue tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(50);
    const more = page.getByRole('button', { name: 'Show more requests' });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await more.click();
    await rows.nth(51).waitFor();
    expect(await rows.count()).toBe(52);
    expect(await more.count()).toBe(0);
    const shown = (await rows.locator('th .muted').allTextContents()).map((t) => t.trim());
    expect(new Set(shown).size).toBe(52);
    expect(new Set(shown)).toEqual(new Set(references));
    // Oldest first: the order they were sent.
    expect(shown).toEqual(references);
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });
});
