import { html } from '../html.js';
import type { PageInput } from '../layout.js';
import { references, type Reference } from '../references.js';

const sections: readonly { topic: Reference['topic']; heading: string }[] = [
  { topic: 'trials', heading: 'Clinical trials' },
  { topic: 'real_world', heading: 'Everyday (real-world) care' },
  { topic: 'guidance', heading: 'Guidance, approval and how it works' },
  { topic: 'safety', heading: 'Safety and side effects' },
  { topic: 'measures', heading: 'The questionnaires we use' },
];

/** "/evidence" — every source the site cites, one line each on what it found. */
export function evidencePage(): PageInput {
  return {
    path: '/evidence',
    title: 'The evidence for ketamine therapy',
    description:
      'The studies and statements behind ketamine therapy — Berman 2000, Zarate 2006, Murrough 2013, Kishimoto 2016, Wilkinson 2018, Feder 2021, the APA consensus statement, the FDA esketamine approval and more — with what each found.',
    main: html`
<h1>The evidence</h1>
<p class="lead">The studies and statements behind what this site says, with one line on what each found. Response means symptoms at least halved; remission means symptoms became minimal.</p>
${sections.map(
  (s) => html`<section aria-labelledby="topic-${s.topic}">
<h2 id="topic-${s.topic}">${s.heading}</h2>
<ul class="references">
${references.filter((r) => r.topic === s.topic).map((r) => html`<li id="${r.id}"><p class="finding">${r.finding}</p><p class="citation">${r.citation}</p></li>`)}
</ul>
</section>`,
)}`,
  };
}
