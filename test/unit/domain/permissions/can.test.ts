import { describe, expect, it } from 'vitest';
import {
  actions,
  can,
  canSeeRecord,
  permissionsOf,
  requiresMfa,
  staffPermissions,
  staffRoles,
  type Principal,
} from '../../../../src/domain/permissions/index.js';

const staff = (...roles: string[]): Principal => ({
  userId: 'u',
  organizationId: 'org-a',
  kind: 'staff',
  roles,
  patientId: null,
});
const patient: Principal = { userId: 'p', organizationId: 'org-a', kind: 'patient', roles: [], patientId: 'patient-1' };

describe('the permission table', () => {
  it.each([
    ['coordinator', 'clinical_notes.read', false],
    ['coordinator', 'intake.manage', true],
    ['coordinator', 'sessions.schedule', true],
    ['coordinator', 'ledger.record', false],
    ['nurse', 'sessions.record', true],
    ['nurse', 'orders.sign', false],
    ['nurse', 'ledger.witness', true],
    ['nurse', 'ledger.review', false],
    ['prescriber', 'ledger.review', true],
    ['admin', 'ledger.review', true],
    ['admin', 'ledger.record', false],
    ['coordinator', 'ledger.read', false],
    ['prescriber', 'assessments.sign', true],
    ['prescriber', 'plans.sign', true],
    ['prescriber', 'users.manage', false],
    ['admin', 'users.manage', true],
    ['admin', 'audit.read', true],
    ['admin', 'clinical_notes.read', false],
    ['admin', 'orders.sign', false],
    // README role table: admins read no intakes or patient records, but do read the clinic's settings
    ['admin', 'intake.read', false],
    ['admin', 'patients.read', false],
    ['admin', 'clinic_settings.read', true],
    ['nurse', 'clinic_settings.read', true],
  ] as const)('%s may %s: %s', (role, action, expected) => {
    expect(can(staff(role), action)).toBe(expected);
  });

  it('gives several roles the union of their actions', () => {
    expect(can(staff('admin', 'nurse'), 'users.manage')).toBe(true);
    expect(can(staff('admin', 'nurse'), 'sessions.record')).toBe(true);
    expect(permissionsOf(staff('admin', 'nurse'))).toEqual(
      [...new Set([...staffPermissions.admin, ...staffPermissions.nurse])].sort(),
    );
  });

  it('gives a patient only their portal and their own account, whatever roles the row claims', () => {
    expect(permissionsOf(patient)).toEqual(['account.self', 'portal.read', 'portal.submit']);
    expect(can({ ...patient, roles: ['admin'] }, 'users.manage')).toBe(false);
  });

  it('grants nothing to nobody, to an unknown role, or to a staff user without roles', () => {
    expect(can(null, 'account.self')).toBe(false);
    expect(can(staff('superuser'), 'users.read')).toBe(false);
    expect(can(staff(), 'account.self')).toBe(false);
  });

  it('lists only known actions, and every signed-in kind of person may manage their own account', () => {
    for (const role of staffRoles) {
      for (const action of staffPermissions[role]) expect(actions).toContain(action);
      expect(can(staff(role), 'account.self')).toBe(true);
    }
    expect(can(patient, 'account.self')).toBe(true);
  });

  it('requires MFA for admins and prescribers only', () => {
    expect(requiresMfa(['admin'])).toBe(true);
    expect(requiresMfa(['nurse', 'prescriber'])).toBe(true);
    expect(requiresMfa(['nurse', 'coordinator'])).toBe(false);
  });
});

describe('record scoping', () => {
  it('lets staff see their organization’s records only', () => {
    expect(canSeeRecord(staff('nurse'), { organizationId: 'org-a', patientId: 'x' })).toBe(true);
    expect(canSeeRecord(staff('admin'), { organizationId: 'org-b', patientId: 'x' })).toBe(false);
  });

  it('lets a patient see only their own record', () => {
    expect(canSeeRecord(patient, { organizationId: 'org-a', patientId: 'patient-1' })).toBe(true);
    expect(canSeeRecord(patient, { organizationId: 'org-a', patientId: 'patient-2' })).toBe(false);
    expect(canSeeRecord(patient, { organizationId: 'org-a', patientId: null })).toBe(false);
    expect(canSeeRecord(patient, { organizationId: 'org-b', patientId: 'patient-1' })).toBe(false);
  });
});
