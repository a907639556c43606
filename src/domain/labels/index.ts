import type { EligibilityDecision } from '../eligibility/assess-eligibility.js';
import type { InstrumentFlag, InstrumentId } from '../instruments/types.js';
import type { MaintenanceIntent } from '../chart/plan.js';
import type { WeightBasis } from '../dosing/body-weight.js';
import type { Route } from '../protocol/clinic-protocol.js';

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
};

/** What each audited action means, in the words the audit log shows. */
export const auditActionLabels: Readonly<Record<string, string>> = {
  'access.denied': 'Access refused',
  'account.mfa_disabled': 'Two-step verification turned off',
  'account.mfa_enabled': 'Two-step verification turned on',
  'account.mfa_enrolment_started': 'Two-step verification set-up started',
  'account.password_changed': 'Password changed',
  'account.self': 'Own account viewed',
  'assessments.amend': 'Assessment amendment started',
  'assessments.create': 'Assessment started',
  'assessments.list': 'Assessments listed',
  'assessments.read': 'Assessment viewed',
  'assessments.sign': 'Assessment signed',
  'assessments.update': 'Assessment draft saved',
  'assessments.write': 'Assessment written',
  'audit.read': 'Audit log viewed',
  'auth.login': 'Signed in',
  'auth.logout': 'Signed out',
  'clinic.setup': 'Clinic set up',
  'clinical_notes.write': 'Clinical record added',
  'consent_templates.create': 'Consent form created',
  'consent_templates.version': 'Consent form changed',
  'consents.list': 'Consents listed',
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
  'patients.manage': 'Patient record changed',
  'patients.portal_access': 'Portal access given',
  'patients.read': 'Chart viewed',
  'patients.search': 'Patients searched',
  'patients.status': 'Patient status changed',
  'patients.update': 'Patient details changed',
  'plans.create': 'Treatment plan drafted',
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
