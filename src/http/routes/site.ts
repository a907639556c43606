import crypto from 'node:crypto';
import type { DatabasePool } from '../../app/context.js';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { issueFormToken } from '../../app/intake/form-token.js';
import type { PublicClinic } from '../../app/public-site/public-clinic.js';
import type { ClinicProfile } from '../../app/public-site/public-organization.js';
import type { SiteSecret } from '../../app/public-site/site-secret.js';
import type { Config } from '../../config.js';
import { sourceDir } from '../../paths.js';
import { clinicDisplay } from '../../site/clinic-display.js';
import { renderPage, type PageInput } from '../../site/layout.js';
import { confirmationPages } from './confirm.js';
import { evidencePage } from '../../site/pages/evidence.js';
import { getStartedPage } from '../../site/pages/get-started.js';
import { homePage } from '../../site/pages/home.js';
import { imVsIvPage } from '../../site/pages/im-vs-iv.js';
import { isItRightForYouPage } from '../../site/pages/is-it-right-for-you.js';
import { notFoundPage } from '../../site/pages/not-found.js';
import { privacyPage } from '../../site/pages/privacy.js';
import { whatToExpectPage } from '../../site/pages/what-to-expect.js';

/**
 * The public site, rendered on the server (decision 005): no JavaScript needed to read it, one stylesheet
 * (content-hashed, so it can be cached for a year), and the clinic's details from the database on every
 * request (and, for "What to expect", its current protocol). Only /get-started loads a script: the Vite-built intake form, found through Vite's manifest.
 */
export interface SiteDeps {
  readonly pool: DatabasePool;
  readonly now: () => Date;
  readonly config: Config;
  readonly secret: SiteSecret;
  readonly clinic: PublicClinic;
}

const cssSource = fs.readFileSync(path.join(sourceDir, 'site', 'site.css'));
const cssPath = `/site-${crypto.createHash('sha256').update(cssSource).digest('hex').slice(0, 12)}.css`;

/** The intake script and the chunks it imports, from web/dist/.vite/manifest.json; [] when not built. */
export function intakeScripts(webDir: string): string[] {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(webDir, '.vite', 'manifest.json'), 'utf8')) as Record<
      string,
      { file: string; isEntry?: boolean }
    >;
    const entry = manifest['index.html'];
    return entry ? [`/${entry.file}`] : [];
  } catch {
    return [];
  }
}

/** The site's "page not found", in the site's layout with the clinic's details (for browsers, not the API). */
export async function renderNotFound(deps: Pick<SiteDeps, 'clinic' | 'now'>): Promise<string> {
  return renderPage(notFoundPage(), { clinic: await deps.clinic.profile(deps.now()), assets: { css: cssPath } });
}

export async function siteRoutes(app: FastifyInstance, deps: SiteDeps): Promise<void> {
  const scripts = intakeScripts(deps.config.webDir);
  const assets = { css: cssPath };

  const clinic = (): Promise<ClinicProfile | null> => deps.clinic.profile(deps.now());

  function send(
    reply: FastifyReply,
    page: PageInput,
    profile: ClinicProfile | null,
    pageScripts: readonly string[] = [],
    cacheControl = 'no-cache',
  ): FastifyReply {
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', cacheControl)
      .send(renderPage(page, { clinic: profile, assets: { ...assets, scripts: pageScripts } }));
  }

  const pages: readonly [string, () => PageInput][] = [
    ['/', homePage],
    ['/im-vs-iv', imVsIvPage],
    ['/is-it-right-for-you', isItRightForYouPage],
    ['/evidence', evidencePage],
  ];
  for (const [url, page] of pages) {
    app.get(url, { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
      send(reply, page(), await clinic()),
    );
  }

  // Fasting, recovery time and the pregnancy test follow the clinic's current protocol (held like the profile).
  app.get('/what-to-expect', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    const now = deps.now();
    const [profile, protocol] = await Promise.all([deps.clinic.profile(now), deps.clinic.protocol(now)]);
    return send(reply, whatToExpectPage(protocol), profile);
  });

  app.get('/privacy', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    const profile = await clinic();
    return send(reply, privacyPage(clinicDisplay(profile)), profile);
  });

  app.get('/get-started', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    const profile = await clinic();
    const formToken = await issueFormToken(deps.secret, deps.now());
    // The token is per page view: never cached.
    const page = getStartedPage({ clinic: clinicDisplay(profile), formToken, scriptAvailable: scripts.length > 0 });
    // No clinic yet: the page says so, and no form (it could not be sent anywhere).
    return send(reply, page, profile, profile ? scripts : [], 'no-store');
  });

  // Scheduling (issue 14): the confirmation page a reminder email links to, in the site's layout.
  await confirmationPages(app, {
    pool: deps.pool,
    now: deps.now,
    send: async (reply, page) => send(reply.header('cache-control', 'no-store'), page, await clinic(), [], 'no-store'),
  });

  app.get(cssPath, { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply
      .type('text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=31536000, immutable')
      .send(cssSource),
  );
}
