import { DomainError } from '../errors.js';
import type { FieldError } from '../errors.js';

/**
 * Statistics for the clinic's outcome figures (response and remission rates, durability curves, effect size),
 * computed with the same definitions as the published benchmarks they sit beside (CLINICAL.md §7).
 */

/** z for a two-sided 95 % interval (the 0.975 quantile of the standard normal). */
export const Z_95 = 1.959963984540054;

export type ProportionEstimate =
  | { readonly successes: 0; readonly n: 0; readonly proportion: null; readonly lower: null; readonly upper: null }
  | {
      readonly successes: number;
      readonly n: number;
      readonly proportion: number;
      readonly lower: number;
      readonly upper: number;
    };

/**
 * Proportion with the Wilson score interval (Wilson 1927; recommended over the Wald interval for small n
 * and proportions near 0 or 1 — Brown, Cai & DasGupta 2001). With n = 0 there is no estimate: all nulls.
 * 0/n gives a lower bound of exactly 0 and n/n an upper bound of exactly 1.
 */
export function wilsonInterval(successes: number, n: number, z: number = Z_95): ProportionEstimate {
  const errors: FieldError[] = [];
  if (!Number.isInteger(n) || n < 0) errors.push({ path: '/n', message: 'n must be a whole number, 0 or more' });
  if (!Number.isInteger(successes) || successes < 0 || successes > n) {
    errors.push({ path: '/successes', message: 'successes must be a whole number from 0 to n' });
  }
  if (!(z > 0) || !Number.isFinite(z)) errors.push({ path: '/z', message: 'z must be a positive number' });
  if (errors.length > 0) throw new DomainError('outcome_input_invalid', 'Invalid proportion', { errors });
  if (n === 0) return { successes: 0, n: 0, proportion: null, lower: null, upper: null };

  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const halfWidth = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return {
    successes,
    n,
    proportion: p,
    lower: successes === 0 ? 0 : Math.max(0, centre - halfWidth),
    upper: successes === n ? 1 : Math.min(1, centre + halfWidth),
  };
}

export interface SurvivalObservation {
  /** Time from the start (e.g. days from response to relapse, or to last follow-up). */
  readonly time: number;
  /** true: the event happened at `time`; false: right-censored (followed until `time`, no event yet). */
  readonly event: boolean;
}

export interface KaplanMeierStep {
  readonly time: number;
  /** Number still followed just before `time`. */
  readonly atRisk: number;
  readonly events: number;
  readonly censored: number;
  /** S(t) just after `time`. */
  readonly survival: number;
  /** Greenwood standard error of S(t); null once S reaches 0 (the formula divides by zero there). */
  readonly standardError: number | null;
}

export interface KaplanMeierResult {
  readonly n: number;
  readonly events: number;
  /** One row per distinct time with an event or a censoring, in time order. */
  readonly steps: readonly KaplanMeierStep[];
  /** See `KAPLAN_MEIER_MEDIAN_CONVENTION`; null when the curve never reaches 0.5. */
  readonly median: number | null;
  /** How the median was read, so the UI can say which (CLINICAL.md §5). */
  readonly medianRule: KaplanMeierMedianRule | null;
}

/**
 * - `first_below_half`: the smallest time at which S(t) falls below 0.5;
 * - `midpoint_of_half_interval`: S(t) equals 0.5 exactly over an interval: its midpoint (R's survival package);
 * - `half_until_end_of_follow_up`: S(t) equals 0.5 from that time to the end of follow-up, with no later
 *   event to end the interval: the start of the interval (the median is at least this).
 */
export type KaplanMeierMedianRule = 'first_below_half' | 'midpoint_of_half_interval' | 'half_until_end_of_follow_up';

/** The convention in words, for the screen (CLINICAL.md §5: "say which in the UI"). */
export const KAPLAN_MEIER_MEDIAN_CONVENTION =
  'Median: the smallest time at which the Kaplan–Meier survival falls below 0.5; where it equals 0.5 exactly ' +
  'over an interval, the midpoint of that interval (as R’s survival package).';

/**
 * Kaplan–Meier product-limit estimate with right-censoring (Kaplan & Meier 1958) and the Greenwood (1926)
 * variance: Var S(t) = S(t)² · Σ dᵢ / (nᵢ (nᵢ − dᵢ)).
 * Ties: at one time, events happen before censorings (those censored at t were still at risk at t), the
 * usual convention.
 */
export function kaplanMeier(observations: readonly SurvivalObservation[]): KaplanMeierResult {
  const errors: FieldError[] = [];
  observations.forEach((o, i) => {
    if (!Number.isFinite(o.time) || o.time < 0) {
      errors.push({ path: `/${i}/time`, message: 'time must be a finite number, 0 or more' });
    }
    if (typeof o.event !== 'boolean') errors.push({ path: `/${i}/event`, message: 'event must be true or false' });
  });
  if (errors.length > 0) throw new DomainError('outcome_input_invalid', 'Invalid survival data', { errors });

  const sorted = [...observations].sort((a, b) => a.time - b.time);
  const steps: KaplanMeierStep[] = [];
  let atRisk = sorted.length;
  let survival = 1;
  let greenwoodSum = 0;
  let totalEvents = 0;
  let median: number | null = null;
  let medianRule: KaplanMeierMedianRule | null = null;
  // Start of an interval over which S(t) equals 0.5 exactly, waiting for the next event to end it.
  let halfFrom: number | null = null;
  for (let i = 0; i < sorted.length;) {
    const time = sorted[i]!.time;
    let events = 0;
    let censored = 0;
    for (; i < sorted.length && sorted[i]!.time === time; i++) {
      if (sorted[i]!.event) events++;
      else censored++;
    }
    if (events > 0) {
      survival *= (atRisk - events) / atRisk;
      greenwoodSum =
        atRisk === events ? Number.POSITIVE_INFINITY : greenwoodSum + events / (atRisk * (atRisk - events));
      totalEvents += events;
      // The product of fractions can land a rounding error either side of an exact 0.5 (0.8 × 7/8 × 5/7);
      // a survival within 1e-12 of one half counts as exactly one half.
      if (median === null) {
        if (Math.abs(survival - 0.5) <= 1e-12) {
          halfFrom ??= time;
        } else if (survival < 0.5) {
          median = halfFrom === null ? time : (halfFrom + time) / 2;
          medianRule = halfFrom === null ? 'first_below_half' : 'midpoint_of_half_interval';
        }
      }
    }
    const standardError = Number.isFinite(greenwoodSum) ? survival * Math.sqrt(greenwoodSum) : null;
    steps.push({ time, atRisk, events, censored, survival, standardError });
    atRisk -= events + censored;
  }
  if (median === null && halfFrom !== null) {
    median = halfFrom;
    medianRule = 'half_until_end_of_follow_up';
  }
  return { n: observations.length, events: totalEvents, steps, median, medianRule };
}

/** S(t) read off a Kaplan–Meier curve: a step function, right-continuous; 1 before the first event. */
export function survivalAt(result: KaplanMeierResult, time: number): number {
  let survival = 1;
  for (const step of result.steps) {
    if (step.time > time) break;
    survival = step.survival;
  }
  return survival;
}

export interface PairedChange {
  readonly before: number;
  readonly after: number;
}

export interface PairedEffectSize {
  readonly n: number;
  /** Mean of (after − before); negative = scores fell. Null for n = 0. */
  readonly meanDifference: number | null;
  /** Sample SD (n − 1) of the differences; null for n < 2. */
  readonly sdDifference: number | null;
  /** Cohen's d_z = mean difference ÷ SD of differences; null for n < 2 or when every difference is equal. */
  readonly dz: number | null;
}

/**
 * Cohen's d for paired change, the d_z variant (Cohen 1988; Lakens 2013): the standardised mean of the
 * within-patient differences. It is not d_av (which divides by the average SD of before and after) and is
 * usually larger than d_av when before and after correlate; label it "d_z" wherever it is shown.
 * Sign: after − before, so an improvement on a symptom scale is negative.
 */
export function cohensDz(pairs: readonly PairedChange[]): PairedEffectSize {
  const errors: FieldError[] = [];
  pairs.forEach((pair, i) => {
    if (!Number.isFinite(pair.before)) errors.push({ path: `/${i}/before`, message: 'before must be a number' });
    if (!Number.isFinite(pair.after)) errors.push({ path: `/${i}/after`, message: 'after must be a number' });
  });
  if (errors.length > 0) throw new DomainError('outcome_input_invalid', 'Invalid paired scores', { errors });

  const n = pairs.length;
  if (n === 0) return { n, meanDifference: null, sdDifference: null, dz: null };
  let sum = 0;
  for (const pair of pairs) sum += pair.after - pair.before;
  const mean = sum / n;
  if (n < 2) return { n, meanDifference: mean, sdDifference: null, dz: null };
  let squares = 0;
  for (const pair of pairs) {
    const deviation = pair.after - pair.before - mean;
    squares += deviation * deviation;
  }
  const sd = Math.sqrt(squares / (n - 1));
  // Relative test: differences that are all equal can leave a rounding-sized SD instead of exactly 0.
  const dz = sd <= Number.EPSILON * Math.max(1, Math.abs(mean)) * 8 ? null : mean / sd;
  return { n, meanDifference: mean, sdDifference: sd, dz };
}
