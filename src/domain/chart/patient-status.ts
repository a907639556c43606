import { DomainError } from '../errors.js';

/**
 * Where a patient is in their care (issue 6): intake → assessment → eligible → in induction →
 * maintenance, with paused and discharged reachable from any active status.
 */
export const patientStatuses = [
  'intake',
  'assessment',
  'eligible',
  'in_induction',
  'maintenance',
  'paused',
  'discharged',
] as const;
export type PatientStatus = (typeof patientStatuses)[number];

export const isPatientStatus = (value: string): value is PatientStatus =>
  (patientStatuses as readonly string[]).includes(value);

export const patientStatusLabels: Readonly<Record<PatientStatus, string>> = {
  intake: 'Intake',
  assessment: 'Assessment',
  eligible: 'Eligible',
  in_induction: 'In induction',
  maintenance: 'Maintenance',
  paused: 'Paused',
  discharged: 'Discharged',
};

/** Every allowed move. */
const transitions: Readonly<Record<PatientStatus, readonly PatientStatus[]>> = {
  intake: ['assessment', 'paused', 'discharged'],
  // Reassessment after a not-eligible decision stays in 'assessment'.
  assessment: ['eligible', 'paused', 'discharged'],
  // Back to assessment when an amended assessment changes the decision.
  eligible: ['assessment', 'in_induction', 'paused', 'discharged'],
  in_induction: ['maintenance', 'paused', 'discharged'],
  // Re-induction after relapse (CLINICAL.md §4: maintenance is individual).
  maintenance: ['in_induction', 'paused', 'discharged'],
  paused: ['assessment', 'eligible', 'in_induction', 'maintenance', 'discharged'],
  // A returning patient is reassessed first.
  discharged: ['assessment'],
};

/**
 * Moves that follow only from a signed document, never by hand: 'eligible' needs a signed assessment
 * finding the patient eligible (CLINICAL.md §1 — "a prescriber signs it").
 */
const documentOnly: readonly PatientStatus[] = ['eligible'];

export function canTransition(from: PatientStatus, to: PatientStatus): boolean {
  return transitions[from].includes(to);
}

export function allowedNextStatuses(from: PatientStatus, manual = true): PatientStatus[] {
  return transitions[from].filter((to) => !manual || !documentOnly.includes(to));
}

/** Throws `patient_status_transition_invalid` naming the moves that are allowed. */
export function assertTransition(from: PatientStatus, to: PatientStatus, options: { manual: boolean }): void {
  if (from === to) return;
  const allowed = allowedNextStatuses(from, options.manual);
  if (!allowed.includes(to)) {
    const why =
      options.manual && documentOnly.includes(to) && canTransition(from, to)
        ? `A patient becomes ${patientStatusLabels[to].toLowerCase()} only when a prescriber signs an assessment that finds them eligible.`
        : `A patient cannot move from ${patientStatusLabels[from].toLowerCase()} to ${patientStatusLabels[to].toLowerCase()}.`;
    throw new DomainError('patient_status_transition_invalid', why, { details: { from, to, allowed } });
  }
}
