import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll } from 'vitest';
import { totpCode } from '../../src/app/identity/totp.js';
import type { Clock } from './clock.js';

/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser). Where none is found the
 * browser tier says so in one line and skips.
 */
export function findChromium(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && fs.existsSync(fromEnv)) return fromEnv;
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser'])
    if (fs.existsSync(candidate)) return candidate;
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export const chromiumPath = findChromium();
if (!chromiumPath) process.stdout.write('skipped: no Chromium (apt-get install chromium, or set CHROMIUM_PATH)\n');

export async function launchBrowser(): Promise<Browser> {
  if (!chromiumPath) throw new Error('no Chromium');
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  afterAll(async () => {
    await browser.close();
  });
  return browser;
}

/** Console errors and page errors seen by a page: a test fails on any (an unexpected error is a bug). */
export function watchErrors(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page: ${e.message}`));
  return problems;
}

/**
 * Content-Security-Policy violations seen by a page whose CSP is enforced (no `bypassCSP`): the
 * browser's `securitypolicyviolation` events (recorded by a script the browser runs before the page's
 * own, which the CSP does not govern) and its "Refused to …" console messages. Read after the steps.
 */
export function watchCspViolations(page: Page): () => Promise<string[]> {
  const logged: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to (load|execute|apply|connect|frame)/i.test(m.text())) logged.push(m.text());
  });
  void page.addInitScript(
    "window.__cspViolations = []; document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));",
  );
  return async () => [
    ...logged,
    ...(await page.evaluate<string[]>('window.__cspViolations ?? []')).map((v) => `event: ${v}`),
  ];
}

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's WCAG 2.1 A/AA rules; returns the serious and critical violations. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: axeSource });
  // Runs in the page; written as a string so this file needs no DOM types.
  const violations = await page.evaluate<AxeViolation[]>(
    "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }).then((r) => r.violations)",
  );
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

const TOTP_STEP_MS = 30_000;

/**
 * Authenticator codes computed from the server's injected clock (never the system's). A code is accepted
 * once (replay protection, users.mfa_last_step), so a second sign-in of the same account in one 30 s step
 * uses the next step's code, which the server accepts for drift; a third moves the clock on a step rather
 * than guess ahead. No code is ever given twice.
 */
export function totpCodes(clock: Clock): (secret: string) => string {
  const lastStep = new Map<string, number>();
  return (secret) => {
    const current = Math.floor(clock.now.getTime() / TOTP_STEP_MS);
    const step = Math.max(current, (lastStep.get(secret) ?? -Infinity) + 1);
    if (step > current + 1) clock.advance((step - current - 1) * TOTP_STEP_MS);
    lastStep.set(secret, step);
    return totpCode(secret, new Date(step * TOTP_STEP_MS));
  };
}

export interface BrowserAccount {
  readonly email: string;
  readonly password: string;
  /** Set for accounts with an authenticator (prescribers, admins). */
  readonly totpSecret?: string | null;
}

export interface SignInOptions {
  /** The page to open first (default `/app/`); `null` when the page already shows the sign-in form. */
  readonly path?: string | null;
  /** The level-1 heading to wait for once signed in (default: none). */
  readonly landing?: string | RegExp;
}

/**
 * The one browser sign-in of the test suite: email and password, then (for accounts with an
 * authenticator) a fresh security code from the server's clock, then waits for the landing page.
 */
export function browserSignIn(server: { readonly url: string; readonly clock: Clock }): {
  signIn: (page: Page, account: BrowserAccount, options?: SignInOptions) => Promise<void>;
  code: (secret: string) => string;
} {
  const code = totpCodes(server.clock);
  async function signIn(page: Page, account: BrowserAccount, options: SignInOptions = {}): Promise<void> {
    const path = options.path === undefined ? '/app/' : options.path;
    if (path !== null) await page.goto(`${server.url}${path}`, { waitUntil: 'networkidle' });
    await page.getByLabel('Email address').fill(account.email);
    await page.getByLabel('Password', { exact: true }).fill(account.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    if (account.totpSecret) {
      await page.getByRole('heading', { level: 1, name: 'Enter your security code' }).waitFor();
      await page.getByLabel('Security code').fill(code(account.totpSecret));
      await page.getByRole('button', { name: 'Continue' }).click();
    }
    if (options.landing !== undefined)
      await page.getByRole('heading', { level: 1, name: options.landing }).first().waitFor();
  }
  return { signIn, code };
}

/**
 * A screenshot for the README, only when asked: `KETACLINIC_SCREENSHOTS=docs/screenshots npx vitest run …`.
 * A normal test run writes nothing into the working tree.
 */
export async function screenshotIfAsked(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  const dir = process.env.KETACLINIC_SCREENSHOTS;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: options.fullPage ?? false });
}
