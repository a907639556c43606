import type { IntakeSummaryRecord } from '../../db/repositories/intakes.js';
import { getInstrument } from '../../domain/instruments/index.js';
import type { IntakeDetail, IntakeNote, IntakeSummary } from '../../contracts/intakes.js';

/** What the queue shows for one intake, and one intake in full (src/contracts/intakes.ts). */
export type { IntakeDetail, IntakeNote, IntakeSummary };

export function toSummary(row: IntakeSummaryRecord, now: Date): IntakeSummary {
  return {
    id: row.id,
    reference: row.reference,
    status: row.status,
    urgent: row.urgent,
    urgentReasons: [...row.urgentReasons],
    givenName: row.givenName,
    familyName: row.familyName,
    state: row.state,
    conditions: [...row.conditions],
    submittedAt: row.submittedAt.toISOString(),
    waitingSeconds: Math.max(0, Math.floor((now.getTime() - row.submittedAt.getTime()) / 1000)),
    scores: row.scores.map((s) => {
      const definition = getInstrument(s.instrumentId);
      return { ...s, flags: [...s.flags], shortTitle: definition.shortTitle, max: definition.range?.max ?? null };
    }),
    prescreenFlags: row.prescreenFlags.map((f) => ({ ...f })),
    assignedTo: row.assignedUserId ? { id: row.assignedUserId, name: row.assignedName ?? '' } : null,
    contactedAt: row.contactedAt?.toISOString() ?? null,
    version: row.version,
  };
}
