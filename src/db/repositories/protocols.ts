import type { ClinicProtocol } from '../../domain/protocol/index.js';
import { kysely, type Queryable } from '../kysely.js';

/** The clinic protocol, versioned per organization; a version never changes once written. */
export interface ProtocolVersionRecord {
  readonly id: string;
  readonly number: number;
  readonly label: string;
  /** As stored (the use-case upgrades a version saved before a setting existed). */
  readonly protocol: unknown;
  readonly changeNote: string | null;
  readonly createdAt: Date;
  readonly createdBy: { readonly id: string; readonly name: string } | null;
}

function versions(db: Queryable, organizationId: string) {
  return kysely(db)
    .selectFrom('protocolVersions as p')
    .leftJoin('users as u', 'u.id', 'p.createdByUserId')
    .select([
      'p.id',
      'p.number',
      'p.label',
      'p.protocol',
      'p.changeNote',
      'p.createdAt',
      'u.id as createdById',
      'u.name as createdByName',
    ])
    .where('p.organizationId', '=', organizationId);
}

type Row = Awaited<ReturnType<ReturnType<typeof versions>['executeTakeFirstOrThrow']>>;

const toRecord = (r: Row): ProtocolVersionRecord => ({
  id: r.id,
  number: r.number,
  label: r.label,
  protocol: r.protocol,
  changeNote: r.changeNote,
  createdAt: r.createdAt,
  createdBy: r.createdById && r.createdByName ? { id: r.createdById, name: r.createdByName } : null,
});

export async function findLatestProtocolVersion(
  db: Queryable,
  organizationId: string,
): Promise<ProtocolVersionRecord | undefined> {
  const row = await versions(db, organizationId).orderBy('p.number', 'desc').limit(1).executeTakeFirst();
  return row && toRecord(row);
}

export async function findProtocolVersion(
  db: Queryable,
  organizationId: string,
  id: string,
): Promise<ProtocolVersionRecord | undefined> {
  const row = await versions(db, organizationId).where('p.id', '=', id).executeTakeFirst();
  return row && toRecord(row);
}

/** Newest first. */
export async function listProtocolVersions(
  db: Queryable,
  organizationId: string,
  limit: number,
): Promise<ProtocolVersionRecord[]> {
  return (await versions(db, organizationId).orderBy('p.number', 'desc').limit(limit).execute()).map(toRecord);
}

/** Just the newest protocol (no join), or none when the clinic has saved none. */
export async function findLatestProtocol(db: Queryable, organizationId: string): Promise<unknown> {
  const row = await kysely(db)
    .selectFrom('protocolVersions')
    .select('protocol')
    .where('organizationId', '=', organizationId)
    .orderBy('number', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.protocol;
}

export interface NewProtocolVersion {
  readonly organizationId: string;
  readonly number: number;
  readonly protocol: ClinicProtocol;
  readonly label: string;
  readonly changeNote: string | null;
  readonly createdByUserId: string | null;
  readonly createdAt: Date;
}

/** Inserts the version; none (undefined) when that number exists already (a concurrent first write). */
export async function insertProtocolVersion(db: Queryable, v: NewProtocolVersion): Promise<string | undefined> {
  const row = await kysely(db)
    .insertInto('protocolVersions')
    .values({ ...v, protocol: JSON.stringify(v.protocol) })
    .onConflict((oc) => oc.columns(['organizationId', 'number']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}
