export type * from './vital-signs.js';
export { finiteVital, missingVitals, vitalKeys } from './vital-signs.js';
export {
  assessVitals,
  endOrganSymptomLabels,
  endOrganSymptoms,
  type AlertLevel,
  type EndOrganSymptom,
  type VitalAlert,
  type VitalReading,
} from './vital-alerts.js';
export {
  isOverridable,
  nothingEarlierToday,
  preDoseGate,
  type EarlierToday,
  type HoldCode,
  type HoldOverride,
  type HoldReason,
  type PreDoseInput,
  type PreDoseResult,
  type RejectedOverrideReason,
  type CssrsRisk,
  type TodaysCssrs,
  type StaffRole,
} from './pre-dose-gate.js';
export { nextVitalsDue, type VitalsDue, type VitalsScheduleInput } from './vitals-schedule.js';
export {
  dischargeReadiness,
  type DischargeGap,
  type DischargeInput,
  type DischargeReadiness,
} from './discharge-readiness.js';
export {
  aldreteItems,
  aldreteOptions,
  modifiedAldreteScore,
  type AldreteForm,
  type AldreteItem,
  type AldreteScore,
} from './aldrete.js';
export {
  esketamineDeviceMg,
  esketamineDevices,
  esketamineDosesMg,
  remsCompleteness,
  remsDefaults,
  remsLevels,
  remsObservationEndsAt,
  remsObservationMinutes,
  type EsketamineDoseMg,
  type RemsAssessment,
  type RemsAssessmentKind,
  type RemsBloodPressure,
  type RemsCheck,
  type RemsInput,
  type RemsItem,
  type RemsLevel,
  type RemsResult,
} from './esketamine-rems.js';
export { bagRemainder, type BagRemainder, type BagRemainderInput } from './bag-remainder.js';
