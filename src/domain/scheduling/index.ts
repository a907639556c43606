export {
  appointmentKindLabels,
  appointmentKinds,
  defaultAppointmentTypes,
  type AppointmentKind,
  type AppointmentPhases,
  type AppointmentTypeDefinition,
  type StaffRoleNeeded,
} from './appointment-types.js';
export {
  dosingClashMessage,
  dosingKinds,
  dosingSpacingClash,
  dosingSpacingErrors,
  isDosing,
  sameDayOnly,
  type BookedAppointment,
  type DosingCandidate,
  type DosingClash,
  type DosingSpacing,
  type DosingTime,
} from './dosing-spacing.js';
export { resolveBookingTime, type BookingTime, type BookingTimeRequest } from './booking-time.js';
export {
  ScheduleIndex,
  slotStepMinutes,
  type BusyInterval,
  type FoundSlot,
  type LocationSchedule,
  type StaffAvailability,
} from './slots.js';
export {
  proposeSeries,
  replanAfterCancellation,
  seriesSpacingErrors,
  type BookedSeriesSession,
  type ProposedSession,
  type SeriesPlanKind,
  type SeriesProposalInput,
  type SeriesSessionTime,
} from './series.js';
export {
  appointmentStatusLabels,
  appointmentStatuses,
  assertTransition,
  checkInOpensMinutesBefore,
  holdingStatuses,
  isHolding,
  isLateCancellation,
  lateCancelHours,
  nextStatuses,
  type AppointmentStatus,
  type TransitionContext,
} from './status.js';
export { composeReminderEmail, longDate, type ReminderEmailInput } from './reminder-email.js';
export { vtimezone, zoneTransitions, type ZoneTransition } from './vtimezone.js';
