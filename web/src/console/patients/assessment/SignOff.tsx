import type { EligibilityDecision, EligibilityResult } from '../../../../../src/domain/eligibility';
import { clearanceLabels, eligibilityDecisionLabels } from '../../../../../src/domain/labels';
import { errorFor, Notice, RadioGroup, TextField, type FormError } from '../../../shared/kit';

export interface SignOffState {
  decision: EligibilityDecision | '';
  clearanceNote: string;
  notEligibleReason: string;
  overrideReason: string;
}

export const emptySignOff: SignOffState = {
  decision: '',
  clearanceNote: '',
  notEligibleReason: '',
  overrideReason: '',
};

const strictness: Record<EligibilityDecision, number> = { not_eligible: 0, eligible_with_clearance: 1, eligible: 2 };

/** True when the prescriber decides less restrictively than the findings propose (a reason is required). */
export function isOverride(decision: EligibilityDecision | '', proposed: EligibilityDecision | undefined): boolean {
  return proposed !== undefined && decision !== '' && strictness[decision] > strictness[proposed];
}

/**
 * The prescriber's decision. It starts unchosen and never follows the live proposal on its own: the
 * proposal is shown beside it, and a decision that no longer matches a changed proposal is pointed out.
 */
export function SignOff({
  state,
  onChange,
  result,
  errors,
  busy,
  onSign,
}: {
  state: SignOffState;
  onChange: (state: SignOffState) => void;
  result: EligibilityResult | null;
  errors: readonly FormError[];
  busy: boolean;
  onSign: () => void;
}) {
  const proposed = result?.decision;
  const chosen = state.decision;
  const overriding = isOverride(chosen, proposed);
  const set = (patch: Partial<SignOffState>) => onChange({ ...state, ...patch });
  return (
    <section className="section" aria-labelledby="sign-off">
      <h2 id="sign-off">Sign the decision</h2>
      <RadioGroup
        name="decision"
        firstId="decision"
        legend="Your decision"
        value={chosen}
        onChange={(decision) => set({ decision })}
        hint={
          proposed
            ? `The findings propose: ${eligibilityDecisionLabels[proposed]}. Choose your decision.`
            : 'Enter the findings first; then choose your decision.'
        }
        error={errorFor(errors, 'decision')}
        choices={(['eligible', 'eligible_with_clearance', 'not_eligible'] as const).map((value) => ({
          value,
          label: eligibilityDecisionLabels[value],
        }))}
      />
      {proposed && chosen && chosen !== proposed ? (
        <Notice kind="warning" title="Your decision differs from the proposal">
          <p>
            The findings propose <strong>{eligibilityDecisionLabels[proposed]}</strong>; you chose{' '}
            <strong>{eligibilityDecisionLabels[chosen]}</strong>.
          </p>
        </Notice>
      ) : null}
      {chosen === 'eligible_with_clearance' ? (
        <TextField
          id="clearance-note"
          label="Which clearance, from whom"
          hint={
            result?.clearances.length
              ? `Needed: ${result.clearances.map((c) => clearanceLabels[c]).join(', ')}`
              : undefined
          }
          value={state.clearanceNote}
          onChange={(clearanceNote) => set({ clearanceNote })}
          error={errorFor(errors, 'clearance-note')}
        />
      ) : null}
      {chosen === 'not_eligible' ? (
        <TextField
          id="not-eligible-reason"
          label="Reason not eligible"
          value={state.notEligibleReason}
          onChange={(notEligibleReason) => set({ notEligibleReason })}
          error={errorFor(errors, 'not-eligible-reason')}
        />
      ) : null}
      {overriding ? (
        <TextField
          id="override-reason"
          label="Reason for deciding less restrictively than the findings"
          value={state.overrideReason}
          onChange={(overrideReason) => set({ overrideReason })}
          error={errorFor(errors, 'override-reason')}
        />
      ) : null}
      <button type="button" className="button" disabled={busy || !result} onClick={onSign}>
        Sign the assessment
      </button>
    </section>
  );
}
