import { findPatient } from '../../db/repositories/patients.js';
import { consentState, patientStatusLabels, totalLorazepamEquivalent } from '../../domain/chart/index.js';
import type { ClinicCalendar } from '../../domain/planning/index.js';
import { can } from '../../domain/permissions/index.js';
import { audit } from '../audit/record.js';
import { requirePrincipal, withTransaction, type AppContext, type Queryable } from '../context.js';
import { mayReadPatient, patientNotFound } from './access.js';
import { clinicCalendar } from '../scheduling/clinic-calendar.js';
import { toPatientView, type PatientRecord, type PatientView } from './patient-rows.js';
import { clinicToday } from './patients.js';
import { currentProtocolVersion } from '../protocols/protocols.js';

/**
 * The whole chart in one read, audited as one access (who, which patient, when). Lists show current
 * entries; documents (assessments, consents, plans) and the timeline show everything.
 */
export type ConsentSummary =
  | { status: 'none' }
  | { status: 'active'; consentId: string; signedAt: string }
  | { status: 'withdrawn'; consentId: string; withdrawnAt: string };

export interface Chart {
  patient: PatientView & { statusLabel: string };
  allergies: { id: string; substance: string; reaction: string | null; severity: string; recordedAt: string }[];
  /** When "No known drug allergies" was recorded; null when not asked (or allergies are listed). */
  noKnownAllergies: { recordedAt: string } | null;
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
  benzodiazepineTotal: { mgPerDay: number; unknownDose: string[] };
  maoi: boolean;
  vitals: {
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
  }[];
  questionnaires: {
    id: string;
    source: 'intake' | 'chart';
    instrumentId: string;
    total: number | null;
    severity: { id: string; label: string } | null;
    flags: string[];
    completedAt: string;
  }[];
  documents: { id: string; kind: 'assessment' | 'consent' | 'plan'; title: string; status: string; date: string }[];
  timeline: { id: string; occurredAt: string; kind: string; summary: string; actor: string | null }[];
  consent: ConsentSummary;
  eligibility: { assessmentId: string; decision: string; signedAt: string } | null;
  planning: { calendar: ClinicCalendar; protocolVersionId: string; protocolNumber: number };
  /** The patient's portal account, if staff have given one; `passwordSet` once the temporary password was changed. */
  portalAccount: { email: string; createdAt: string; passwordSet: boolean } | null;
  /** True when clinical sections were left out for a reader without clinical_notes.read (coordinators). */
  clinicalRedacted: boolean;
}

const iso = (d: Date): string => d.toISOString();
const num = (v: string | null): number | null => (v === null ? null : Number(v));

export async function getChart(patientId: string, ctx: AppContext): Promise<Chart> {
  const principal = requirePrincipal(ctx);
  return withTransaction(ctx, async (tx) => {
    const row = await findPatient(tx.db, patientId);
    if (!row || !mayReadPatient(principal, { organizationId: row.organizationId, id: row.id })) throw patientNotFound();
    const today = await clinicToday(tx.db, row.organizationId, tx.now);
    const chart = await readChart(tx.db, row, today, tx.now);
    // Coordinators see what scheduling needs, no clinical notes (DESIGN.md "People and what they do").
    const redact = principal.kind === 'staff' && !can(principal, 'clinical_notes.read');
    await audit(tx, {
      action: 'patients.read',
      resourceType: 'patient',
      resourceId: patientId,
      patientId,
      details: { view: redact ? 'chart_scheduling' : 'chart' },
    });
    return redact ? withoutClinicalNotes(chart) : chart;
  });
}

async function readChart(db: Queryable, row: PatientRecord, today: string, now: Date): Promise<Chart> {
  const id = row.id;
  // One query at a time: a transaction's client runs them in order anyway (pg 9 refuses queued queries).
  const allergies = await db.query<{
    id: string;
    substance: string;
    reaction: string | null;
    severity: string;
    recorded_at: Date;
  }>(
    'SELECT id, substance, reaction, severity, recorded_at FROM patient_allergies WHERE patient_id = $1 AND removed_at IS NULL ORDER BY recorded_at',
    [id],
  );
  const nkda = await db.query<{ at: Date | null }>('SELECT no_known_allergies_at AS at FROM patients WHERE id = $1', [
    id,
  ]);
  const nkdaAt = nkda.rows[0]?.at ?? null;
  const diagnoses = await db.query<{
    id: string;
    icd10: string;
    label: string;
    is_primary: boolean;
    recorded_at: Date;
  }>(
    'SELECT id, icd10, label, is_primary, recorded_at FROM patient_diagnoses WHERE patient_id = $1 AND removed_at IS NULL ORDER BY is_primary DESC, recorded_at',
    [id],
  );
  const medications = await db.query<{
    id: string;
    name: string;
    dose_text: string | null;
    daily_mg: string | null;
    benzodiazepine: boolean;
    lorazepam_eq_mg_per_day: string | null;
    maoi: boolean;
    recorded_at: Date;
  }>(
    `SELECT id, name, dose_text, daily_mg::text AS daily_mg, benzodiazepine, lorazepam_eq_mg_per_day::text AS lorazepam_eq_mg_per_day, maoi, recorded_at
         FROM patient_medications WHERE patient_id = $1 AND stopped_at IS NULL ORDER BY recorded_at`,
    [id],
  );
  const vitals = await db.query<{
    id: string;
    recorded_at: Date;
    context: string;
    systolic_mmhg: number | null;
    diastolic_mmhg: number | null;
    heart_rate_bpm: number | null;
    spo2_percent: number | null;
    respiratory_rate_per_min: number | null;
    weight_kg: string | null;
    height_cm: string | null;
  }>(
    `SELECT id, recorded_at, context, systolic_mmhg, diastolic_mmhg, heart_rate_bpm, spo2_percent, respiratory_rate_per_min, weight_kg::text AS weight_kg, height_cm::text AS height_cm
         FROM patient_vitals WHERE patient_id = $1 ORDER BY recorded_at DESC LIMIT 100`,
    [id],
  );
  const results = await db.query<{
    id: string;
    instrument_id: string;
    total: number | null;
    severity_id: string | null;
    severity_label: string | null;
    flags: string[];
    completed_at: Date;
  }>(
    'SELECT id, instrument_id, total, severity_id, severity_label, flags, completed_at FROM questionnaire_results WHERE patient_id = $1 ORDER BY completed_at DESC LIMIT 200',
    [id],
  );
  const intakeScores = await db.query<{
    id: string;
    scores: {
      instrumentId: string;
      total: number | null;
      severity: { id: string; label: string } | null;
      flags: string[];
    }[];
    submitted_at: Date;
    converted_at: Date | null;
    reference: string;
  }>('SELECT id, scores, submitted_at, converted_at, reference FROM intakes WHERE patient_id = $1', [id]);
  const assessments = await db.query<{
    id: string;
    status: string;
    decision: string | null;
    created_at: Date;
    signed_at: Date | null;
    amends_assessment_id: string | null;
  }>(
    'SELECT id, status, decision, created_at, signed_at, amends_assessment_id FROM assessments WHERE patient_id = $1 ORDER BY created_at',
    [id],
  );
  const consents = await db.query<{
    id: string;
    signed_at: Date;
    withdrawn_at: Date | null;
    title: string;
    number: number;
  }>(
    `SELECT c.id, c.signed_at, c.withdrawn_at, t.title, v.number FROM consents c
         JOIN consent_template_versions v ON v.id = c.template_version_id JOIN consent_templates t ON t.id = v.template_id
        WHERE c.patient_id = $1 ORDER BY c.signed_at`,
    [id],
  );
  const plans = await db.query<{
    id: string;
    number: number;
    status: string;
    created_at: Date;
    signed_at: Date | null;
  }>('SELECT id, number, status, created_at, signed_at FROM treatment_plans WHERE patient_id = $1 ORDER BY number', [
    id,
  ]);
  const events = await db.query<{ id: string; occurred_at: Date; kind: string; summary: string; actor: string | null }>(
    `SELECT e.id, e.occurred_at, e.kind, e.summary, u.name AS actor FROM patient_events e LEFT JOIN users u ON u.id = e.actor_user_id
        WHERE e.patient_id = $1 ORDER BY e.occurred_at DESC, e.id DESC LIMIT 500`,
    [id],
  );
  const account = await db.query<{ email: string; created_at: Date; must_change_password: boolean }>(
    'SELECT email, created_at, must_change_password FROM users WHERE patient_id = $1',
    [id],
  );
  const calendar = await clinicCalendar(db, row.organizationId);
  const protocol = await currentProtocolVersion(db, row.organizationId, now);

  const meds = medications.rows.map((m) => ({
    id: m.id,
    name: m.name,
    doseText: m.dose_text,
    dailyMg: num(m.daily_mg),
    benzodiazepine: m.benzodiazepine,
    lorazepamEqMgPerDay: num(m.lorazepam_eq_mg_per_day),
    maoi: m.maoi,
    recordedAt: iso(m.recorded_at),
  }));
  const benzo = totalLorazepamEquivalent(meds);
  const intakeResults = intakeScores.rows.flatMap((intake) =>
    intake.scores.map((s, i) => ({
      id: `${intake.id}:${i}`,
      source: 'intake' as const,
      instrumentId: s.instrumentId,
      total: s.total,
      severity: s.severity,
      flags: s.flags,
      completedAt: iso(intake.submitted_at),
    })),
  );
  const state = consentState(
    consents.rows.map((c) => ({ id: c.id, signedAt: c.signed_at, withdrawnAt: c.withdrawn_at })),
  );
  const signedEligible = [...assessments.rows].reverse().find((a) => a.status === 'signed');
  const intakeEvents = intakeScores.rows.flatMap((intake) => [
    {
      id: `${intake.id}:submitted`,
      occurredAt: iso(intake.submitted_at),
      kind: 'intake_submitted',
      summary: `"Get started" intake ${intake.reference} submitted`,
      actor: null,
    },
    ...(intake.converted_at
      ? [
          {
            id: `${intake.id}:converted`,
            occurredAt: iso(intake.converted_at),
            kind: 'intake_converted',
            summary: `Intake ${intake.reference} converted to this chart`,
            actor: null,
          },
        ]
      : []),
  ]);
  // Newest first. At the same instant the intake came before anything done on the chart it became
  // (submitted, then converted); chart events keep their own order (the query sorts them by id).
  const rank = (kind: string): number => (kind === 'intake_submitted' ? 0 : kind === 'intake_converted' ? 1 : 2);
  const timeline = [
    ...events.rows.map((e) => ({
      id: e.id,
      occurredAt: iso(e.occurred_at),
      kind: e.kind,
      summary: e.summary,
      actor: e.actor,
    })),
    ...intakeEvents,
  ].sort((a, b) => b.occurredAt.localeCompare(a.occurredAt) || rank(b.kind) - rank(a.kind));

  return {
    patient: { ...toPatientView(row, today), statusLabel: patientStatusLabels[row.status] },
    allergies: allergies.rows.map((a) => ({
      id: a.id,
      substance: a.substance,
      reaction: a.reaction,
      severity: a.severity,
      recordedAt: iso(a.recorded_at),
    })),
    noKnownAllergies: nkdaAt ? { recordedAt: iso(nkdaAt) } : null,
    diagnoses: diagnoses.rows.map((d) => ({
      id: d.id,
      icd10: d.icd10,
      label: d.label,
      isPrimary: d.is_primary,
      recordedAt: iso(d.recorded_at),
    })),
    medications: meds,
    benzodiazepineTotal: { mgPerDay: benzo.mgPerDay, unknownDose: [...benzo.unknownDose] },
    maoi: meds.some((m) => m.maoi),
    vitals: vitals.rows.map((v) => ({
      id: v.id,
      recordedAt: iso(v.recorded_at),
      context: v.context,
      systolicMmHg: v.systolic_mmhg,
      diastolicMmHg: v.diastolic_mmhg,
      heartRateBpm: v.heart_rate_bpm,
      spo2Percent: v.spo2_percent,
      respiratoryRatePerMin: v.respiratory_rate_per_min,
      weightKg: num(v.weight_kg),
      heightCm: num(v.height_cm),
    })),
    questionnaires: [
      ...results.rows.map((r) => ({
        id: r.id,
        source: 'chart' as const,
        instrumentId: r.instrument_id,
        total: r.total,
        severity: r.severity_id && r.severity_label ? { id: r.severity_id, label: r.severity_label } : null,
        flags: r.flags,
        completedAt: iso(r.completed_at),
      })),
      ...intakeResults,
    ].sort((a, b) => b.completedAt.localeCompare(a.completedAt)),
    documents: [
      ...assessments.rows.map((a) => ({
        id: a.id,
        kind: 'assessment' as const,
        title: `${a.amends_assessment_id ? 'Amended assessment' : 'Initial assessment'}${a.decision ? ` — ${a.decision.replaceAll('_', ' ')}` : ''}`,
        status: a.status,
        date: iso(a.signed_at ?? a.created_at),
      })),
      ...consents.rows.map((c) => ({
        id: c.id,
        kind: 'consent' as const,
        title: `${c.title} (template v${c.number})`,
        status: c.withdrawn_at ? 'withdrawn' : 'signed',
        date: iso(c.withdrawn_at ?? c.signed_at),
      })),
      ...plans.rows.map((p) => ({
        id: p.id,
        kind: 'plan' as const,
        title: `Treatment plan v${p.number}`,
        status: p.status,
        date: iso(p.signed_at ?? p.created_at),
      })),
    ].sort((a, b) => b.date.localeCompare(a.date)),
    timeline,
    consent:
      state.status === 'active'
        ? { status: 'active', consentId: state.consentId, signedAt: iso(state.signedAt) }
        : state.status === 'withdrawn'
          ? { status: 'withdrawn', consentId: state.consentId, withdrawnAt: iso(state.withdrawnAt) }
          : { status: 'none' },
    eligibility:
      signedEligible?.decision && signedEligible.signed_at
        ? {
            assessmentId: signedEligible.id,
            decision: signedEligible.decision,
            signedAt: iso(signedEligible.signed_at),
          }
        : null,
    planning: { calendar, protocolVersionId: protocol.id, protocolNumber: protocol.number },
    portalAccount: account.rows[0]
      ? {
          email: account.rows[0].email,
          createdAt: iso(account.rows[0].created_at),
          passwordSet: !account.rows[0].must_change_password,
        }
      : null,
    clinicalRedacted: false,
  };
}

/** Timeline entries a scheduler needs, with clinical detail (doses, diagnoses) left out. */
const schedulingEvents: Readonly<Record<string, string | null>> = {
  intake_submitted: null,
  intake_converted: null,
  status_changed: null,
  consent_signed: null,
  consent_withdrawn: null,
  plan_signed: 'Treatment plan signed',
  portal_access_granted: null,
  // Referral letters and non-clinical paperwork (clinical uploads are `clinical_document_*`, left out).
  document_uploaded: null,
  document_retracted: null,
};

function withoutClinicalNotes(chart: Chart): Chart {
  return {
    ...chart,
    patient: { ...chart.patient, substanceUse: {}, medicalHistory: {} },
    allergies: [],
    noKnownAllergies: null,
    diagnoses: [],
    medications: [],
    benzodiazepineTotal: { mgPerDay: 0, unknownDose: [] },
    maoi: false,
    vitals: [],
    questionnaires: [],
    timeline: chart.timeline.flatMap((e) =>
      e.kind in schedulingEvents ? [{ ...e, summary: schedulingEvents[e.kind] ?? e.summary }] : [],
    ),
    clinicalRedacted: true,
  };
}
