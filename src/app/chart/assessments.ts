import { eligibilityDecisionLabels } from '../../domain/labels/index.js';
import {
  assertEditable,
  assertReason,
  assertTransition,
  canTransition,
  checkSignOff,
  type PatientStatus,
  type SignOffInput,
} from '../../domain/chart/index.js';
import {
  assessEligibility,
  type EligibilityContext,
  type EligibilityInput,
  type EligibilityResult,
  type RestingBloodPressure,
} from '../../domain/eligibility/index.js';
import { DomainError, isDomainError } from '../../domain/errors.js';
import { upgradeStoredProtocol, type ClinicProtocol } from '../../domain/protocol/index.js';
import { zoneRules } from '../../domain/time/index.js';
import { audit } from '../audit/record.js';
import { withTransaction, type AppContext } from '../context.js';
import { assertVersion, findPatientKey, requireStaffAction } from './access.js';
import { recordPatientEvent } from './events.js';
import { setPatientStatus } from './patients.js';
import { currentProtocolVersion } from './protocols.js';

/**
 * The initial assessment (CLINICAL.md §1): a structured form whose findings feed assessEligibility
 * (live in the browser as the prescriber types, and again here at signing), the decision the prescriber
 * signs, and amendments. A signed assessment is immutable; an amendment is a new draft that points at it.
 */
export type DraftEligibilityInput = Omit<EligibilityInput, 'bloodPressureReadings'> & {
  readonly bloodPressureReadings: readonly RestingBloodPressure[];
};

export interface AssessmentView {
  id: string;
  patientId: string;
  status: 'draft' | 'signed';
  input: DraftEligibilityInput;
  goals: string;
  notes: string;
  baselineResultIds: string[];
  protocol: { id: string; number: number; label: string };
  /** Signed: the result the prescriber signed. Draft: the live proposal, or null until a blood pressure is given. */
  result: EligibilityResult | null;
  decision: EligibilityResult['decision'] | null;
  clearanceNote: string | null;
  notEligibleReason: string | null;
  overrideReason: string | null;
  signedBy: { id: string; name: string } | null;
  signedAt: string | null;
  amendsAssessmentId: string | null;
  amendmentReason: string | null;
  amendedBy: string[];
  createdAt: string;
  updatedAt: string;
  version: number;
}

interface Row {
  id: string;
  patient_id: string;
  status: 'draft' | 'signed';
  input: DraftEligibilityInput;
  goals: string;
  notes: string;
  baseline_result_ids: string[];
  protocol_version_id: string;
  protocol_number: number;
  protocol_label: string;
  protocol: unknown;
  patient_date_of_birth: string | null;
  clinic_time_zone: string | null;
  result: EligibilityResult | null;
  decision: EligibilityResult['decision'] | null;
  clearance_note: string | null;
  not_eligible_reason: string | null;
  override_reason: string | null;
  signed_by_user_id: string | null;
  signed_by_name: string | null;
  signed_at: Date | null;
  amends_assessment_id: string | null;
  amendment_reason: string | null;
  amended_by: string[];
  created_at: Date;
  updated_at: Date;
  version: number;
}

const select = `SELECT a.*, p.number AS protocol_number, p.label AS protocol_label, p.protocol, u.name AS signed_by_name,
    to_char(pt.date_of_birth, 'YYYY-MM-DD') AS patient_date_of_birth, o.time_zone AS clinic_time_zone,
    coalesce((SELECT array_agg(x.id ORDER BY x.created_at) FROM assessments x WHERE x.amends_assessment_id = a.id), '{}') AS amended_by
  FROM assessments a JOIN protocol_versions p ON p.id = a.protocol_version_id LEFT JOIN users u ON u.id = a.signed_by_user_id
  JOIN patients pt ON pt.id = a.patient_id JOIN organizations o ON o.id = a.organization_id`;

/** The age rule's context: the patient's date of birth and the clinic's local date at `now` (CLINICAL.md §1). */
export function eligibilityContext(dateOfBirth: string | null, timeZone: string | null, now: Date): EligibilityContext {
  return { dateOfBirth, today: zoneRules(timeZone ?? 'UTC').toLocal(now).date };
}

/** The live proposal for a draft; null while it cannot be computed (no blood pressure yet, or invalid values). */
function proposal(
  input: DraftEligibilityInput,
  protocol: ClinicProtocol,
  context: EligibilityContext,
): EligibilityResult | null {
  const [first, ...rest] = input.bloodPressureReadings;
  if (!first) return null;
  try {
    return assessEligibility({ ...input, bloodPressureReadings: [first, ...rest] }, protocol, context);
  } catch (error) {
    if (isDomainError(error)) return null;
    throw error;
  }
}

function toView(r: Row, now: Date): AssessmentView {
  return {
    id: r.id,
    patientId: r.patient_id,
    status: r.status,
    input: r.input,
    goals: r.goals,
    notes: r.notes,
    baselineResultIds: r.baseline_result_ids,
    protocol: { id: r.protocol_version_id, number: r.protocol_number, label: r.protocol_label },
    result:
      r.status === 'signed'
        ? r.result
        : proposal(
            r.input,
            upgradeStoredProtocol(r.protocol),
            eligibilityContext(r.patient_date_of_birth, r.clinic_time_zone, now),
          ),
    decision: r.decision,
    clearanceNote: r.clearance_note,
    notEligibleReason: r.not_eligible_reason,
    overrideReason: r.override_reason,
    signedBy: r.signed_by_user_id && r.signed_by_name ? { id: r.signed_by_user_id, name: r.signed_by_name } : null,
    signedAt: r.signed_at?.toISOString() ?? null,
    amendsAssessmentId: r.amends_assessment_id,
    amendmentReason: r.amendment_reason,
    amendedBy: r.amended_by,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    version: r.version,
  };
}

const assessmentNotFound = (): DomainError => new DomainError('not_found', 'No such assessment for this patient.');

async function loadRow(tx: AppContext, patientId: string, id: string, forUpdate = false): Promise<Row> {
  const res = await tx.db.query<Row>(
    `${select} WHERE a.id = $1 AND a.patient_id = $2${forUpdate ? ' FOR UPDATE OF a' : ''}`,
    [id, patientId],
  );
  if (!res.rows[0]) throw assessmentNotFound();
  return res.rows[0];
}

export async function listAssessments(patientId: string, ctx: AppContext): Promise<AssessmentView[]> {
  requireStaffAction(ctx, 'assessments.read');
  return withTransaction(ctx, async (tx) => {
    await findPatientKey(tx, patientId);
    const res = await tx.db.query<Row>(`${select} WHERE a.patient_id = $1 ORDER BY a.created_at`, [patientId]);
    await audit(tx, { action: 'assessments.list', resourceType: 'assessment', patientId });
    return res.rows.map((r) => toView(r, tx.now));
  });
}

export async function getAssessment(patientId: string, id: string, ctx: AppContext): Promise<AssessmentView> {
  requireStaffAction(ctx, 'assessments.read');
  return withTransaction(ctx, async (tx) => {
    await findPatientKey(tx, patientId);
    const row = await loadRow(tx, patientId, id);
    await audit(tx, { action: 'assessments.read', resourceType: 'assessment', resourceId: id, patientId });
    return toView(row, tx.now);
  });
}

export interface AssessmentDraftInput {
  readonly input: DraftEligibilityInput;
  readonly goals?: string | undefined;
  readonly notes?: string | undefined;
  readonly baselineResultIds?: readonly string[] | undefined;
}

async function checkBaselineIds(tx: AppContext, patientId: string, ids: readonly string[] | undefined): Promise<void> {
  if (!ids || ids.length === 0) return;
  const res = await tx.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM questionnaire_results WHERE patient_id = $1 AND id = ANY($2::uuid[])',
    [patientId, [...new Set(ids)]],
  );
  if (res.rows[0]!.n !== new Set(ids).size) {
    throw new DomainError('validation_failed', 'A baseline questionnaire is not on this chart.', {
      errors: [{ path: '/body/baselineResultIds', message: 'Choose questionnaires recorded on this chart' }],
    });
  }
}

/** A new draft, on the clinic's current protocol version; a patient at intake moves to assessment. */
export async function createAssessment(
  patientId: string,
  input: AssessmentDraftInput,
  ctx: AppContext,
): Promise<AssessmentView> {
  const principal = requireStaffAction(ctx, 'assessments.write');
  return withTransaction(ctx, async (tx) => {
    const patient = await findPatientKey(tx, patientId, { forUpdate: true });
    await checkBaselineIds(tx, patientId, input.baselineResultIds);
    const protocol = await currentProtocolVersion(tx.db, principal.organizationId, tx.now);
    const res = await tx.db.query<{ id: string }>(
      `INSERT INTO assessments (organization_id, patient_id, input, goals, notes, baseline_result_ids, protocol_version_id, created_by_user_id, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
      [
        principal.organizationId,
        patientId,
        JSON.stringify(input.input),
        input.goals ?? '',
        input.notes ?? '',
        [...(input.baselineResultIds ?? [])],
        protocol.id,
        principal.userId,
        tx.now,
      ],
    );
    const id = res.rows[0]!.id;
    if (patient.status === 'intake')
      await setPatientStatus(tx, patientId, 'intake', 'assessment', 'assessment started');
    await audit(tx, {
      action: 'assessments.create',
      resourceType: 'assessment',
      resourceId: id,
      patientId,
      details: { protocolVersion: protocol.number },
    });
    await recordPatientEvent(tx, {
      patientId,
      kind: 'assessment_started',
      summary: 'Initial assessment started',
      resourceType: 'assessment',
      resourceId: id,
    });
    return toView(await loadRow(tx, patientId, id), tx.now);
  });
}

export async function updateAssessment(
  patientId: string,
  id: string,
  input: Partial<AssessmentDraftInput> & { version: number },
  ctx: AppContext,
): Promise<AssessmentView> {
  requireStaffAction(ctx, 'assessments.write');
  return withTransaction(ctx, async (tx) => {
    await findPatientKey(tx, patientId);
    const row = await loadRow(tx, patientId, id, true);
    assertEditable('assessment', row);
    assertVersion(row.version, input.version, 'assessment');
    await checkBaselineIds(tx, patientId, input.baselineResultIds);
    await tx.db.query(
      `UPDATE assessments SET input = coalesce($2, input), goals = coalesce($3, goals), notes = coalesce($4, notes),
              baseline_result_ids = coalesce($5, baseline_result_ids), updated_at = $6, version = version + 1 WHERE id = $1`,
      [
        id,
        input.input ? JSON.stringify(input.input) : null,
        input.goals ?? null,
        input.notes ?? null,
        input.baselineResultIds ? [...input.baselineResultIds] : null,
        tx.now,
      ],
    );
    await audit(tx, { action: 'assessments.update', resourceType: 'assessment', resourceId: id, patientId });
    return toView(await loadRow(tx, patientId, id), tx.now);
  });
}

/**
 * The prescriber signs: the domain's result is computed again here on the protocol version the draft
 * recorded, the decision is checked against it (a less restrictive decision needs a reason), and the
 * document is frozen. Eligible (with or without clearance) moves the patient to 'eligible'.
 */
export async function signAssessment(
  patientId: string,
  id: string,
  input: SignOffInput & { version: number },
  ctx: AppContext,
): Promise<AssessmentView> {
  const principal = requireStaffAction(ctx, 'assessments.sign');
  return withTransaction(ctx, async (tx) => {
    const patient = await findPatientKey(tx, patientId, { forUpdate: true });
    const row = await loadRow(tx, patientId, id, true);
    assertEditable('assessment', row);
    assertVersion(row.version, input.version, 'assessment');
    const [first, ...rest] = row.input.bloodPressureReadings;
    if (!first) {
      throw new DomainError('assessment_incomplete', 'Record at least one resting blood pressure before signing.', {
        errors: [{ path: '/input/bloodPressureReadings', message: 'needs at least one resting reading' }],
      });
    }
    // Computed on the signing day's clinic-local date (the age rule) and the draft's protocol version.
    const result = assessEligibility(
      { ...row.input, bloodPressureReadings: [first, ...rest] },
      upgradeStoredProtocol(row.protocol),
      eligibilityContext(row.patient_date_of_birth, row.clinic_time_zone, tx.now),
    );
    const signOff = checkSignOff(result, input);
    const from = patient.status;
    const eligible = signOff.decision !== 'not_eligible';
    const to: PatientStatus = eligible ? 'eligible' : from === 'eligible' ? 'assessment' : from;
    if (to !== from) assertTransition(from, to, { manual: false });
    await tx.db.query(
      `UPDATE assessments SET status = 'signed', result = $2, decision = $3, clearance_note = $4, not_eligible_reason = $5, override_reason = $6,
              signed_by_user_id = $7, signed_at = $8, updated_at = $8, version = version + 1 WHERE id = $1`,
      [
        id,
        JSON.stringify(result),
        signOff.decision,
        signOff.clearanceNote,
        signOff.notEligibleReason,
        signOff.overrideReason,
        principal.userId,
        tx.now,
      ],
    );
    const words = eligibilityDecisionLabels[signOff.decision];
    await audit(tx, {
      action: 'assessments.sign',
      resourceType: 'assessment',
      resourceId: id,
      patientId,
      details: {
        decision: signOff.decision,
        proposed: result.decision,
        override: signOff.overridesProposal,
        findings: result.findings.map((f) => f.code),
      },
    });
    await recordPatientEvent(tx, {
      patientId,
      kind: 'assessment_signed',
      summary: `Assessment signed: ${words}${signOff.overridesProposal ? ` (override of ${eligibilityDecisionLabels[result.decision].toLowerCase()})` : ''}`,
      resourceType: 'assessment',
      resourceId: id,
    });
    if (to !== from && canTransition(from, to))
      await setPatientStatus(tx, patientId, from, to, `assessment signed: ${words.toLowerCase()}`);
    return toView(await loadRow(tx, patientId, id), tx.now);
  });
}

/** An amendment: a new draft that copies the signed original and points at it, with the reason. */
export async function amendAssessment(
  patientId: string,
  id: string,
  input: { reason: string },
  ctx: AppContext,
): Promise<AssessmentView> {
  const principal = requireStaffAction(ctx, 'assessments.write');
  const reason = assertReason(input.reason, '/body/reason', 'amendment');
  return withTransaction(ctx, async (tx) => {
    await findPatientKey(tx, patientId, { forUpdate: true });
    const original = await loadRow(tx, patientId, id, true);
    if (original.status !== 'signed') {
      throw new DomainError('validation_failed', 'Only a signed assessment is amended; edit the draft instead.', {
        errors: [{ path: '/params/assessmentId', message: 'not signed' }],
      });
    }
    const protocol = await currentProtocolVersion(tx.db, principal.organizationId, tx.now);
    const res = await tx.db.query<{ id: string }>(
      `INSERT INTO assessments (organization_id, patient_id, input, goals, notes, baseline_result_ids, protocol_version_id, amends_assessment_id, amendment_reason, created_by_user_id, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id`,
      [
        principal.organizationId,
        patientId,
        JSON.stringify(original.input),
        original.goals,
        original.notes,
        original.baseline_result_ids,
        protocol.id,
        id,
        reason,
        principal.userId,
        tx.now,
      ],
    );
    const newId = res.rows[0]!.id;
    await audit(tx, {
      action: 'assessments.amend',
      resourceType: 'assessment',
      resourceId: newId,
      patientId,
      details: { amends: id },
    });
    await recordPatientEvent(tx, {
      patientId,
      kind: 'assessment_amendment_started',
      summary: 'Amendment of a signed assessment started',
      resourceType: 'assessment',
      resourceId: newId,
    });
    return toView(await loadRow(tx, patientId, newId), tx.now);
  });
}
