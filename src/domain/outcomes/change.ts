import { DomainError } from '../errors.js';
import type { FieldError } from '../errors.js';
import { getInstrument } from '../instruments/registry.js';
import type { InstrumentId } from '../instruments/types.js';
import { toEpochMs } from './instant.js';
import type { Instant } from './instant.js';
import { outcomeRules } from './outcome-rules.js';
import type { OutcomeRules } from './outcome-rules.js';

/**
 * Change from baseline for one patient on one instrument.
 *
 * Definitions (CLINICAL.md §7: "baseline = last score before the first dose"):
 * - Baseline is the last score taken strictly before the first dose's time. A score stamped exactly at the
 *   first dose cannot have been taken before it, so it is a follow-up, not the baseline.
 * - Follow-ups are all scores at or after the first dose, in time order. Equal times keep input order.
 * - Percent change = (score − baseline) ÷ baseline × 100; negative means fewer symptoms.
 * - A baseline of 0 has no percent change (`percentChange: null`): there is nothing to fall from, so
 *   response and early improvement cannot be judged.
 * - Response and remission are judged only with a baseline in the treated range (PHQ-9 ≥ 10, MADRS ≥ 20,
 *   QIDS-SR16 ≥ 11 by default; CLINICAL.md §5); otherwise they are "not applicable" and only the change
 *   from baseline is shown. Point changes and early improvement are reported either way.
 * - Thresholds are compared in integer arithmetic (drop × 100 ≥ percent × baseline), so "exactly 50 %" is a
 *   response and floating-point rounding never moves a patient across a line.
 */
export interface ScoreAt {
  readonly at: Instant;
  readonly total: number;
}

export interface ChangeInput {
  readonly instrumentId: string;
  readonly scores: readonly ScoreAt[];
  readonly firstDoseAt: Instant;
  /**
   * Dose times of the sessions given so far (the first one is the first dose). Needed only for the
   * "improvement by session 4" check; without it that check reports `not_due` unless sessions are given.
   */
  readonly sessionsAt?: readonly Instant[];
  /**
   * The clinic's treated-range minimum for this instrument (protocol `outcomeBaselineMinimum`); defaults to
   * the instrument's rule (PHQ-9 10, MADRS 20, QIDS-SR16 11 — CLINICAL.md §5).
   */
  readonly treatedRangeMinimum?: number;
  /**
   * The signed plan's own thresholds (PlanContent.outcome and .stopRule: response %, remission total, review
   * by session N for ≥ M % improvement) in place of the instrument defaults.
   */
  readonly ruleOverrides?: Pick<OutcomeRules, 'response' | 'remission' | 'earlyImprovement'>;
}

/**
 * Whether response and remission can be judged: only with a baseline, and only when the baseline was in the
 * treated range (CLINICAL.md §5). Otherwise "not applicable" — the screen shows change from baseline instead.
 */
export type ResponseRemissionApplicability =
  | { readonly status: 'applicable'; readonly treatedRangeMinimum: number | null }
  | { readonly status: 'not_applicable'; readonly reason: 'no_rule_for_instrument' | 'no_baseline' }
  | {
      readonly status: 'not_applicable';
      readonly reason: 'baseline_below_treated_range';
      readonly baselineTotal: number;
      readonly treatedRangeMinimum: number;
    };

export type OutcomeFinding =
  | 'response'
  | 'remission'
  | 'early_improvement'
  | 'reliable_improvement'
  | 'reliable_worsening'
  | 'clinically_meaningful_improvement'
  | 'clinically_meaningful_worsening'
  | 'meaningful_reduction';

export interface BaselineScore {
  /** Position in the input `scores`. */
  readonly index: number;
  readonly at: number;
  readonly total: number;
}

export interface ChangePoint {
  readonly index: number;
  /** Epoch ms. */
  readonly at: number;
  readonly total: number;
  /** Points from baseline (score − baseline); `null` without a baseline. */
  readonly change: number | null;
  /** `null` without a baseline or when the baseline is 0. */
  readonly percentChange: number | null;
  /** Which of the instrument's outcome rules this score meets (see outcome-rules.ts). */
  readonly findings: readonly OutcomeFinding[];
}

export type EarlyImprovementCheck =
  | {
      readonly status: 'not_applicable';
      readonly reason: 'no_rule_for_instrument' | 'no_baseline' | 'baseline_zero';
    }
  /** Fewer than `bySession` sessions given. */
  | { readonly status: 'not_due'; readonly sessionsGiven: number; readonly bySession: number }
  /** The session was given but no score has been recorded after it (and before the next session). */
  | { readonly status: 'awaiting_score'; readonly bySession: number }
  | { readonly status: 'improved'; readonly point: ChangePoint; readonly bySession: number }
  /**
   * No ≥ 20 % improvement by session 4: strongly predicts non-response (Translational Psychiatry 2024).
   * Review with the prescriber; never stop automatically — some patients respond late (CLINICAL.md §4).
   */
  | {
      readonly status: 'review_recommended';
      readonly point: ChangePoint;
      readonly bySession: number;
      readonly message: string;
    };

export interface ChangeAssessment {
  readonly instrumentId: InstrumentId;
  readonly rules: OutcomeRules;
  readonly baseline: BaselineScore | null;
  readonly followUps: readonly ChangePoint[];
  /** The most recent follow-up, or null before any. */
  readonly latest: ChangePoint | null;
  /** Response and remission appear in `findings` only when applicable. */
  readonly responseRemission: ResponseRemissionApplicability;
  readonly earlyImprovement: EarlyImprovementCheck;
}

export function assessChange(input: ChangeInput): ChangeAssessment {
  const definition = getInstrument(input.instrumentId);
  if (definition.range === undefined) {
    throw new DomainError(
      'outcome_instrument_unsupported',
      `${definition.shortTitle} has no total to follow over time`,
      { details: { instrumentId: definition.id } },
    );
  }
  const { min, max } = definition.range;
  const rules: OutcomeRules = { ...outcomeRules[definition.id], ...input.ruleOverrides };

  const errors: FieldError[] = [];
  const firstDose = toEpochMs(input.firstDoseAt, '/firstDoseAt', errors);
  const timed: { index: number; at: number; total: number }[] = [];
  input.scores.forEach((score, index) => {
    const at = toEpochMs(score.at, `/scores/${index}/at`, errors);
    const total = score.total;
    if (!Number.isInteger(total) || total < min || total > max) {
      errors.push({
        path: `/scores/${index}/total`,
        message: `A ${definition.shortTitle} total must be a whole number from ${min} to ${max}`,
      });
    } else if (at !== undefined) {
      timed.push({ index, at, total });
    }
  });
  const sessions: number[] = [];
  const minimum = input.treatedRangeMinimum ?? rules.treatedRangeMinimum?.value;
  if (minimum !== undefined && (!Number.isInteger(minimum) || minimum < min || minimum > max)) {
    errors.push({ path: '/treatedRangeMinimum', message: `must be a whole number from ${min} to ${max}` });
  }
  (input.sessionsAt ?? []).forEach((session, index) => {
    const at = toEpochMs(session, `/sessionsAt/${index}`, errors);
    if (at !== undefined) sessions.push(at);
  });
  sessions.sort((a, b) => a - b);
  if (firstDose !== undefined && sessions.length > 0 && sessions[0] !== firstDose) {
    errors.push({ path: '/sessionsAt', message: 'The earliest session must be the first dose (firstDoseAt)' });
  }
  if (errors.length > 0 || firstDose === undefined) {
    throw new DomainError('outcome_input_invalid', 'The scores or times are not valid', {
      errors,
      details: { instrumentId: definition.id },
    });
  }

  // Array.prototype.sort is stable: equal times keep input order.
  timed.sort((a, b) => a.at - b.at);
  let baseline: BaselineScore | null = null;
  for (const score of timed) if (score.at < firstDose) baseline = score;
  const responseRemission = applicability(rules, baseline, minimum);
  const followUps: ChangePoint[] = [];
  for (const score of timed) {
    if (score.at >= firstDose)
      followUps.push(changePoint(score, baseline, rules, responseRemission.status === 'applicable'));
  }

  return {
    instrumentId: definition.id,
    rules,
    baseline,
    followUps,
    latest: followUps.at(-1) ?? null,
    responseRemission,
    earlyImprovement: earlyImprovementCheck(rules, baseline, followUps, sessions),
  };
}

function applicability(
  rules: OutcomeRules,
  baseline: BaselineScore | null,
  minimum: number | undefined,
): ResponseRemissionApplicability {
  if (rules.response === undefined && rules.remission === undefined) {
    return { status: 'not_applicable', reason: 'no_rule_for_instrument' };
  }
  if (baseline === null) return { status: 'not_applicable', reason: 'no_baseline' };
  if (minimum !== undefined && baseline.total < minimum) {
    return {
      status: 'not_applicable',
      reason: 'baseline_below_treated_range',
      baselineTotal: baseline.total,
      treatedRangeMinimum: minimum,
    };
  }
  return { status: 'applicable', treatedRangeMinimum: minimum ?? null };
}

function changePoint(
  score: { index: number; at: number; total: number },
  baseline: BaselineScore | null,
  rules: OutcomeRules,
  judgeResponseRemission: boolean,
): ChangePoint {
  const findings: OutcomeFinding[] = [];
  const remission = rules.remission;
  if (remission !== undefined && judgeResponseRemission) {
    const remitted = remission.kind === 'below' ? score.total < remission.value : score.total <= remission.value;
    if (remitted) findings.push('remission');
  }
  if (baseline === null) {
    return { index: score.index, at: score.at, total: score.total, change: null, percentChange: null, findings };
  }
  const change = score.total - baseline.total;
  const drop = -change;
  if (baseline.total > 0) {
    if (judgeResponseRemission && rules.response && dropsAtLeast(drop, baseline.total, rules.response.percentDrop)) {
      findings.unshift('response');
    }
    if (rules.earlyImprovement && dropsAtLeast(drop, baseline.total, rules.earlyImprovement.percentDrop)) {
      findings.push('early_improvement');
    }
    if (rules.meaningfulReduction && dropsAtLeast(drop, baseline.total, rules.meaningfulReduction.percentDrop)) {
      findings.push('meaningful_reduction');
    }
  }
  if (rules.reliableChange) {
    if (drop >= rules.reliableChange.points) findings.push('reliable_improvement');
    else if (-drop >= rules.reliableChange.points) findings.push('reliable_worsening');
  }
  if (rules.clinicallyMeaningfulChange) {
    if (drop >= rules.clinicallyMeaningfulChange.points) findings.push('clinically_meaningful_improvement');
    else if (-drop >= rules.clinicallyMeaningfulChange.points) findings.push('clinically_meaningful_worsening');
  }
  return {
    index: score.index,
    at: score.at,
    total: score.total,
    change,
    percentChange: baseline.total === 0 ? null : (change / baseline.total) * 100,
    findings,
  };
}

/** drop ÷ baseline ≥ percent ÷ 100, in integers (totals are whole numbers). */
function dropsAtLeast(drop: number, baseline: number, percent: number): boolean {
  return drop * 100 >= percent * baseline;
}

/**
 * "By session N" means after the Nth dose: the deciding score is the latest one taken at or after the Nth
 * session's dose time and before the next session's (the pre-dose form at session N+1 is the usual one).
 */
function earlyImprovementCheck(
  rules: OutcomeRules,
  baseline: BaselineScore | null,
  followUps: readonly ChangePoint[],
  sessions: readonly number[],
): EarlyImprovementCheck {
  const rule = rules.earlyImprovement;
  if (rule === undefined) return { status: 'not_applicable', reason: 'no_rule_for_instrument' };
  if (baseline === null) return { status: 'not_applicable', reason: 'no_baseline' };
  if (baseline.total === 0) return { status: 'not_applicable', reason: 'baseline_zero' };
  const bySession = rule.bySession;
  const sessionN = sessions[bySession - 1];
  if (sessionN === undefined) return { status: 'not_due', sessionsGiven: sessions.length, bySession };
  const nextSession = sessions[bySession];
  let deciding: ChangePoint | undefined;
  for (const point of followUps) {
    if (point.at >= sessionN && (nextSession === undefined || point.at < nextSession)) deciding = point;
  }
  if (deciding === undefined) return { status: 'awaiting_score', bySession };
  if (deciding.findings.includes('early_improvement')) return { status: 'improved', point: deciding, bySession };
  return {
    status: 'review_recommended',
    point: deciding,
    bySession,
    message:
      `No improvement of ${rule.percentDrop} % or more by session ${bySession}: review with the prescriber. ` +
      'Do not stop automatically — some patients respond late (Translational Psychiatry 2024).',
  };
}
