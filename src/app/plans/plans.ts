import { findLatestSignedAssessment } from '../../db/repositories/assessments.js';
import { listConsentDates } from '../../db/repositories/consents.js';
import { findPatient } from '../../db/repositories/patients.js';
import {
  deletePlanDraft,
  findPlan,
  findPlanHeads,
  insertPlan,
  listPlansOfPatient,
  signPlanRow,
  supersedePlan,
  updatePlanDraft,
  type PlanRecord,
} from '../../db/repositories/plans.js';
import { planRouteLabels } from '../../domain/labels/index.js';
import {
  assertEditable,
  assertOverrideGiven,
  assertReason,
  blocksNewSessions,
  consentState,
  derivePlan,
  isEsketamineDerived,
  isEsketaminePlan,
  type DerivedPlan,
  type PlanContent,
  type PlanPatient,
} from '../../domain/chart/index.js';
import { can } from '../../domain/permissions/index.js';
import { DomainError } from '../../domain/errors.js';
import type { ClinicProtocol } from '../../domain/protocol/index.js';
import { audit } from '../audit/record.js';
import { withTransaction, type AppContext } from '../context.js';
import { assertVersion, findPatientKey, requireStaffAction } from '../chart/access.js';
import { clinicCalendar } from '../scheduling/clinic-calendar.js';
import { recordPatientEvent } from '../chart/events.js';
import type {
  Plan,
  PlanContentBody,
  PlanDraftBody,
  PlanSchedule,
  PlanSignBody,
  PlanUpdateBody,
} from '../../contracts/plans.js';
import { currentProtocolVersion, getProtocolVersion } from '../protocols/protocols.js';

/**
 * The treatment plan: the prescriber's order (CLINICAL.md §2, §4). A draft is written and revised freely;
 * signing needs consent on file and a signed assessment finding the patient eligible, and a dose above the
 * protocol's limits needs an override reason. A signed plan never changes: a change is a new version
 * (a draft that supersedes it when signed). Every version records the protocol version it used.
 */
export type PlanView = Plan;

/**
 * What a reader without clinical_notes.read (a coordinator) gets of a plan: the schedule to book,
 * never the dose (mg/kg, concentration, mg, mL, infusion rate), the conditions or the reasons.
 */
export type PlanScheduleView = PlanSchedule;

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

/**
 * The stored jsonb of a plan, written from the domain's types (`PlanContent`, `DerivedPlan` with ISO dates)
 * and read back as the contract's shapes, which the domain's readonly types accept and the wire serves.
 */
interface Row extends PlanRecord {
  readonly content: PlanContentBody;
  readonly dose: Omit<Plan['derived'], 'series'>;
  readonly series: Plan['derived']['series'];
}
const asRow = (r: PlanRecord): Row => r as Row;

const toView = (r: Row): PlanView => ({
  id: r.id,
  patientId: r.patientId,
  number: r.number,
  status: r.status,
  supersedesPlanId: r.supersedesPlanId,
  content: r.content,
  derived: { ...r.dose, series: r.series },
  overrideReason: r.overrideReason,
  changeReason: r.changeReason,
  protocol: { id: r.protocolVersionId, number: r.protocolNumber, label: r.protocolLabel },
  consentId: r.consentId,
  assessmentId: r.assessmentId,
  signedBy: r.signedByUserId && r.signedByName ? { id: r.signedByUserId, name: r.signedByName } : null,
  signedAt: r.signedAt?.toISOString() ?? null,
  supersededAt: r.supersededAt?.toISOString() ?? null,
  createdAt: r.createdAt.toISOString(),
  version: r.version,
});

async function loadRow(tx: AppContext, patientId: string, id: string, forUpdate = false): Promise<Row> {
  const row = await findPlan(tx.db, patientId, id, forUpdate);
  if (!row) throw new DomainError('not_found', 'No such treatment plan for this patient.');
  return asRow(row);
}

/** The signed order in words for the timeline: the route and the starting dose. */
function planDoseSummary(content: PlanContent, derived: DerivedPlan): string {
  if (isEsketamineDerived(derived))
    return `${planRouteLabels[content.route]} ${derived.esketamine.startMg} mg (${derived.esketamine.startDevices} devices of 28 mg)`;
  if (isEsketaminePlan(content)) return planRouteLabels[content.route];
  return `${planRouteLabels[content.route]} ${content.startMgPerKg} mg/kg (${derived.startDose.delivered.mg} mg)`;
}

/** Height, weight and sex from the chart: the dose is calculated on them (CLINICAL.md §2). */
async function planPatient(tx: AppContext, patientId: string): Promise<PlanPatient> {
  const r = (await findPatient(tx.db, patientId))!;
  const missing = [
    r.weightKg === null ? 'weight' : '',
    r.heightCm === null ? 'height' : '',
    r.sex === null ? 'sex assigned at birth' : '',
  ].filter(Boolean);
  if (r.weightKg === null || r.heightCm === null || r.sex === null) {
    throw new DomainError(
      'plan_measurements_missing',
      `Record the patient's ${missing.join(', ')} on the chart first: the dose is calculated on them.`,
      { details: { missing } },
    );
  }
  return { weightKg: Number(r.weightKg), heightCm: Number(r.heightCm), sex: r.sex };
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
        errors: error.errors.map((e) => ({ path: `/content${e.path}`, message: e.message })),
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
    const views = (await listPlansOfPatient(tx.db, patientId)).map((r) => forReader(tx, toView(asRow(r))));
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

/** The contract's draft body; the content may also be the domain's own (readonly) `PlanContent`. */
export type PlanDraftInput = Omit<PlanDraftBody, 'content'> & { readonly content: PlanContent };

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
    const { latest, signedId: supersedes } = await findPlanHeads(tx.db, patientId);
    if (latest?.status === 'draft') {
      throw new DomainError('conflict', 'This patient already has a draft plan: edit it instead of starting another.', {
        details: { draftPlanId: latest.id },
      });
    }
    const changeReason = supersedes
      ? assertReason(input.changeReason, '/changeReason', 'change to the signed plan')
      : null;
    const json = toJson(derived);
    const id = await insertPlan(tx.db, {
      organizationId: principal.organizationId,
      patientId,
      number: (latest?.number ?? 0) + 1,
      supersedesPlanId: supersedes,
      content: input.content,
      dose: json.dose,
      series: json.series,
      overrideReason,
      changeReason,
      protocolVersionId: protocol.id,
      createdByUserId: principal.userId,
      createdAt: tx.now,
    });
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
  input: PlanDraftInput & Pick<PlanUpdateBody, 'version'>,
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
    const changeReason = row.supersedesPlanId
      ? assertReason(input.changeReason ?? row.changeReason, '/changeReason', 'change to the signed plan')
      : null;
    const json = toJson(derived);
    await updatePlanDraft(
      tx.db,
      id,
      {
        content: input.content,
        dose: json.dose,
        series: json.series,
        overrideReason,
        changeReason,
        protocolVersionId: protocol.id,
      },
      tx.now,
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
 * A draft the prescriber will not sign, discarded: removed, with an audit entry and a line on the timeline.
 * The plan it would have changed, if any, stays in force. A signed plan is never discarded (409 document_signed).
 */
export async function discardPlan(patientId: string, id: string, version: number, ctx: AppContext): Promise<void> {
  requireStaffAction(ctx, 'plans.write');
  await withTransaction(ctx, async (tx) => {
    await findPatientKey(tx, patientId, { forUpdate: true });
    const row = await loadRow(tx, patientId, id, true);
    assertEditable('plan', row);
    assertVersion(row.version, version, 'plan');
    await deletePlanDraft(tx.db, id);
    await audit(tx, {
      action: 'plans.discard',
      resourceType: 'plan',
      resourceId: id,
      patientId,
      details: { number: row.number },
    });
    await recordPatientEvent(tx, {
      patientId,
      kind: 'plan_discarded',
      summary: `Treatment plan v${row.number} draft discarded`,
      resourceType: 'plan',
      resourceId: id,
    });
  });
}

/**
 * The prescriber signs the order. Refused without consent on file (consent_required), without a signed
 * assessment finding the patient eligible (eligibility_not_signed), or above the protocol limit without
 * an override reason. The dose is derived again from today's chart (weight may have changed since the draft).
 */
export async function signPlan(patientId: string, id: string, input: PlanSignBody, ctx: AppContext): Promise<PlanView> {
  const principal = requireStaffAction(ctx, 'plans.sign');
  return withTransaction(ctx, async (tx) => {
    await findPatientKey(tx, patientId, { forUpdate: true });
    const row = await loadRow(tx, patientId, id, true);
    assertEditable('plan', row);
    assertVersion(row.version, input.version, 'plan');
    const consent = consentState(await listConsentDates(tx.db, patientId));
    if (blocksNewSessions(consent) || consent.status !== 'active') {
      throw new DomainError(
        'consent_required',
        consent.status === 'withdrawn'
          ? 'The patient withdrew consent: they must sign a consent again before a plan can be signed.'
          : 'No signed consent is on file: the patient signs the consent first.',
        { details: { consent: consent.status } },
      );
    }
    const latest = await findLatestSignedAssessment(tx.db, patientId);
    if (!latest || latest.decision === 'not_eligible') {
      throw new DomainError(
        'eligibility_not_signed',
        latest
          ? 'The latest signed assessment found the patient not eligible.'
          : 'No signed assessment yet: sign the initial assessment first.',
      );
    }
    const protocol = (await getProtocolVersion(tx.db, principal.organizationId, row.protocolVersionId))!;
    const derived = await derive(tx, principal.organizationId, patientId, row.content, protocol.protocol);
    assertOverrideGiven(derived, row.overrideReason);
    const json = toJson(derived);
    if (row.supersedesPlanId) await supersedePlan(tx.db, row.supersedesPlanId, tx.now);
    await signPlanRow(tx.db, id, {
      dose: json.dose,
      series: json.series,
      consentId: consent.consentId,
      assessmentId: latest.id,
      signedByUserId: principal.userId,
      signedAt: tx.now,
    });
    const first = derived.series.sessions[0];
    await audit(tx, {
      action: 'plans.sign',
      resourceType: 'plan',
      resourceId: id,
      patientId,
      details: {
        number: row.number,
        supersedes: row.supersedesPlanId,
        consentId: consent.consentId,
        assessmentId: latest.id,
        override: row.overrideReason !== null,
      },
    });
    await recordPatientEvent(tx, {
      patientId,
      kind: 'plan_signed',
      summary: `Treatment plan v${row.number} signed: ${planDoseSummary(row.content, derived)}, ${derived.series.sessions.length} sessions${first ? ` from ${first.localDate}` : ''}`,
      resourceType: 'plan',
      resourceId: id,
    });
    return toView(await loadRow(tx, patientId, id));
  });
}
