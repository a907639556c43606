import { html } from '../html.js';
import type { PageInput } from '../layout.js';
import type { ClinicDisplay } from '../clinic-display.js';

/** "/privacy" — the privacy notice the intake asks people to read (version in app/intake/submit-intake.ts). */
export function privacyPage(clinic: ClinicDisplay): PageInput {
  return {
    path: '/privacy',
    title: 'Privacy notice',
    description: 'How we use and protect the information you give us when you ask about ketamine therapy.',
    main: html`
<h1>Privacy notice</h1>
<p class="lead">How ${clinic.name} uses the information you give us in the "Get started" form.</p>
<h2>What we collect</h2>
<p>Your name, date of birth, contact details and the state you live in; what brings you to us; your answers to the health questionnaires and health questions; the medicines you take; and when you would like us to contact you.</p>
<h2>Why</h2>
<p>To contact you, to understand whether ketamine therapy might be suitable, and to prepare for your assessment. If your answers suggest you may be at risk, we will try to contact you sooner.</p>
<h2>Who sees it</h2>
<p>Only our care coordinators and prescribers. Every time someone opens your request, it is recorded. We do not sell your information or use it for advertising.</p>
<h2>How we keep it safe</h2>
<ul>
<li>Your answers are sent over an encrypted connection and stored in our clinic system, not in email.</li>
<li>While you fill in the form, your answers are kept only in this browser tab, and are deleted when you send the form or close the tab.</li>
<li>We never put your health answers in web addresses, and our server logs do not record them.</li>
</ul>
<h2>How long we keep it</h2>
<p>If you become a patient, your information becomes part of your medical record. If not, we keep your request only as long as the law requires for health records.</p>
<h2>Your choices</h2>
<p>You can ask us to see, correct or delete your information${clinic.phone ? html` — call us on ${clinic.phone}` : ''}${clinic.email ? html` or email ${clinic.email}` : ''}.</p>`,
  };
}
