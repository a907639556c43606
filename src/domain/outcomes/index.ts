export { assessChange } from './change.js';
export type {
  BaselineScore,
  ChangeAssessment,
  ChangeInput,
  ChangePoint,
  EarlyImprovementCheck,
  OutcomeFinding,
  ScoreAt,
} from './change.js';
export type { Instant } from './instant.js';
export { outcomeRules } from './outcome-rules.js';
export type { OutcomeRules, RemissionRule } from './outcome-rules.js';
export { cohensDz, kaplanMeier, survivalAt, wilsonInterval, Z_95 } from './stats.js';
export type {
  KaplanMeierResult,
  KaplanMeierStep,
  PairedChange,
  PairedEffectSize,
  ProportionEstimate,
  SurvivalObservation,
} from './stats.js';
