import crypto from 'node:crypto';
import pg from 'pg';
import type { Queryable } from '../kysely.js';
import { StatementBatcher } from '../statement-batcher.js';
import { inTransaction } from '../transaction.js';

/**
 * An audited append to a patient's chart in ONE statement (decision 018): the patient checked (in the
 * caller's organization, locked FOR KEY SHARE so the patient cannot vanish while concurrent appends to the
 * same chart do not wait for each other), the row inserted, its audit entry and its line on the timeline —
 * data-modifying CTEs, so one round trip and one commit, and all three or none. Outside a transaction the
 * statement is its own commit; inside one (a client) it joins it.
 *
 * The statement text depends only on the table and the column names, so it runs as a named prepared
 * statement (parsed and planned once per connection). Outside a transaction, appends of the same shape that
 * arrive together go as one multi-row statement (decision 029): the same CTEs over a JSON array of appends,
 * one commit for all of them.
 */

/** Tables a chart append may write: each has `organization_id` and `patient_id` (the patient's). */
export type AppendTable =
  | 'patient_vitals'
  | 'patient_allergies'
  | 'patient_diagnoses'
  | 'patient_medications'
  | 'questionnaire_results'
  | (string & { readonly appendTable?: never });

export interface AppendAudit {
  readonly occurredAt: Date;
  readonly actorUserId: string;
  readonly actorRoles: readonly string[];
  readonly action: string;
  readonly resourceType: string;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface AppendEvent {
  readonly kind: string;
  readonly summary: string;
}

export interface AuditedAppend {
  readonly patientId: string;
  /** The caller's organization: a patient elsewhere is "not found". */
  readonly organizationId: string;
  readonly table: AppendTable;
  /**
   * Column (snake_case) → value; `organization_id` and `patient_id` come from the patient row. A jsonb
   * column takes an object (not a JSON string), an array column an array.
   */
  readonly values: Readonly<Record<string, unknown>>;
  readonly audit: AppendAudit;
  /** The timeline line (same time and actor as the audit entry, resource = the new row). */
  readonly event: AppendEvent;
  /** Insert only while this column of the patient row is NULL (e.g. `no_known_allergies_at`). */
  readonly whilePatientNull?: string;
  /** Before the insert, set this boolean column to false on the patient's other rows (one primary diagnosis). */
  readonly clearFlag?: string;
  /** Columns of the patient row to set (the new value, or the old one where NULL); bumps its version. */
  readonly patientCoalesce?: Readonly<Record<string, unknown>>;
  /**
   * A list entry recorded once: refused (`already_listed`) while the patient's list holds a current row
   * (`currentWhileNull` is NULL) with the same text in each of `sameIn` (compared without case), as after
   * a double submit or when two nurses record the same allergy at once.
   */
  readonly once?: { readonly currentWhileNull: string; readonly sameIn: readonly string[] };
}

export type AppendResult =
  | { readonly status: 'appended'; readonly id: string }
  | { readonly status: 'patient_not_found' }
  | { readonly status: 'condition_failed' }
  | {
      readonly status: 'already_listed';
      readonly id: string;
      /** The listed row's `sameIn` columns, as recorded. */
      readonly listed: Readonly<Record<string, string | null>>;
    };

const identifier = /^[a-z][a-z0-9_]*$/;
function ident(name: string): string {
  if (!identifier.test(name)) throw new Error(`not a plain SQL identifier: ${name}`);
  return name;
}

interface Compiled {
  readonly name: string;
  readonly text: string;
}
const compiled = new Map<string, Compiled>();

function compile(a: AuditedAppend, columns: readonly string[], patientColumns: readonly string[]): Compiled {
  const key = JSON.stringify([a.table, columns, a.whilePatientNull ?? null, a.clearFlag ?? null, patientColumns]);
  const hit = compiled.get(key);
  if (hit) return hit;
  // $1 patient, $2 organization, $3 occurred at, $4 actor, $5 roles, $6 action, $7 resource type, $8 ip,
  // $9 user agent, $10 details, $11 event kind, $12 summary, then the row's values, then the patient's.
  const first = 13;
  const table = ident(a.table);
  const valueList = columns.map((_, i) => `$${first + i}`).join(', ');
  const ctes = [
    `patient AS (SELECT id, organization_id${a.whilePatientNull ? `, ${ident(a.whilePatientNull)} IS NULL AS ok` : ', true AS ok'}
       FROM patients WHERE id = $1::uuid AND organization_id = $2::uuid FOR KEY SHARE)`,
  ];
  if (a.clearFlag)
    ctes.push(`cleared AS (UPDATE ${table} SET ${ident(a.clearFlag)} = false
       WHERE patient_id = (SELECT id FROM patient WHERE ok) AND ${ident(a.clearFlag)})`);
  ctes.push(
    `item AS (INSERT INTO ${table} (organization_id, patient_id${columns.map((c) => `, ${ident(c)}`).join('')})
       SELECT organization_id, id, ${valueList} FROM patient WHERE ok RETURNING id)`,
    `audited AS (INSERT INTO audit_log (occurred_at, organization_id, actor_user_id, actor_roles, action, resource_type,
       resource_id, patient_id, ip, user_agent, outcome, details)
       SELECT $3::timestamptz, $2::uuid, $4::uuid, $5::text[], $6::text, $7::text, item.id::text, $1::uuid, $8::inet,
              $9::text, 'success', $10::jsonb FROM item)`,
    `event AS (INSERT INTO patient_events (organization_id, patient_id, occurred_at, kind, summary, actor_user_id,
       resource_type, resource_id)
       SELECT $2::uuid, $1::uuid, $3::timestamptz, $11::text, $12::text, $4::uuid, $7::text, item.id FROM item)`,
  );
  if (patientColumns.length) {
    const base = first + columns.length;
    ctes.push(`measured AS (UPDATE patients SET ${patientColumns
      .map((c, i) => `${ident(c)} = coalesce($${base + i}, ${ident(c)})`)
      .join(', ')}, version = version + 1
       WHERE id = $1::uuid AND EXISTS (SELECT 1 FROM item))`);
  }
  const text = `WITH ${ctes.join(',\n')}
    SELECT (SELECT count(*) FROM patient)::int AS found, (SELECT id FROM item) AS id`;
  const result = { name: `append_${crypto.createHash('sha1').update(text).digest('hex').slice(0, 16)}`, text };
  compiled.set(key, result);
  return result;
}

/**
 * The same append for many patients at once: the appends come as one JSON array, each with its ordinal and
 * the id its row will have (generated before the insert, so the audit entry and the timeline line find
 * their row); the row's values are typed by the table's own row type. Answers one row per append, in order.
 * Only for appends that touch nothing but their own new rows (no `clearFlag`, no `patientCoalesce`: two of
 * those for one patient in one statement would update one row twice).
 */
function compileBatch(a: AuditedAppend, columns: readonly string[]): Compiled {
  const key = JSON.stringify(['batch', a.table, columns, a.whilePatientNull ?? null]);
  const hit = compiled.get(key);
  if (hit) return hit;
  const table = ident(a.table);
  const text = `WITH input AS MATERIALIZED (
      SELECT x.*, uuidv7() AS new_id
        FROM jsonb_to_recordset($1::jsonb) AS x(ord int, patient_id uuid, organization_id uuid, occurred_at timestamptz,
             actor_user_id uuid, actor_roles text[], action text, resource_type text, ip inet, user_agent text,
             details jsonb, event_kind text, summary text, item jsonb)),
    patient AS (SELECT input.ord, p.id, p.organization_id,
             ${a.whilePatientNull ? `p.${ident(a.whilePatientNull)} IS NULL` : 'true'} AS ok
       FROM input JOIN patients p ON p.id = input.patient_id AND p.organization_id = input.organization_id
       FOR KEY SHARE OF p),
    item AS (INSERT INTO ${table} (id, organization_id, patient_id${columns.map((c) => `, ${ident(c)}`).join('')})
       SELECT input.new_id, patient.organization_id, patient.id${columns.map((c) => `, r.${ident(c)}`).join('')}
         FROM input JOIN patient USING (ord), jsonb_populate_record(NULL::${table}, input.item) r
        WHERE patient.ok
        ORDER BY input.ord
       RETURNING id),
    audited AS (INSERT INTO audit_log (occurred_at, organization_id, actor_user_id, actor_roles, action, resource_type,
       resource_id, patient_id, ip, user_agent, outcome, details)
       SELECT input.occurred_at, input.organization_id, input.actor_user_id, input.actor_roles, input.action,
              input.resource_type, item.id::text, input.patient_id, input.ip, input.user_agent, 'success', input.details
         FROM input JOIN item ON item.id = input.new_id ORDER BY input.ord),
    event AS (INSERT INTO patient_events (organization_id, patient_id, occurred_at, kind, summary, actor_user_id,
       resource_type, resource_id)
       SELECT input.organization_id, input.patient_id, input.occurred_at, input.event_kind, input.summary,
              input.actor_user_id, input.resource_type, item.id
         FROM input JOIN item ON item.id = input.new_id ORDER BY input.ord)
    SELECT input.ord, patient.id IS NOT NULL AS found, item.id
      FROM input LEFT JOIN patient USING (ord) LEFT JOIN item ON item.id = input.new_id
     ORDER BY input.ord`;
  const result = { name: `append_batch_${crypto.createHash('sha1').update(text).digest('hex').slice(0, 16)}`, text };
  compiled.set(key, result);
  return result;
}

function outcome(row: { found: number | boolean; id: string | null } | undefined): AppendResult {
  if (!row || !row.found) return { status: 'patient_not_found' };
  if (row.id === null) return { status: 'condition_failed' };
  return { status: 'appended', id: row.id };
}

interface Queued {
  readonly append: AuditedAppend;
  readonly columns: readonly string[];
}

const batchers = new WeakMap<pg.Pool, Map<string, StatementBatcher<Queued, AppendResult>>>();
/**
 * Statements of one shape running at once. One: the appends that arrive while it runs go together in the next
 * (about 8 per statement at 16 connections); two or more made smaller statements and more work per append in
 * bench/chart.ts (docs/perf/hot-paths.md).
 */
const BATCH_IN_FLIGHT = 1;

function batcherFor(pool: pg.Pool, first: Queued): StatementBatcher<Queued, AppendResult> {
  let byShape = batchers.get(pool);
  if (!byShape) batchers.set(pool, (byShape = new Map<string, StatementBatcher<Queued, AppendResult>>()));
  const { name, text } = compileBatch(first.append, first.columns);
  let batcher = byShape.get(name);
  if (!batcher) {
    batcher = new StatementBatcher<Queued, AppendResult>(
      async (queued) => {
        // Alone, the single statement is cheaper for PostgreSQL than the JSON form.
        if (queued.length === 1) return [await appendOne(pool, queued[0]!.append, queued[0]!.columns, [])];
        const res = await pool.query<{ ord: number; found: boolean; id: string | null }>({
          name,
          text,
          values: [
            JSON.stringify(
              queued.map(({ append: a }, ord) => ({
                ord,
                patient_id: a.patientId,
                organization_id: a.organizationId,
                occurred_at: a.audit.occurredAt,
                actor_user_id: a.audit.actorUserId,
                actor_roles: a.audit.actorRoles,
                action: a.audit.action,
                resource_type: a.audit.resourceType,
                ip: a.audit.ip,
                user_agent: a.audit.userAgent?.slice(0, 500) ?? null,
                details: a.audit.details ?? {},
                event_kind: a.event.kind,
                summary: a.event.summary,
                item: a.values,
              })),
            ),
          ],
        });
        return queued.map((_, ord) => outcome(res.rows[ord]));
      },
      { maxBatch: 64, maxInFlight: BATCH_IN_FLIGHT },
    );
    byShape.set(name, batcher);
  }
  return batcher;
}

export async function appendAudited(db: Queryable, a: AuditedAppend): Promise<AppendResult> {
  const columns = Object.keys(a.values);
  const patientColumns = Object.keys(a.patientCoalesce ?? {});
  // Outside a transaction, appends that touch only their own rows share statements with their neighbours.
  if (db instanceof pg.Pool && !a.clearFlag && !a.once && patientColumns.length === 0) {
    const queued = { append: a, columns };
    return batcherFor(db, queued).submit(queued);
  }
  if (a.clearFlag || a.once) {
    // "One primary diagnosis", "each allergy once": the statement sees the rows of its own snapshot, so two
    // such appends for one patient at once would each miss the other's new row. The patient row is locked
    // first, in its own statement, so the second append starts after the first committed and sees its row.
    // (FOR NO KEY UPDATE does not block the other appends, which take FOR KEY SHARE.)
    return inTransaction(db, async (tx) => {
      await tx.query('SELECT 1 FROM patients WHERE id = $1::uuid AND organization_id = $2::uuid FOR NO KEY UPDATE', [
        a.patientId,
        a.organizationId,
      ]);
      const listed = a.once ? await currentSameEntry(tx, a, a.once) : undefined;
      if (listed) return { status: 'already_listed', id: listed.id, listed: listed.values };
      return appendOne(tx, a, columns, patientColumns);
    });
  }
  return appendOne(db, a, columns, patientColumns);
}

/** The patient's current row that is the same entry as the append's (see `once`), if any. */
async function currentSameEntry(
  db: Queryable,
  a: AuditedAppend,
  once: NonNullable<AuditedAppend['once']>,
): Promise<{ id: string; values: Record<string, string | null> } | undefined> {
  const same = once.sameIn.map((c, i) => `lower(${ident(c)}) IS NOT DISTINCT FROM lower($${i + 3}::text)`);
  const res = await db.query<Record<string, string | null> & { id: string }>(
    `SELECT id${once.sameIn.map((c) => `, ${ident(c)}`).join('')} FROM ${ident(a.table)}
      WHERE patient_id = $1::uuid AND organization_id = $2::uuid AND ${ident(once.currentWhileNull)} IS NULL
        AND ${same.join(' AND ')}
      ORDER BY id LIMIT 1`,
    [a.patientId, a.organizationId, ...once.sameIn.map((c) => a.values[c] ?? null)],
  );
  const row = res.rows[0];
  if (!row) return undefined;
  const { id, ...values } = row;
  return { id, values };
}

async function appendOne(
  db: Queryable,
  a: AuditedAppend,
  columns: readonly string[],
  patientColumns: readonly string[],
): Promise<AppendResult> {
  const { name, text } = compile(a, columns, patientColumns);
  const res = await db.query<{ found: number; id: string | null }>({
    name,
    text,
    values: [
      a.patientId,
      a.organizationId,
      a.audit.occurredAt,
      a.audit.actorUserId,
      [...a.audit.actorRoles],
      a.audit.action,
      a.audit.resourceType,
      a.audit.ip,
      a.audit.userAgent?.slice(0, 500) ?? null,
      JSON.stringify(a.audit.details ?? {}),
      a.event.kind,
      a.event.summary,
      ...columns.map((c) => a.values[c]),
      ...patientColumns.map((c) => a.patientCoalesce![c]),
    ],
  });
  return outcome(res.rows[0]);
}
