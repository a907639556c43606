import { html } from '../html.js';
import type { PageInput } from '../layout.js';
import { siteNav } from '../layout.js';

/** Any page address that does not exist: say so plainly and offer the way on, never a dead end. */
export function notFoundPage(): PageInput {
  return {
    path: '',
    title: 'Page not found',
    description: 'This page does not exist.',
    main: html`
<h1>Page not found</h1>
<p class="lead">We could not find that page. If you typed the address, check it is correct.</p>
<p>You can go to:</p>
<ul>
${siteNav.map((item) => html`<li><a href="${item.path}">${item.label}</a></li>`)}
<li><a href="/get-started">Get started</a></li>
</ul>`,
  };
}
