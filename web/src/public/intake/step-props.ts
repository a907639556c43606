import type { IntakeState } from './state.js';

export interface StepProps {
  readonly state: IntakeState;
  /** Changes the answers (and forgets the idempotency key: changed answers are a new request). */
  readonly update: (change: (state: IntakeState) => IntakeState) => void;
  /** Field id → message, for the errors shown beside fields. */
  readonly errors: Readonly<Record<string, string>>;
}
