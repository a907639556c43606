import { kysely, type Queryable } from '../kysely.js';

/**
 * Portal account links (migration 0016): an invitation a member of staff sends from the chart, or a
 * password reset the patient asks for. The token is in the email only; this table holds its SHA-256.
 */
export type PortalLinkPurpose = 'invitation' | 'password_reset';

export interface PortalLinkRow {
  readonly id: string;
  readonly organizationId: string;
  readonly userId: string;
  readonly purpose: PortalLinkPurpose;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly usedAt: Date | null;
  readonly revokedAt: Date | null;
}

export async function insertPortalLink(
  db: Queryable,
  link: {
    organizationId: string;
    userId: string;
    purpose: PortalLinkPurpose;
    tokenHash: string;
    createdByUserId: string | null;
    now: Date;
    expiresAt: Date;
  },
): Promise<string> {
  const row = await kysely(db)
    .insertInto('portalLinks')
    .values({
      organizationId: link.organizationId,
      userId: link.userId,
      purpose: link.purpose,
      tokenHash: link.tokenHash,
      createdByUserId: link.createdByUserId,
      createdAt: link.now,
      expiresAt: link.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The link with this token hash (locked for the caller's transaction when it is about to be used). */
export async function findPortalLinkByHash(
  db: Queryable,
  tokenHash: string,
  forUpdate = false,
): Promise<PortalLinkRow | undefined> {
  let query = kysely(db)
    .selectFrom('portalLinks')
    .select(['id', 'organizationId', 'userId', 'purpose', 'createdAt', 'expiresAt', 'usedAt', 'revokedAt'])
    .where('tokenHash', '=', tokenHash);
  if (forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row ? { ...row, purpose: row.purpose as PortalLinkPurpose } : undefined;
}

/** Turns off every unused link of the user (of one purpose, or all); a newer link replaces them. */
export async function revokeOpenPortalLinks(
  db: Queryable,
  userId: string,
  now: Date,
  purpose?: PortalLinkPurpose,
): Promise<number> {
  let query = kysely(db)
    .updateTable('portalLinks')
    .set({ revokedAt: now })
    .where('userId', '=', userId)
    .where('usedAt', 'is', null)
    .where('revokedAt', 'is', null);
  if (purpose) query = query.where('purpose', '=', purpose);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Marks the link used, once: false when it was already used or revoked (a concurrent second use). */
export async function usePortalLink(db: Queryable, id: string, now: Date): Promise<boolean> {
  const result = await kysely(db)
    .updateTable('portalLinks')
    .set({ usedAt: now })
    .where('id', '=', id)
    .where('usedAt', 'is', null)
    .where('revokedAt', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The latest invitation of an account, for the chart's "invited on …, not accepted yet". */
export async function latestInvitation(
  db: Queryable,
  userId: string,
): Promise<Pick<PortalLinkRow, 'createdAt' | 'expiresAt' | 'usedAt' | 'revokedAt'> | undefined> {
  return kysely(db)
    .selectFrom('portalLinks')
    .select(['createdAt', 'expiresAt', 'usedAt', 'revokedAt'])
    .where('userId', '=', userId)
    .where('purpose', '=', 'invitation')
    .orderBy('createdAt', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The patient's portal account, if any (one per patient). */
export async function findPatientAccount(
  db: Queryable,
  patientId: string,
): Promise<{ id: string; email: string; mustChangePassword: boolean; active: boolean } | undefined> {
  return kysely(db)
    .selectFrom('users')
    .select(['id', 'email', 'mustChangePassword', 'active'])
    .where('patientId', '=', patientId)
    .executeTakeFirst();
}

/** What an invitation needs from the chart: the email it goes to and the names it greets. */
export async function findPatientContact(
  db: Queryable,
  patientId: string,
): Promise<{ email: string | null; givenName: string; familyName: string; preferredName: string | null } | undefined> {
  return kysely(db)
    .selectFrom('patients')
    .select(['email', 'givenName', 'familyName', 'preferredName'])
    .where('id', '=', patientId)
    .executeTakeFirst();
}

/** The demo's patient by family name (the demo's names are unique), without a portal account yet. */
export async function findPatientIdByFamilyName(
  db: Queryable,
  organizationId: string,
  familyName: string,
): Promise<string | undefined> {
  const row = await kysely(db)
    .selectFrom('patients as p')
    .leftJoin('users as u', 'u.patientId', 'p.id')
    .select('p.id')
    .where('p.organizationId', '=', organizationId)
    .where('p.familyName', '=', familyName)
    .where('u.id', 'is', null)
    .orderBy('p.createdAt')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}
