import { crisisResources } from '../../domain/intake/index.js';
import { html } from '../html.js';
import type { PageInput } from '../layout.js';
import { telHref, type ClinicDisplay } from '../clinic-display.js';

export interface GetStartedInput {
  readonly clinic: ClinicDisplay;
  /** Signed time the form was served (fill-time check, decision 005). */
  readonly formToken: string;
  /** False when the intake script is not built: the page says so instead of showing a dead form. */
  readonly scriptAvailable: boolean;
}

/**
 * "/get-started" — the intake. The page itself is server-rendered and readable without JavaScript; the
 * form is the Vite-built intake script, mounted into #intake-root.
 */
export function getStartedPage(input: GetStartedInput): PageInput {
  const phone = input.clinic.phone;
  const callUs = phone ? html`call us on <a href="${telHref(phone)}">${phone}</a>` : html`call the clinic`;
  return {
    path: '/get-started',
    title: 'Get started',
    description: 'Ask about ketamine therapy: answer a few questions online and a care coordinator will contact you.',
    hideCallToAction: true,
    main: html`
<div class="crisis crisis-top" role="note" aria-label="If you need help now">
<p><strong>If you need help now</strong>, call or text <a href="tel:${crisisResources.lifeline.call}">${crisisResources.lifeline.call}</a>, or call <a href="tel:${crisisResources.emergency.call}">${crisisResources.emergency.call}</a> in an emergency. This form is not watched around the clock.</p>
</div>
<div id="intake-root" data-form-token="${input.formToken}" data-clinic-name="${input.clinic.name}" data-clinic-phone="${phone ?? ''}">
<h1>Get started</h1>
<p class="lead">Answer some questions about you and your health. It takes about 10 minutes. A care coordinator will then contact you to talk about what happens next.</p>
${
  !input.clinic.configured
    ? html`<p class="notice">The clinic has not finished setting up its website, so this form cannot be sent yet. Please contact the clinic directly.</p>`
    : input.scriptAvailable
      ? html`<noscript><p class="notice">This form needs JavaScript, which is turned off in your browser. You can ${callUs} instead.</p></noscript>`
      : html`<p class="notice">The online form is not available right now. Please ${callUs}.</p>`
}
</div>`,
  };
}
