import type { InstrumentScore } from '../instruments/types.js';

/**
 * Safety alerts from questionnaires a patient submits at home (issue 17). Nobody in the clinic is watching
 * when the patient answers, so the answer itself must reach a prescriber at once:
 * - PHQ-9 item 9 above "Not at all" → a suicide risk assessment now (CLINICAL.md §5; Kroenke 2001);
 * - C-SSRS screener moderate or high risk → high: escalate now; moderate: prescriber review (CLINICAL.md §5).
 * Pure: the domain's score in, the reasons out (none → no alert).
 */
export type SafetyAlertReason = 'phq9_item9' | 'cssrs_high' | 'cssrs_moderate';
export const safetyAlertReasons: readonly SafetyAlertReason[] = ['phq9_item9', 'cssrs_high', 'cssrs_moderate'];

export type SafetyAlertStatus = 'open' | 'acknowledged' | 'resolved';

export function safetyAlertReasonsFor(score: InstrumentScore): SafetyAlertReason[] {
  const reasons: SafetyAlertReason[] = [];
  if (score.instrumentId === 'phq9' && score.flags.includes('suicide_risk_review')) reasons.push('phq9_item9');
  if (score.instrumentId === 'cssrs_screener') {
    if (score.flags.includes('cssrs_high_risk')) reasons.push('cssrs_high');
    else if (score.flags.includes('cssrs_moderate_risk')) reasons.push('cssrs_moderate');
  }
  return reasons;
}

/** What a clinician did about the alert; one is documented to resolve it. */
export const safetyAlertActions = [
  'called_patient_safe',
  'safety_plan_updated',
  'urgent_appointment_booked',
  'referred_to_crisis_services',
  'emergency_services_contacted',
  'answered_in_error',
] as const;
export type SafetyAlertAction = (typeof safetyAlertActions)[number];
export const isSafetyAlertAction = (v: string): v is SafetyAlertAction =>
  (safetyAlertActions as readonly string[]).includes(v);

/** Default minutes before an unacknowledged alert goes to the clinic's other prescribers and admins (clinic policy, unverified). */
export const defaultEscalationMinutes = 30;

export interface EscalationCheck {
  readonly status: SafetyAlertStatus;
  readonly raisedAt: Date;
  readonly escalatedAt: Date | null;
}

/** True when the alert has waited `minutes` without acknowledgement and has not been escalated yet (once only). */
export function escalationDue(alert: EscalationCheck, minutes: number, now: Date): boolean {
  if (alert.status !== 'open' || alert.escalatedAt !== null) return false;
  return now.getTime() - alert.raisedAt.getTime() >= minutes * 60_000;
}
