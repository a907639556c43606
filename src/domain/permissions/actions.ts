/**
 * Every action a route or use-case can be guarded by. Later issues use the clinical ones; they are
 * listed now so the permission table is reviewed as one piece.
 */
export const actions = [
  // any signed-in person, about their own account
  'account.self',
  // a member of staff's home: what is waiting for them (each list needs its own permissions too)
  'worklist.read',
  // administration
  'users.read',
  'users.manage',
  'audit.read',
  'organization.manage',
  'protocol.manage',
  'reports.read',
  // the clinic's settings every member of staff works under: the protocol and the consent forms
  'clinic_settings.read',
  // front door
  'intake.read',
  'intake.manage',
  // patients and clinical records
  'patients.read',
  'patients.manage',
  'clinical_notes.read',
  'clinical_notes.write',
  'assessments.read',
  'assessments.write',
  'assessments.sign',
  'consents.record',
  'plans.read',
  'plans.write',
  'plans.sign',
  'orders.sign',
  'sessions.read',
  'sessions.schedule',
  'sessions.checkin',
  'sessions.record',
  'sessions.sign',
  'questionnaires.read',
  'questionnaires.assign',
  // acknowledge and resolve a safety alert raised from a portal questionnaire (issue 17)
  'safety_alerts.respond',
  // controlled-substance ledger (CLINICAL.md §6)
  'ledger.read',
  'ledger.record',
  'ledger.witness',
  'ledger.review',
  // patient portal: always about the patient's own record
  'portal.read',
  'portal.submit',
] as const;

export type Action = (typeof actions)[number];

export const isAction = (value: string): value is Action => (actions as readonly string[]).includes(value);
