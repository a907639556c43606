import type pg from 'pg';

/** The tables a backup holds, parents before children (foreign keys), with their stored columns. */
export interface TableInfo {
  readonly name: string;
  readonly columns: readonly string[];
}

export interface SequenceInfo {
  readonly name: string;
  readonly value: number | string | null;
  readonly isCalled: boolean;
}

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
