/**
 * The sources the site cites, with one plain-language line on what each found. Figures match
 * ../shared/CLINICAL.md (§1, §2, §4, §7); where a source is described there without its authors, so is it here.
 */
export interface Reference {
  readonly id: string;
  readonly citation: string;
  readonly finding: string;
  readonly topic: 'trials' | 'real_world' | 'guidance' | 'safety' | 'measures';
}

export const references: readonly Reference[] = [
  {
    id: 'berman2000',
    topic: 'trials',
    citation:
      'Berman RM, Cappiello A, Anand A, et al. Antidepressant effects of ketamine in depressed patients. Biological Psychiatry 2000;47:351–354.',
    finding:
      'The first placebo-controlled trial: a single low-dose infusion (0.5 mg/kg) eased depression within 72 hours.',
  },
  {
    id: 'zarate2006',
    topic: 'trials',
    citation:
      'Zarate CA Jr, Singh JB, Carlson PJ, et al. A randomized trial of an N-methyl-D-aspartate antagonist in treatment-resistant major depression. Archives of General Psychiatry 2006;63:856–864.',
    finding:
      'In treatment-resistant depression, one 0.5 mg/kg infusion over 40 minutes improved symptoms within hours; 71 % responded the next day.',
  },
  {
    id: 'murrough2013',
    topic: 'trials',
    citation:
      'Murrough JW, Perez AM, Pillemer S, et al. Rapid and longer-term antidepressant effects of repeated ketamine infusions in treatment-resistant major depression. Biological Psychiatry 2013;74:250–256.',
    finding:
      'Six infusions over 12 days: 70.8 % of 24 people responded (symptoms at least halved); the median time to relapse after the last infusion was 18 days.',
  },
  {
    id: 'kishimoto2016',
    topic: 'trials',
    citation:
      'Kishimoto T, Chawla JM, Hagi K, et al. Single-dose infusion ketamine and non-ketamine N-methyl-D-aspartate receptor antagonists for unipolar and bipolar depression: a meta-analysis. Psychological Medicine 2016;46:1459–1472.',
    finding:
      'Pooling the trials: after a single infusion, benefit starts within 40 minutes, peaks at one day, and fades by days 10 to 12.',
  },
  {
    id: 'wilkinson2018',
    topic: 'trials',
    citation:
      'Wilkinson ST, Ballard ED, Bloch MH, et al. The effect of a single dose of intravenous ketamine on suicidal ideation: a systematic review and individual participant data meta-analysis. American Journal of Psychiatry 2018;175:150–158.',
    finding: 'A single dose reduced suicidal thoughts within a day, and the effect lasted up to a week.',
  },
  {
    id: 'phillips2019',
    topic: 'trials',
    citation:
      'Phillips JL, Norris S, Talbot J, et al. Single, repeated, and maintenance ketamine infusions for treatment-resistant depression: a randomized controlled trial. American Journal of Psychiatry 2019;176:401–409.',
    finding: 'Six infusions over two weeks: 59 % responded, most of them after about three infusions.',
  },
  {
    id: 'feder2021',
    topic: 'trials',
    citation:
      'Feder A, Costi S, Rutter SB, et al. A randomized controlled trial of repeated ketamine administration for chronic posttraumatic stress disorder. American Journal of Psychiatry 2021;178:193–202.',
    finding:
      'In chronic PTSD, six infusions over two weeks: 67 % responded with ketamine compared with 20 % with the control drug.',
  },
  {
    id: 'anand2023',
    topic: 'trials',
    citation:
      'Anand A, Mathew SJ, Sanacora G, et al. Ketamine versus ECT for nonpsychotic treatment-resistant major depression. New England Journal of Medicine 2023;388:2315–2325.',
    finding:
      'In 403 people, twice-weekly ketamine for three weeks was at least as effective as electroconvulsive therapy: 55.4 % versus 41.2 % responded.',
  },
  {
    id: 'chilukuri2014',
    topic: 'trials',
    citation:
      'Chilukuri H, Reddy NP, Pathapati RM, et al. Acute antidepressant effects of intramuscular versus intravenous ketamine. Indian Journal of Psychological Medicine 2014;36:71–76.',
    finding:
      'Intramuscular ketamine (0.25–0.5 mg/kg) eased depression about as well as an infusion and was well tolerated.',
  },
  {
    id: 'loo2016',
    topic: 'trials',
    citation:
      'Loo CK, Gálvez V, O’Keefe E, et al. Placebo-controlled pilot trial testing dose titration and intravenous, intramuscular and subcutaneous routes for ketamine in depression. Acta Psychiatrica Scandinavica 2016;134:48–56.',
    finding:
      'Intravenous, intramuscular and under-the-skin routes all worked; starting low and raising the dose session by session was practical.',
  },
  {
    id: 'orka1',
    topic: 'real_world',
    citation: 'ORKA-1: a real-world study of intravenous ketamine in community clinics (Osmind), 537 patients.',
    finding:
      'In everyday care, 53.6 % responded and 28.9 % reached remission on the PHQ-9 after 4–8 infusions; about 80 % were still responding at 4 weeks and 60 % at 8 weeks.',
  },
  {
    id: 'im_real_world',
    topic: 'real_world',
    citation: 'A real-world study of intramuscular ketamine in community clinics, 452 patients.',
    finding:
      'After a median of four treatments, the typical PHQ-9 depression score fell from 16 to 10 and the GAD-7 anxiety score from 14 to 7.',
  },
  {
    id: 'sanacora2017',
    topic: 'guidance',
    citation:
      'Sanacora G, Frye MA, McDonald W, et al. A consensus statement on the use of ketamine in the treatment of mood disorders. JAMA Psychiatry 2017;74:399–405 (American Psychiatric Association Council of Research).',
    finding:
      'The APA consensus statement: who should be assessed and how, the usual 0.5 mg/kg dose over 40 minutes, and the monitoring a clinic needs.',
  },
  {
    id: 'fda2019',
    topic: 'guidance',
    citation:
      'U.S. Food and Drug Administration. FDA approves new nasal spray medication for treatment-resistant depression; available only at a certified doctor’s office or clinic. News release, 5 March 2019.',
    finding:
      'Esketamine (Spravato), a form of ketamine, was approved for treatment-resistant depression, given only in a certified clinic with at least 2 hours of observation afterwards.',
  },
  {
    id: 'nimh',
    topic: 'guidance',
    citation:
      'National Institute of Mental Health (NIMH), Intramural Research Program: research on rapid-acting antidepressants.',
    finding:
      'NIMH scientists ran several of the first ketamine trials (including Zarate 2006) and study how ketamine acts on glutamate rather than serotonin, which may explain its speed.',
  },
  {
    id: 'andrade2017',
    topic: 'guidance',
    citation:
      'Andrade C. Ketamine for depression, 4: in what dose, at what rate, by what route, for how long, and at what frequency? Journal of Clinical Psychiatry 2017;78:e852–e857.',
    finding:
      'There is no single right schedule for maintenance; sessions are best timed for each person, before the benefit wears off.',
  },
  {
    id: 'zanos2018',
    topic: 'guidance',
    citation:
      'Zanos P, Gould TD. Mechanisms of ketamine action as an antidepressant. Molecular Psychiatry 2018;23:801–811.',
    finding:
      'How ketamine may work: blocking NMDA receptors sets off a glutamate signal, BDNF release and the growth of new connections between brain cells.',
  },
  {
    id: 'scheidegger2012',
    topic: 'guidance',
    citation:
      'Scheidegger M, Walter M, Lehmann M, et al. Ketamine decreases resting state functional network connectivity in healthy subjects: implications for antidepressant drug action. PLoS ONE 2012;7:e44799.',
    finding: 'Ketamine quietened the brain’s default mode network, the circuit linked with rumination.',
  },
  {
    id: 'short2018',
    topic: 'safety',
    citation:
      'Short B, Fong J, Galvez V, Shelker W, Loo CK. Side-effects associated with ketamine use in depression: a systematic review. Lancet Psychiatry 2018;5:65–78.',
    finding:
      'Short-lived dissociation, raised blood pressure, nausea and headache are common during treatment and settle within hours; data on long-term use are still limited.',
  },
  {
    id: 'short2020',
    topic: 'safety',
    citation:
      'Short B, Dong V, Gálvez V, et al. Development of the Ketamine Side Effect Tool (KSET). Journal of Affective Disorders 2020;266:615–620.',
    finding:
      'A standard way to record side effects at screening, before treatment, right after each session and over the long term.',
  },
  {
    id: 'yale_bp',
    topic: 'safety',
    citation: 'A Yale series of 2,342 ketamine infusions: blood-pressure safety.',
    finding:
      'Blood pressure rose on average by 16/11 mmHg, peaking around 40 minutes; it was severely raised in about 1 % of sessions, mostly in the first three.',
  },
  {
    id: 'tp2024',
    topic: 'safety',
    citation: 'Translational Psychiatry, 2024: early improvement as a predictor of response to repeated ketamine.',
    finding:
      'People with no improvement by the fourth session were unlikely to respond — a reason for the prescriber to review the plan, not to stop automatically.',
  },
  {
    id: 'kroenke2001',
    topic: 'measures',
    citation:
      'Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of a brief depression severity measure. Journal of General Internal Medicine 2001;16:606–613.',
    finding: 'The PHQ-9 depression questionnaire we use before and during treatment.',
  },
  {
    id: 'spitzer2006',
    topic: 'measures',
    citation:
      'Spitzer RL, Kroenke K, Williams JBW, Löwe B. A brief measure for assessing generalized anxiety disorder: the GAD-7. Archives of Internal Medicine 2006;166:1092–1097.',
    finding: 'The GAD-7 anxiety questionnaire.',
  },
  {
    id: 'weathers2013',
    topic: 'measures',
    citation:
      'Weathers FW, Litz BT, Keane TM, et al. The PTSD Checklist for DSM-5 (PCL-5). National Center for PTSD, 2013.',
    finding: 'The PCL-5 questionnaire for post-traumatic stress.',
  },
  {
    id: 'posner2011',
    topic: 'measures',
    citation:
      'Posner K, Brown GK, Stanley B, et al. The Columbia–Suicide Severity Rating Scale. American Journal of Psychiatry 2011;168:1266–1277.',
    finding:
      'The questions we ask when someone mentions thoughts of death or self-harm, so that we can respond quickly.',
  },
];

export function reference(id: string): Reference {
  const found = references.find((r) => r.id === id);
  if (!found) throw new Error(`unknown reference ${id}`);
  return found;
}
