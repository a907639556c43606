import type { Action } from './actions.js';
import type { StaffRole } from './roles.js';

/**
 * The one permission table: role → actions. A user with several roles may do the union.
 * Coordinators schedule and check in, but see no clinical notes beyond what scheduling needs
 * (DESIGN.md); nurses run sessions and the ledger under a prescriber's signed order; only
 * prescribers sign assessments, plans, orders and session records.
 */
export const staffPermissions: Readonly<Record<StaffRole, readonly Action[]>> = {
  admin: [
    'account.self',
    'worklist.read',
    'users.read',
    'users.manage',
    'audit.read',
    'organization.manage',
    'protocol.manage',
    'reports.read',
    'clinic_settings.read',
    // No intake.read or patients.read: the README's role table gives admins no patient records
    // (issue 13: admins saw intake scores and the patient list).
    'sessions.read',
    'ledger.read',
    'ledger.review',
  ],
  prescriber: [
    'account.self',
    'worklist.read',
    'clinic_settings.read',
    'reports.read',
    'intake.read',
    'intake.manage',
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
    'safety_alerts.respond',
    'ledger.read',
    'ledger.record',
    'ledger.witness',
    'ledger.review',
  ],
  nurse: [
    'account.self',
    'worklist.read',
    'clinic_settings.read',
    'patients.read',
    'clinical_notes.read',
    'clinical_notes.write',
    'assessments.read',
    'plans.read',
    'sessions.read',
    'sessions.checkin',
    'sessions.record',
    'questionnaires.read',
    'questionnaires.assign',
    'safety_alerts.respond',
    'ledger.read',
    'ledger.record',
    'ledger.witness',
  ],
  coordinator: [
    'account.self',
    'worklist.read',
    'clinic_settings.read',
    'intake.read',
    'intake.manage',
    'patients.read',
    'patients.manage',
    'plans.read',
    'sessions.read',
    'sessions.schedule',
    'sessions.checkin',
    'questionnaires.assign',
  ],
};

/** Portal users reach only their own record; every portal use-case scopes by their patient id. */
export const patientPermissions: readonly Action[] = ['account.self', 'portal.read', 'portal.submit'];
