import type { SafetyAlertAction, SafetyAlertReason, SafetyAlertStatus } from './safety.js';
import type { AssignmentReason } from './schedule.js';

/** Words for the codes of questionnaires and safety alerts (re-exported by src/domain/labels). */
export const safetyAlertReasonLabels: Readonly<Record<SafetyAlertReason, string>> = {
  phq9_item9: 'PHQ-9 item 9: thoughts of being better off dead or of self-harm',
  cssrs_high: 'C-SSRS screener: high risk',
  cssrs_moderate: 'C-SSRS screener: moderate risk',
};

export const safetyAlertActionLabels: Readonly<Record<SafetyAlertAction, string>> = {
  called_patient_safe: 'Called the patient: safe for now, follow-up arranged',
  safety_plan_updated: 'Reviewed and updated the safety plan with the patient',
  urgent_appointment_booked: 'Booked an urgent appointment',
  referred_to_crisis_services: 'Referred to crisis services',
  emergency_services_contacted: 'Contacted emergency services (911)',
  answered_in_error: 'Answer given in error (confirmed with the patient)',
};

export const safetyAlertStatusLabels: Readonly<Record<SafetyAlertStatus, string>> = {
  open: 'Not yet acknowledged',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
};

export const assignmentReasonLabels: Readonly<Record<AssignmentReason, string>> = {
  pre_session: 'Before your session',
  induction_weekly: 'Weekly check-in',
  after_induction: 'Follow-up after your first series',
  maintenance: 'Regular check-in',
};
