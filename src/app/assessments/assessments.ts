import {
  countQuestionnaireResultsOfPatient,
  deleteAssessmentDraft,
  findAssessment,
  findOpenDraft,
  insertAssessment,
  listAssessmentsOfPatient,
  signAssessmentRow,
  updateAssessmentDraft,
  type AssessmentRecord,
} from '../../db/repositories/assessments.js';
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
import { audit } from '../audit/record.js';
import { withTransaction, type AppContext } from '../context.js';
import { assertVersion, findPatientKey, requireStaffAction } from '../chart/access.js';
import { recordPatientEvent } from '../chart/events.js';
import { localDateAt } from '../clinic-time.js';
import type { Assessment, AssessmentAmendBody, EligibilityResultWire } from '../../contracts/assessments.js';
import { setPatientStatus } from '../chart/patients.js';
import { currentProtocolVersion } from '../protocols/protocols.js';

/**
 * The initial assessment (CLINICAL.md §1): a structured form whose findings feed assessEligibility
 * (live in the browser as the prescriber types, and again here at signing), the decision the prescriber
 * signs, and amendments. A signed assessment is immutable; an amendment is a new draft that points at it.
 */
export type DraftEligibilityInput = Omit<EligibilityInput, 'bloodPressureReadings'> & {
  readonly bloodPressureReadings: readonly RestingBloodPressure[];
};

export type AssessmentView = Assessment;

/** The findings on the wire (the contract's arrays are the domain's readonly ones, copied). */
const toWireInput = (input: DraftEligibilityInput): Assessment['input'] => ({
  ...input,
  diagnoses: input.diagnoses.map((d) => ({ ...d })),
  bloodPressureReadings: input.bloodPressureReadings.map((r) => ({ ...r })),
  substanceUse: { ...input.substanceUse },
});

/** Signed: the result the prescriber signed. Draft: the live proposal, or null until a blood pressure is given. */
const toWireResult = (result: EligibilityResult | null): EligibilityResultWire | null =>
  result && {
    decision: result.decision,
    findings: result.findings.map((f) => ({ ...f })),
    clearances: [...result.clearances],
    restingBloodPressure: { ...result.restingBloodPressure },
  };

/** The age rule's context: the patient's date of birth and the clinic's local date at `now` (CLINICAL.md §1). */
export function eligibilityContext(dateOfBirth: string | null, timeZone: string | null, now: Date): EligibilityContext {
  return { dateOfBirth, today: localDateAt(timeZone, now) };
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

/** The domain's field errors about the findings (`/bloodPressureReadings/0/...`), named under the draft's `/input`. */
function findingsUnderInput<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (!isDomainError(error) || error.errors.length === 0) throw error;
    throw new DomainError(error.code, error.message, {
      errors: error.errors.map((e) => ({ path: `/input${e.path}`, message: e.message })),
      ...(error.details ? { details: { ...error.details } } : {}),
    });
  }
}

/** The stored jsonb of an assessment, as the domain wrote it. */
interface Row extends AssessmentRecord {
  readonly input: DraftEligibilityInput;
  readonly result: EligibilityResult | null;
}
const asRow = (r: AssessmentRecord): Row => r as Row;

function toView(r: Row, now: Date): Assessment {
  return {
    id: r.id,
    patientId: r.patientId,
    status: r.status,
    input: toWireInput(r.input),
    goals: r.goals,
    notes: r.notes,
    baselineResultIds: [...r.baselineResultIds],
    protocol: { id: r.protocolVersionId, number: r.protocolNumber, label: r.protocolLabel },
    result: toWireResult(
      r.status === 'signed'
        ? r.result
        : proposal(
            r.input,
            upgradeStoredProtocol(r.protocol),
            eligibilityContext(r.patientDateOfBirth, r.clinicTimeZone, now),
          ),
    ),
    decision: r.decision,
    clearanceNote: r.clearanceNote,
    notEligibleReason: r.notEligibleReason,
    overrideReason: r.overrideReason,
    signedBy: r.signedByUserId && r.signedByName ? { id: r.signedByUserId, name: r.signedByName } : null,
    signedAt: r.signedAt?.toISOString() ?? null,
    amendsAssessmentId: r.amendsAssessmentId,
    amendmentReason: r.amendmentReason,
    amendedBy: [...r.amendedBy],
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    version: r.version,
  };
}

const assessmentNotFound = (): DomainError => new DomainError('not_found', 'No such assessment for this patient.');

async function loadRow(tx: AppContext, patientId: string, id: string, forUpdate = false): Promise<Row> {
  const row = await findAssessment(tx.db, patientId, id, forUpdate);
  if (!row) throw assessmentNotFound();
  return asRow(row);
}

export async function listAssessments(patientId: string, ctx: AppContext): Promise<AssessmentView[]> {
  requireStaffAction(ctx, 'assessments.read');
  return withTransaction(ctx, async (tx) => {
    await findPatientKey(tx, patientId);
    const rows = await listAssessmentsOfPatient(tx.db, patientId);
    await audit(tx, { action: 'assessments.list', resourceType: 'assessment', patientId });
    return rows.map((r) => toView(asRow(r), tx.now));
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
  const distinct = [...new Set(ids)];
  if ((await countQuestionnaireResultsOfPatient(tx.db, patientId, distinct)) !== distinct.length) {
    throw new DomainError('validation_failed', 'A baseline questionnaire is not on this chart.', {
      errors: [{ path: '/baselineResultIds', message: 'Choose questionnaires recorded on this chart' }],
    });
  }
}

/**
 * A draft is started once: a second new assessment while one is in draft on the current protocol (a double
 * click, two prescribers at once), or a second amendment of one signed assessment, is 409 naming the draft to
 * continue. The patient row is locked first, so two starts at once cannot both pass. A draft made on an
 * earlier protocol version does not stop an assessment on the current one.
 */
async function refuseSecondDraft(
  tx: AppContext,
  patientId: string,
  of: Parameters<typeof findOpenDraft>[2],
): Promise<void> {
  const open = await findOpenDraft(tx.db, patientId, of);
  if (open)
    throw new DomainError(
      'assessment_draft_open',
      of.amends === null
        ? 'This patient has an assessment in draft: continue it.'
        : 'This assessment already has an amendment in draft: continue it.',
      { details: { assessmentId: open.id } },
    );
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
    await refuseSecondDraft(tx, patientId, { protocolVersionId: protocol.id, amends: null });
    const id = await insertAssessment(tx.db, {
      organizationId: principal.organizationId,
      patientId,
      input: input.input,
      goals: input.goals ?? '',
      notes: input.notes ?? '',
      baselineResultIds: input.baselineResultIds ?? [],
      protocolVersionId: protocol.id,
      createdByUserId: principal.userId,
      createdAt: tx.now,
    });
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
    await updateAssessmentDraft(
      tx.db,
      id,
      {
        ...(input.input ? { input: input.input } : {}),
        ...(input.goals !== undefined ? { goals: input.goals } : {}),
        ...(input.notes !== undefined ? { notes: input.notes } : {}),
        ...(input.baselineResultIds ? { baselineResultIds: input.baselineResultIds } : {}),
      },
      tx.now,
    );
    await audit(tx, { action: 'assessments.update', resourceType: 'assessment', resourceId: id, patientId });
    return toView(await loadRow(tx, patientId, id), tx.now);
  });
}

/**
 * A draft the prescriber will not sign, discarded: removed, with an audit entry and a line on the timeline.
 * A signed assessment is amended, never discarded (409 document_signed).
 */
export async function discardAssessment(
  patientId: string,
  id: string,
  version: number,
  ctx: AppContext,
): Promise<void> {
  requireStaffAction(ctx, 'assessments.write');
  await withTransaction(ctx, async (tx) => {
    await findPatientKey(tx, patientId);
    const row = await loadRow(tx, patientId, id, true);
    assertEditable('assessment', row);
    assertVersion(row.version, version, 'assessment');
    await deleteAssessmentDraft(tx.db, id);
    await audit(tx, { action: 'assessments.discard', resourceType: 'assessment', resourceId: id, patientId });
    await recordPatientEvent(tx, {
      patientId,
      kind: 'assessment_discarded',
      summary: row.amendsAssessmentId ? 'Assessment amendment draft discarded' : 'Assessment draft discarded',
      resourceType: 'assessment',
      resourceId: id,
    });
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
    // A finding the domain refuses is named where the draft holds it (`/input/...`, as the draft's edit sends it).
    const result = findingsUnderInput(() =>
      assessEligibility(
        { ...row.input, bloodPressureReadings: [first, ...rest] },
        upgradeStoredProtocol(row.protocol),
        eligibilityContext(row.patientDateOfBirth, row.clinicTimeZone, tx.now),
      ),
    );
    const signOff = checkSignOff(result, input);
    const from = patient.status;
    const eligible = signOff.decision !== 'not_eligible';
    const to: PatientStatus = eligible ? 'eligible' : from === 'eligible' ? 'assessment' : from;
    if (to !== from) assertTransition(from, to, { manual: false });
    await signAssessmentRow(tx.db, id, {
      result,
      decision: signOff.decision,
      clearanceNote: signOff.clearanceNote,
      notEligibleReason: signOff.notEligibleReason,
      overrideReason: signOff.overrideReason,
      signedByUserId: principal.userId,
      signedAt: tx.now,
    });
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
  input: AssessmentAmendBody,
  ctx: AppContext,
): Promise<AssessmentView> {
  const principal = requireStaffAction(ctx, 'assessments.write');
  const reason = assertReason(input.reason, '/reason', 'amendment');
  return withTransaction(ctx, async (tx) => {
    await findPatientKey(tx, patientId, { forUpdate: true });
    const original = await loadRow(tx, patientId, id, true);
    if (original.status !== 'signed') {
      throw new DomainError('validation_failed', 'Only a signed assessment is amended; edit the draft instead.', {
        errors: [{ path: '/params/assessmentId', message: 'not signed' }],
      });
    }
    await refuseSecondDraft(tx, patientId, { amends: id });
    const protocol = await currentProtocolVersion(tx.db, principal.organizationId, tx.now);
    const newId = await insertAssessment(tx.db, {
      organizationId: principal.organizationId,
      patientId,
      input: original.input,
      goals: original.goals,
      notes: original.notes,
      baselineResultIds: original.baselineResultIds,
      protocolVersionId: protocol.id,
      amendsAssessmentId: id,
      amendmentReason: reason,
      createdByUserId: principal.userId,
      createdAt: tx.now,
    });
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
