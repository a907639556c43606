export { assessChange } from './change.js';
export type {
  BaselineScore,
  ChangeAssessment,
  ChangeInput,
  ChangePoint,
  EarlyImprovementCheck,
  OutcomeFinding,
  ResponseRemissionApplicability,
  ScoreAt,
} from './change.js';
export type { Instant } from './instant.js';
export { outcomeRules } from './outcome-rules.js';
export type { OutcomeRules, RemissionRule } from './outcome-rules.js';
export { cohensDz, kaplanMeier, KAPLAN_MEIER_MEDIAN_CONVENTION, survivalAt, wilsonInterval, Z_95 } from './stats.js';
export type {
  KaplanMeierMedianRule,
  KaplanMeierResult,
  KaplanMeierStep,
  PairedChange,
  PairedEffectSize,
  ProportionEstimate,
  SurvivalObservation,
} from './stats.js';
export { assessCourse } from './course.js';
export type {
  CourseInput,
  CoursePlan,
  CourseScore,
  InstrumentCourse,
  MaintenanceCheck,
  MaintenanceReason,
  NonResponseCheck,
} from './course.js';
export { maintenanceRules } from './maintenance-rules.js';
export type { MaintenanceRule } from './maintenance-rules.js';
