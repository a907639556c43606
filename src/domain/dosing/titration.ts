import { DomainError } from '../errors.js';
import { add, compare, fraction, toNumber } from './exact-decimal.js';

export interface TitrationInput {
  readonly currentMgPerKg: number;
  /** e.g. 0.1 mg/kg per session (SC: Loo 2016; IV community titration, CLINICAL.md §2). */
  readonly stepMgPerKg: number;
  /** The protocol's maximum without override for the route. */
  readonly maxMgPerKg: number;
}

export type TitrationSuggestion =
  | { readonly status: 'increase'; readonly nextMgPerKg: number }
  /** The step would pass the maximum: suggest the maximum itself. */
  | { readonly status: 'capped_at_maximum'; readonly nextMgPerKg: number }
  /** Already at (or, by override, above) the maximum: no automatic increase. */
  | { readonly status: 'at_maximum'; readonly nextMgPerKg: number };

/**
 * The next mg/kg if the prescriber titrates up. A suggestion only — the prescriber decides, and a dose
 * above the maximum still needs an override. Exact decimals, so 0.2 + 0.1 is 0.3.
 */
export function suggestNextMgPerKg(input: TitrationInput): TitrationSuggestion {
  const fields = [
    ['/currentMgPerKg', input.currentMgPerKg],
    ['/stepMgPerKg', input.stepMgPerKg],
    ['/maxMgPerKg', input.maxMgPerKg],
  ] as const;
  const errors = fields
    .filter(([, value]) => !Number.isFinite(value) || value <= 0)
    .map(([path]) => ({ path, message: 'must be a positive number' }));
  if (errors.length > 0) throw new DomainError('validation_failed', 'Cannot suggest a titration step.', { errors });

  const current = fraction(input.currentMgPerKg);
  const max = fraction(input.maxMgPerKg);
  if (compare(current, max) >= 0) return { status: 'at_maximum', nextMgPerKg: input.currentMgPerKg };
  const next = add(current, fraction(input.stepMgPerKg));
  if (compare(next, max) > 0) return { status: 'capped_at_maximum', nextMgPerKg: input.maxMgPerKg };
  return { status: 'increase', nextMgPerKg: toNumber(next, 6) };
}
