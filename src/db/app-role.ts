import type pg from 'pg';

/**
 * The server's queries run as `ketaclinic_app` (decision 004): a role that may read and write the
 * clinic's tables but cannot UPDATE (beyond sealing), DELETE or TRUNCATE the audit log. The pool
 * connects as whoever DATABASE_URL (or the embedded cluster) names, and every new connection
 * switches with SET ROLE before it is used. Migrations, backup and restore keep the owner.
 */
export const APP_ROLE = 'ketaclinic_app';

export type AppRoleOutcome = 'switched' | 'unavailable';

export async function useAppRole(
  pool: pg.Pool,
  probe: pg.ClientBase,
  log: (message: string) => void,
): Promise<AppRoleOutcome> {
  const res = await probe.query<{ exists: boolean; member: boolean | null }>(
    `SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AS exists,
            CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) THEN pg_has_role(current_user, $1, 'MEMBER') END AS member`,
    [APP_ROLE],
  );
  const row = res.rows[0];
  if (!row?.exists || !row.member) {
    log(
      `the database role ${APP_ROLE} is ${row?.exists ? 'not granted to this login' : 'missing'}; the server runs as the connecting role (the audit log's trigger still refuses changes) — see docs/decisions/004-database-roles.md`,
    );
    return 'unavailable';
  }
  // pg-pool awaits onConnect before handing a new client out, and drops the client if it fails:
  // no query ever runs on a pooled connection that did not switch.
  const onConnect = async (client: pg.ClientBase): Promise<void> => {
    await client.query(`SET ROLE ${APP_ROLE}`);
  };
  (pool.options as { onConnect?: (client: pg.ClientBase) => Promise<void> }).onConnect = onConnect;
  return 'switched';
}
