import type { MaintenanceCheck, MaintenanceReason, NonResponseCheck } from '../outcomes/course.js';
import type { OutcomeFinding } from '../outcomes/change.js';

/** Words for the measurement-based-care codes (the clinician's measurement view, lists and exports). */

export const maintenanceStatusLabels: Readonly<Record<MaintenanceCheck['status'], string>> = {
  not_applicable: 'Not judged',
  in_induction: 'In induction',
  awaiting_score: 'Waiting for a score after induction',
  session_given_since: 'Session given since the last score',
  holding: 'Holding',
  due: 'Maintenance due',
};

export const maintenanceNotApplicableLabels: Readonly<
  Record<Extract<MaintenanceCheck, { status: 'not_applicable' }>['reason'], string>
> = {
  no_rule_for_instrument: 'No maintenance rule for this instrument',
  no_baseline: 'No baseline score before the first dose',
  no_plan: 'No signed treatment plan',
};

export const maintenanceReasonLabels: Readonly<Record<MaintenanceReason, string>> = {
  regained_fraction: 'Scores have climbed back by half or more of the improvement',
  back_to_moderate: 'Scores are back in the moderate range or worse',
};

export const nonResponseStatusLabels: Readonly<Record<NonResponseCheck['status'], string>> = {
  not_applicable: 'Not judged',
  not_due: 'Not yet due',
  awaiting_score: 'Waiting for the score after the review session',
  improved: 'Early improvement',
  review_recommended: 'No early improvement: review',
};

export const outcomeFindingLabels: Readonly<Record<OutcomeFinding, string>> = {
  response: 'Response',
  remission: 'Remission',
  early_improvement: 'Early improvement',
  reliable_improvement: 'Reliable improvement',
  reliable_worsening: 'Reliable worsening',
  clinically_meaningful_improvement: 'Clinically meaningful improvement',
  clinically_meaningful_worsening: 'Clinically meaningful worsening',
  meaningful_reduction: 'Meaningful reduction',
};

export const responseApplicabilityLabels: Readonly<
  Record<'no_rule_for_instrument' | 'no_baseline' | 'baseline_below_treated_range', string>
> = {
  no_rule_for_instrument: 'No response or remission rule for this instrument: change only',
  no_baseline: 'No baseline before the first dose',
  baseline_below_treated_range: 'Baseline below the treated range: change only',
};

/** When a questionnaire was taken (questionnaire_results.context). */
export const questionnaireContextLabels: Readonly<Record<'baseline' | 'pre_session' | 'follow_up', string>> = {
  baseline: 'Baseline',
  pre_session: 'Before a session',
  follow_up: 'Between sessions',
};
