import { html, type SafeHtml } from '../html.js';
import type { PageInput } from '../layout.js';
import { cite } from './cite.js';

interface Row {
  readonly aspect: string;
  readonly im: SafeHtml | string;
  readonly iv: SafeHtml | string;
}

// Doses: CLINICAL.md §2 (IV 0.5 mg/kg over 40 min — Zarate 2006, Sanacora 2017; IM 0.25–0.5 mg/kg — Chilukuri 2014).
// Monitoring: CLINICAL.md §3 (vitals every 10 min during, every 15 min after; recovery IV 30–60 min, IM 60 min).
const rows: readonly Row[] = [
  {
    aspect: 'How it is given',
    im: 'One injection into the muscle of your upper arm or thigh.',
    iv: 'A slow drip through a thin tube (cannula) in a vein in your arm.',
  },
  {
    aspect: 'Control of the dose during the session',
    im: 'The whole dose is given at once. It cannot be slowed once given, so it is adjusted at your next session.',
    iv: 'The drip can be slowed, paused or stopped at any moment, and the dose adjusted as you go.',
  },
  {
    aspect: 'How quickly you feel it',
    im: 'Within a few minutes.',
    iv: 'Gradually, over the first 10 to 15 minutes of the drip.',
  },
  {
    aspect: 'Time in the chair',
    im: 'About 1 to 1½ hours, including recovery.',
    iv: 'About 1½ to 2 hours: a 40-minute drip, then recovery.',
  },
  {
    aspect: 'Monitoring',
    im: 'Blood pressure, heart rate and oxygen before the dose, every 10 minutes afterwards at first, then every 15 minutes until you are ready to go home.',
    iv: 'The same checks: before, every 10 minutes during the drip, then every 15 minutes until you are ready to go home.',
  },
  {
    aspect: 'Comfort',
    im: 'No drip and no cannula: one quick injection.',
    iv: 'A cannula stays in your arm for the session; you sit back in a reclining chair.',
  },
  {
    aspect: 'Typical dose',
    im: html`0.25 to 0.5 mg per kg of body weight (${cite('chilukuri2014', 'Chilukuri 2014')}).`,
    iv: html`0.5 mg per kg over 40 minutes to start (${cite('zarate2006', 'Zarate 2006')}, ${cite('sanacora2017', 'APA consensus 2017')}); some people need more, raised step by step.`,
  },
  {
    aspect: 'Who it may suit',
    im: 'People who find drips or cannulas difficult, whose veins are hard to find, or who prefer a shorter visit.',
    iv: 'People who want the dose fine-tuned during the session, and those starting treatment who want the option to stop at any moment.',
  },
];

/** "/im-vs-iv" — the two routes side by side. */
export function imVsIvPage(): PageInput {
  return {
    path: '/im-vs-iv',
    title: 'IM or IV ketamine: how they compare',
    description:
      'Intramuscular (IM) injection or intravenous (IV) infusion: how each is given, dose control, onset, time in the chair, monitoring, comfort, typical doses and who each suits.',
    main: html`
<h1>IM or IV: two ways to give ketamine</h1>
<p class="lead">We give ketamine either as an injection into a muscle (intramuscular, <abbr title="intramuscular">IM</abbr>) or as a slow drip into a vein (intravenous, <abbr title="intravenous">IV</abbr>). Both work (${cite('chilukuri2014', 'Chilukuri 2014')}, ${cite('loo2016', 'Loo 2016')}). You and your prescriber choose together at your assessment.</p>
<div class="table-scroll" role="region" aria-labelledby="compare-caption" tabindex="0">
<table class="compare">
<caption id="compare-caption">IM injection and IV infusion compared</caption>
<thead><tr><th scope="col"><span class="visually-hidden">Aspect</span></th><th scope="col">IM injection</th><th scope="col">IV infusion</th></tr></thead>
<tbody>
${rows.map((r) => html`<tr><th scope="row">${r.aspect}</th><td>${r.im}</td><td>${r.iv}</td></tr>`)}
</tbody>
</table>
</div>
<h2>Whichever you choose</h2>
<ul>
<li>A nurse is with you and watches your blood pressure, heart rate and oxygen level throughout.</li>
<li>You rest in a quiet room until the effects have passed and your checks are back near your usual levels.</li>
<li>You go home with an adult you know, and you do not drive until the next day after a night's sleep.</li>
</ul>`,
  };
}
