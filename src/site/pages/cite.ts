import { html, type SafeHtml } from '../html.js';
import { reference } from '../references.js';

/** An inline citation linking to the source on the Evidence page. */
export function cite(id: string, label: string): SafeHtml {
  reference(id); // fails the render (and its test) for an unknown source
  return html`<a class="cite" href="/evidence#${id}">${label}</a>`;
}
