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
import { audit } from '../audit/record.js';
import { withTransaction, type AppContext } from '../context.js';
import { findPatientKey, requireStaffAction } from './access.js';
import { recordPatientEvent } from './events.js';

/**
 * The chart's lists: allergies, diagnoses, medications, vitals and questionnaire results. Each write
 * is one transaction with its audit entry and its line on the timeline; removal keeps the row
 * (removed_at / stopped_at), so the history stays readable.
 */
type ItemKind = 'allergy' | 'diagnosis' | 'medication' | 'vitals' | 'questionnaire';

async function write<T>(
  ctx: AppContext,
  patientId: string,
  kind: ItemKind,
  fn: (tx: AppContext, organizationId: string, userId: string) => Promise<{ id: string; summary: string; result: T }>,
): Promise<T> {
  // Clinical entries: prescribers and nurses (clinical_notes.write); coordinators see no clinical notes.
  const principal = requireStaffAction(ctx, 'clinical_notes.write');
  return withTransaction(ctx, async (tx) => {
    await findPatientKey(tx, patientId, { forUpdate: true });
    const { id, summary, result } = await fn(tx, principal.organizationId, principal.userId);
    await audit(tx, { action: `chart.${kind}.add`, resourceType: kind, resourceId: id, patientId });
    await recordPatientEvent(tx, { patientId, kind: `${kind}_added`, summary, resourceType: kind, resourceId: id });
    return result;
  });
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
  return write(ctx, patientId, 'allergy', async (tx, org, user) => {
    const nkda = await tx.db.query<{ at: Date | null }>(
      'SELECT no_known_allergies_at AS at FROM patients WHERE id = $1',
      [patientId],
    );
    if (nkda.rows[0]?.at) {
      throw new DomainError(
        'validation_failed',
        'The chart says "No known drug allergies": take that off before recording an allergy.',
        { errors: [{ path: '/body/substance', message: 'Take "No known drug allergies" off the chart first' }] },
      );
    }
    const res = await tx.db.query<{ id: string }>(
      `INSERT INTO patient_allergies (organization_id, patient_id, substance, reaction, severity, recorded_by_user_id, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [org, patientId, input.substance.trim(), input.reaction?.trim() || null, input.severity, user, tx.now],
    );
    const id = res.rows[0]!.id;
    return {
      id,
      summary: `Allergy recorded: ${input.substance.trim()} (${labelOf(allergySeverityLabels, input.severity).toLowerCase()})`,
      result: { id },
    };
  });
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
      const listed = await tx.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM patient_allergies WHERE patient_id = $1 AND removed_at IS NULL',
        [patientId],
      );
      if ((listed.rows[0]?.n ?? 0) > 0) {
        throw new DomainError(
          'validation_failed',
          'The chart lists allergies: remove them before recording "No known drug allergies".',
          { errors: [{ path: '/body/noKnownAllergies', message: 'The chart lists allergies; remove them first' }] },
        );
      }
    }
    const at = input.noKnownAllergies ? tx.now : null;
    await tx.db.query(
      'UPDATE patients SET no_known_allergies_at = $2, no_known_allergies_by_user_id = $3 WHERE id = $1',
      [patientId, at, input.noKnownAllergies ? principal.userId : null],
    );
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
      errors: [{ path: '/body/icd10', message: 'Use an ICD-10-CM code such as F33.2' }],
    });
  }
  const label = findDiagnosis(icd10)?.label ?? input.label?.trim();
  if (!label) {
    throw new DomainError('validation_failed', `${icd10} is not in the catalogue: give its label.`, {
      errors: [{ path: '/body/label', message: 'Give the diagnosis label for a code outside the catalogue' }],
    });
  }
  return write(ctx, patientId, 'diagnosis', async (tx, org, user) => {
    if (input.isPrimary)
      await tx.db.query('UPDATE patient_diagnoses SET is_primary = false WHERE patient_id = $1', [patientId]);
    const res = await tx.db.query<{ id: string }>(
      `INSERT INTO patient_diagnoses (organization_id, patient_id, icd10, label, is_primary, recorded_by_user_id, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [org, patientId, icd10, label, input.isPrimary, user, tx.now],
    );
    const id = res.rows[0]!.id;
    return { id, summary: `Diagnosis recorded: ${icd10} ${label}`, result: { id, icd10, label } };
  });
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
  return write(ctx, patientId, 'medication', async (tx, org, user) => {
    const res = await tx.db.query<{ id: string }>(
      `INSERT INTO patient_medications (organization_id, patient_id, name, dose_text, daily_mg, benzodiazepine, lorazepam_eq_mg_per_day, maoi, recorded_by_user_id, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [
        org,
        patientId,
        input.name.trim(),
        input.doseText?.trim() || null,
        input.dailyMg ?? null,
        benzodiazepine,
        lorazepamEq,
        flags.maoi,
        user,
        tx.now,
      ],
    );
    const id = res.rows[0]!.id;
    const flagText = [
      benzodiazepine ? `benzodiazepine${lorazepamEq === null ? '' : ` ${lorazepamEq} mg/day lorazepam-eq`}` : '',
      flags.maoi ? 'MAOI' : '',
    ]
      .filter(Boolean)
      .join(', ');
    return {
      id,
      summary: `Medication recorded: ${input.name.trim()}${flagText ? ` (${flagText})` : ''}`,
      result: { id, benzodiazepine, lorazepamEqMgPerDay: lorazepamEq, maoi: flags.maoi },
    };
  });
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
  if (input.weightKg != null) errors.push(...weightErrors(input.weightKg, '/body/weightKg'));
  if (input.heightCm != null) errors.push(...heightErrors(input.heightCm, '/body/heightCm'));
  if ((input.systolicMmHg == null) !== (input.diastolicMmHg == null))
    errors.push({ path: '/body/diastolicMmHg', message: 'Give both systolic and diastolic' });
  if (input.systolicMmHg != null && input.diastolicMmHg != null && input.diastolicMmHg >= input.systolicMmHg) {
    errors.push({ path: '/body/diastolicMmHg', message: 'The diastolic must be below the systolic' });
  }
  if (Object.values(input).every((v) => v == null || typeof v === 'string'))
    errors.push({ path: '/body', message: 'Record at least one measurement' });
  if (errors.length > 0) throw new DomainError('validation_failed', errors[0]!.message, { errors });
  return write(ctx, patientId, 'vitals', async (tx, org, user) => {
    const res = await tx.db.query<{ id: string }>(
      `INSERT INTO patient_vitals (organization_id, patient_id, recorded_at, context, systolic_mmhg, diastolic_mmhg, heart_rate_bpm, spo2_percent,
                                   respiratory_rate_per_min, weight_kg, height_cm, recorded_by_user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
      [
        org,
        patientId,
        tx.now,
        input.context ?? 'clinic',
        input.systolicMmHg ?? null,
        input.diastolicMmHg ?? null,
        input.heartRateBpm ?? null,
        input.spo2Percent ?? null,
        input.respiratoryRatePerMin ?? null,
        input.weightKg ?? null,
        input.heightCm ?? null,
        user,
      ],
    );
    if (input.weightKg != null || input.heightCm != null) {
      await tx.db.query(
        'UPDATE patients SET weight_kg = coalesce($2, weight_kg), height_cm = coalesce($3, height_cm), measured_at = $4, version = version + 1 WHERE id = $1',
        [patientId, input.weightKg ?? null, input.heightCm ?? null, tx.now],
      );
    }
    const bp = input.systolicMmHg != null ? `BP ${input.systolicMmHg}/${input.diastolicMmHg} mmHg` : '';
    const id = res.rows[0]!.id;
    return { id, summary: `Vitals recorded${bp ? `: ${bp}` : ''}`, result: { id } };
  });
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
  return write(ctx, patientId, 'questionnaire', async (tx, org, user) => {
    const res = await tx.db.query<{ id: string }>(
      `INSERT INTO questionnaire_results (organization_id, patient_id, instrument_id, instrument_version, total, severity_id, severity_label, flags, answers, context, completed_at, recorded_by_user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
      [
        org,
        patientId,
        score.instrumentId,
        score.version,
        score.total,
        score.severity?.id ?? null,
        score.severity?.label ?? null,
        [...score.flags],
        JSON.stringify(Object.fromEntries(score.items.map((i) => [i.itemId, i.value]))),
        input.context ?? 'baseline',
        tx.now,
        user,
      ],
    );
    const id = res.rows[0]!.id;
    const band = score.severity ? ` (${score.severity.label})` : '';
    return {
      id,
      summary: `Questionnaire ${labelOf(instrumentLabels, score.instrumentId)}: ${score.total ?? 'screen'}${band}`,
      result: { id, total: score.total, severity: score.severity, flags: score.flags },
    };
  });
}

/** Takes an allergy, diagnosis or medication off the current list (kept in history). */
export async function removeChartItem(
  patientId: string,
  kind: 'allergy' | 'diagnosis' | 'medication',
  itemId: string,
  ctx: AppContext,
): Promise<void> {
  requireStaffAction(ctx, 'clinical_notes.write');
  const table = { allergy: 'patient_allergies', diagnosis: 'patient_diagnoses', medication: 'patient_medications' }[
    kind
  ];
  const column = kind === 'medication' ? 'stopped_at' : 'removed_at';
  await withTransaction(ctx, async (tx) => {
    await findPatientKey(tx, patientId, { forUpdate: true });
    const res = await tx.db.query(
      `UPDATE ${table} SET ${column} = $3 WHERE id = $1 AND patient_id = $2 AND ${column} IS NULL`,
      [itemId, patientId, tx.now],
    );
    if (res.rowCount === 0) throw new DomainError('not_found', `No such current ${kind} on this chart.`);
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
