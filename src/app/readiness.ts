import { schemaStatus } from '../db/migrate.js';
import type { Queryable } from './context.js';

/** Ready: the database answers and its schema is the one this build migrates to (src/db/migrate.ts). */
export type Readiness =
  | { readonly ready: true; readonly schemaVersion: number }
  | { readonly ready: false; readonly reason: 'database_unavailable'; readonly error: unknown }
  | { readonly ready: false; readonly reason: 'schema_behind'; readonly applied: number; readonly expected: number };

export async function checkReadiness(db: Queryable): Promise<Readiness> {
  let status: { applied: number; expected: number };
  try {
    status = await schemaStatus(db);
  } catch (error) {
    return { ready: false, reason: 'database_unavailable', error };
  }
  return status.applied === status.expected
    ? { ready: true, schemaVersion: status.applied }
    : { ready: false, reason: 'schema_behind', ...status };
}
