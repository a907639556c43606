import type { EligibilityDecision, EligibilityResult } from '../eligibility/index.js';
import { DomainError, type FieldError } from '../errors.js';

/**
 * The prescriber's sign-off on the domain's eligibility proposal (CLINICAL.md §1: "A prescriber signs
 * it"). The prescriber may be stricter than the proposal at will; a less restrictive decision (e.g.
 * eligible when the rules found an exclusion) is an override and needs a reason on the record.
 */
export interface SignOffInput {
  readonly decision: EligibilityDecision;
  /** What clearance is needed (eligible_with_clearance). */
  readonly clearanceNote?: string | null | undefined;
  /** Why not (not_eligible). */
  readonly notEligibleReason?: string | null | undefined;
  /** Why the decision is less restrictive than the proposal. */
  readonly overrideReason?: string | null | undefined;
}

export interface SignOff {
  readonly decision: EligibilityDecision;
  readonly clearanceNote: string | null;
  readonly notEligibleReason: string | null;
  readonly overrideReason: string | null;
  readonly overridesProposal: boolean;
}

const strictness: Readonly<Record<EligibilityDecision, number>> = {
  not_eligible: 0,
  eligible_with_clearance: 1,
  eligible: 2,
};

const text = (value: string | null | undefined): string | null => {
  const t = value?.trim() ?? '';
  return t.length > 0 ? t : null;
};

export function checkSignOff(result: EligibilityResult, input: SignOffInput): SignOff {
  const errors: FieldError[] = [];
  const clearanceNote = text(input.clearanceNote);
  const notEligibleReason = text(input.notEligibleReason);
  const overrideReason = text(input.overrideReason);
  if (input.decision === 'eligible_with_clearance' && clearanceNote === null) {
    errors.push({
      path: '/clearanceNote',
      message: 'Say which clearance is needed (e.g. cardiology) before the first session',
    });
  }
  if (input.decision === 'not_eligible' && notEligibleReason === null) {
    errors.push({ path: '/notEligibleReason', message: 'Give the reason the patient is not eligible' });
  }
  const overridesProposal = strictness[input.decision] > strictness[result.decision];
  if (overridesProposal && overrideReason === null) {
    errors.push({
      path: '/overrideReason',
      message: `The findings propose ${result.decision.replaceAll('_', ' ')}; give the reason for deciding ${input.decision.replaceAll('_', ' ')}`,
    });
  }
  if (errors.length > 0) {
    throw new DomainError('assessment_decision_invalid', errors[0]!.message, {
      errors,
      details: { proposed: result.decision, decided: input.decision },
    });
  }
  return {
    decision: input.decision,
    clearanceNote,
    notEligibleReason,
    overrideReason: overridesProposal ? overrideReason : null,
    overridesProposal,
  };
}
