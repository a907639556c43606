import { kysely, type Queryable } from '../kysely.js';

/** SQL for prescribing grants awaiting a second admin (role_grant_requests, migration 0007). */

export interface RoleGrantRow {
  readonly id: string;
  readonly userId: string;
  readonly organizationId: string;
  readonly roles: string[];
  readonly requestedBy: string;
  readonly requestedAt: Date;
}

const columns = ['id', 'userId', 'organizationId', 'roles', 'requestedBy', 'requestedAt'] as const;

/** Opens a request, replacing any open one for the same person (the newer decision wins). */
export async function openRoleGrant(
  db: Queryable,
  g: { organizationId: string; userId: string; roles: readonly string[]; requestedBy: string; now: Date },
): Promise<RoleGrantRow> {
  await kysely(db)
    .updateTable('roleGrantRequests')
    .set({ decision: 'cancelled', decidedBy: g.requestedBy, decidedAt: g.now })
    .where('userId', '=', g.userId)
    .where('decidedAt', 'is', null)
    .execute();
  return kysely(db)
    .insertInto('roleGrantRequests')
    .values({
      organizationId: g.organizationId,
      userId: g.userId,
      roles: [...g.roles],
      requestedBy: g.requestedBy,
      requestedAt: g.now,
    })
    .returning(columns)
    .executeTakeFirstOrThrow();
}

export async function findOpenRoleGrant(
  db: Queryable,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<RoleGrantRow | undefined> {
  let query = kysely(db)
    .selectFrom('roleGrantRequests')
    .select(columns)
    .where('id', '=', id)
    .where('decidedAt', 'is', null);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function openRoleGrantsOf(db: Queryable, userIds: readonly string[]): Promise<RoleGrantRow[]> {
  if (!userIds.length) return [];
  return kysely(db)
    .selectFrom('roleGrantRequests')
    .select(columns)
    .where('userId', '=', (eb) => eb.fn.any(eb.val([...userIds])))
    .where('decidedAt', 'is', null)
    .execute();
}

export async function decideRoleGrant(
  db: Queryable,
  id: string,
  decision: 'confirmed' | 'cancelled',
  decidedBy: string,
  now: Date,
): Promise<void> {
  await kysely(db)
    .updateTable('roleGrantRequests')
    .set({ decision, decidedBy, decidedAt: now })
    .where('id', '=', id)
    .where('decidedAt', 'is', null)
    .execute();
}
