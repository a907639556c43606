import { allergySeverityLabels, instrumentLabels, labelOf } from '../../domain/labels/index.js';
import {
  classifyMedication,
  findDiagnosis,
  heightErrors,
  icd10Pattern,
  normaliseIcd10,
  weightErrors,
} from '../../domain/chart/index.js';
import { DomainError, type FieldError } from '../../domain/errors.js';
import { scoreInstrument } from '../../domain/instruments/index.js';
import type { Answers } from '../../domain/instruments/types.js';
import { appendAudited, type AuditedAppend } from '../../db/repositories/audited-append.js';
import {
  countCurrentAllergies,
  endChartItem,
  setNoKnownAllergies as setNoKnownAllergiesRow,
} from '../../db/repositories/patients.js';
import { audit } from '../audit/record.js';
import { withTransaction, type AppContext } from '../context.js';
import { findPatientKey, patientNotFound, requireStaffAction } from './access.js';
import { recordPatientEvent } from './events.js';

/**
 * The chart's lists: allergies, diagnoses, medications, vitals and questionnaire results. Each write
 * is one transaction with its audit entry and its line on the timeline; removal keeps the row
 * (removed_at / stopped_at), so the history stays readable.
 */
type ItemKind = 'allergy' | 'diagnosis' | 'medication' | 'vitals' | 'questionnaire';

type AppendSpec = Pick<
  AuditedAppend,
  'table' | 'values' | 'whilePatientNull' | 'clearFlag' | 'patientCoalesce' | 'once'
> & {
  readonly summary: string;
};

/** 409 for an entry the list already holds: the existing row is named so the client can show it. */
function alreadyListed(what: string, list: string, path: string, existingId: string): DomainError {
  return new DomainError('already_on_chart', `${what} is already on the ${list} list.`, {
    errors: [{ path, message: `${what} is already on the ${list} list` }],
    details: { existingId },
  });
}

/**
 * One chart append: the row, its audit entry and its timeline line in one statement (one round trip, one
 * commit; src/db/repositories/audited-append.ts). A patient outside the caller's clinic is "not found"
 * (the refusal is audited by the auth plugin's onError hook, as for every chart route).
 */
async function append(
  ctx: AppContext,
  patientId: string,
  kind: ItemKind,
  spec: AppendSpec,
  refused?: () => DomainError,
  listed?: (existingId: string, listed: Readonly<Record<string, string | null>>) => DomainError,
): Promise<string> {
  // Clinical entries: prescribers and nurses (clinical_notes.write); coordinators see no clinical notes.
  const principal = requireStaffAction(ctx, 'clinical_notes.write');
  const result = await appendAudited(ctx.db, {
    ...spec,
    patientId,
    organizationId: principal.organizationId,
    audit: {
      occurredAt: ctx.now,
      actorUserId: principal.userId,
      actorRoles: principal.roles,
      action: `chart.${kind}.add`,
      resourceType: kind,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    },
    event: { kind: `${kind}_added`, summary: spec.summary },
  });
  if (result.status === 'patient_not_found') throw patientNotFound();
  if (result.status === 'condition_failed') throw refused?.() ?? patientNotFound();
  if (result.status === 'already_listed')
    throw listed?.(result.id, result.listed) ?? alreadyListed('This entry', kind, '', result.id);
  return result.id;
}

export async function addAllergy(
  patientId: string,
  input: {
    substance: string;
    reaction?: string | null | undefined;
    severity: 'mild' | 'moderate' | 'severe' | 'unknown';
  },
  ctx: AppContext,
): Promise<{ id: string }> {
  const substance = input.substance.trim();
  const id = await append(
    ctx,
    patientId,
    'allergy',
    {
      table: 'patient_allergies',
      values: {
        substance,
        reaction: input.reaction?.trim() || null,
        severity: input.severity,
        recorded_by_user_id: requireStaffAction(ctx, 'clinical_notes.write').userId,
        recorded_at: ctx.now,
      },
      whilePatientNull: 'no_known_allergies_at',
      once: { currentWhileNull: 'removed_at', sameIn: ['substance'] },
      summary: `Allergy recorded: ${substance} (${labelOf(allergySeverityLabels, input.severity).toLowerCase()})`,
    },
    () =>
      new DomainError(
        'validation_failed',
        'The chart says "No known drug allergies": take that off before recording an allergy.',
        { errors: [{ path: '/substance', message: 'Take "No known drug allergies" off the chart first' }] },
      ),
    (existingId, listed) => alreadyListed(listed.substance ?? substance, 'allergy', '/substance', existingId),
  );
  return { id };
}

/**
 * Records "No known drug allergies" (asked, none known) or takes it off again. Refused while the chart lists
 * an allergy: the two answers exclude each other.
 */
export async function setNoKnownAllergies(
  patientId: string,
  input: { noKnownAllergies: boolean },
  ctx: AppContext,
): Promise<{ noKnownAllergies: boolean; recordedAt: string | null }> {
  const principal = requireStaffAction(ctx, 'clinical_notes.write');
  return withTransaction(ctx, async (tx) => {
    await findPatientKey(tx, patientId, { forUpdate: true });
    if (input.noKnownAllergies) {
      if ((await countCurrentAllergies(tx.db, patientId)) > 0) {
        throw new DomainError(
          'validation_failed',
          'The chart lists allergies: remove them before recording "No known drug allergies".',
          { errors: [{ path: '/noKnownAllergies', message: 'The chart lists allergies; remove them first' }] },
        );
      }
    }
    const at = input.noKnownAllergies ? tx.now : null;
    await setNoKnownAllergiesRow(tx.db, patientId, at, input.noKnownAllergies ? principal.userId : null);
    await audit(tx, {
      action: 'chart.no_known_allergies.set',
      resourceType: 'patient',
      resourceId: patientId,
      patientId,
      details: { noKnownAllergies: input.noKnownAllergies },
    });
    await recordPatientEvent(tx, {
      patientId,
      kind: 'allergy_status_changed',
      summary: input.noKnownAllergies ? 'No known drug allergies recorded' : '"No known drug allergies" taken off',
      resourceType: 'patient',
      resourceId: patientId,
    });
    return { noKnownAllergies: input.noKnownAllergies, recordedAt: at ? at.toISOString() : null };
  });
}

export async function addDiagnosis(
  patientId: string,
  input: { icd10: string; label?: string | null | undefined; isPrimary: boolean },
  ctx: AppContext,
): Promise<{ id: string; icd10: string; label: string }> {
  const icd10 = normaliseIcd10(input.icd10);
  if (!icd10Pattern.test(icd10)) {
    throw new DomainError('validation_failed', 'Use an ICD-10-CM code such as F33.2.', {
      errors: [{ path: '/icd10', message: 'Use an ICD-10-CM code such as F33.2' }],
    });
  }
  const label = findDiagnosis(icd10)?.label ?? input.label?.trim();
  if (!label) {
    throw new DomainError('validation_failed', `${icd10} is not in the catalogue: give its label.`, {
      errors: [{ path: '/label', message: 'Give the diagnosis label for a code outside the catalogue' }],
    });
  }
  const id = await append(
    ctx,
    patientId,
    'diagnosis',
    {
      table: 'patient_diagnoses',
      values: {
        icd10,
        label,
        is_primary: input.isPrimary,
        recorded_by_user_id: requireStaffAction(ctx, 'clinical_notes.write').userId,
        recorded_at: ctx.now,
      },
      ...(input.isPrimary ? { clearFlag: 'is_primary' } : {}),
      once: { currentWhileNull: 'removed_at', sameIn: ['icd10'] },
      summary: `Diagnosis recorded: ${icd10} ${label}`,
    },
    undefined,
    (existingId) => alreadyListed(`${icd10} ${label}`, 'diagnosis', '/icd10', existingId),
  );
  return { id, icd10, label };
}

export async function addMedication(
  patientId: string,
  input: {
    name: string;
    doseText?: string | null | undefined;
    dailyMg?: number | null | undefined;
    lorazepamEqMgPerDay?: number | null | undefined;
  },
  ctx: AppContext,
): Promise<{ id: string; benzodiazepine: boolean; lorazepamEqMgPerDay: number | null; maoi: boolean }> {
  const flags = classifyMedication(input.name, input.dailyMg ?? null);
  // The prescriber's own equivalent wins over the table (the table is approximate — Ashton, unverified).
  const lorazepamEq = input.lorazepamEqMgPerDay ?? flags.lorazepamEqMgPerDay;
  const benzodiazepine = flags.benzodiazepine || input.lorazepamEqMgPerDay != null;
  const name = input.name.trim();
  const flagText = [
    benzodiazepine ? `benzodiazepine${lorazepamEq === null ? '' : ` ${lorazepamEq} mg/day lorazepam-eq`}` : '',
    flags.maoi ? 'MAOI' : '',
  ]
    .filter(Boolean)
    .join(', ');
  const id = await append(
    ctx,
    patientId,
    'medication',
    {
      table: 'patient_medications',
      values: {
        name,
        dose_text: input.doseText?.trim() || null,
        daily_mg: input.dailyMg ?? null,
        benzodiazepine,
        lorazepam_eq_mg_per_day: lorazepamEq,
        maoi: flags.maoi,
        recorded_by_user_id: requireStaffAction(ctx, 'clinical_notes.write').userId,
        recorded_at: ctx.now,
      },
      // The same drug at another dose is a separate line (a morning and a night dose); the same line twice is not.
      once: { currentWhileNull: 'stopped_at', sameIn: ['name', 'dose_text'] },
      summary: `Medication recorded: ${name}${flagText ? ` (${flagText})` : ''}`,
    },
    undefined,
    (existingId, listed) =>
      alreadyListed(
        [listed.name ?? name, listed.dose_text].filter(Boolean).join(' '),
        'medication',
        '/name',
        existingId,
      ),
  );
  return { id, benzodiazepine, lorazepamEqMgPerDay: lorazepamEq, maoi: flags.maoi };
}

export interface VitalsInput {
  readonly systolicMmHg?: number | null | undefined;
  readonly diastolicMmHg?: number | null | undefined;
  readonly heartRateBpm?: number | null | undefined;
  readonly spo2Percent?: number | null | undefined;
  readonly respiratoryRatePerMin?: number | null | undefined;
  readonly weightKg?: number | null | undefined;
  readonly heightCm?: number | null | undefined;
  readonly context?: 'clinic' | 'assessment' | undefined;
}

export async function recordVitals(patientId: string, input: VitalsInput, ctx: AppContext): Promise<{ id: string }> {
  const errors: FieldError[] = [];
  if (input.weightKg != null) errors.push(...weightErrors(input.weightKg, '/weightKg'));
  if (input.heightCm != null) errors.push(...heightErrors(input.heightCm, '/heightCm'));
  if ((input.systolicMmHg == null) !== (input.diastolicMmHg == null))
    errors.push({ path: '/diastolicMmHg', message: 'Give both systolic and diastolic' });
  if (input.systolicMmHg != null && input.diastolicMmHg != null && input.diastolicMmHg >= input.systolicMmHg) {
    errors.push({ path: '/diastolicMmHg', message: 'The diastolic must be below the systolic' });
  }
  if (Object.values(input).every((v) => v == null || typeof v === 'string'))
    errors.push({ path: '', message: 'Record at least one measurement' });
  if (errors.length > 0) throw new DomainError('validation_failed', errors[0]!.message, { errors });
  const measured = input.weightKg != null || input.heightCm != null;
  const bp = input.systolicMmHg != null ? `BP ${input.systolicMmHg}/${input.diastolicMmHg} mmHg` : '';
  const id = await append(ctx, patientId, 'vitals', {
    table: 'patient_vitals',
    values: {
      recorded_at: ctx.now,
      context: input.context ?? 'clinic',
      systolic_mmhg: input.systolicMmHg ?? null,
      diastolic_mmhg: input.diastolicMmHg ?? null,
      heart_rate_bpm: input.heartRateBpm ?? null,
      spo2_percent: input.spo2Percent ?? null,
      respiratory_rate_per_min: input.respiratoryRatePerMin ?? null,
      weight_kg: input.weightKg ?? null,
      height_cm: input.heightCm ?? null,
      recorded_by_user_id: requireStaffAction(ctx, 'clinical_notes.write').userId,
    },
    // A height or weight taken in clinic is also the chart's current measurement.
    ...(measured
      ? {
          patientCoalesce: {
            weight_kg: input.weightKg ?? null,
            height_cm: input.heightCm ?? null,
            measured_at: ctx.now,
          },
        }
      : {}),
    summary: `Vitals recorded${bp ? `: ${bp}` : ''}`,
  });
  return { id };
}

/** A baseline or follow-up questionnaire, scored by the domain (a missing answer is never scored as 0). */
export async function recordQuestionnaire(
  patientId: string,
  input: { instrumentId: string; answers: Answers; context?: 'baseline' | 'follow_up' | undefined },
  ctx: AppContext,
): Promise<{
  id: string;
  total: number | null;
  severity: { id: string; label: string } | null;
  flags: readonly string[];
}> {
  const score = scoreInstrument(input.instrumentId, input.answers);
  const band = score.severity ? ` (${score.severity.label})` : '';
  const id = await append(ctx, patientId, 'questionnaire', {
    table: 'questionnaire_results',
    values: {
      instrument_id: score.instrumentId,
      instrument_version: score.version,
      total: score.total,
      severity_id: score.severity?.id ?? null,
      severity_label: score.severity?.label ?? null,
      flags: [...score.flags],
      answers: Object.fromEntries(score.items.map((i) => [i.itemId, i.value])),
      context: input.context ?? 'baseline',
      completed_at: ctx.now,
      recorded_by_user_id: requireStaffAction(ctx, 'clinical_notes.write').userId,
    },
    summary: `Questionnaire ${labelOf(instrumentLabels, score.instrumentId)}: ${score.total ?? 'screen'}${band}`,
  });
  return { id, total: score.total, severity: score.severity, flags: score.flags };
}

/** Takes an allergy, diagnosis or medication off the current list (kept in history). */
export async function removeChartItem(
  patientId: string,
  kind: 'allergy' | 'diagnosis' | 'medication',
  itemId: string,
  ctx: AppContext,
): Promise<void> {
  requireStaffAction(ctx, 'clinical_notes.write');
  await withTransaction(ctx, async (tx) => {
    await findPatientKey(tx, patientId, { forUpdate: true });
    if (!(await endChartItem(tx.db, kind, itemId, patientId, tx.now)))
      throw new DomainError('not_found', `No such current ${kind} on this chart.`);
    await audit(tx, { action: `chart.${kind}.remove`, resourceType: kind, resourceId: itemId, patientId });
    await recordPatientEvent(tx, {
      patientId,
      kind: `${kind}_removed`,
      summary: kind === 'medication' ? 'Medication stopped' : `${kind[0]!.toUpperCase()}${kind.slice(1)} removed`,
      resourceType: kind,
      resourceId: itemId,
    });
  });
}
