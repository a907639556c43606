import type { ConfirmationView } from '../../app/scheduling/confirmations.js';
import { html } from '../html.js';
import type { PageInput } from '../layout.js';

/**
 * The page a reminder email links to: the patient confirms the appointment and names the adult who will
 * take them home. It shows the day and time only, never what the appointment is for.
 */
const base = {
  title: 'Confirm your appointment',
  description: 'Confirm your appointment and tell us who will take you home.',
  hideCallToAction: true,
} as const;

export function confirmFormPage(
  token: string,
  view: ConfirmationView,
  error: { companionName: string; message: string } | null = null,
): PageInput {
  const value = error ? error.companionName : (view.companionName ?? '');
  return {
    ...base,
    path: '/confirm',
    main: html`<h1>Confirm your appointment</h1>
${
  error
    ? html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
<h2 id="error-summary-title">There is a problem</h2>
<ul><li><a href="#companion-name">${error.message}</a></li></ul>
</div>`
    : ''
}
<p class="lead">Hello ${view.givenName}. Your appointment at ${view.clinicName}, ${view.locationName}, is on <strong>${view.dateLabel} at ${view.startTime}</strong>.</p>
<form method="post" action="/confirm/${token}" novalidate>
<div class="field${error ? ' field-error' : ''}">
<label for="companion-name"><strong>Name of the adult who will take you home</strong></label>
<span class="hint" id="companion-hint">You cannot leave on your own or drive until the next day.</span>
${error ? html`<span class="error-message" id="companion-error"><span class="visually-hidden">Error:</span> ${error.message}</span>` : ''}
<input id="companion-name" name="companionName" type="text" autocomplete="off" maxlength="200" required value="${value}" aria-describedby="companion-hint${error ? ' companion-error' : ''}"${error ? html` aria-invalid="true"` : ''}>
</div>
<div class="form-actions"><button class="button button-large" type="submit">Confirm my appointment</button></div>
</form>
<h2>Before you come</h2>
<ul>
<li>Do not eat before your appointment for as long as your reminder email says. Clear fluids are fine until shortly before.</li>
<li>Bring an adult who can take you home afterwards.</li>
<li>Do not drive, cycle or operate machinery until the next day.</li>
</ul>`,
  };
}

export function confirmDonePage(view: ConfirmationView): PageInput {
  return {
    ...base,
    title: 'Appointment confirmed',
    path: '/confirm',
    main: html`<div class="panel-success" role="status">
<h1>Appointment confirmed</h1>
<p>Thank you, ${view.givenName}. We will see you on <strong>${view.dateLabel} at ${view.startTime}</strong>, and ${view.companionName ?? ''} will take you home.</p>
</div>
<p>If anything changes, please call us.</p>`,
  };
}

export function confirmProblemPage(message: string, title: string): PageInput {
  return {
    ...base,
    title,
    path: '/confirm',
    main: html`<h1>${title}</h1>
<p class="lead">${message}</p>
<p>If you need to change or confirm your appointment, please call us.</p>`,
  };
}
