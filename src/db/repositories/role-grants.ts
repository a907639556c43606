import type { Queryable } from '../kysely.js';

/** SQL for prescribing grants awaiting a second admin (role_grant_requests, migration 0007). */

export interface RoleGrantRow {
  readonly id: string;
  readonly userId: string;
  readonly organizationId: string;
  readonly roles: string[];
  readonly requestedBy: string;
  readonly requestedAt: Date;
}

const columns = `id, user_id AS "userId", organization_id AS "organizationId", roles, requested_by AS "requestedBy",
  requested_at AS "requestedAt"`;

/** Opens a request, replacing any open one for the same person (the newer decision wins). */
export async function openRoleGrant(
  db: Queryable,
  g: { organizationId: string; userId: string; roles: readonly string[]; requestedBy: string; now: Date },
): Promise<RoleGrantRow> {
  await db.query(
    `UPDATE role_grant_requests SET decision = 'cancelled', decided_by = $2, decided_at = $3
      WHERE user_id = $1 AND decided_at IS NULL`,
    [g.userId, g.requestedBy, g.now],
  );
  const res = await db.query<RoleGrantRow>(
    `INSERT INTO role_grant_requests (organization_id, user_id, roles, requested_by, requested_at)
     VALUES ($1, $2, $3, $4, $5) RETURNING ${columns}`,
    [g.organizationId, g.userId, g.roles, g.requestedBy, g.now],
  );
  return res.rows[0]!;
}

export async function findOpenRoleGrant(
  db: Queryable,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<RoleGrantRow | undefined> {
  const res = await db.query<RoleGrantRow>(
    `SELECT ${columns} FROM role_grant_requests WHERE id = $1 AND decided_at IS NULL${options.forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return res.rows[0];
}

export async function openRoleGrantsOf(db: Queryable, userIds: readonly string[]): Promise<RoleGrantRow[]> {
  if (!userIds.length) return [];
  const res = await db.query<RoleGrantRow>(
    `SELECT ${columns} FROM role_grant_requests WHERE user_id = ANY($1::uuid[]) AND decided_at IS NULL`,
    [userIds],
  );
  return res.rows;
}

export async function decideRoleGrant(
  db: Queryable,
  id: string,
  decision: 'confirmed' | 'cancelled',
  decidedBy: string,
  now: Date,
): Promise<void> {
  await db.query(
    `UPDATE role_grant_requests SET decision = $2, decided_by = $3, decided_at = $4 WHERE id = $1 AND decided_at IS NULL`,
    [id, decision, decidedBy, now],
  );
}
