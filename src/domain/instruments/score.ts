import { DomainError } from '../errors.js';
import type { FieldError } from '../errors.js';
import { instrumentUnknown, instruments } from './registry.js';
import type {
  Answers,
  AnswerValue,
  ClusterScore,
  InstrumentDefinition,
  InstrumentFlag,
  InstrumentId,
  InstrumentScore,
  ScoreOptions,
  ScoredItem,
  Severity,
} from './types.js';

/**
 * Scoring is a pure function of the answers and the instrument definition (CLINICAL.md §5).
 * A missing answer makes the form incomplete: it is reported, never scored as 0.
 *
 * Why "compiled": the budget is ≥ 1,000,000 PHQ-9 forms/s (DESIGN.md, performance budgets), so everything
 * that depends only on the definition (item order, ranges, the band for each possible total, flag rules)
 * is worked out once per instrument, and the per-form path is plain loops over arrays with no closures.
 */
export type Scorer = (answers: Answers, options?: ScoreOptions) => InstrumentScore;

type CompiledTotal =
  | { readonly kind: 'sum' }
  | { readonly kind: 'domain_sum'; readonly domains: readonly (readonly number[])[] }
  | {
      readonly kind: 'cssrs_triage';
      readonly high: readonly number[];
      readonly moderate: readonly number[];
      readonly low: readonly number[];
    };

interface CompiledFlag {
  readonly flag: InstrumentFlag;
  /** Item index for item rules, -1 for total rules. */
  readonly itemIndex: number;
  readonly threshold: number;
  /** True when the threshold is the PCL-5 cut-off that `options.pcl5CutOff` may replace. */
  readonly usesPcl5CutOff: boolean;
}

const NO_FLAGS: readonly InstrumentFlag[] = Object.freeze([]);

export function createScorer(definition: InstrumentDefinition): Scorer {
  const { id: instrumentId, version, items } = definition;
  const n = items.length;
  const itemIds = items.map((item) => item.id);
  const indexById = new Map(itemIds.map((id, index) => [id, index]));
  const indexOf = (itemId: string): number => {
    const index = indexById.get(itemId);
    if (index === undefined) throw new Error(`${instrumentId}: rule names unknown item ${itemId}`);
    return index;
  };
  const isYesNo = items.map((item) => item.kind === 'yes_no');
  const mins = items.map((item) => (item.kind === 'ordinal' ? item.min : 0));
  const maxs = items.map((item) => (item.kind === 'ordinal' ? item.max : 0));
  // Skip logic: an item with `askedWhen` may be unanswered when its gate item has another answer.
  const gateIndex = items.map((item, index) => {
    if (item.askedWhen === undefined) return -1;
    const gate = indexOf(item.askedWhen.itemId);
    if (gate >= index) throw new Error(`${instrumentId}: gate item must come before ${item.id}`);
    return gate;
  });
  const gateEquals = items.map((item) => item.askedWhen?.equals ?? true);
  const unscored = items.map((item) => item.unscored === true);
  // Items added to the total (PHQ-9's tenth question is recorded but not scored — CLINICAL.md §5).
  const scoredIndexes = items.flatMap((item, index) => (item.unscored === true ? [] : [index]));
  const numbers = items.map((item) => item.number);
  const rangeText = items.map((item) =>
    item.kind === 'ordinal' ? `a whole number from ${item.min} to ${item.max}` : 'yes (true) or no (false)',
  );

  let total: CompiledTotal;
  switch (definition.scoring.kind) {
    case 'sum':
      total = { kind: 'sum' };
      break;
    case 'domain_sum':
      total = { kind: 'domain_sum', domains: definition.scoring.domains.map((d) => d.itemIds.map(indexOf)) };
      break;
    case 'cssrs_triage':
      total = {
        kind: 'cssrs_triage',
        high: definition.scoring.highRiskItemIds.map(indexOf),
        moderate: definition.scoring.moderateRiskItemIds.map(indexOf),
        low: definition.scoring.lowRiskItemIds.map(indexOf),
      };
      break;
    default:
      return assertNever(definition.scoring);
  }

  // The band for every possible total, so lookup is one array index (bands are inclusive ranges).
  const maxTotal = definition.range?.max ?? definition.bands.length - 1;
  const bandByTotal: (Severity | null)[] = new Array<Severity | null>(maxTotal + 1).fill(null);
  for (const band of definition.bands) {
    const severity: Severity = Object.freeze({ id: band.id, label: band.label });
    for (let t = band.min; t <= band.max; t++) bandByTotal[t] = severity;
  }

  const flagRules: CompiledFlag[] = definition.flagRules.map((rule) => {
    const when = rule.when;
    switch (when.kind) {
      case 'item_at_least':
        return { flag: rule.flag, itemIndex: indexOf(when.itemId), threshold: when.value, usesPcl5CutOff: false };
      case 'total_at_least':
        return { flag: rule.flag, itemIndex: -1, threshold: when.value, usesPcl5CutOff: false };
      case 'total_at_least_cut_off':
        return { flag: rule.flag, itemIndex: -1, threshold: when.defaultValue, usesPcl5CutOff: true };
      default:
        return assertNever(when);
    }
  });
  const cutOffRule = definition.flagRules.find((rule) => rule.when.kind === 'total_at_least_cut_off')?.when;
  const clusterRule = definition.clusterRule;
  const clusters = clusterRule?.clusters.map((c) => ({ ...c, indexes: c.itemIds.map(indexOf) }));

  function invalid(errors: FieldError[]): DomainError {
    return new DomainError('answers_invalid', `The ${definition.shortTitle} answers are incomplete or out of range`, {
      errors,
      details: { instrumentId },
    });
  }

  /** Checks one value; returns an error message or undefined. `values` holds earlier answers (for gates). */
  function check(index: number, value: AnswerValue, values: (number | boolean | null)[]): string | undefined {
    const gate = gateIndex[index]!;
    if (value === undefined || value === null) {
      if (unscored[index]) return undefined;
      if (gate >= 0) {
        const gateValue = values[gate];
        // Gate not answered or invalid: its own error is enough; the item's need is unknown.
        if (gateValue === undefined || gateValue === null || gateValue !== gateEquals[index]) return undefined;
      }
      return `Item ${numbers[index]!} is not answered: answer it (an unanswered item is never scored as 0)`;
    }
    // Skip logic (C-SSRS: Q3–Q5 only when Q2 is yes): a "yes" to an item the gate says is not asked is
    // refused rather than dropped or counted — the gate answer must be corrected first.
    if (gate >= 0 && value === true) {
      const gateValue = values[gate];
      if (typeof gateValue === 'boolean' && gateValue !== gateEquals[index]) {
        return `Item ${numbers[index]!} is asked only when item ${numbers[gate]!} is ${gateEquals[index] ? 'yes' : 'no'}: correct item ${numbers[gate]!}, or leave this item empty`;
      }
    }
    if (isYesNo[index]) {
      return typeof value === 'boolean' ? undefined : `Item ${numbers[index]!} must be ${rangeText[index]!}`;
    }
    if (typeof value === 'number' && Number.isInteger(value) && value >= mins[index]! && value <= maxs[index]!) {
      return undefined;
    }
    return `Item ${numbers[index]!} must be ${rangeText[index]!}`;
  }

  /** A "no" to an item the skip logic does not ask is recorded as not asked (null). */
  function skipped(index: number, value: AnswerValue, values: (number | boolean | null)[]): boolean {
    const gate = gateIndex[index]!;
    if (gate < 0 || value !== false) return false;
    const gateValue = values[gate];
    return typeof gateValue === 'boolean' && gateValue !== gateEquals[index];
  }

  function readAnswers(answers: Answers): (number | boolean | null)[] {
    const values = new Array<number | boolean | null>(n);
    let errors: FieldError[] | undefined;
    if (Array.isArray(answers)) {
      const list = answers as readonly AnswerValue[];
      for (let i = 0; i < n; i++) {
        const value = list[i];
        const message = check(i, value, values);
        if (message !== undefined) (errors ??= []).push({ path: `/answers/${itemIds[i]!}`, message });
        values[i] = skipped(i, value, values) ? null : (value ?? null);
      }
      for (let i = n; i < list.length; i++) {
        (errors ??= []).push({ path: `/answers/${i}`, message: `${definition.shortTitle} has only ${n} items` });
      }
    } else if (typeof answers === 'object' && answers !== null) {
      const record = answers as Readonly<Record<string, AnswerValue>>;
      let known = 0;
      for (let i = 0; i < n; i++) {
        const itemId = itemIds[i]!;
        const value = record[itemId];
        if (value !== undefined) known++;
        const message = check(i, value, values);
        if (message !== undefined) (errors ??= []).push({ path: `/answers/${itemId}`, message });
        values[i] = skipped(i, value, values) ? null : (value ?? null);
      }
      // Cheap count first; name the unknown keys only when there are any.
      let keys = 0;
      for (const key in record) if (record[key] !== undefined) keys++;
      if (keys !== known) {
        for (const key of Object.keys(record)) {
          if (!indexById.has(key) && record[key] !== undefined) {
            (errors ??= []).push({
              path: `/answers/${key}`,
              message: `"${key}" is not an item of ${definition.shortTitle}`,
            });
          }
        }
      }
    } else {
      errors = [
        { path: '/answers', message: 'Answers must be an object of item id → answer, or a list in item order' },
      ];
    }
    if (errors !== undefined) throw invalid(errors);
    return values;
  }

  function pcl5CutOff(options: ScoreOptions | undefined): number | undefined {
    const value = options?.pcl5CutOff;
    if (value === undefined || cutOffRule === undefined || cutOffRule.kind !== 'total_at_least_cut_off')
      return undefined;
    if (!Number.isInteger(value) || value < cutOffRule.min || value > cutOffRule.max) {
      throw new DomainError(
        'instrument_option_invalid',
        `The PCL-5 cut-off must be a whole number from ${cutOffRule.min} to ${cutOffRule.max}`,
        {
          errors: [
            { path: '/options/pcl5CutOff', message: `Choose a cut-off from ${cutOffRule.min} to ${cutOffRule.max}` },
          ],
        },
      );
    }
    return value;
  }

  return function score(answers: Answers, options?: ScoreOptions): InstrumentScore {
    const cutOff = pcl5CutOff(options);
    const values = readAnswers(answers);

    let sum = 0;
    let rank = -1;
    switch (total.kind) {
      case 'sum':
        for (const i of scoredIndexes) sum += values[i] as number;
        break;
      case 'domain_sum':
        for (const domain of total.domains) {
          let highest = 0;
          for (const index of domain) {
            const value = values[index] as number;
            if (value > highest) highest = value;
          }
          sum += highest;
        }
        break;
      case 'cssrs_triage':
        rank = anyYes(values, total.high) ? 3 : anyYes(values, total.moderate) ? 2 : anyYes(values, total.low) ? 1 : 0;
        break;
      default:
        return assertNever(total);
    }

    const isTriage = rank >= 0;
    let flags = NO_FLAGS;
    if (isTriage) {
      if (rank === 3) flags = ['cssrs_high_risk'];
      else if (rank === 2) flags = ['cssrs_moderate_risk'];
      else if (rank === 1) flags = ['cssrs_low_risk'];
    } else {
      for (const rule of flagRules) {
        const observed = rule.itemIndex >= 0 ? (values[rule.itemIndex] as number) : sum;
        const threshold = rule.usesPcl5CutOff && cutOff !== undefined ? cutOff : rule.threshold;
        if (observed >= threshold) flags = flags === NO_FLAGS ? [rule.flag] : [...flags, rule.flag];
      }
    }

    const scored = new Array<ScoredItem>(n);
    for (let i = 0; i < n; i++) scored[i] = { itemId: itemIds[i]!, value: values[i]! };

    const base = {
      instrumentId,
      version,
      total: isTriage ? null : sum,
      severity: bandByTotal[isTriage ? rank : sum] ?? null,
      flags,
      // High risk on the C-SSRS screener: no dosing today, escalate now (CLINICAL.md §5).
      blocksDosing: rank === 3,
      items: scored,
    };
    if (clusterRule === undefined || clusters === undefined) return base;
    const scores: ClusterScore[] = clusters.map((c) => {
      let subscore = 0;
      let endorsed = 0;
      for (const i of c.indexes) {
        const value = values[i] as number;
        subscore += value;
        if (value >= clusterRule.endorsedAtLeast) endorsed++;
      }
      return { id: c.id, label: c.label, subscore, endorsed, required: c.required, met: endorsed >= c.required };
    });
    const met = scores.every((c) => c.met);
    return {
      ...base,
      flags: met ? [...base.flags, clusterRule.flag] : base.flags,
      clusters: { met, scores },
    };
  };
}

function anyYes(values: readonly (number | boolean | null)[], indexes: readonly number[]): boolean {
  for (const index of indexes) if (values[index] === true) return true;
  return false;
}

function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}

const scorers = new Map<InstrumentId, Scorer>();
for (const definition of Object.values(instruments)) scorers.set(definition.id, createScorer(definition));

/**
 * Scores one completed form. Throws `instrument_unknown` for an unknown id, `answers_invalid` naming every
 * missing, out-of-range or unknown item at once, `instrument_option_invalid` for a PCL-5 cut-off outside 31–33.
 */
export function scoreInstrument(instrumentId: string, answers: Answers, options?: ScoreOptions): InstrumentScore {
  const scorer = scorers.get(instrumentId as InstrumentId);
  if (scorer === undefined) throw instrumentUnknown(instrumentId);
  return scorer(answers, options);
}
