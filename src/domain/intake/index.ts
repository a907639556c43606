export { conditionIds, conditionOptions, isConditionId, type ConditionId, type ConditionOption } from './conditions.js';
export {
  contactMethodIds,
  contactMethodOptions,
  contactTimeIds,
  contactTimeOptions,
  type ContactMethodId,
  type ContactTimeId,
} from './contact-times.js';
export { crisisResources } from './crisis-resources.js';
export { cssrsQuestions, type CssrsQuestion } from './cssrs-questions.js';
export { declineEmailTemplate, type DeclineEmailInput } from './decline-email.js';
export {
  evaluateIntake,
  intakeDateOfBirthProblem,
  type IntakeEvaluation,
  type IntakeScore,
} from './evaluate-intake.js';
export type { InstrumentAnswers, IntakeSubmission } from './intake-submission.js';
export {
  prescreenAnswers,
  prescreenFlags,
  prescreenQuestionIds,
  prescreenQuestions,
  prescreenQuestionsIn,
  type PrescreenAnswer,
  type PrescreenFlag,
  type PrescreenGroup,
  type PrescreenQuestion,
  type PrescreenSeverity,
} from './prescreen.js';
export {
  intakeInstrumentIds,
  requiredInstruments,
  type IntakeInstrumentId,
  type RequiredInstrumentsInput,
} from './required-instruments.js';
export { usStates } from './us-states.js';
export {
  cssrsRiskSoFar,
  showsCrisisResources,
  urgencyOf,
  urgentReasonLabels,
  type CssrsRiskSoFar,
  type UrgentReason,
} from './urgency.js';
