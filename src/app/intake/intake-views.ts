import { getInstrument } from '../../domain/instruments/index.js';
import type { IntakeScore, PrescreenFlag, UrgentReason } from '../../domain/intake/index.js';

/** What the queue shows for one intake: enough to triage, with the scores already computed at submission. */
export interface IntakeSummary {
  readonly id: string;
  readonly reference: string;
  readonly status: 'new' | 'contacted' | 'converted' | 'declined';
  readonly urgent: boolean;
  readonly urgentReasons: readonly UrgentReason[];
  readonly givenName: string;
  readonly familyName: string;
  readonly state: string;
  readonly conditions: readonly string[];
  readonly submittedAt: string;
  /** Seconds since submission at the time of the request (the console ticks from here). */
  readonly waitingSeconds: number;
  readonly scores: readonly (IntakeScore & { readonly shortTitle: string; readonly max: number | null })[];
  readonly prescreenFlags: readonly PrescreenFlag[];
  readonly assignedTo: { readonly id: string; readonly name: string } | null;
  readonly contactedAt: string | null;
  readonly version: number;
}

export interface IntakeNote {
  readonly id: string;
  readonly body: string;
  readonly author: { readonly id: string; readonly name: string };
  readonly createdAt: string;
}

export interface IntakeDetail extends IntakeSummary {
  readonly email: string;
  readonly phone: string;
  readonly dateOfBirth: string;
  /** `null` for people without `assessments.read` (coordinators): they triage from scores and flags. */
  readonly answers: Readonly<Record<string, Readonly<Record<string, number | boolean | null>>>> | null;
  readonly prescreen: Readonly<Record<string, string>> | null;
  readonly medications: string | null;
  readonly contactTimes: readonly string[];
  readonly contactMethod: string;
  readonly declineReason: string | null;
  readonly patientId: string | null;
  readonly notes: readonly IntakeNote[];
}

export interface IntakeRow {
  id: string;
  reference: string;
  status: IntakeSummary['status'];
  urgent: boolean;
  urgent_reasons: UrgentReason[];
  given_name: string;
  family_name: string;
  state: string;
  conditions: string[];
  submitted_at: Date;
  scores: IntakeScore[];
  prescreen_flags: PrescreenFlag[];
  assigned_user_id: string | null;
  assigned_name: string | null;
  contacted_at: Date | null;
  version: number;
}

export const summaryColumns = `i.id, i.reference, i.status, i.urgent, i.urgent_reasons, i.given_name, i.family_name, i.state, i.conditions,
  i.submitted_at, i.scores, i.prescreen_flags, i.assigned_user_id, u.name AS assigned_name, i.contacted_at, i.version`;

export function toSummary(row: IntakeRow, now: Date): IntakeSummary {
  return {
    id: row.id,
    reference: row.reference,
    status: row.status,
    urgent: row.urgent,
    urgentReasons: row.urgent_reasons,
    givenName: row.given_name,
    familyName: row.family_name,
    state: row.state,
    conditions: row.conditions,
    submittedAt: row.submitted_at.toISOString(),
    waitingSeconds: Math.max(0, Math.floor((now.getTime() - row.submitted_at.getTime()) / 1000)),
    scores: row.scores.map((s) => {
      const definition = getInstrument(s.instrumentId);
      return { ...s, shortTitle: definition.shortTitle, max: definition.range?.max ?? null };
    }),
    prescreenFlags: row.prescreen_flags,
    assignedTo: row.assigned_user_id ? { id: row.assigned_user_id, name: row.assigned_name ?? '' } : null,
    contactedAt: row.contacted_at?.toISOString() ?? null,
    version: row.version,
  };
}
