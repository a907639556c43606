import { crisisResources } from '../domain/intake/index.js';
import { clinicDisplay, hoursLines, telHref, type ClinicDisplay } from './clinic-display.js';
import type { ClinicProfile } from '../app/public-site/public-organization.js';
import { html, type SafeHtml } from './html.js';

/** The site's sections, in menu order. */
export const siteNav = [
  { path: '/', label: 'Ketamine therapy' },
  { path: '/im-vs-iv', label: 'IM or IV' },
  { path: '/what-to-expect', label: 'What to expect' },
  { path: '/is-it-right-for-you', label: 'Is it right for you?' },
  { path: '/evidence', label: 'Evidence' },
] as const;

export interface PageAssets {
  /** URL of the site's stylesheet (content-hashed). */
  readonly css: string;
  /** Module scripts this page needs (only /get-started has one). */
  readonly scripts?: readonly string[];
}

export interface PageInput {
  readonly path: string;
  /** The page's own title; the clinic's name is appended. */
  readonly title: string;
  readonly description: string;
  readonly main: SafeHtml;
  /** Hide the "Get started" call to action at the end of the page (the intake page itself). */
  readonly hideCallToAction?: boolean;
}

export interface SiteContext {
  readonly clinic: ClinicProfile | null;
  readonly assets: PageAssets;
}

export function renderPage(page: PageInput, site: SiteContext): string {
  const clinic = clinicDisplay(site.clinic);
  return `<!doctype html>${
    html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} | ${clinic.name}</title>
<meta name="description" content="${page.description}">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="${site.assets.css}">
${(site.assets.scripts ?? []).map((src) => html`<script type="module" src="${src}"></script>`)}
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<div class="help-now"><div class="container"><a href="#crisis">Need help now? Call or text ${crisisResources.lifeline.call}</a></div></div>
<header class="site-header">
<div class="container header-bar">
<a class="brand" href="/">${clinic.name}</a>
<a class="button button-small header-cta" href="/get-started">Get started</a>
</div>
<nav class="site-nav" aria-label="Main">
<ul class="container">
${siteNav.map((item) => html`<li><a href="${item.path}"${item.path === page.path ? html` aria-current="page"` : ''}>${item.label}</a></li>`)}
</ul>
</nav>
</header>
<main id="main" class="container" tabindex="-1">
${page.main}
${page.hideCallToAction ? '' : callToAction(clinic)}
</main>
${footer(clinic)}
</body>
</html>`.value
  }`;
}

function callToAction(clinic: ClinicDisplay): SafeHtml {
  return html`<section class="cta" aria-labelledby="cta-heading">
<h2 id="cta-heading">Ready to find out if ketamine therapy could help you?</h2>
<p>Answer a few questions online. It takes about 10 minutes. A care coordinator will contact you to talk it through — there is no obligation.</p>
<p><a class="button button-large" href="/get-started">Get started</a></p>
${clinic.phone ? html`<p>Or call us on <a href="${telHref(clinic.phone)}">${clinic.phone}</a>.</p>` : ''}
</section>`;
}

function footer(clinic: ClinicDisplay): SafeHtml {
  return html`<footer class="site-footer">
<div class="container">
<section id="crisis" class="crisis crisis-footer" aria-labelledby="crisis-heading" tabindex="-1">
<h2 id="crisis-heading">If you are in crisis</h2>
<p>Call or text <a href="tel:${crisisResources.lifeline.call}"><strong>${crisisResources.lifeline.call}</strong></a> (${crisisResources.lifeline.name}), any time, free and confidential.
If you or someone else is in immediate danger, call <a href="tel:${crisisResources.emergency.call}"><strong>${crisisResources.emergency.call}</strong></a> or go to the nearest emergency department.</p>
<p>This website and our online form are not watched around the clock. Do not use them in an emergency.</p>
</section>
<div class="footer-grid">
<section aria-labelledby="contact-heading">
<h2 id="contact-heading">${clinic.name}</h2>
${clinic.configured ? '' : html`<p>Contact details for this clinic have not been set up yet.</p>`}
${clinic.phone ? html`<p>Phone: <a href="${telHref(clinic.phone)}">${clinic.phone}</a></p>` : ''}
${clinic.email ? html`<p>Email: <a href="mailto:${clinic.email}">${clinic.email}</a></p>` : ''}
</section>
${clinic.locations.map(
  (l) => html`<section class="location" aria-label="${l.name}">
<h3>${l.name}</h3>
<address>${l.addressLines.map((line, i) => html`${i > 0 ? html`<br>` : ''}${line}`)}</address>
${l.phone ? html`<p>Phone: <a href="${telHref(l.phone)}">${l.phone}</a></p>` : ''}
${l.hours.length ? html`<p class="hours-title">Opening hours</p><ul class="hours">${hoursLines(l.hours).map((line) => html`<li>${line}</li>`)}</ul>` : ''}
</section>`,
)}
</div>
<p class="footer-links"><a href="/privacy">Privacy notice</a> · <a href="/evidence">Sources</a> · <a href="/app/">Staff sign in</a></p>
<p class="small">This site gives general information, not medical advice. Ketamine for depression, anxiety, PTSD and pain is prescribed "off-label" in the United States; a prescriber decides with you whether it is suitable.</p>
</div>
</footer>`;
}
