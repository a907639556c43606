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
  const principal = tx.principal;
  await tx.db.query(
    `INSERT INTO patient_events (organization_id, patient_id, occurred_at, kind, summary, actor_user_id, resource_type, resource_id)
     SELECT organization_id, id, $2, $3, $4, $5, $6, $7 FROM patients WHERE id = $1`,
    [
      event.patientId,
      tx.now,
      event.kind,
      event.summary,
      principal?.userId ?? null,
      event.resourceType ?? null,
      event.resourceId ?? null,
    ],
  );
}
