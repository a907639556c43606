import { DomainError, type FieldError } from '../errors.js';
import { getInstrument } from '../instruments/registry.js';
import type { InstrumentId } from '../instruments/types.js';
import { assessChange, type ChangeAssessment, type ChangePoint } from './change.js';
import { toEpochMs, type Instant } from './instant.js';
import { maintenanceRules, type MaintenanceRule } from './maintenance-rules.js';
import type { OutcomeRules } from './outcome-rules.js';

/**
 * One patient's course on one instrument, as the clinician's measurement view shows it: baseline, latest,
 * change, response and remission (CLINICAL.md §5), the early-improvement check at session 4 (CLINICAL.md §4),
 * whether a maintenance session is due (maintenance-rules.ts) and whether the patient needs a non-response
 * review. Pure: times and the plan's thresholds come in as data.
 *
 * A missing or non-numeric total (an incomplete form, a total the instrument cannot have) is left out and
 * counted in `unusable`: it is never read as 0 and never passes a rule (CLINICAL.md §5 "never score it as 0").
 */
export interface CourseScore {
  readonly at: Instant;
  readonly total: number | null | undefined;
}

/** The signed plan's thresholds (PlanContent.outcome, .stopRule, .induction.sessions). */
export interface CoursePlan {
  readonly inductionSessions: number;
  readonly responseDropPercent?: number;
  /** Remission at or below this total (PHQ-9 < 5 is stored as ≤ 4). */
  readonly remissionAtOrBelow?: number | null;
  readonly reviewBySession?: number;
  readonly minImprovementPercent?: number;
}

export interface CourseInput {
  readonly instrumentId: string;
  readonly scores: readonly CourseScore[];
  /** Dose times of the sessions given, any order; the earliest is the first dose. */
  readonly sessionsAt: readonly Instant[];
  /** Null without a signed plan: maintenance cannot be judged (no known end of induction). */
  readonly plan: CoursePlan | null;
  readonly treatedRangeMinimum?: number;
}

export type MaintenanceCheck =
  | { readonly status: 'not_applicable'; readonly reason: 'no_rule_for_instrument' | 'no_baseline' | 'no_plan' }
  | { readonly status: 'in_induction'; readonly sessionsGiven: number; readonly inductionSessions: number }
  /** Induction is over but no usable score has been recorded since its last session. */
  | { readonly status: 'awaiting_score'; readonly inductionEndedAt: number }
  /** A session was given after the score that showed the rise: wait for the next score. */
  | { readonly status: 'session_given_since'; readonly point: ChangePoint; readonly sessionAt: number }
  | {
      readonly status: 'holding' | 'due';
      readonly point: ChangePoint;
      /** The best (lowest) score since the first dose, at or before the latest. */
      readonly best: { readonly at: number; readonly total: number };
      /** baseline − best; ≤ 0 means the patient never improved. */
      readonly improvement: number;
      /** latest − best. */
      readonly regained: number;
      readonly reasons: readonly MaintenanceReason[];
      readonly inductionEndedAt: number;
      readonly rule: MaintenanceRule;
    };

export type MaintenanceReason = 'regained_fraction' | 'back_to_moderate';

export type NonResponseCheck =
  | { readonly status: 'not_applicable' | 'not_due' | 'awaiting_score' | 'improved' }
  | {
      readonly status: 'review_recommended';
      readonly bySession: number;
      readonly minImprovementPercent: number;
      readonly point: ChangePoint;
      readonly message: string;
    };

export interface InstrumentCourse {
  readonly instrumentId: InstrumentId;
  /** Usable scores, in time order. */
  readonly points: readonly { readonly at: number; readonly total: number }[];
  /** Scores left out: missing, non-numeric or outside the instrument's range. */
  readonly unusable: number;
  /** Null before the first dose (no session given yet): only the scores are shown. */
  readonly change: ChangeAssessment | null;
  /** Whether any follow-up met the response (or remission) rule. */
  readonly everResponded: boolean;
  readonly everRemitted: boolean;
  readonly maintenance: MaintenanceCheck;
  readonly nonResponse: NonResponseCheck;
}

export function assessCourse(input: CourseInput): InstrumentCourse {
  const definition = getInstrument(input.instrumentId);
  if (definition.range === undefined) {
    throw new DomainError(
      'outcome_instrument_unsupported',
      `${definition.shortTitle} has no total to follow over time`,
      { details: { instrumentId: definition.id } },
    );
  }
  const { min, max } = definition.range;
  const errors: FieldError[] = [];
  const points: { at: number; total: number }[] = [];
  let unusable = 0;
  input.scores.forEach((score, index) => {
    const at = toEpochMs(score.at, `/scores/${index}/at`, errors);
    const total = score.total;
    if (typeof total !== 'number' || !Number.isInteger(total) || total < min || total > max) unusable += 1;
    else if (at !== undefined) points.push({ at, total });
  });
  const sessions: number[] = [];
  input.sessionsAt.forEach((s, index) => {
    const at = toEpochMs(s, `/sessionsAt/${index}`, errors);
    if (at !== undefined) sessions.push(at);
  });
  if (input.plan !== null && (!Number.isInteger(input.plan.inductionSessions) || input.plan.inductionSessions < 1))
    errors.push({ path: '/plan/inductionSessions', message: 'must be a whole number, 1 or more' });
  if (errors.length > 0)
    throw new DomainError('outcome_input_invalid', 'The scores or times are not valid', {
      errors,
      details: { instrumentId: definition.id },
    });
  points.sort((a, b) => a.at - b.at);
  sessions.sort((a, b) => a - b);

  const firstDose = sessions[0];
  if (firstDose === undefined) {
    return {
      instrumentId: definition.id,
      points,
      unusable,
      change: null,
      everResponded: false,
      everRemitted: false,
      maintenance: { status: 'not_applicable', reason: 'no_baseline' },
      nonResponse: { status: 'not_due' },
    };
  }
  const overrides = planOverrides(input.plan);
  const change = assessChange({
    instrumentId: definition.id,
    scores: points,
    firstDoseAt: firstDose,
    sessionsAt: sessions,
    ...(input.treatedRangeMinimum === undefined ? {} : { treatedRangeMinimum: input.treatedRangeMinimum }),
    ruleOverrides: overrides,
  });
  return {
    instrumentId: definition.id,
    points,
    unusable,
    change,
    everResponded: change.followUps.some((p) => p.findings.includes('response')),
    everRemitted: change.followUps.some((p) => p.findings.includes('remission')),
    maintenance: maintenanceCheck(definition.id, change, sessions, input.plan),
    nonResponse: nonResponseCheck(change, input.plan),
  };
}

function planOverrides(plan: CoursePlan | null): Pick<OutcomeRules, 'response' | 'remission' | 'earlyImprovement'> {
  if (plan === null) return {};
  const source = "The patient's signed treatment plan";
  const overrides: { -readonly [K in 'response' | 'remission' | 'earlyImprovement']?: OutcomeRules[K] } = {};
  if (plan.responseDropPercent !== undefined) overrides.response = { percentDrop: plan.responseDropPercent, source };
  if (plan.remissionAtOrBelow !== undefined && plan.remissionAtOrBelow !== null)
    overrides.remission = { kind: 'at_most', value: plan.remissionAtOrBelow, source };
  if (plan.reviewBySession !== undefined && plan.minImprovementPercent !== undefined)
    overrides.earlyImprovement = {
      percentDrop: plan.minImprovementPercent,
      bySession: plan.reviewBySession,
      source: `${source} (stop rule; CLINICAL.md §4)`,
    };
  return overrides;
}

function maintenanceCheck(
  instrumentId: InstrumentId,
  change: ChangeAssessment,
  sessions: readonly number[],
  plan: CoursePlan | null,
): MaintenanceCheck {
  const rule = maintenanceRules[instrumentId];
  if (rule === undefined) return { status: 'not_applicable', reason: 'no_rule_for_instrument' };
  const baseline = change.baseline;
  if (baseline === null) return { status: 'not_applicable', reason: 'no_baseline' };
  if (plan === null) return { status: 'not_applicable', reason: 'no_plan' };
  const inductionEnd = sessions[plan.inductionSessions - 1];
  if (inductionEnd === undefined)
    return { status: 'in_induction', sessionsGiven: sessions.length, inductionSessions: plan.inductionSessions };
  const latest = change.latest;
  if (latest === null || latest.at < inductionEnd) return { status: 'awaiting_score', inductionEndedAt: inductionEnd };
  const sessionSince = sessions.find((s) => s > latest.at);
  if (sessionSince !== undefined) return { status: 'session_given_since', point: latest, sessionAt: sessionSince };

  let best = { at: baseline.at, total: baseline.total };
  for (const p of change.followUps) if (p.at <= latest.at && p.total < best.total) best = { at: p.at, total: p.total };
  const improvement = baseline.total - best.total;
  const regained = latest.total - best.total;
  const reasons: MaintenanceReason[] = [];
  const { numerator, denominator } = rule.regainedFraction;
  if (improvement > 0 && regained > 0 && regained * denominator >= improvement * numerator)
    reasons.push('regained_fraction');
  if (rule.moderateFrom !== undefined && best.total < rule.moderateFrom && latest.total >= rule.moderateFrom)
    reasons.push('back_to_moderate');
  return {
    status: reasons.length > 0 ? 'due' : 'holding',
    point: latest,
    best,
    improvement,
    regained,
    reasons,
    inductionEndedAt: inductionEnd,
    rule,
  };
}

function nonResponseCheck(change: ChangeAssessment, plan: CoursePlan | null): NonResponseCheck {
  const early = change.earlyImprovement;
  switch (early.status) {
    case 'not_applicable':
      return { status: 'not_applicable' };
    case 'not_due':
    case 'awaiting_score':
    case 'improved':
      return { status: early.status };
    case 'review_recommended':
      return {
        status: 'review_recommended',
        bySession: early.bySession,
        minImprovementPercent: plan?.minImprovementPercent ?? change.rules.earlyImprovement?.percentDrop ?? 20,
        point: early.point,
        message: early.message,
      };
  }
}
