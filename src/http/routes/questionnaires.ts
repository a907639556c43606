import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  answerMyQuestionnaire,
  listMyQuestionnaires,
  openMyQuestionnaire,
  submitMyQuestionnaire,
  type PortalAssignment,
} from '../../app/questionnaires/portal.js';
import { overdueQuestionnaires } from '../../app/questionnaires/reminders.js';
import {
  acknowledgeAlert,
  alertCounts,
  getAlert,
  getEscalationSetting,
  listAlerts,
  resolveAlert,
  setEscalationSetting,
  type SafetyAlertView,
} from '../../app/questionnaires/safety-alerts.js';
import {
  getQuestionnaireSchedule,
  putQuestionnaireSchedule,
  type ScheduleView,
} from '../../app/questionnaires/schedule.js';
import { requestContext, type AuthDeps } from '../plugins/auth.js';
import { patientIdParams } from '../../contracts/common.js';
import {
  acknowledgeAlertBody,
  alertCountsSchema,
  alertListQuery,
  alertParams,
  alertSchema,
  answerBody,
  answerParams,
  assignmentParams,
  assignmentSchema,
  escalationSettingSchema,
  resolveAlertBody,
  scheduleBody,
  scheduleSchema,
  submitResultSchema,
  overdueListSchema,
  overdueQuery,
  type Assignment,
  type QuestionnaireSchedule,
  type SafetyAlert,
} from '../../contracts/questionnaires.js';

/**
 * Questionnaires between visits (issue 17): the schedule of a patient's plan (prescribers edit it), the
 * patient's own questionnaires in the portal (answer one question at a time, then submit), the urgent
 * tasks a risky answer raises, and the overdue list.
 */
export type QuestionnaireRouteDeps = AuthDeps & { readonly publicUrl: string; readonly smtp: boolean };

const scheduleWire = (v: ScheduleView): QuestionnaireSchedule => ({
  planId: v.planId,
  settings: {
    ...v.settings,
    instrumentIds: [...v.settings.instrumentIds],
    afterInductionWeeks: [...v.settings.afterInductionWeeks],
  },
  version: v.version,
  isDefault: v.isDefault,
  updatedAt: v.updatedAt?.toISOString() ?? null,
  upcoming: v.upcoming.map((a) => ({
    key: a.key,
    instrumentId: a.instrumentId,
    reason: a.reason,
    week: a.week,
    opensAt: a.opensAt.toISOString(),
    dueAt: a.dueAt.toISOString(),
    closesAt: a.closesAt.toISOString(),
    state: a.state,
  })),
});

const assignmentWire = (a: PortalAssignment): Assignment => ({
  ...a,
  draftAnswers: { ...a.draftAnswers },
  opensAt: a.opensAt.toISOString(),
  dueAt: a.dueAt.toISOString(),
  closesAt: a.closesAt.toISOString(),
  completedAt: a.completedAt?.toISOString() ?? null,
});

const iso = (d: Date | null) => d?.toISOString() ?? null;
const alertWire = (a: SafetyAlertView): SafetyAlert => ({
  id: a.id,
  patientId: a.patientId,
  patientName: a.patientName,
  mrn: a.mrn,
  resultId: a.resultId,
  instrumentId: a.instrumentId,
  reasons: a.reasons,
  assignedUserId: a.assignedUserId,
  assignedUserName: a.assignedUserName,
  status: a.status,
  raisedAt: a.raisedAt.toISOString(),
  acknowledgedAt: iso(a.acknowledgedAt),
  acknowledgedByName: a.acknowledgedByName,
  resolvedAt: iso(a.resolvedAt),
  resolvedByName: a.resolvedByName,
  resolutionAction: a.resolutionAction,
  resolutionNote: a.resolutionNote,
  escalatedAt: iso(a.escalatedAt),
  version: a.version,
});

export const questionnaireRoutes: FastifyPluginAsyncZod<QuestionnaireRouteDeps> = async (app, deps) => {
  const ctx = (request: Parameters<typeof requestContext>[0]) => requestContext(request, deps);
  const mail = { smtp: deps.smtp, publicUrl: deps.publicUrl };

  app.get(
    '/patients/:id/questionnaire-schedule',
    {
      config: { access: { action: 'questionnaires.read' } },
      schema: {
        tags: ['questionnaires'],
        summary:
          "The questionnaire schedule of the patient's plan in force (defaults until a prescriber edits it), with the next points",
        params: patientIdParams,
        response: { 200: scheduleSchema },
      },
    },
    async (request) => scheduleWire(await getQuestionnaireSchedule(request.params.id, ctx(request))),
  );

  app.put(
    '/patients/:id/questionnaire-schedule',
    {
      config: { access: { action: 'plans.write' } },
      schema: {
        tags: ['questionnaires'],
        summary:
          'Edit the questionnaire schedule of the plan in force (version 0 while it uses the defaults); a stale version gets 409',
        params: patientIdParams,
        body: scheduleBody,
        response: { 200: scheduleSchema },
      },
    },
    async (request) => scheduleWire(await putQuestionnaireSchedule(request.params.id, request.body, ctx(request))),
  );

  app.get(
    '/portal/questionnaires',
    {
      config: { access: { action: 'portal.read' } },
      schema: {
        tags: ['portal'],
        summary: "The signed-in patient's questionnaires open now or overdue, and those sent in the last 30 days",
        response: { 200: z.object({ items: z.array(assignmentSchema) }) },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      return { items: (await listMyQuestionnaires(ctx(request))).map(assignmentWire) };
    },
  );

  app.get(
    '/portal/questionnaires/:assignmentId',
    {
      config: { access: { action: 'portal.read' } },
      schema: {
        tags: ['portal'],
        summary: 'One of the patient’s own questionnaires with the answers saved so far (another patient’s: 404)',
        params: assignmentParams,
        response: { 200: assignmentSchema },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      return assignmentWire(await openMyQuestionnaire(request.params.assignmentId, ctx(request)));
    },
  );

  app.put(
    '/portal/questionnaires/:assignmentId/answers/:itemId',
    {
      config: { access: { action: 'portal.submit' } },
      schema: {
        tags: ['portal'],
        summary:
          'Save one answer (null clears it); saving the same answer again changes nothing else. A sent questionnaire gets 409',
        params: answerParams,
        body: answerBody,
        response: { 200: assignmentSchema },
      },
    },
    async (request) =>
      assignmentWire(
        await answerMyQuestionnaire(
          request.params.assignmentId,
          { itemId: request.params.itemId, value: request.body.value },
          ctx(request),
        ),
      ),
  );

  app.post(
    '/portal/questionnaires/:assignmentId/submit',
    {
      config: { access: { action: 'portal.submit' } },
      schema: {
        tags: ['portal'],
        summary:
          'Send the questionnaire: scored by the domain; an unanswered question gets 400 answers_invalid, a second submission 409. A risky answer raises an urgent task for the care team (safetyAlert: true)',
        params: assignmentParams,
        response: {
          200: submitResultSchema,
        },
      },
    },
    async (request) => {
      const result = await submitMyQuestionnaire(request.params.assignmentId, ctx(request), mail);
      return {
        ...result,
        assignment: assignmentWire(result.assignment),
        explanation: { headline: result.explanation.headline, paragraphs: [...result.explanation.paragraphs] },
      };
    },
  );

  app.get(
    '/safety-alerts',
    {
      config: { access: { action: 'questionnaires.read' } },
      schema: {
        tags: ['safety-alerts'],
        summary: 'Urgent tasks raised by risky portal answers: unresolved (open first, newest first) or resolved',
        querystring: alertListQuery,
        response: { 200: z.object({ items: z.array(alertSchema) }) },
      },
    },
    async (request) => ({ items: (await listAlerts(request.query, ctx(request))).map(alertWire) }),
  );

  app.get(
    '/safety-alerts/counts',
    {
      config: { access: { action: 'questionnaires.read' } },
      schema: {
        tags: ['safety-alerts'],
        summary: 'How many safety alerts are open and acknowledged (no patient data): what the console badge polls',
        response: { 200: alertCountsSchema },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      return alertCounts(ctx(request));
    },
  );

  app.get(
    '/safety-alerts/:alertId',
    {
      config: { access: { action: 'questionnaires.read' } },
      schema: {
        tags: ['safety-alerts'],
        summary: 'One safety alert',
        params: alertParams,
        response: { 200: alertSchema },
      },
    },
    async (request) => alertWire(await getAlert(request.params.alertId, ctx(request))),
  );

  app.post(
    '/safety-alerts/:alertId/acknowledge',
    {
      config: { access: { action: 'safety_alerts.respond' } },
      schema: {
        tags: ['safety-alerts'],
        summary: 'Take the alert on (stops its escalation); already acknowledged: 409',
        params: alertParams,
        body: acknowledgeAlertBody,
        response: { 200: alertSchema },
      },
    },
    async (request) => alertWire(await acknowledgeAlert(request.params.alertId, request.body, ctx(request))),
  );

  app.post(
    '/safety-alerts/:alertId/resolve',
    {
      config: { access: { action: 'safety_alerts.respond' } },
      schema: {
        tags: ['safety-alerts'],
        summary: 'Resolve an acknowledged alert with the action taken and a note',
        params: alertParams,
        body: resolveAlertBody,
        response: { 200: alertSchema },
      },
    },
    async (request) => alertWire(await resolveAlert(request.params.alertId, request.body, ctx(request))),
  );

  app.get(
    '/safety-alert-settings',
    {
      config: { access: { action: 'clinic_settings.read' } },
      schema: {
        tags: ['safety-alerts'],
        summary: 'Minutes an alert may wait unacknowledged before it goes to the other prescribers and admins',
        response: { 200: escalationSettingSchema },
      },
    },
    async (request) => getEscalationSetting(ctx(request)),
  );

  app.put(
    '/safety-alert-settings',
    {
      config: { access: { action: 'organization.manage' } },
      schema: {
        tags: ['safety-alerts'],
        summary: 'Set the escalation time (5–1440 minutes)',
        body: escalationSettingSchema,
        response: { 200: escalationSettingSchema },
      },
    },
    async (request) => setEscalationSetting(request.body, ctx(request)),
  );

  app.get(
    '/questionnaires/overdue',
    {
      config: { access: { action: 'questionnaires.read' } },
      schema: {
        tags: ['questionnaires'],
        summary: 'Patients with overdue questionnaires (past due, not yet closed), oldest first',
        querystring: overdueQuery,
        response: { 200: overdueListSchema },
      },
    },
    async (request) => {
      const result = await overdueQuestionnaires(request.query, ctx(request));
      return {
        count: result.count,
        items: result.items.map((r) => ({ ...r, oldestDueAt: new Date(r.oldestDueAt).toISOString() })),
      };
    },
  );
};
