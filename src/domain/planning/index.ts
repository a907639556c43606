export { slotOn, type ClinicCalendar, type DaySlot, type OpeningHours, type SlotFinder } from './clinic-calendar.js';
export type { PlannedSession } from './planned-session.js';
export {
  planInductionSeries,
  type InductionPlan,
  type InductionPlanInput,
  type SeriesConstraints,
} from './induction-series.js';
export {
  cadenceGaps,
  maintenancePresets,
  planMaintenanceSeries,
  type MaintenancePhase,
  type MaintenancePlanInput,
  type MaintenanceSession,
} from './maintenance-series.js';
