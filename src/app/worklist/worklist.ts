import {
  accountsWithoutMfa,
  consentsWaiting,
  flaggedQuestionnaires,
  openIntakes,
  openSessionAlerts,
  recentWithdrawals,
  todaysAppointments,
  unsignedDrafts,
  type WorkListRows,
} from '../../db/repositories/worklist.js';
import { patientStatusLabels, type PatientStatus } from '../../domain/chart/patient-status.js';
import { DomainError } from '../../domain/errors.js';
import { appointmentStatusLabels, type AppointmentStatus } from '../../domain/scheduling/index.js';
import { urgentReasonLabels, type UrgentReason } from '../../domain/intake/urgency.js';
import {
  instrumentFlagLabels,
  instrumentLabels,
  labelOf,
  safetyAlertReasonLabels,
  safetyAlertStatusLabels,
} from '../../domain/labels/index.js';
import { unresolvedAlertsForWorklist } from '../../db/repositories/safety-alerts.js';
import { can, type Action } from '../../domain/permissions/index.js';
import { audit } from '../audit/record.js';
import { measurementWorkRows } from '../measurements/lists.js';
import { requirePrincipal, withTransaction, type AppContext } from '../context.js';

/**
 * The home a member of staff starts the day from: what is waiting for them, counted, with the first few
 * items. Each list is shown only to a role that may act on it (the permission table decides); the names
 * it shows are patient data, so reading it is audited with the patients it named.
 */
export type WorklistSectionId =
  | 'urgent_intakes'
  | 'my_intakes'
  | 'open_intakes'
  | 'draft_assessments'
  | 'draft_plans'
  | 'consents_waiting'
  | 'withdrawals'
  | 'alerts'
  | 'session_alerts'
  | 'todays_sessions'
  | 'accounts_without_mfa'
  | 'safety_alerts'
  | 'maintenance_due'
  | 'non_responders';

export interface WorkItem {
  readonly id: string;
  readonly patientId: string | null;
  readonly name: string;
  readonly mrn: string | null;
  readonly at: Date;
  readonly detail: string | null;
  /** Where in the console the item is worked on. */
  readonly path: string;
}

export interface WorklistSection {
  readonly id: WorklistSectionId;
  readonly title: string;
  readonly count: number;
  readonly items: readonly WorkItem[];
  /** The console page listing all of them. */
  readonly path: string | null;
  readonly urgent: boolean;
}

interface SectionSpec {
  readonly id: WorklistSectionId;
  readonly title: string;
  readonly needs: readonly Action[];
  readonly urgent?: boolean;
  readonly path: string | null;
  readonly load: (ctx: AppContext, org: string, userId: string) => Promise<WorkListRows>;
  readonly itemPath: (row: WorkListRows['items'][number]) => string;
  readonly detail?: (detail: string) => string;
}

const DAY = 24 * 60 * 60 * 1000;

const sections: readonly SectionSpec[] = [
  {
    // Issue 17: risky answers in the portal (PHQ-9 item 9, C-SSRS moderate/high), the most urgent of all.
    id: 'safety_alerts',
    title: 'Safety alerts from the portal',
    needs: ['questionnaires.read'],
    urgent: true,
    path: '/alerts',
    load: (ctx, org) => unresolvedAlertsForWorklist(ctx.db, org),
    itemPath: (r) => `/alerts/${r.id}`,
    detail: (d) => {
      const [status = '', reasons = ''] = d.split(':');
      return `${labelOf(safetyAlertStatusLabels, status)}: ${reasons
        .split(',')
        .map((r) => labelOf(safetyAlertReasonLabels, r))
        .join('; ')}`;
    },
  },
  {
    id: 'session_alerts',
    title: 'Session alerts not yet acknowledged',
    needs: ['sessions.read', 'clinical_notes.read'],
    urgent: true,
    path: '/sessions',
    load: (ctx, org) => openSessionAlerts(ctx.db, org),
    itemPath: (r) => `/sessions/${r.id}`,
  },
  {
    id: 'todays_sessions',
    title: 'Today’s appointments',
    needs: ['sessions.read', 'patients.read'],
    path: '/schedule/today',
    load: (ctx, org) => todaysAppointments(ctx.db, org, ctx.now),
    itemPath: (r) => `/schedule/appointments/${r.id}`,
    detail: (d) => appointmentStatusLabels[d as AppointmentStatus] ?? d,
  },
  {
    id: 'urgent_intakes',
    title: 'Urgent intakes',
    needs: ['intake.manage'],
    urgent: true,
    path: '/intake',
    load: (ctx, org) => openIntakes(ctx.db, org, { urgentOnly: true }),
    itemPath: (r) => `/intake/${r.id}`,
    detail: (d) =>
      d
        .split(',')
        .filter(Boolean)
        .map((r) => urgentReasonLabels[r as UrgentReason] ?? r)
        .join('; '),
  },
  {
    id: 'my_intakes',
    title: 'Intakes assigned to you',
    needs: ['intake.manage'],
    path: '/intake?assigned=me',
    load: (ctx, org, user) => openIntakes(ctx.db, org, { assignedTo: user }),
    itemPath: (r) => `/intake/${r.id}`,
    detail: () => '',
  },
  {
    id: 'open_intakes',
    title: 'Open intakes',
    needs: ['intake.manage'],
    path: '/intake',
    load: (ctx, org) => openIntakes(ctx.db, org, {}),
    itemPath: (r) => `/intake/${r.id}`,
    detail: () => '',
  },
  {
    id: 'draft_assessments',
    title: 'Assessments waiting to be signed',
    needs: ['assessments.sign'],
    path: null,
    load: (ctx, org) => unsignedDrafts(ctx.db, org, 'assessments'),
    itemPath: (r) => `/patients/${r.patientId}/assessments/${r.id}`,
  },
  {
    id: 'draft_plans',
    title: 'Treatment plans waiting to be signed',
    needs: ['plans.sign'],
    path: null,
    load: (ctx, org) => unsignedDrafts(ctx.db, org, 'treatmentPlans'),
    itemPath: (r) => `/patients/${r.patientId}/plans/${r.id}`,
  },
  {
    id: 'consents_waiting',
    title: 'Consent not yet signed',
    // the people who arrange the consent visit (prescribers and coordinators)
    needs: ['patients.manage'],
    path: null,
    load: (ctx, org) => consentsWaiting(ctx.db, org),
    itemPath: (r) => `/patients/${r.patientId}`,
    detail: (d) => `Status: ${patientStatusLabels[d as PatientStatus] ?? d}`,
  },
  {
    id: 'withdrawals',
    title: 'Consent withdrawn in the last 30 days',
    needs: ['patients.read', 'clinical_notes.read'],
    urgent: true,
    path: null,
    load: (ctx, org) => recentWithdrawals(ctx.db, org, new Date(ctx.now.getTime() - 30 * DAY)),
    itemPath: (r) => `/patients/${r.patientId}`,
  },
  {
    id: 'alerts',
    title: 'Questionnaire alerts in the last 14 days',
    needs: ['questionnaires.read'],
    urgent: true,
    path: null,
    load: (ctx, org) => flaggedQuestionnaires(ctx.db, org, new Date(ctx.now.getTime() - 14 * DAY)),
    itemPath: (r) => `/patients/${r.patientId}?tab=measurements`,
    detail: (d) => {
      const [instrument = '', flags = ''] = d.split(':');
      return `${labelOf(instrumentLabels, instrument)}: ${flags
        .split(',')
        .map((f) => labelOf(instrumentFlagLabels, f))
        .join('; ')}`;
    },
  },
  // Measurement-based care (issue 17): decisions the patients' own scores call for.
  {
    id: 'maintenance_due',
    title: 'Due for a maintenance session',
    needs: ['questionnaires.read', 'clinical_notes.read'],
    path: '/measurement-care',
    load: (ctx, org) => measurementWorkRows(ctx, org, 'maintenance_due'),
    itemPath: (r) => `/patients/${r.patientId}/measurements`,
  },
  {
    id: 'non_responders',
    title: 'No early improvement: review',
    needs: ['questionnaires.read', 'clinical_notes.read'],
    path: '/measurement-care',
    load: (ctx, org) => measurementWorkRows(ctx, org, 'non_responders'),
    itemPath: (r) => `/patients/${r.patientId}/measurements`,
  },
  {
    id: 'accounts_without_mfa',
    title: 'Accounts still to set up two-step sign-in',
    needs: ['users.manage'],
    path: '/admin/users',
    load: (ctx, org) => accountsWithoutMfa(ctx.db, org),
    itemPath: (r) => `/admin/users/${r.id}`,
    detail: () => '',
  },
];

export async function getWorklist(_input: Record<string, never>, ctx: AppContext): Promise<WorklistSection[]> {
  const principal = requirePrincipal(ctx);
  if (principal.kind !== 'staff' || !can(principal, 'worklist.read'))
    throw new DomainError('forbidden', 'The worklist is for staff.');
  const mine = sections.filter((s) => s.needs.every((a) => can(principal, a)));
  return withTransaction(ctx, async (tx) => {
    const loaded: WorklistSection[] = [];
    for (const spec of mine) {
      const rows = await spec.load(tx, principal.organizationId, principal.userId);
      loaded.push({
        id: spec.id,
        title: spec.title,
        count: rows.count,
        path: spec.path,
        urgent: spec.urgent ?? false,
        items: rows.items.map((r) => ({
          id: r.id,
          patientId: r.patientId,
          name: r.name,
          mrn: r.mrn,
          at: r.at,
          detail: r.detail === null ? null : spec.detail ? spec.detail(r.detail) || null : r.detail,
          path: spec.itemPath(r),
        })),
      });
    }
    const patientIds = [...new Set(loaded.flatMap((s) => s.items.flatMap((i) => (i.patientId ? [i.patientId] : []))))];
    await audit(tx, {
      action: 'worklist.read',
      resourceType: 'worklist',
      details: { sections: loaded.map((s) => s.id), patientIds },
    });
    return loaded;
  });
}
