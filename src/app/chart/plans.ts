import { routeLabels } from '../../domain/labels/index.js';
import {
  assertEditable,
  assertOverrideGiven,
  assertReason,
  blocksNewSessions,
  consentState,
  derivePlan,
  type DerivedPlan,
  type PlanContent,
  type PlanPatient,
} from '../../domain/chart/index.js';
import { can } from '../../domain/permissions/index.js';
import { DomainError } from '../../domain/errors.js';
import type { ClinicProtocol } from '../../domain/protocol/index.js';
import { audit } from '../audit/record.js';
import { withTransaction, type AppContext } from '../context.js';
import { assertVersion, findPatientKey, requireStaffAction } from './access.js';
import { clinicCalendar } from './clinic-calendar.js';
import { recordPatientEvent } from './events.js';
import { currentProtocolVersion, getProtocolVersion } from './protocols.js';

/**
 * The treatment plan: the prescriber's order (CLINICAL.md §2, §4). A draft is written and revised freely;
 * signing needs consent on file and a signed assessment finding the patient eligible, and a dose above the
 * protocol's limits needs an override reason. A signed plan never changes: a change is a new version
 * (a draft that supersedes it when signed). Every version records the protocol version it used.
 */
export interface PlanView {
  id: string;
  patientId: string;
  number: number;
  status: 'draft' | 'signed' | 'superseded';
  supersedesPlanId: string | null;
  content: PlanContent;
  derived: DerivedPlanJson;
  overrideReason: string | null;
  changeReason: string | null;
  protocol: { id: string; number: number; label: string };
  consentId: string | null;
  assessmentId: string | null;
  signedBy: { id: string; name: string } | null;
  signedAt: string | null;
  supersededAt: string | null;
  createdAt: string;
  version: number;
}

/**
 * What a reader without clinical_notes.read (a coordinator) gets of a plan: the schedule to book,
 * never the dose (mg/kg, concentration, mg, mL, infusion rate), the conditions or the reasons.
 */
export interface PlanScheduleView {
  id: string;
  patientId: string;
  number: number;
  status: PlanView['status'];
  supersedesPlanId: string | null;
  scheduleOnly: true;
  schedule: {
    route: PlanContent['route'];
    inductionSessions: number;
    appointmentMinutes: number;
    spanDays: number;
    sessions: DerivedPlanJson['series']['sessions'];
  };
  signedBy: { id: string; name: string } | null;
  signedAt: string | null;
  supersededAt: string | null;
  createdAt: string;
  version: number;
}

export const toScheduleView = (v: PlanView): PlanScheduleView => ({
  id: v.id,
  patientId: v.patientId,
  number: v.number,
  status: v.status,
  supersedesPlanId: v.supersedesPlanId,
  scheduleOnly: true,
  schedule: {
    route: v.content.route,
    inductionSessions: v.content.induction.sessions,
    appointmentMinutes: v.derived.appointmentMinutes,
    spanDays: v.derived.series.spanDays,
    sessions: v.derived.series.sessions,
  },
  signedBy: v.signedBy,
  signedAt: v.signedAt,
  supersededAt: v.supersededAt,
  createdAt: v.createdAt,
  version: v.version,
});

/** Clinical staff read the whole plan; everyone else with plans.read, its schedule only. */
const forReader = (ctx: AppContext, v: PlanView): PlanView | PlanScheduleView =>
  ctx.principal && can(ctx.principal, 'clinical_notes.read') ? v : toScheduleView(v);

/** DerivedPlan as stored (dates as ISO strings). */
export type DerivedPlanJson = Omit<DerivedPlan, 'series'> & {
  series: {
    spanDays: number;
    sessions: (Omit<DerivedPlan['series']['sessions'][number], 'startsAt'> & { startsAt: string })[];
  };
};

interface Row {
  id: string;
  patient_id: string;
  number: number;
  status: PlanView['status'];
  supersedes_plan_id: string | null;
  content: PlanContent;
  dose: Omit<DerivedPlanJson, 'series'>;
  series: DerivedPlanJson['series'];
  override_reason: string | null;
  change_reason: string | null;
  protocol_version_id: string;
  protocol_number: number;
  protocol_label: string;
  consent_id: string | null;
  assessment_id: string | null;
  signed_by_user_id: string | null;
  signed_by_name: string | null;
  signed_at: Date | null;
  superseded_at: Date | null;
  created_at: Date;
  version: number;
}

const select = `SELECT t.*, p.number AS protocol_number, p.label AS protocol_label, u.name AS signed_by_name
  FROM treatment_plans t JOIN protocol_versions p ON p.id = t.protocol_version_id LEFT JOIN users u ON u.id = t.signed_by_user_id`;

const toView = (r: Row): PlanView => ({
  id: r.id,
  patientId: r.patient_id,
  number: r.number,
  status: r.status,
  supersedesPlanId: r.supersedes_plan_id,
  content: r.content,
  derived: { ...r.dose, series: r.series },
  overrideReason: r.override_reason,
  changeReason: r.change_reason,
  protocol: { id: r.protocol_version_id, number: r.protocol_number, label: r.protocol_label },
  consentId: r.consent_id,
  assessmentId: r.assessment_id,
  signedBy: r.signed_by_user_id && r.signed_by_name ? { id: r.signed_by_user_id, name: r.signed_by_name } : null,
  signedAt: r.signed_at?.toISOString() ?? null,
  supersededAt: r.superseded_at?.toISOString() ?? null,
  createdAt: r.created_at.toISOString(),
  version: r.version,
});

async function loadRow(tx: AppContext, patientId: string, id: string, forUpdate = false): Promise<Row> {
  const res = await tx.db.query<Row>(
    `${select} WHERE t.id = $1 AND t.patient_id = $2${forUpdate ? ' FOR UPDATE OF t' : ''}`,
    [id, patientId],
  );
  if (!res.rows[0]) throw new DomainError('not_found', 'No such treatment plan for this patient.');
  return res.rows[0];
}

/** Height, weight and sex from the chart: the dose is calculated on them (CLINICAL.md §2). */
async function planPatient(tx: AppContext, patientId: string): Promise<PlanPatient> {
  const res = await tx.db.query<{ weight_kg: string | null; height_cm: string | null; sex: 'female' | 'male' | null }>(
    'SELECT weight_kg::text AS weight_kg, height_cm::text AS height_cm, sex FROM patients WHERE id = $1',
    [patientId],
  );
  const r = res.rows[0]!;
  const missing = [
    r.weight_kg === null ? 'weight' : '',
    r.height_cm === null ? 'height' : '',
    r.sex === null ? 'sex assigned at birth' : '',
  ].filter(Boolean);
  if (r.weight_kg === null || r.height_cm === null || r.sex === null) {
    throw new DomainError(
      'plan_measurements_missing',
      `Record the patient's ${missing.join(', ')} on the chart first: the dose is calculated on them.`,
      { details: { missing } },
    );
  }
  return { weightKg: Number(r.weight_kg), heightCm: Number(r.height_cm), sex: r.sex };
}

async function derive(
  tx: AppContext,
  organizationId: string,
  patientId: string,
  content: PlanContent,
  protocol: ClinicProtocol,
): Promise<DerivedPlan> {
  const patient = await planPatient(tx, patientId);
  const calendar = await clinicCalendar(tx.db, organizationId);
  try {
    return derivePlan(content, patient, protocol, calendar);
  } catch (error) {
    if (error instanceof DomainError && error.errors.length > 0) {
      throw new DomainError(error.code, error.message, {
        errors: error.errors.map((e) => ({ path: `/body/content${e.path}`, message: e.message })),
        ...(error.details ? { details: { ...error.details } } : {}),
      });
    }
    throw error;
  }
}

const toJson = (d: DerivedPlan): { dose: string; series: string } => {
  const { series, ...dose } = d;
  return {
    dose: JSON.stringify(dose),
    series: JSON.stringify({
      spanDays: series.spanDays,
      sessions: series.sessions.map((s) => ({ ...s, startsAt: s.startsAt.toISOString() })),
    }),
  };
};

export async function listPlans(patientId: string, ctx: AppContext): Promise<(PlanView | PlanScheduleView)[]> {
  requireStaffAction(ctx, 'plans.read');
  return withTransaction(ctx, async (tx) => {
    await findPatientKey(tx, patientId);
    const res = await tx.db.query<Row>(`${select} WHERE t.patient_id = $1 ORDER BY t.number`, [patientId]);
    const views = res.rows.map((r) => forReader(tx, toView(r)));
    await audit(tx, {
      action: 'plans.list',
      resourceType: 'plan',
      patientId,
      details: { view: views.some((v) => 'scheduleOnly' in v) ? 'schedule' : 'full' },
    });
    return views;
  });
}

export async function getPlan(patientId: string, id: string, ctx: AppContext): Promise<PlanView | PlanScheduleView> {
  requireStaffAction(ctx, 'plans.read');
  return withTransaction(ctx, async (tx) => {
    await findPatientKey(tx, patientId);
    const row = await loadRow(tx, patientId, id);
    const view = forReader(tx, toView(row));
    await audit(tx, {
      action: 'plans.read',
      resourceType: 'plan',
      resourceId: id,
      patientId,
      details: { view: 'scheduleOnly' in view ? 'schedule' : 'full' },
    });
    return view;
  });
}

export interface PlanDraftInput {
  readonly content: PlanContent;
  readonly overrideReason?: string | null | undefined;
  /** For a new version of a signed plan: why it changes. */
  readonly changeReason?: string | null | undefined;
}

/**
 * A new draft. When a signed plan is in force the draft is its next version and needs a change reason.
 * The dose limit is checked now too, so a draft above the limit without a reason is never saved.
 */
export async function createPlan(patientId: string, input: PlanDraftInput, ctx: AppContext): Promise<PlanView> {
  const principal = requireStaffAction(ctx, 'plans.write');
  return withTransaction(ctx, async (tx) => {
    await findPatientKey(tx, patientId, { forUpdate: true });
    const protocol = await currentProtocolVersion(tx.db, principal.organizationId, tx.now);
    const derived = await derive(tx, principal.organizationId, patientId, input.content, protocol.protocol);
    const overrideReason = assertOverrideGiven(derived, input.overrideReason);
    const prior = await tx.db.query<{ id: string; number: number; status: string }>(
      `SELECT id, number, status FROM treatment_plans WHERE patient_id = $1 ORDER BY number DESC LIMIT 1`,
      [patientId],
    );
    const latest = prior.rows[0];
    if (latest?.status === 'draft') {
      throw new DomainError('conflict', 'This patient already has a draft plan: edit it instead of starting another.', {
        details: { draftPlanId: latest.id },
      });
    }
    const inForce = await tx.db.query<{ id: string }>(
      `SELECT id FROM treatment_plans WHERE patient_id = $1 AND status = 'signed'`,
      [patientId],
    );
    const supersedes = inForce.rows[0]?.id ?? null;
    const changeReason = supersedes
      ? assertReason(input.changeReason, '/body/changeReason', 'change to the signed plan')
      : null;
    const json = toJson(derived);
    const res = await tx.db.query<{ id: string }>(
      `INSERT INTO treatment_plans (organization_id, patient_id, number, supersedes_plan_id, content, dose, series, override_reason, change_reason, protocol_version_id, created_by_user_id, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
      [
        principal.organizationId,
        patientId,
        (latest?.number ?? 0) + 1,
        supersedes,
        JSON.stringify(input.content),
        json.dose,
        json.series,
        overrideReason,
        changeReason,
        protocol.id,
        principal.userId,
        tx.now,
      ],
    );
    const id = res.rows[0]!.id;
    await audit(tx, {
      action: 'plans.create',
      resourceType: 'plan',
      resourceId: id,
      patientId,
      details: { number: (latest?.number ?? 0) + 1, supersedes, override: overrideReason !== null },
    });
    await recordPatientEvent(tx, {
      patientId,
      kind: 'plan_drafted',
      summary: `Treatment plan v${(latest?.number ?? 0) + 1} drafted${supersedes ? ' (a change to the signed plan)' : ''}`,
      resourceType: 'plan',
      resourceId: id,
    });
    return toView(await loadRow(tx, patientId, id));
  });
}

export async function updatePlan(
  patientId: string,
  id: string,
  input: PlanDraftInput & { version: number },
  ctx: AppContext,
): Promise<PlanView> {
  const principal = requireStaffAction(ctx, 'plans.write');
  return withTransaction(ctx, async (tx) => {
    await findPatientKey(tx, patientId, { forUpdate: true });
    const row = await loadRow(tx, patientId, id, true);
    assertEditable('plan', row);
    assertVersion(row.version, input.version, 'plan');
    // A draft is revised on the clinic's current protocol.
    const protocol = await currentProtocolVersion(tx.db, principal.organizationId, tx.now);
    const derived = await derive(tx, principal.organizationId, patientId, input.content, protocol.protocol);
    const overrideReason = assertOverrideGiven(derived, input.overrideReason);
    const changeReason = row.supersedes_plan_id
      ? assertReason(input.changeReason ?? row.change_reason, '/body/changeReason', 'change to the signed plan')
      : null;
    const json = toJson(derived);
    await tx.db.query(
      `UPDATE treatment_plans SET content = $2, dose = $3, series = $4, override_reason = $5, change_reason = $6, protocol_version_id = $7, updated_at = $8, version = version + 1 WHERE id = $1`,
      [id, JSON.stringify(input.content), json.dose, json.series, overrideReason, changeReason, protocol.id, tx.now],
    );
    await audit(tx, {
      action: 'plans.update',
      resourceType: 'plan',
      resourceId: id,
      patientId,
      details: { override: overrideReason !== null },
    });
    return toView(await loadRow(tx, patientId, id));
  });
}

/**
 * The prescriber signs the order. Refused without consent on file (consent_required), without a signed
 * assessment finding the patient eligible (eligibility_not_signed), or above the protocol limit without
 * an override reason. The dose is derived again from today's chart (weight may have changed since the draft).
 */
export async function signPlan(
  patientId: string,
  id: string,
  input: { version: number },
  ctx: AppContext,
): Promise<PlanView> {
  const principal = requireStaffAction(ctx, 'plans.sign');
  return withTransaction(ctx, async (tx) => {
    await findPatientKey(tx, patientId, { forUpdate: true });
    const row = await loadRow(tx, patientId, id, true);
    assertEditable('plan', row);
    assertVersion(row.version, input.version, 'plan');
    const consents = await tx.db.query<{ id: string; signed_at: Date; withdrawn_at: Date | null }>(
      'SELECT id, signed_at, withdrawn_at FROM consents WHERE patient_id = $1',
      [patientId],
    );
    const consent = consentState(
      consents.rows.map((c) => ({ id: c.id, signedAt: c.signed_at, withdrawnAt: c.withdrawn_at })),
    );
    if (blocksNewSessions(consent) || consent.status !== 'active') {
      throw new DomainError(
        'consent_required',
        consent.status === 'withdrawn'
          ? 'The patient withdrew consent: they must sign a consent again before a plan can be signed.'
          : 'No signed consent is on file: the patient signs the consent first.',
        { details: { consent: consent.status } },
      );
    }
    const assessment = await tx.db.query<{ id: string; decision: string }>(
      `SELECT id, decision FROM assessments WHERE patient_id = $1 AND status = 'signed' ORDER BY signed_at DESC LIMIT 1`,
      [patientId],
    );
    const latest = assessment.rows[0];
    if (!latest || latest.decision === 'not_eligible') {
      throw new DomainError(
        'eligibility_not_signed',
        latest
          ? 'The latest signed assessment found the patient not eligible.'
          : 'No signed assessment yet: sign the initial assessment first.',
      );
    }
    const protocol = (await getProtocolVersion(tx.db, principal.organizationId, row.protocol_version_id))!;
    const derived = await derive(tx, principal.organizationId, patientId, row.content, protocol.protocol);
    assertOverrideGiven(derived, row.override_reason);
    const json = toJson(derived);
    if (row.supersedes_plan_id) {
      await tx.db.query(
        `UPDATE treatment_plans SET status = 'superseded', superseded_at = $2, version = version + 1 WHERE id = $1 AND status = 'signed'`,
        [row.supersedes_plan_id, tx.now],
      );
    }
    await tx.db.query(
      `UPDATE treatment_plans SET status = 'signed', dose = $2, series = $3, consent_id = $4, assessment_id = $5, signed_by_user_id = $6, signed_at = $7, updated_at = $7, version = version + 1 WHERE id = $1`,
      [id, json.dose, json.series, consent.consentId, latest.id, principal.userId, tx.now],
    );
    const first = derived.series.sessions[0];
    await audit(tx, {
      action: 'plans.sign',
      resourceType: 'plan',
      resourceId: id,
      patientId,
      details: {
        number: row.number,
        supersedes: row.supersedes_plan_id,
        consentId: consent.consentId,
        assessmentId: latest.id,
        override: row.override_reason !== null,
      },
    });
    await recordPatientEvent(tx, {
      patientId,
      kind: 'plan_signed',
      summary: `Treatment plan v${row.number} signed: ${routeLabels[row.content.route]} ${row.content.startMgPerKg} mg/kg (${derived.startDose.delivered.mg} mg), ${derived.series.sessions.length} sessions${first ? ` from ${first.localDate}` : ''}`,
      resourceType: 'plan',
      resourceId: id,
    });
    return toView(await loadRow(tx, patientId, id));
  });
}
