import type { IntakeSummaryRecord } from '../../db/repositories/intakes.js';
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

export function toSummary(row: IntakeSummaryRecord, now: Date): IntakeSummary {
  return {
    id: row.id,
    reference: row.reference,
    status: row.status,
    urgent: row.urgent,
    urgentReasons: row.urgentReasons,
    givenName: row.givenName,
    familyName: row.familyName,
    state: row.state,
    conditions: row.conditions,
    submittedAt: row.submittedAt.toISOString(),
    waitingSeconds: Math.max(0, Math.floor((now.getTime() - row.submittedAt.getTime()) / 1000)),
    scores: row.scores.map((s) => {
      const definition = getInstrument(s.instrumentId);
      return { ...s, shortTitle: definition.shortTitle, max: definition.range?.max ?? null };
    }),
    prescreenFlags: row.prescreenFlags,
    assignedTo: row.assignedUserId ? { id: row.assignedUserId, name: row.assignedName ?? '' } : null,
    contactedAt: row.contactedAt?.toISOString() ?? null,
    version: row.version,
  };
}
