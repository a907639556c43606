import { patientsInStatuses } from '../../db/repositories/measurements.js';
import { patientStatusLabels, type PatientStatus } from '../../domain/chart/patient-status.js';
import { DomainError } from '../../domain/errors.js';
import { instrumentLabels, maintenanceReasonLabels } from '../../domain/labels/index.js';
import { audit } from '../audit/record.js';
import { requireStaffAction } from '../chart/access.js';
import { withTransaction, type AppContext } from '../context.js';
import { loadCourses } from './course-data.js';

/**
 * The clinician's measurement-based-care lists (issue 17): patients whose scores say maintenance is due, and
 * patients without early improvement by the plan's review session (CLINICAL.md §4: review with the prescriber,
 * never stop automatically). Patients in induction or maintenance are judged, with the same rules as the
 * measurement view. Newest risk first; a bounded page with an opaque cursor.
 */
export type MeasurementListId = 'maintenance_due' | 'non_responders';
export const measurementListIds: MeasurementListId[] = ['maintenance_due', 'non_responders'];

export const measurementListTitles: Readonly<Record<MeasurementListId, string>> = {
  maintenance_due: 'Due for a maintenance session',
  non_responders: 'No early improvement: review',
};

export interface MeasurementListItem {
  readonly patientId: string;
  readonly name: string;
  readonly mrn: string;
  readonly status: string;
  readonly statusLabel: string;
  readonly instruments: { readonly instrumentId: string; readonly label: string }[];
  /** In words: which rule fired and on what numbers. */
  readonly detail: string;
  /** When the deciding score was taken. */
  readonly since: string;
  readonly nextSession: { readonly id: string; readonly startsAt: string } | null;
}

export interface MeasurementList {
  readonly list: MeasurementListId;
  readonly title: string;
  readonly count: number;
  readonly items: MeasurementListItem[];
  readonly nextCursor: string | null;
}

export interface MeasurementListInput {
  readonly list: MeasurementListId;
  readonly limit?: number | undefined;
  readonly cursor?: string | undefined;
}

export async function listMeasurementCare(input: MeasurementListInput, ctx: AppContext): Promise<MeasurementList> {
  const principal = requireStaffAction(ctx, 'questionnaires.read');
  requireStaffAction(ctx, 'clinical_notes.read');
  const limit = input.limit ?? 50;
  let offset = 0;
  if (input.cursor !== undefined) {
    const decoded = Buffer.from(input.cursor, 'base64url').toString('utf8');
    offset = /^\d{1,9}$/.test(decoded) ? Number(decoded) : -1;
    if (offset < 0)
      throw new DomainError('validation_failed', 'The list position is not valid; start from the first page.', {
        errors: [{ path: '/cursor', message: 'Not a cursor from this list' }],
      });
  }
  return withTransaction(ctx, async (tx) => {
    const all = await judgeList(tx, principal.organizationId, input.list);
    const items = all.slice(offset, offset + limit);
    await audit(tx, {
      action: 'measurements.list',
      resourceType: 'measurement_list',
      details: { list: input.list, patientIds: items.map((i) => i.patientId) },
    });
    return {
      list: input.list,
      title: measurementListTitles[input.list],
      count: all.length,
      items,
      nextCursor:
        offset + limit < all.length ? Buffer.from(String(offset + limit), 'utf8').toString('base64url') : null,
    };
  });
}

/** Everyone on a list, newest risk first: patients in induction or maintenance judged by their scores. */
async function judgeList(tx: AppContext, org: string, list: MeasurementListId): Promise<MeasurementListItem[]> {
  const patients = await patientsInStatuses(tx.db, org, ['in_induction', 'maintenance']);
  const courses = await loadCourses(
    tx.db,
    org,
    patients.map((p) => p.id),
    tx.now,
  );
  const all: MeasurementListItem[] = [];
  for (const p of patients) {
    const data = courses.get(p.id);
    if (!data) continue;
    const primary = data.plan?.content.outcome.instrumentId;
    const hits: { instrumentId: string; at: number; detail: string }[] = [];
    for (const c of data.courses) {
      const label = instrumentLabels[c.instrumentId];
      if (list === 'maintenance_due' && c.maintenance.status === 'due') {
        const m = c.maintenance;
        hits.push({
          instrumentId: c.instrumentId,
          at: m.point.at,
          detail: `${label} ${m.point.total} (best ${m.best.total}): ${m.reasons.map((r) => maintenanceReasonLabels[r]).join('; ')}`,
        });
      }
      if (list === 'non_responders' && c.instrumentId === primary && c.nonResponse.status === 'review_recommended') {
        const n = c.nonResponse;
        const baseline = c.change?.baseline?.total;
        hits.push({
          instrumentId: c.instrumentId,
          at: n.point.at,
          detail: `${label} ${baseline ?? '–'} → ${n.point.total} by session ${n.bySession}: less than ${n.minImprovementPercent} % better`,
        });
      }
    }
    if (hits.length === 0) continue;
    all.push({
      patientId: p.id,
      name: `${p.givenName} ${p.familyName}`,
      mrn: p.mrn,
      status: p.status,
      statusLabel: patientStatusLabels[p.status as PatientStatus] ?? p.status,
      instruments: hits.map((h) => ({ instrumentId: h.instrumentId, label: labelFor(h.instrumentId) })),
      detail: hits.map((h) => h.detail).join(' · '),
      since: new Date(Math.max(...hits.map((h) => h.at))).toISOString(),
      nextSession: data.nextSession
        ? { id: data.nextSession.id, startsAt: data.nextSession.startsAt.toISOString() }
        : null,
    });
  }
  all.sort((a, b) => b.since.localeCompare(a.since) || a.patientId.localeCompare(b.patientId));
  return all;
}

/**
 * The worklist's view of a list (count and the first five); the worklist audits the patients it names.
 * Only for staff who may read the lists (the worklist checks the same permissions).
 */
export async function measurementWorkRows(
  tx: AppContext,
  org: string,
  list: MeasurementListId,
): Promise<{
  count: number;
  items: { id: string; patientId: string; name: string; mrn: string; at: Date; detail: string }[];
}> {
  const all = await judgeList(tx, org, list);
  return {
    count: all.length,
    items: all.slice(0, 5).map((i) => ({
      id: i.patientId,
      patientId: i.patientId,
      name: i.name,
      mrn: i.mrn,
      at: new Date(i.since),
      detail: i.detail,
    })),
  };
}

const labelFor = (id: string): string => instrumentLabels[id as keyof typeof instrumentLabels] ?? id;
