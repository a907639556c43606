import { kysely, type Queryable } from '../kysely.js';

/** The chart's timeline: one line per thing that happened to a patient, in the transaction that did it. */
export interface NewPatientEvent {
  readonly patientId: string;
  readonly occurredAt: Date;
  readonly kind: string;
  readonly summary: string;
  readonly actorUserId: string | null;
  readonly resourceType: string | null;
  readonly resourceId: string | null;
}

/** Inserts the event in the patient's own organization (read from the patient row). */
export async function insertPatientEvent(db: Queryable, e: NewPatientEvent): Promise<void> {
  await kysely(db)
    .insertInto('patientEvents')
    .columns([
      'organizationId',
      'patientId',
      'occurredAt',
      'kind',
      'summary',
      'actorUserId',
      'resourceType',
      'resourceId',
    ])
    .expression((eb) =>
      eb
        .selectFrom('patients')
        .select([
          'organizationId',
          'id',
          eb.val(e.occurredAt).as('occurredAt'),
          eb.val(e.kind).as('kind'),
          eb.val(e.summary).as('summary'),
          eb.val(e.actorUserId).as('actorUserId'),
          eb.val(e.resourceType).as('resourceType'),
          eb.val(e.resourceId).as('resourceId'),
        ])
        .where('id', '=', e.patientId),
    )
    .execute();
}
