import { html } from '../html.js';
import type { PageInput } from '../layout.js';
import { cite } from './cite.js';

/** "/is-it-right-for-you" — conditions treated and reasons someone may not be a candidate (CLINICAL.md §1). */
export function isItRightForYouPage(): PageInput {
  return {
    path: '/is-it-right-for-you',
    title: 'Is ketamine therapy right for you?',
    description:
      'The conditions ketamine therapy can help with, and the health reasons why it may not be suitable or may need extra checks first.',
    main: html`
<h1>Is ketamine therapy right for you?</h1>
<p class="lead">Ketamine therapy may help if you are an adult living with one of the conditions below, especially if other treatments have not helped enough.</p>

<h2>Conditions we treat</h2>
<ul>
<li>Depression that has not improved after trying at least two antidepressants (treatment-resistant depression)</li>
<li>Major depression</li>
<li>Generalized anxiety</li>
<li>Post-traumatic stress disorder (PTSD)</li>
<li>Chronic pain, such as fibromyalgia and complex regional pain syndrome (CRPS)</li>
</ul>

<h2>When it may not be suitable</h2>
<p>Ketamine raises blood pressure for a while and changes how you perceive things during a session. So it may <strong>not be safe</strong> if you have:</p>
<ul>
<li>had an allergic or serious reaction to ketamine,</li>
<li>high blood pressure that is not controlled,</li>
<li>serious heart disease, an aneurysm, a blood-vessel malformation in the brain (AVM), a past bleed in the brain, or a recent stroke,</li>
<li>an overactive thyroid that is not treated,</li>
<li>eclampsia or pre-eclampsia.</li>
</ul>
<p>It may need <strong>extra care or checks first</strong>, or may not be right for now, if you:</p>
<ul>
<li>have had psychosis (for example, hearing or seeing things others do not), or have bipolar disorder without a mood stabiliser,</li>
<li>have a drug or alcohol problem, or have used drugs not prescribed to you in the last 4 weeks,</li>
<li>take benzodiazepines (such as lorazepam or alprazolam) at higher doses, or take an MAOI antidepressant,</li>
<li>are pregnant, trying to get pregnant or breastfeeding,</li>
<li>have raised pressure in your eyes or head, serious liver disease, or seizures,</li>
<li>are having thoughts of ending your life with a plan or intention to act — please get help now (see "If you are in crisis" below); we can talk about ketamine once you are safe.</li>
</ul>
<p>These reasons come from the medicine's product information and the rules used in clinical trials, summarised in the American Psychiatric Association's consensus statement (${cite('sanacora2017', 'Sanacora 2017')}).</p>

<h2>Not sure?</h2>
<p>That is fine. You do not need to decide this yourself. The online form asks a few health questions, and a prescriber goes through everything with you at your assessment. Sometimes we ask your own doctor or a specialist to check something first.</p>`,
  };
}
