import type { Readable, Writable } from 'node:stream';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

/**
 * SQL for backup and restore: the catalog (which tables, in foreign-key order, with their stored
 * columns; which sequences), row counts, and COPY in and out. Catalog queries and COPY have no
 * query-builder form (decision 012), so this file speaks SQL text; every identifier is quoted.
 */
export interface TableInfo {
  readonly name: string;
  readonly columns: readonly string[];
}

export interface SequenceInfo {
  readonly name: string;
  readonly value: number | string | null;
  readonly isCalled: boolean;
}

/** The tables a backup holds, parents before children (foreign keys), with their stored columns. */
export async function listTables(client: pg.ClientBase): Promise<TableInfo[]> {
  const tables = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> 'schema_migrations' AND NOT c.relispartition
      ORDER BY c.relname`,
  );
  const deps = await client.query<{ child: string; parent: string }>(
    `SELECT c.relname AS child, p.relname AS parent FROM pg_constraint k
       JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE k.contype = 'f' AND n.nspname = 'public' AND c.relname <> p.relname`,
  );
  const columns = await client.query<{ table: string; column: string }>(
    `SELECT c.relname AS table, a.attname AS column FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
      ORDER BY c.relname, a.attnum`,
  );
  const byTable = new Map<string, string[]>();
  for (const row of columns.rows) byTable.set(row.table, [...(byTable.get(row.table) ?? []), row.column]);

  // Topological order (Kahn), alphabetical among equals so the file is deterministic.
  const names = tables.rows.map((r) => r.name);
  const parents = new Map(names.map((n) => [n, new Set<string>()]));
  for (const d of deps.rows) if (parents.has(d.child) && parents.has(d.parent)) parents.get(d.child)?.add(d.parent);
  const ordered: string[] = [];
  const done = new Set<string>();
  while (ordered.length < names.length) {
    const next = names.find((n) => !done.has(n) && [...(parents.get(n) ?? [])].every((p) => done.has(p)));
    // A foreign-key cycle: take the first remaining table; restore disables triggers where it can.
    const pick = next ?? names.find((n) => !done.has(n));
    if (pick === undefined) break;
    ordered.push(pick);
    done.add(pick);
  }
  return ordered.map((name) => ({ name, columns: byTable.get(name) ?? [] }));
}

export async function listSequences(client: pg.ClientBase): Promise<SequenceInfo[]> {
  const res = await client.query<{ name: string; value: string | null }>(
    `SELECT sequencename AS name, last_value::text AS value FROM pg_sequences WHERE schemaname = 'public' ORDER BY sequencename`,
  );
  return res.rows.map((r) => ({ name: r.name, value: r.value, isCalled: r.value !== null }));
}

export const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;

export async function countRows(client: pg.ClientBase, table: string): Promise<number> {
  const res = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${quoteIdent(table)}`);
  return res.rows[0]?.n ?? 0;
}

export async function hasRows(client: pg.ClientBase, table: string): Promise<boolean> {
  const res = await client.query(`SELECT 1 FROM ${quoteIdent(table)} LIMIT 1`);
  return (res.rowCount ?? 0) > 0;
}

/** The table's rows in COPY text format, one line per row. */
export function copyTableOut(client: pg.ClientBase, table: TableInfo): Readable {
  const cols = table.columns.map(quoteIdent).join(', ');
  return client.query(copyTo(`COPY ${quoteIdent(table.name)} (${cols}) TO STDOUT`));
}

/** A sink for the table's rows in COPY text format; it has finished loading when it emits `finish`. */
export function copyTableIn(client: pg.ClientBase, table: TableInfo): Writable {
  const cols = table.columns.map(quoteIdent).join(', ');
  return client.query(copyFrom(`COPY ${quoteIdent(table.name)} (${cols}) FROM STDIN`));
}

/**
 * Inside the restore's transaction: a superuser turns triggers off (audit guards, derived rows must not
 * fire for rows put back as they were). Returns whether it could.
 */
export async function disableTriggersForTransaction(client: pg.ClientBase): Promise<boolean> {
  const su = await client.query<{ su: boolean }>('SELECT rolsuper AS su FROM pg_roles WHERE rolname = current_user');
  if (!su.rows[0]?.su) return false;
  await client.query('SET LOCAL session_replication_role = replica');
  return true;
}

export async function setSequence(client: pg.ClientBase, s: SequenceInfo): Promise<void> {
  await client.query('SELECT setval($1::regclass, $2::bigint, $3)', [quoteIdent(s.name), s.value, s.isCalled]);
}
