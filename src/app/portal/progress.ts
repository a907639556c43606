import { listOwnDoseSessions, listOwnScores } from '../../db/repositories/portal.js';
import { getInstrument, type InstrumentId } from '../../domain/instruments/index.js';
import { aftercareInstructions } from '../../domain/portal/session-guidance.js';
import type { Aftercare, PortalProgress, ProgressSeries } from '../../contracts/portal.js';
import { audit } from '../audit/record.js';
import { withTransaction, type AppContext } from '../context.js';
import { requireOwnPatient } from './own-patient.js';

/**
 * The patient's own progress: each self-report questionnaire's scores over time with its severity
 * bands (CLINICAL.md §5) and the dates of their treatment sessions, and the aftercare instructions of
 * their last session (from its discharge record). Clinician-rated scales and the suicide-risk screener
 * are the clinic's to discuss with the patient, not shown here.
 */
export type { Aftercare, PortalProgress, ProgressSeries };

/** Self-report scales with a total and bands: what a patient can read as their own trajectory. */
const shownInstruments: readonly InstrumentId[] = ['phq9', 'gad7', 'qids_sr16', 'pcl5', 'pain_nrs'];

/** The discharge record's "who collected the patient", read defensively from its JSON. */
function dischargeRecord(value: unknown): { collectedBy: string | null } | null {
  if (typeof value !== 'object' || value === null) return null;
  const collectedBy = (value as Record<string, unknown>).collectedBy;
  return { collectedBy: typeof collectedBy === 'string' && collectedBy.trim() ? collectedBy : null };
}

export async function readPortalProgress(ctx: AppContext): Promise<PortalProgress> {
  const principal = requireOwnPatient(ctx);
  return withTransaction(ctx, async (tx) => {
    const scores = await listOwnScores(tx.db, principal.organizationId, principal.patientId);
    const sessions = await listOwnDoseSessions(tx.db, principal.organizationId, principal.patientId);
    const series: ProgressSeries[] = [];
    for (const id of shownInstruments) {
      const points = scores.filter((s) => s.instrumentId === id && s.total !== null);
      if (points.length === 0) continue;
      const def = getInstrument(id);
      if (!def.range) continue;
      series.push({
        instrumentId: id,
        title: def.title,
        shortTitle: def.shortTitle,
        measures: def.measures,
        range: { ...def.range },
        bands: def.bands.map((b) => ({ id: b.id, label: b.label, min: b.min, max: b.max })),
        points: points.map((p) => ({
          id: p.id,
          completedAt: p.completedAt.toISOString(),
          total: p.total!,
          bandId: p.severityId,
          bandLabel: p.severityLabel,
        })),
      });
    }
    const discharged = sessions.filter((s) => s.dischargedAt !== null);
    const last = discharged.at(-1);
    const record = dischargeRecord(last?.discharge);
    const aftercare: Aftercare | null =
      last && record
        ? {
            sessionId: last.id,
            sessionNumber: last.doseNumber,
            dischargedAt: last.dischargedAt!.toISOString(),
            collectedBy: record.collectedBy,
            instructions: [...aftercareInstructions],
          }
        : null;
    await audit(tx, {
      action: 'portal.progress.read',
      resourceType: 'patient',
      resourceId: principal.patientId,
      patientId: principal.patientId,
      details: { scores: series.reduce((n, s) => n + s.points.length, 0), sessions: sessions.length },
    });
    return {
      series,
      sessions: sessions.map((s) => ({ id: s.id, number: s.doseNumber, at: s.doseStartedAt!.toISOString() })),
      aftercare,
    };
  });
}
