import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../../src/domain/errors.js';
import {
  allowedNextStatuses,
  assertTransition,
  canTransition,
  patientStatuses,
} from '../../../../src/domain/chart/patient-status.js';

describe('patient status state machine', () => {
  it('follows intake → assessment → eligible → in induction → maintenance', () => {
    expect(canTransition('intake', 'assessment')).toBe(true);
    expect(canTransition('assessment', 'eligible')).toBe(true);
    expect(canTransition('eligible', 'in_induction')).toBe(true);
    expect(canTransition('in_induction', 'maintenance')).toBe(true);
  });

  it('can pause or discharge from every active status, and a discharged patient comes back through assessment', () => {
    for (const from of patientStatuses.filter((s) => s !== 'discharged' && s !== 'paused')) {
      expect(canTransition(from, 'paused'), from).toBe(true);
      expect(canTransition(from, 'discharged'), from).toBe(true);
    }
    expect(allowedNextStatuses('discharged')).toEqual(['assessment']);
  });

  it.each([
    ['intake', 'in_induction'],
    ['intake', 'maintenance'],
    ['assessment', 'in_induction'],
    ['discharged', 'maintenance'],
  ] as const)('refuses %s → %s, naming the allowed moves', (from, to) => {
    expect(() => assertTransition(from, to, { manual: true })).toThrow(DomainError);
    try {
      assertTransition(from, to, { manual: true });
    } catch (error) {
      expect((error as DomainError).code).toBe('patient_status_transition_invalid');
      expect((error as DomainError).details?.allowed).toEqual(allowedNextStatuses(from));
    }
  });

  it('makes a patient eligible only by a signed assessment, never by hand', () => {
    expect(() => assertTransition('assessment', 'eligible', { manual: true })).toThrow(
      /only when a prescriber signs an assessment/,
    );
    expect(() => assertTransition('assessment', 'eligible', { manual: false })).not.toThrow();
    expect(allowedNextStatuses('paused')).not.toContain('eligible');
  });

  it('treats staying put as no move', () => {
    expect(() => assertTransition('maintenance', 'maintenance', { manual: true })).not.toThrow();
  });
});
