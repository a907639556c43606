import pg from 'pg';
import type { PatientRecord } from './patients.js';
import type { Queryable } from '../kysely.js';
import { StatementBatcher } from '../statement-batcher.js';

/**
 * The whole chart in ONE statement (decision 018): the patient, every list as JSON aggregated by
 * PostgreSQL, the newest page of the histories that grow (vitals, questionnaire results, timeline) and
 * the audit entry of the read — one round trip, one commit, a named prepared statement. Cost does not
 * grow with history: each history is read newest-first through its (patient_id, time) index, one page
 * (and one row more, to know whether there is an older page). Older pages: `readChartPage`.
 */

/** Timestamps as the API writes them (UTC, milliseconds, `Z`), whatever the session's time zone. */
const iso = (column: string): string => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
/**
 * A history row's time as PostgreSQL's JSON writes a UTC timestamp ("2026-12-01T09:30:00.1234", trailing zeros
 * of the fraction dropped); `historyTimes` turns it into the API's text and the exact cursor position. A page
 * holds up to 78 such rows, and to_char, twice a row, was a third of what PostgreSQL spent on a chart with a
 * history (decision 035).
 */
const raw = (column: string): string => `${column} AT TIME ZONE 'UTC'`;

/** `at` as PostgreSQL wrote it → `at` exact to the microsecond (keyset cursor) and `time` to the millisecond. */
export function historyTimes(pgUtc: string): { at: string; time: string } {
  const dot = pgUtc.indexOf('.');
  const seconds = dot < 0 ? pgUtc : pgUtc.slice(0, dot);
  const fraction = dot < 0 ? '000000' : pgUtc.slice(dot + 1).padEnd(6, '0');
  return { at: `${seconds}.${fraction}Z`, time: `${seconds}.${fraction.slice(0, 3)}Z` };
}

type TimeField = 'recordedAt' | 'completedAt' | 'occurredAt';

/** Fills each row's time (`field`) and exact position (`at`) from the raw `at` the statement wrote. */
function timed<T extends { at: string }>(rows: T[], field: TimeField): T[] {
  for (const row of rows as (T & Partial<Record<TimeField, string>>)[]) {
    const { at, time } = historyTimes(row.at);
    row.at = at;
    row[field] = time;
  }
  return rows;
}

function withHistoryTimes(chart: ChartJson): ChartJson {
  timed(chart.vitals, 'recordedAt');
  timed(chart.results, 'completedAt');
  timed(chart.events, 'occurredAt');
  return chart;
}

export interface ChartReadAudit {
  readonly occurredAt: Date;
  readonly actorUserId: string;
  readonly actorRoles: readonly string[];
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly details: Readonly<Record<string, unknown>>;
}

/** The patient row as the chart statement's JSON carries it: the same columns, times as ISO text. */
export type PatientJson = Omit<PatientRecord, 'measuredAt' | 'status' | 'statusChangedAt' | 'createdAt'> & {
  measuredAt: string | null;
  status: string;
  statusChangedAt: string | null;
  createdAt: string;
  noKnownAllergiesAt: string | null;
};

export interface VitalsJson {
  id: string;
  recordedAt: string;
  context: string;
  systolicMmHg: number | null;
  diastolicMmHg: number | null;
  heartRateBpm: number | null;
  spo2Percent: number | null;
  respiratoryRatePerMin: number | null;
  weightKg: number | null;
  heightCm: number | null;
  /** The row's exact position, for the next page's cursor. */
  at: string;
}

export interface ResultJson {
  id: string;
  instrumentId: string;
  total: number | null;
  severityId: string | null;
  severityLabel: string | null;
  flags: string[];
  completedAt: string;
  at: string;
}

export interface EventJson {
  id: string;
  occurredAt: string;
  kind: string;
  summary: string;
  actor: string | null;
  at: string;
}

export interface IntakeJson {
  id: string;
  scores: {
    instrumentId: string;
    total: number | null;
    severity: { id: string; label: string } | null;
    flags: string[];
  }[];
  submittedAt: string;
  convertedAt: string | null;
  reference: string;
}

export interface ChartJson {
  patient: PatientJson;
  timeZone: string;
  openingHours: { day: number; opens: string; closes: string }[] | null;
  protocol: { id: string; number: number } | null;
  allergies: { id: string; substance: string; reaction: string | null; severity: string; recordedAt: string }[];
  diagnoses: { id: string; icd10: string; label: string; isPrimary: boolean; recordedAt: string }[];
  medications: {
    id: string;
    name: string;
    doseText: string | null;
    dailyMg: number | null;
    benzodiazepine: boolean;
    lorazepamEqMgPerDay: number | null;
    maoi: boolean;
    recordedAt: string;
  }[];
  vitals: VitalsJson[];
  results: ResultJson[];
  events: EventJson[];
  intakes: IntakeJson[];
  assessments: {
    id: string;
    status: string;
    decision: string | null;
    createdAt: string;
    signedAt: string | null;
    amends: boolean;
  }[];
  consents: { id: string; signedAt: string; withdrawnAt: string | null; title: string; number: number }[];
  plans: { id: string; number: number; status: string; createdAt: string; signedAt: string | null }[];
  account: { email: string; createdAt: string; mustChangePassword: boolean } | null;
}

/** Keyset position of a history row: (time, id), newest first. */
export interface PagePosition {
  readonly at: string;
  readonly id: string;
}

const vitalsPage = (position: string, patient = '$1') => `SELECT v.id, v.context,
    v.systolic_mmhg AS "systolicMmHg", v.diastolic_mmhg AS "diastolicMmHg", v.heart_rate_bpm AS "heartRateBpm",
    v.spo2_percent AS "spo2Percent", v.respiratory_rate_per_min AS "respiratoryRatePerMin",
    v.weight_kg AS "weightKg", v.height_cm AS "heightCm", ${raw('v.recorded_at')} AS at
  FROM patient_vitals v WHERE v.patient_id = ${patient} ${position.replace('TIME', 'v.recorded_at').replace('ID', 'v.id')}
  ORDER BY v.recorded_at DESC, v.id DESC LIMIT $PAGE`;

const resultsPage = (position: string, patient = '$1') => `SELECT r.id, r.instrument_id AS "instrumentId", r.total,
    r.severity_id AS "severityId", r.severity_label AS "severityLabel", r.flags, ${raw('r.completed_at')} AS at
  FROM questionnaire_results r WHERE r.patient_id = ${patient} ${position.replace('TIME', 'r.completed_at').replace('ID', 'r.id')}
  ORDER BY r.completed_at DESC, r.id DESC LIMIT $PAGE`;

const eventsPage = (position: string, patient = '$1') => `SELECT e.id, e.kind, e.summary,
    u.name AS actor, ${raw('e.occurred_at')} AS at
  FROM patient_events e LEFT JOIN users u ON u.id = e.actor_user_id
  WHERE e.patient_id = ${patient} ${position.replace('TIME', 'e.occurred_at').replace('ID', 'e.id')}
  ORDER BY e.occurred_at DESC, e.id DESC LIMIT $PAGE`;

const intakesOf = (patient: string): string => `SELECT i.id, i.scores, ${iso('i.submitted_at')} AS "submittedAt",
    ${iso('i.converted_at')} AS "convertedAt", i.reference FROM intakes i WHERE i.patient_id = ${patient}`;
const intakes = intakesOf('$1');

const newestFirst = 'x.at DESC, x.id DESC';
const list = (query: string, order = ''): string =>
  `coalesce((SELECT json_agg(x${order ? ` ORDER BY ${order}` : ''}) FROM (${query}) x), '[]'::json)`;

/**
 * The page size is written into the statement as a number, not passed as a parameter: a named statement is
 * planned once for any parameters (a generic plan), and a LIMIT the planner cannot see is costed as a tenth of
 * the rows it expects per patient. On a long history that made every generic plan look dearer than a plan for
 * the values at hand, so PostgreSQL planned the chart afresh on every read (about 1 ms each).
 */
const limitOf = (pageSize: number): string => {
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) throw new Error(`bad page size ${pageSize}`);
  return String(pageSize + 1);
};

/** The chart of the patient row `p` (its id also as `patient`, a parameter or a column) as one JSON object. */
const chartObject = (patient: string, limit: string): string => `json_build_object(
    'patient', json_build_object(
      'id', p.id, 'organizationId', p.organization_id, 'mrn', p.mrn, 'givenName', p.given_name, 'familyName', p.family_name,
      'preferredName', p.preferred_name, 'dateOfBirth', p.date_of_birth, 'sex', p.sex, 'genderIdentity', p.gender_identity,
      'email', p.email, 'phone', p.phone, 'addressLine1', p.address_line1, 'addressLine2', p.address_line2, 'city', p.city,
      'state', p.state, 'postalCode', p.postal_code, 'emergencyContactName', p.emergency_contact_name,
      'emergencyContactPhone', p.emergency_contact_phone, 'emergencyContactRelationship', p.emergency_contact_relationship,
      'companionName', p.companion_name, 'companionPhone', p.companion_phone, 'companionRelationship', p.companion_relationship,
      'heightCm', p.height_cm::text, 'weightKg', p.weight_kg::text, 'measuredAt', ${iso('p.measured_at')},
      'substanceUse', p.substance_use, 'medicalHistory', p.medical_history, 'status', p.status,
      'statusChangedAt', ${iso('p.status_changed_at')}, 'createdAt', ${iso('p.created_at')}, 'version', p.version,
      'noKnownAllergiesAt', ${iso('p.no_known_allergies_at')}),
    'timeZone', p.time_zone,
    'openingHours', (SELECT l.opening_hours FROM locations l WHERE l.organization_id = p.organization_id ORDER BY l.name LIMIT 1),
    'protocol', (SELECT json_build_object('id', v.id, 'number', v.number) FROM protocol_versions v
                  WHERE v.organization_id = p.organization_id ORDER BY v.number DESC LIMIT 1),
    'allergies', ${list(
      `SELECT a.id, a.substance, a.reaction, a.severity, ${iso('a.recorded_at')} AS "recordedAt", a.recorded_at AS o
         FROM patient_allergies a WHERE a.patient_id = ${patient} AND a.removed_at IS NULL`,
      'x.o',
    )},
    'diagnoses', ${list(
      `SELECT d.id, d.icd10, d.label, d.is_primary AS "isPrimary", ${iso('d.recorded_at')} AS "recordedAt", d.recorded_at AS o
         FROM patient_diagnoses d WHERE d.patient_id = ${patient} AND d.removed_at IS NULL`,
      'x."isPrimary" DESC, x.o',
    )},
    'medications', ${list(
      `SELECT m.id, m.name, m.dose_text AS "doseText", m.daily_mg AS "dailyMg", m.benzodiazepine,
              m.lorazepam_eq_mg_per_day AS "lorazepamEqMgPerDay", m.maoi, ${iso('m.recorded_at')} AS "recordedAt", m.recorded_at AS o
         FROM patient_medications m WHERE m.patient_id = ${patient} AND m.stopped_at IS NULL`,
      'x.o',
    )},
    'vitals', ${list(vitalsPage('', patient).replace('$PAGE', limit), newestFirst)},
    'results', ${list(resultsPage('', patient).replace('$PAGE', limit), newestFirst)},
    'events', ${list(eventsPage('', patient).replace('$PAGE', limit), newestFirst)},
    'intakes', ${list(intakesOf(patient))},
    'assessments', ${list(
      `SELECT a.id, a.status, a.decision, ${iso('a.created_at')} AS "createdAt", ${iso('a.signed_at')} AS "signedAt",
              a.amends_assessment_id IS NOT NULL AS amends, a.created_at AS o
         FROM assessments a WHERE a.patient_id = ${patient}`,
      'x.o',
    )},
    'consents', ${list(
      `SELECT c.id, ${iso('c.signed_at')} AS "signedAt", ${iso('c.withdrawn_at')} AS "withdrawnAt", t.title, v.number, c.signed_at AS o
         FROM consents c JOIN consent_template_versions v ON v.id = c.template_version_id
         JOIN consent_templates t ON t.id = v.template_id WHERE c.patient_id = ${patient}`,
      'x.o',
    )},
    'plans', ${list(
      `SELECT t.id, t.number, t.status, ${iso('t.created_at')} AS "createdAt", ${iso('t.signed_at')} AS "signedAt"
         FROM treatment_plans t WHERE t.patient_id = ${patient}`,
      'x.number',
    )},
    'account', (SELECT json_build_object('email', u.email, 'createdAt', ${iso('u.created_at')},
                                         'mustChangePassword', u.must_change_password)
                  FROM users u WHERE u.patient_id = ${patient} LIMIT 1)
  )`;

// $1 patient, $2 organization, $3 occurred at, $4 actor, $5 roles, $6 ip, $7 user agent, $8 details.
const chartText = (limit: string): string => `WITH p AS (
    SELECT p.*, o.time_zone FROM patients p JOIN organizations o ON o.id = p.organization_id
     WHERE p.id = $1::uuid AND p.organization_id = $2::uuid
  ), audited AS (
    INSERT INTO audit_log (occurred_at, organization_id, actor_user_id, actor_roles, action, resource_type, resource_id,
                           patient_id, ip, user_agent, outcome, details)
    SELECT $3::timestamptz, $2::uuid, $4::uuid, $5::text[], 'patients.read', 'patient', p.id::text, p.id, $6::inet, $7::text,
           'success', $8::jsonb FROM p
  )
  SELECT ${chartObject('$1::uuid', limit)} AS chart FROM p`;

// Several charts at once (decision 034): the reads come as one JSON array, each with its ordinal; one row per
// read, in order, with a null chart where the patient is not one of that organization's. Each read still
// writes its own audit entry, in the same statement and commit as the charts.
const chartBatchText = (limit: string): string => `WITH input AS MATERIALIZED (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(ord int, patient_id uuid, organization_id uuid,
      occurred_at timestamptz, actor_user_id uuid, actor_roles text[], ip inet, user_agent text, details jsonb)
  ), p AS MATERIALIZED (
    SELECT input.ord, p.*, o.time_zone FROM input
      JOIN patients p ON p.id = input.patient_id AND p.organization_id = input.organization_id
      JOIN organizations o ON o.id = p.organization_id
  ), audited AS (
    INSERT INTO audit_log (occurred_at, organization_id, actor_user_id, actor_roles, action, resource_type, resource_id,
                           patient_id, ip, user_agent, outcome, details)
    SELECT input.occurred_at, input.organization_id, input.actor_user_id, input.actor_roles, 'patients.read', 'patient',
           p.id::text, p.id, input.ip, input.user_agent, 'success', input.details
      FROM input JOIN p USING (ord) ORDER BY input.ord
  )
  SELECT input.ord, (SELECT ${chartObject('p.id', limit)} FROM p WHERE p.ord = input.ord) AS chart
    FROM input ORDER BY input.ord`;

export interface ChartReadInput {
  readonly patientId: string;
  readonly organizationId: string;
  /** Rows per history page (the chart holds the newest page). */
  readonly pageSize: number;
  readonly audit: ChartReadAudit;
}

/**
 * The chart of a patient of `organizationId`, audited as read in the same statement; undefined when none.
 * Outside a transaction, reads that arrive together share one statement and one commit (decision 034).
 */
export async function readChartJson(db: Queryable, input: ChartReadInput): Promise<ChartJson | undefined> {
  if (db instanceof pg.Pool) return chartBatcher(db, limitOf(input.pageSize)).submit(input);
  return readOneChart(db, input);
}

async function readOneChart(db: Queryable, input: ChartReadInput): Promise<ChartJson | undefined> {
  const limit = limitOf(input.pageSize);
  const res = await db.query<{ chart: ChartJson }>({
    name: `chart_read_v2_${limit}`,
    text: chartText(limit),
    values: [
      input.patientId,
      input.organizationId,
      input.audit.occurredAt,
      input.audit.actorUserId,
      [...input.audit.actorRoles],
      input.audit.ip,
      input.audit.userAgent?.slice(0, 500) ?? null,
      JSON.stringify(input.audit.details),
    ],
  });
  const chart = res.rows[0]?.chart;
  return chart && withHistoryTimes(chart);
}

const chartBatchers = new WeakMap<pg.Pool, Map<string, StatementBatcher<ChartReadInput, ChartJson | undefined>>>();

function chartBatcher(pool: pg.Pool, limit: string): StatementBatcher<ChartReadInput, ChartJson | undefined> {
  let byLimit = chartBatchers.get(pool);
  if (!byLimit)
    chartBatchers.set(pool, (byLimit = new Map<string, StatementBatcher<ChartReadInput, ChartJson | undefined>>()));
  let batcher = byLimit.get(limit);
  if (!batcher) {
    const query = { name: `chart_read_batch_v1_${limit}`, text: chartBatchText(limit) };
    batcher = new StatementBatcher<ChartReadInput, ChartJson | undefined>(
      async (reads) => {
        // Alone, the single statement is cheaper for PostgreSQL than the JSON form.
        if (reads.length === 1) return [await readOneChart(pool, reads[0]!)];
        const res = await pool.query<{ ord: number; chart: ChartJson | null }>({
          ...query,
          values: [
            JSON.stringify(
              reads.map((r, ord) => ({
                ord,
                patient_id: r.patientId,
                organization_id: r.organizationId,
                occurred_at: r.audit.occurredAt,
                actor_user_id: r.audit.actorUserId,
                actor_roles: r.audit.actorRoles,
                ip: r.audit.ip,
                user_agent: r.audit.userAgent?.slice(0, 500) ?? null,
                details: r.audit.details,
              })),
            ),
          ],
        });
        return reads.map((_, ord) => {
          const chart = res.rows[ord]?.chart;
          return chart ? withHistoryTimes(chart) : undefined;
        });
      },
      // Two statements at a time (decision 035): with a page of history per list, a chart read waits on
      // PostgreSQL, and a second statement keeps the other core busy meanwhile. (Writes keep one: decision 029.)
      { maxBatch: 64, maxInFlight: 2 },
    );
    byLimit.set(limit, batcher);
  }
  return batcher;
}

export type HistoryKind = 'vitals' | 'questionnaires' | 'timeline';

export interface HistoryPageJson {
  readonly rows: (VitalsJson | ResultJson | EventJson)[];
  readonly intakes: IntakeJson[];
}

const timeFieldOf: Record<HistoryKind, TimeField> = {
  vitals: 'recordedAt',
  questionnaires: 'completedAt',
  timeline: 'occurredAt',
};

const before = 'AND (TIME, ID) < ($9::timestamptz, $10::uuid)';
const pageTexts: Record<HistoryKind, string> = {
  vitals: vitalsPage(before),
  questionnaires: resultsPage(before),
  timeline: eventsPage(before),
};

/** An older page of one history, after `position`, audited as read in the same statement. */
export async function readChartPage(
  db: Queryable,
  input: ChartReadInput & { readonly kind: HistoryKind; readonly before: PagePosition },
): Promise<HistoryPageJson | undefined> {
  const limit = limitOf(input.pageSize);
  const text = `WITH p AS (
      SELECT p.id FROM patients p WHERE p.id = $1::uuid AND p.organization_id = $2::uuid
    ), audited AS (
      INSERT INTO audit_log (occurred_at, organization_id, actor_user_id, actor_roles, action, resource_type, resource_id,
                             patient_id, ip, user_agent, outcome, details)
      SELECT $3::timestamptz, $2::uuid, $4::uuid, $5::text[], 'patients.read', 'patient', p.id::text, p.id, $6::inet,
             $7::text, 'success', $8::jsonb FROM p
    )
    SELECT json_build_object('rows', ${list(pageTexts[input.kind].replace('$PAGE', limit), newestFirst)},
                             'intakes', ${input.kind === 'vitals' ? `'[]'::json` : list(intakes)}) AS page FROM p`;
  const res = await db.query<{ page: HistoryPageJson }>({
    name: `chart_page_${input.kind}_v2_${limit}`,
    text,
    values: [
      input.patientId,
      input.organizationId,
      input.audit.occurredAt,
      input.audit.actorUserId,
      [...input.audit.actorRoles],
      input.audit.ip,
      input.audit.userAgent?.slice(0, 500) ?? null,
      JSON.stringify(input.audit.details),
      input.before.at,
      input.before.id,
    ],
  });
  const page = res.rows[0]?.page;
  if (page) timed(page.rows, timeFieldOf[input.kind]);
  return page;
}
