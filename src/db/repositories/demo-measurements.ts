import { kysely, type Queryable } from '../kysely.js';

/**
 * The demo clinic's treatment histories for measurement-based care: past doses as signed session records
 * (with CADSS-6 and adverse events), written directly because the session use-cases run only "now".
 */
export interface DemoPatientPlan {
  readonly patientId: string;
  readonly planId: string;
  readonly protocolVersionId: string;
  readonly route: string;
}

export async function demoPatientPlan(
  q: Queryable,
  organizationId: string,
  familyName: string,
): Promise<DemoPatientPlan | undefined> {
  const row = await kysely(q)
    .selectFrom('patients as p')
    .innerJoin('treatmentPlans as t', (j) => j.onRef('t.patientId', '=', 'p.id').on('t.status', '=', 'signed'))
    .select(['p.id as patientId', 't.id as planId', 't.protocolVersionId', 't.content'])
    .where('p.organizationId', '=', organizationId)
    .where('p.familyName', '=', familyName)
    .executeTakeFirst();
  if (!row) return undefined;
  const route = (row.content as { route?: string }).route === 'IM' ? 'IM' : 'IV';
  return { patientId: row.patientId, planId: row.planId, protocolVersionId: row.protocolVersionId, route };
}

export async function hasDoseSessions(q: Queryable, organizationId: string, patientId: string): Promise<boolean> {
  const row = await kysely(q)
    .selectFrom('treatmentSessions')
    .select('id')
    .where('organizationId', '=', organizationId)
    .where('patientId', '=', patientId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export interface DemoDoseSession {
  readonly organizationId: string;
  readonly plan: DemoPatientPlan;
  readonly locationId: string | null;
  readonly doseNumber: number;
  readonly clinicDate: string;
  readonly checkedInAt: Date;
  readonly doseStartedAt: Date;
  readonly doseEndedAt: Date;
  readonly dischargedAt: Date;
  readonly deliveredMg: number;
  readonly weightKg: number;
  readonly nurseUserId: string;
  readonly prescriberUserId: string;
  readonly cadss6Total: number;
  readonly adverseEvent: {
    readonly event: string;
    readonly severity: 'mild' | 'moderate' | 'severe';
    readonly intervention: string;
    readonly outcome: string;
  } | null;
}

export async function insertDemoDoseSession(q: Queryable, s: DemoDoseSession): Promise<string> {
  const db = kysely(q);
  const { id } = await db
    .insertInto('treatmentSessions')
    .values({
      organizationId: s.organizationId,
      patientId: s.plan.patientId,
      planId: s.plan.planId,
      protocolVersionId: s.plan.protocolVersionId,
      locationId: s.locationId,
      chair: 'Chair 2',
      route: s.plan.route,
      doseNumber: s.doseNumber,
      clinicDate: s.clinicDate,
      phase: 'discharged',
      checkedInAt: s.checkedInAt,
      checkedInByUserId: s.nurseUserId,
      doseStartedAt: s.doseStartedAt,
      doseEndedAt: s.doseEndedAt,
      delivered: JSON.stringify({
        mg: s.deliveredMg,
        mgPerKg: Math.round((s.deliveredMg / s.weightKg) * 10_000) / 10_000,
        drugVolumeMl: Math.round((s.deliveredMg / 50) * 100) / 100,
        volumeInfusedMl: null,
      }),
      discharge: JSON.stringify({ collectedBy: 'Companion (demo)', aftercareGiven: true }),
      dischargedAt: s.dischargedAt,
      createdAt: s.checkedInAt,
      updatedAt: s.dischargedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const cadssAt = new Date(s.doseStartedAt.getTime() + 40 * 60_000);
  const entries = [
    {
      organizationId: s.organizationId,
      sessionId: id,
      kind: 'cadss6',
      at: cadssAt,
      content: JSON.stringify({ total: s.cadss6Total }),
      byUserId: s.nurseUserId,
      recordedAt: cadssAt,
    },
  ];
  if (s.adverseEvent)
    entries.push({
      organizationId: s.organizationId,
      sessionId: id,
      kind: 'adverse_event',
      at: new Date(s.doseStartedAt.getTime() + 25 * 60_000),
      content: JSON.stringify(s.adverseEvent),
      byUserId: s.nurseUserId,
      recordedAt: new Date(s.doseStartedAt.getTime() + 30 * 60_000),
    });
  await db.insertInto('sessionEntries').values(entries).execute();
  // Signed last: a signed record takes no new entries (the table's trigger refuses them).
  await db
    .updateTable('treatmentSessions')
    .set({
      nurseSignedByUserId: s.nurseUserId,
      nurseSignedAt: s.dischargedAt,
      cosignedByUserId: s.prescriberUserId,
      cosignedAt: s.dischargedAt,
    })
    .where('id', '=', id)
    .execute();
  return id;
}

/** The demo's first active nurse and prescriber, its first location and the clinic's time zone. */
export async function demoSetting(
  q: Queryable,
  organizationId: string,
): Promise<{
  nurse: { id: string; roles: string[] } | undefined;
  prescriber: { id: string; roles: string[] } | undefined;
  locationId: string | null;
  timeZone: string;
}> {
  const db = kysely(q);
  const staff = await db
    .selectFrom('users')
    .select(['id', 'roles'])
    .where('organizationId', '=', organizationId)
    .where('kind', '=', 'staff')
    .where('active', '=', true)
    .orderBy('createdAt')
    .execute();
  const location = await db
    .selectFrom('locations')
    .select('id')
    .where('organizationId', '=', organizationId)
    .orderBy('name', 'desc')
    .executeTakeFirst();
  const org = await db
    .selectFrom('organizations')
    .select('timeZone')
    .where('id', '=', organizationId)
    .executeTakeFirst();
  return {
    nurse: staff.find((u) => u.roles.includes('nurse')),
    prescriber: staff.find((u) => u.roles.includes('prescriber')),
    locationId: location?.id ?? null,
    timeZone: org?.timeZone ?? 'America/New_York',
  };
}
