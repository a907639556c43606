import { insertPatientEvent } from '../../db/repositories/patient-events.js';
import type { AppContext } from '../context.js';

/** One line on the chart's timeline, written in the same transaction as what it records. */
export interface PatientEvent {
  readonly patientId: string;
  readonly kind: string;
  readonly summary: string;
  readonly resourceType?: string;
  readonly resourceId?: string;
}

export async function recordPatientEvent(tx: AppContext, event: PatientEvent): Promise<void> {
  await insertPatientEvent(tx.db, {
    patientId: event.patientId,
    occurredAt: tx.now,
    kind: event.kind,
    summary: event.summary,
    actorUserId: tx.principal?.userId ?? null,
    resourceType: event.resourceType ?? null,
    resourceId: event.resourceId ?? null,
  });
}
