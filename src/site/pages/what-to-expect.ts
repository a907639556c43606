import type { ClinicProtocol } from '../../domain/protocol/index.js';
import { html, type SafeHtml } from '../html.js';
import type { PageInput } from '../layout.js';
import { cite } from './cite.js';

/** What this page takes from the clinic's current protocol (admin-editable, versioned). */
export type SessionPreparation = Pick<
  ClinicProtocol,
  'fasting' | 'recoveryMinutes' | 'pregnancyTestRequired' | 'vitalsIntervalMinutes'
> & {
  readonly doseLimits: { readonly IV: Pick<ClinicProtocol['doseLimits']['IV'], 'defaultInfusionMinutes'> };
};

/**
 * "/what-to-expect" — the visit step by step, the plan, and how to prepare (CLINICAL.md §3, §4). Fasting,
 * the time in recovery, how often the checks are and whether a pregnancy test is asked for come from the
 * clinic's current protocol, so the page says what the nurse will ask on the day.
 */
export function whatToExpectPage(protocol: SessionPreparation): PageInput {
  const infusion = protocol.doseLimits.IV.defaultInfusionMinutes;
  return {
    path: '/what-to-expect',
    title: 'What to expect from ketamine therapy',
    description:
      'Assessment, the session itself, observation, monitoring after treatment and going home with a companion; the usual plan of six sessions over two to three weeks; how to prepare.',
    main: html`
<h1>What to expect</h1>
<p class="lead">Here is what happens, from your first conversation with us to going home after a session.</p>

<h2>Each step</h2>
<ol class="steps">
<li>
<h3>1. Initial assessment</h3>
<p>A prescriber talks with you about your health, your mood, past treatments and the medicines you take, and checks your blood pressure. This follows the American Psychiatric Association's consensus statement (${cite('sanacora2017', 'Sanacora 2017')}). You decide together whether ketamine is right for you, and whether IM or IV suits you better.</p>
</li>
<li>
<h3>2. Administration</h3>
<p>On the day, a nurse checks your blood pressure, heart rate and oxygen level, confirms who is taking you home, and asks you to fill in a short questionnaire about how you have been. Then you receive your dose — an injection or a ${infusion === null ? 'drip' : `${infusion}-minute drip`} — while resting in a reclining chair.</p>
</li>
<li>
<h3>3. Observation</h3>
<p>You may feel detached, floaty or dreamy. Many people wear an eye mask and listen to music. A nurse stays close and checks your blood pressure and other signs every ${minutes(protocol.vitalsIntervalMinutes.duringDose)}.</p>
</li>
<li>
<h3>4. Monitoring after treatment</h3>
<p>Once the dose is finished, you rest until the effects have worn off, with checks every ${minutes(protocol.vitalsIntervalMinutes.afterDose)}. ${stay(protocol.recoveryMinutes)} when you are back to your usual self and your checks are near your usual levels.</p>
</li>
<li>
<h3>5. Home with a companion</h3>
<p>An adult you know collects you and takes you home. You must not drive, cycle or use machinery until the next day, after a night's sleep.</p>
</li>
</ol>

<h2>The usual plan</h2>
<p>Most people start with <strong>six sessions over two to three weeks</strong>, two or three a week and never two on the same day (${cite('murrough2013', 'Murrough 2013')}, ${cite('feder2021', 'Feder 2021')}). After that, <strong>maintenance</strong> sessions are spaced to suit you — for example weekly at first, then every two to four weeks (${cite('andrade2017', 'Andrade 2017')}).</p>
<p>Before each session you fill in a short questionnaire, so that you and your prescriber can see how you are responding. If there is no improvement by the fourth session, your prescriber will review the plan with you (${cite('tp2024', 'Translational Psychiatry 2024')}).</p>

<h2>How to prepare</h2>
<ul>
<li><strong>Fasting:</strong> ${fasting(protocol.fasting)} We will confirm the exact times with you.</li>
<li><strong>A companion:</strong> arrange for an adult to collect you and take you home. We will ask for their name and phone number.</li>
<li><strong>No driving until the next day:</strong> do not drive or use machinery until you have had a night's sleep.</li>
<li>${pregnancy(protocol.pregnancyTestRequired)}</li>
<li><strong>Medicines:</strong> keep taking your usual medicines unless your prescriber tells you otherwise, and tell us about any change.</li>
<li><strong>Comfort:</strong> wear loose, comfortable clothes. You may bring headphones and music.</li>
</ul>`,
  };
}

function hours(value: number): string {
  if (value < 1) return minutes(Math.round(value * 60));
  return `${value} hour${value === 1 ? '' : 's'}`;
}

function minutes(value: number): string {
  return `${value} minute${value === 1 ? '' : 's'}`;
}

function fasting(rule: SessionPreparation['fasting']): string {
  const { solidsHours: solids, clearFluidsHours: fluids } = rule;
  if (solids === 0 && fluids === 0) return 'you do not need to stop eating or drinking before your session.';
  if (solids === 0)
    return `you may eat as usual, but do not drink anything, not even water, for ${hours(fluids)} before your session.`;
  const drink = fluids === 0 ? 'until your session' : `until ${hours(fluids)} before`;
  return `do not eat for ${hours(solids)} before your session. You may drink clear fluids, such as water, ${drink}.`;
}

/** "You stay for at least 60 minutes and leave", per route when IV and IM differ (the site explains only those two). */
function stay(rule: SessionPreparation['recoveryMinutes']): string {
  const atLeast = (value: number): string => (value > 0 ? `at least ${minutes(value)}` : 'as long as you need');
  if (rule.IV === rule.IM) return rule.IV > 0 ? `You stay for ${atLeast(rule.IV)} and leave` : 'You leave';
  return `You stay for ${atLeast(rule.IV)} after a drip (IV) or ${atLeast(rule.IM)} after an injection (IM), and leave`;
}

function pregnancy(testRequired: boolean): SafeHtml {
  return testRequired
    ? html`<strong>Pregnancy test:</strong> if you could be pregnant, we will ask you to take a pregnancy test before each session. Tell us if you are pregnant, trying to get pregnant or breastfeeding.`
    : html`<strong>Pregnancy:</strong> tell us if you are or could be pregnant, are trying to get pregnant, or are breastfeeding.`;
}
