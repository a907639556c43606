import type { EligibilityDecision } from '../eligibility/assess-eligibility.js';
import type { InstrumentFlag, InstrumentId } from '../instruments/types.js';
import type { MaintenanceIntent, PlanRoute } from '../chart/plan.js';
import type { WeightBasis } from '../dosing/body-weight.js';
import type { Route } from '../protocol/clinic-protocol.js';
import type { RemsItem, RemsLevel } from '../session/esketamine-rems.js';

/**
 * The words people read for every code the system stores. Screens and timeline summaries show these, never
 * the code itself; each table is typed against its code union so a new code does not compile without a
 * label, and test/unit/domain/labels.test.ts checks the codes that are not unions (audit actions, chart
 * fields) against the source.
 */

export const sexLabels: Readonly<Record<'female' | 'male', string>> = { female: 'Female', male: 'Male' };

export const instrumentLabels: Readonly<Record<InstrumentId, string>> = {
  phq9: 'PHQ-9',
  gad7: 'GAD-7',
  pcl5: 'PCL-5',
  madrs: 'MADRS',
  qids_sr16: 'QIDS-SR16',
  cadss: 'CADSS',
  cadss6: 'CADSS-6',
  cssrs_screener: 'C-SSRS screener',
  pain_nrs: 'Pain (0–10)',
};

export const instrumentFlagLabels: Readonly<Record<InstrumentFlag, string>> = {
  suicide_risk_review: 'Suicide risk: review today',
  probable_gad: 'Probable generalised anxiety disorder',
  provisional_ptsd: 'Provisional PTSD',
  provisional_ptsd_dsm5: 'Provisional PTSD (DSM-5 symptom pattern)',
  cssrs_low_risk: 'C-SSRS: low risk',
  cssrs_high_risk: 'C-SSRS: high risk',
  cssrs_moderate_risk: 'C-SSRS: moderate risk',
};

export const eligibilityDecisionLabels: Readonly<Record<EligibilityDecision, string>> = {
  eligible: 'Eligible',
  eligible_with_clearance: 'Eligible with clearance',
  not_eligible: 'Not eligible',
};

export const routeLabels: Readonly<Record<Route, string>> = {
  IV: 'Intravenous (IV)',
  IM: 'Intramuscular (IM)',
  SC: 'Subcutaneous (SC)',
};

/** A plan's route: ketamine IV or IM, or esketamine nasal spray. */
export const planRouteLabels: Readonly<Record<PlanRoute, string>> = {
  IV: 'Intravenous (IV)',
  IM: 'Intramuscular (IM)',
  IN: 'Intranasal esketamine (IN)',
};

export const weightBasisLabels: Readonly<Record<WeightBasis, string>> = {
  actual: 'Actual body weight',
  ideal: 'Ideal body weight',
  adjusted: 'Adjusted body weight',
};

export const maintenanceIntentLabels: Readonly<Record<MaintenanceIntent, string>> = {
  individual: 'Individual, decided at review',
  andrade2017: 'Weekly × 4, then every 2–4 weeks (Andrade 2017)',
  esketamine_label: 'Esketamine-label taper',
  none: 'None planned',
};

/** The esketamine REMS monitoring checks (src/domain/session/esketamine-rems.ts). */
export const remsItemLabels: Readonly<Record<RemsItem, string>> = {
  dose_time: 'Time of the dose',
  bp_before_dose: 'Blood pressure before dosing',
  bp_40_min: 'Blood pressure about 40 min after the dose',
  sedation_assessed: 'Sedation assessed',
  dissociation_assessed: 'Dissociation assessed',
  sedation_resolved: 'Sedation resolved',
  dissociation_resolved: 'Dissociation resolved',
  observation_2h: '2 hours of observation',
  bp_before_discharge: 'Blood pressure before discharge',
};

export const remsLevelLabels: Readonly<Record<RemsLevel, string>> = {
  none: 'None',
  mild: 'Mild',
  moderate: 'Moderate',
  severe: 'Severe',
};

export const documentStatusLabels: Readonly<Record<'draft' | 'signed' | 'superseded' | 'withdrawn', string>> = {
  draft: 'Draft',
  signed: 'Signed',
  superseded: 'Superseded',
  withdrawn: 'Withdrawn',
};

export const allergySeverityLabels: Readonly<Record<'mild' | 'moderate' | 'severe' | 'unknown', string>> = {
  mild: 'Mild',
  moderate: 'Moderate',
  severe: 'Severe',
  unknown: 'Severity unknown',
};

export const findingSeverityLabels: Readonly<Record<'exclusion' | 'caution' | 'needs_clearance', string>> = {
  exclusion: 'Excludes treatment',
  caution: 'Caution',
  needs_clearance: 'Needs clearance',
};

/** Fields of a patient's chart, as a change to them is described ("Chart updated: phone, weight"). */
export const patientFieldLabels: Readonly<Record<string, string>> = {
  givenName: 'first name',
  familyName: 'last name',
  dateOfBirth: 'date of birth',
  sex: 'sex',
  phone: 'phone',
  email: 'email',
  address: 'address',
  companion: 'companion / driver',
  emergencyContact: 'emergency contact',
  heightCm: 'height',
  weightKg: 'weight',
  substanceUse: 'substance use',
  medicalHistory: 'medical history',
};

/** Keys of the history questions kept on the chart (substance use, medical history). */
export const historyLabels: Readonly<Record<string, string>> = {
  alcohol: 'Alcohol',
  cannabis: 'Cannabis',
  other: 'Other substances',
  hypertension: 'High blood pressure',
  cardiovascular: 'Heart or blood vessel disease',
  aneurysmOrAvm: 'Aneurysm or arteriovenous malformation',
  raisedIntracranialPressure: 'Raised pressure in the skull',
  raisedIntraocularPressure: 'Raised pressure in the eye (for example glaucoma)',
  psychosis: 'Psychosis',
  mania: 'Mania or hypomania',
  pregnancy: 'Pregnancy',
};

/** Where an email the clinic sends stands (the email outbox). */
export const emailStatusLabels: Readonly<Record<'outbox' | 'pending' | 'sent' | 'failed', string>> = {
  outbox: 'Held in the outbox (no mail server set)',
  pending: 'Waiting to be sent',
  sent: 'Sent',
  failed: 'Could not be sent',
};

export { appointmentStatusLabels } from '../scheduling/status.js';

/** What an audit entry was about. */
export const resourceTypeLabels: Readonly<Record<string, string>> = {
  assessment: 'Assessment',
  audit_log: 'Audit log',
  consent: 'Consent',
  consent_template: 'Consent form',
  intake: 'Intake',
  patient: 'Patient record',
  patient_document: 'Uploaded document',
  plan: 'Treatment plan',
  protocol: 'Clinic protocol',
  user: 'User account',
  worklist: 'Worklist',
  clinic: 'Clinic',
  session: 'Sign-in session',
  allergy: 'Allergy',
  diagnosis: 'Diagnosis',
  medication: 'Medication',
  vitals: 'Vital signs',
  questionnaire: 'Questionnaire',
  appointment: 'Appointment',
  appointment_series: 'Series of appointments',
  appointment_type: 'Visit type',
  calendar_feed: 'Calendar feed',
  chair: 'Treatment chair',
  email_outbox: 'Email outbox',
  location: 'Clinic location',
  treatment_plan: 'Treatment plan',
  treatment_session: 'Treatment session',
  cs_count: 'Controlled-substance count',
  cs_dispensing_log: 'Dispensing log',
  cs_disposal: 'Controlled-substance disposal',
  cs_inventory: 'Controlled-substance inventory',
  cs_ledger_entry: 'Controlled-substance record entry',
  cs_loss_report: 'Loss or theft report',
  cs_product: 'Controlled-substance product',
  cs_receipt: 'Controlled-substance delivery',
  cs_vial: 'Vial',
  questionnaire_schedule: 'Questionnaire schedule',
  questionnaire_assignment: 'Questionnaire to fill in',
  questionnaire_result: 'Questionnaire result',
  safety_alert: 'Safety alert',
  organization: 'Clinic settings',
  measurements: 'Measurements and outcomes',
  measurement_list: 'Measurement-based care list',
};

/** What each audited action means, in the words the audit log shows. */
export const auditActionLabels: Readonly<Record<string, string>> = {
  'portal.questionnaires_read': 'Patient viewed their questionnaires',
  'portal.questionnaire_read': 'Patient opened a questionnaire',
  'portal.questionnaire_answer': 'Patient saved an answer',
  'portal.questionnaire_submit': 'Patient sent a questionnaire',
  'questionnaires.schedule_read': 'Viewed the questionnaire schedule',
  'questionnaires.schedule_update': 'Changed the questionnaire schedule',
  'questionnaires.reminder': 'Questionnaire reminder sent',
  'questionnaires.overdue_list': 'Viewed patients with overdue questionnaires',
  'safety_alerts.raise': 'Safety alert raised',
  'safety_alerts.list': 'Viewed safety alerts',
  'safety_alerts.read': 'Viewed a safety alert',
  'safety_alerts.acknowledge': 'Acknowledged a safety alert',
  'safety_alerts.resolve': 'Resolved a safety alert',
  'safety_alerts.escalate': 'Safety alert escalated (not acknowledged in time)',
  'safety_alerts.settings_update': 'Changed the safety-alert escalation time',
  'questionnaires.read': 'Questionnaires viewed',
  'portal.submit': 'Patient sent something from the portal',
  'safety_alerts.respond': 'Responded to a safety alert',
  'access.denied': 'Access refused',
  'account.mfa_disabled': 'Two-step verification turned off',
  'account.mfa_enabled': 'Two-step verification turned on',
  'account.mfa_enrolment_started': 'Two-step verification set-up started',
  'account.password_changed': 'Password changed',
  'account.self': 'Own account viewed',
  'assessments.amend': 'Assessment amendment started',
  'assessments.create': 'Assessment started',
  'assessments.discard': 'Assessment draft discarded',
  'assessments.list': 'Assessments listed',
  'assessments.read': 'Assessment viewed',
  'assessments.sign': 'Assessment signed',
  'assessments.update': 'Assessment draft saved',
  'assessments.write': 'Assessment written',
  'audit.read': 'Audit log viewed',
  'auth.login': 'Signed in',
  'auth.logout': 'Signed out',
  'auth.reauthenticate': 'Took the tablet back from the patient (password checked)',
  'clinic.setup': 'Clinic set up',
  'chart.no_known_allergies.set': '"No known drug allergies" recorded or taken off',
  'clinic_settings.read': 'Clinic settings viewed',
  'clinical_notes.write': 'Clinical record added',
  'consent_templates.create': 'Consent form created',
  'consent_templates.version': 'Consent form changed',
  'consents.list': 'Consents listed',
  'consents.record': 'Consent recorded in the clinic',
  'consents.sign': 'Consent signed',
  'consents.withdraw': 'Consent withdrawn',
  'documents.download': 'Document opened',
  'documents.list': 'Documents listed',
  'documents.retract': 'Document retracted',
  'documents.upload': 'Document uploaded',
  'intake.assign': 'Intake assigned',
  'intake.contacted': 'Intake marked contacted',
  'intake.convert': 'Intake converted to a chart',
  'intake.decline': 'Intake declined',
  'intake.list': 'Intake queue viewed',
  'intake.manage': 'Intake changed',
  'intake.note': 'Intake note added',
  'intake.read': 'Intake viewed',
  'intake.urgent_notice': 'Urgent intake: prescribers and coordinators emailed',
  'patients.manage': 'Patient record changed',
  'patients.portal_access': 'Portal access given',
  // the patient portal's account and pages (issue 17, decision 020)
  'patients.portal_invitation': 'Portal invitation sent',
  'portal.invitation_accepted': 'Portal invitation accepted',
  'portal.password_reset_requested': 'Portal password reset asked for',
  'portal.password_reset': 'Portal password reset',
  'portal.home.read': 'Portal home viewed',
  'portal.progress.read': 'Portal progress viewed',
  'portal.documents.read': 'Portal shared documents viewed',
  'portal.document.read': 'Portal shared document opened',
  'portal.appointment_confirmed': 'Session confirmed in the portal',
  'documents.share': 'Document shared with the patient',
  'documents.unshare': 'Document no longer shared with the patient',
  'patients.read': 'Chart viewed',
  'patients.search': 'Patients searched',
  'patients.status': 'Patient status changed',
  'patients.update': 'Patient details changed',
  'plans.create': 'Treatment plan drafted',
  'plans.discard': 'Treatment plan draft discarded',
  'plans.list': 'Treatment plans listed',
  'plans.read': 'Treatment plan viewed',
  'plans.sign': 'Treatment plan signed',
  'plans.update': 'Treatment plan draft saved',
  'plans.write': 'Treatment plan written',
  'portal.read': 'Portal record viewed',
  'protocol.manage': 'Clinic protocol changed',
  'protocols.create': 'Clinic protocol version saved',
  'protocols.read': 'Clinic protocol viewed',
  'users.create': 'User invited',
  'users.manage': 'User changed',
  'users.read': 'User viewed',
  'users.revoke_sessions': 'User signed out everywhere',
  'users.role_grant_requested': 'Role change requested',
  'organization.manage': 'Clinic settings changed',
  'users.update': 'User changed',
  'worklist.read': 'Worklist viewed',
  'measurements.read': 'Measurements and outcomes viewed',
  'measurements.export': 'Measurement history exported',
  'measurements.list': 'Measurement-based care list viewed',
  'appointment.book': 'Booked an appointment',
  'appointment.confirmed_by_patient': 'Appointment confirmed by the patient',
  'appointment.read': 'Appointment viewed',
  'appointment.reminder': 'Appointment reminder sent',
  'appointment.reschedule': 'Appointment moved',
  'appointment_type.update': 'Visit type changed',
  'calendar_feed.create': 'Calendar feed created',
  'calendar_feed.list': 'Calendar feeds listed',
  'calendar_feed.read': 'Calendar feed read',
  'calendar_feed.revoke': 'Calendar feed revoked',
  'chair.create': 'Treatment chair added',
  'chair.update': 'Treatment chair changed',
  'email_outbox.read': 'Email outbox viewed',
  'location.create': 'Clinic location added',
  'location.update': 'Clinic location changed',
  'schedule.read': 'Schedule viewed',
  'series.book': 'Series of appointments booked',
  'series.propose': 'Series of appointments proposed',
  'series.rebook': 'Series of appointments rebooked',
  'series.replan': 'Series of appointments replanned',
  'staff_hours.update': 'Staff working hours changed',
  'sessions.alert.acknowledge': 'Session alert acknowledged',
  'sessions.amend': 'Session record amended',
  'sessions.board': 'Treatment board viewed',
  'sessions.board.stream': 'Treatment board followed live',
  'sessions.checkin': 'Patient checked in',
  'sessions.cosign': 'Session record co-signed',
  'sessions.discharge': 'Patient discharged',
  'sessions.end': 'Session ended without a dose',
  'sessions.note_pdf': 'Session note downloaded as PDF',
  'sessions.order': 'Dose ordered',
  'sessions.override': 'Pre-treatment hold overridden',
  'sessions.prechecks': 'Pre-treatment checks recorded',
  'sessions.questionnaire': 'Pre-session questionnaire recorded',
  'sessions.read': 'Treatment session viewed',
  'sessions.record': 'Treatment session recorded',
  'sessions.schedule': 'Schedule changed',
  'sessions.sign': 'Session record signed',
  'sessions.start': 'Dose started',
  'sessions.vials': 'Vials for a dose listed',
  'sessions.vitals': 'Vital signs recorded',
  'sessions.waste': 'Rest of a session vial wasted (witnessed)',
  'sessions.bag_waste': 'Undelivered drug in an IV bag wasted (witnessed)',
  'ledger.count': 'Controlled-substance count recorded',
  'ledger.count_resolve': 'Count discrepancy explained',
  'ledger.correction': 'Controlled-substance register entry corrected',
  'ledger.destruction': 'Controlled substance destroyed or returned',
  'ledger.dispensing_log': 'Dispensing log viewed',
  'ledger.inventory': 'Controlled-substance inventory taken',
  'ledger.inventory_export': 'Controlled-substance inventory downloaded',
  'ledger.loss_report': 'Loss or theft reported',
  'ledger.loss_report_update': 'Loss or theft report updated',
  'ledger.product_create': 'Controlled-substance product added',
  'ledger.read': 'Controlled-substance records viewed',
  'ledger.receipt': 'Controlled-substance delivery received',
  'ledger.record': 'Controlled-substance record written',
  'ledger.review': 'Controlled-substance records reviewed',
  'ledger.vial_read': 'Vial record viewed',
  'ledger.waste': 'Controlled substance wasted (witnessed)',
  'ledger.witness_confirm': 'Witness confirmation',
};

/** "aneurysmOrAvm" → "Aneurysm or avm": only for a key that has no label yet (the labels test lists those). */
export function humanizeCode(code: string): string {
  const words = code
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_.]+/g, ' ')
    .trim()
    .toLowerCase();
  return words ? words[0]!.toUpperCase() + words.slice(1) : code;
}

export function labelOf(table: Readonly<Record<string, string>>, code: string): string {
  return table[code] ?? humanizeCode(code);
}

export { clearanceLabels } from '../chart/uploaded-documents.js';

export {
  safetyAlertReasonLabels,
  safetyAlertActionLabels,
  safetyAlertStatusLabels,
  assignmentReasonLabels,
} from '../questionnaires/labels.js';
export * from './measurements.js';
