export type * from './eligibility-input.js';
export { noFindings } from './eligibility-input.js';
export {
  assessEligibility,
  clearances,
  type Clearance,
  type EligibilityDecision,
  type EligibilityFinding,
  type EligibilityResult,
} from './assess-eligibility.js';
