import { html } from '../html.js';
import type { PageInput } from '../layout.js';
import { cite } from './cite.js';

/** "/" — what ketamine therapy is, how it works, how fast, what it can and cannot do. */
export function homePage(): PageInput {
  return {
    path: '/',
    title: 'Ketamine therapy for depression, anxiety, PTSD and chronic pain',
    description:
      'What ketamine therapy is, how it works, how quickly it can help with treatment-resistant depression, anxiety, PTSD and chronic pain, and what the evidence says — with sources.',
    main: html`
<h1>Ketamine therapy</h1>
<p class="lead">Ketamine is a medicine first used as an anaesthetic. At much lower doses, given in a clinic, it can ease depression, anxiety, post-traumatic stress and some kinds of long-term pain — often within hours or days, and often when other treatments have not worked.</p>

<section aria-labelledby="what">
<h2 id="what">What it is</h2>
<p>Ketamine has been used safely in operating theatres and emergency care for more than 50 years. Since 2000, trials have shown that a low dose — far below what is used for anaesthesia — can lift severe depression quickly (${cite('berman2000', 'Berman 2000')}, ${cite('zarate2006', 'Zarate 2006')}).</p>
<p>We use it for:</p>
<ul>
<li><strong>treatment-resistant depression</strong> — depression that has not improved enough after trying at least two antidepressants,</li>
<li>major depression,</li>
<li>generalized anxiety,</li>
<li>post-traumatic stress disorder (PTSD),</li>
<li>chronic pain, such as fibromyalgia and complex regional pain syndrome (CRPS).</li>
</ul>
<p>Ketamine for these conditions is prescribed "off-label": it is an approved medicine used for a purpose its label does not list, which is legal and common. A related medicine, esketamine, has been approved as a nasal spray for treatment-resistant depression since 2019 (${cite('fda2019', 'FDA 2019')}).</p>
</section>

<section aria-labelledby="how">
<h2 id="how">How it works</h2>
<p>Most antidepressants work on serotonin. Ketamine works on a different messenger, <strong>glutamate</strong>, the brain's main "go" signal (${cite('nimh', 'NIMH')}). In simple terms:</p>
<ol>
<li>Ketamine briefly blocks a receptor called <strong>NMDA</strong>, which sets off a burst of glutamate signalling.</li>
<li>That burst releases <strong>BDNF</strong>, a protein that helps brain cells grow new connections. This renewed flexibility is called <strong>neuroplasticity</strong> (${cite('zanos2018', 'Zanos and Gould 2018')}).</li>
<li>Ketamine also quietens the <strong>default mode network</strong>, a set of brain areas that is overactive when we ruminate — going over the same painful thoughts again and again (${cite('scheidegger2012', 'Scheidegger 2012')}).</li>
</ol>
</section>

<section aria-labelledby="fast">
<h2 id="fast">How fast it works</h2>
<p>Tablet antidepressants such as SSRIs usually take <strong>several weeks</strong> to start helping. Ketamine can help within <strong>hours</strong>: in pooled trials, benefit began within 40 minutes of a single infusion and peaked the next day (${cite('kishimoto2016', 'Kishimoto 2016')}). A single dose also reduced suicidal thoughts within a day (${cite('wilkinson2018', 'Wilkinson 2018')}).</p>
<p>The effect of one dose fades after one to two weeks. That is why treatment is a <strong>series</strong> — usually six sessions over two to three weeks — followed by maintenance sessions spaced to suit you.</p>
</section>

<section aria-labelledby="benefits">
<h2 id="benefits">What it can and cannot do</h2>
<div class="figures">
<p class="figure"><span class="figure-number">70.8 %</span> <span>of 24 people with treatment-resistant depression responded to six infusions over 12 days in a clinical trial (${cite('murrough2013', 'Murrough 2013')}).</span></p>
<p class="figure"><span class="figure-number">53.6 %</span> <span>of 537 people responded in everyday community care, and 28.9 % reached remission (${cite('orka1', 'ORKA-1')}).</span></p>
</div>
<p>"Responded" means their depression scores at least halved. "Remission" means their symptoms became minimal.</p>
<p>So ketamine helps many people, but <strong>not everyone</strong>. Trials are small and carefully selected, and results in everyday care are lower. The benefit usually needs maintenance sessions to last (${cite('murrough2013', 'Murrough 2013')}). We measure how you are doing with short questionnaires before and during treatment, so that you and your prescriber can see whether it is working.</p>
</section>

<section aria-labelledby="safety">
<h2 id="safety">Is it safe?</h2>
<p>During a session many people feel detached or dreamy ("dissociation"), and blood pressure rises for a while. These effects usually pass within an hour or two. Nausea, dizziness and headache can happen (${cite('short2018', 'Short 2018')}). A nurse checks your blood pressure, heart rate and oxygen level throughout.</p>
<p><strong>Addiction:</strong> ketamine can be misused, which is why it is a controlled medicine. In treatment it is given only in the clinic, in measured doses, under medical supervision, and never taken home. Used this way, clinical studies have not found it to cause addiction, although research on very long-term use is still limited (${cite('short2018', 'Short 2018')}).</p>
</section>

<section aria-labelledby="next">
<h2 id="next">Find out more</h2>
<ul class="card-links">
<li><a href="/im-vs-iv">IM or IV: the two ways we give ketamine</a></li>
<li><a href="/what-to-expect">What to expect at each visit</a></li>
<li><a href="/is-it-right-for-you">Is ketamine therapy right for you?</a></li>
<li><a href="/evidence">The evidence, with sources</a></li>
</ul>
</section>`,
  };
}
