import { DomainError, type FieldError } from '../errors.js';

import { addDays, daysBetween, type LocalDate } from '../time/local-date.js';
import { zoneRules } from '../time/zoned-time.js';

/**
 * When a patient fills in questionnaires between visits (issue 17, measurement-based care): before every
 * session, weekly while the induction series runs, at 1, 2, 4 and 8 weeks after the last induction session,
 * then every 2 weeks in maintenance. Each point is configurable per plan by the prescriber.
 *
 * Why these points: ketamine's benefit can fade within days to weeks (Kishimoto 2016: gone by days 10–12
 * after a single infusion; ORKA-1: ~80 % still responding at 4 weeks, ~60 % at 8 — CLINICAL.md §7), so the
 * measured trajectory between visits, not recall on the day, should drive the next session. The response
 * window of CLINICAL.md §7 (14–31 days after the last induction session) is covered by weeks 2 and 4.
 *
 * Pure: the plan's sessions, the settings, the clinic time zone and `now` come in; assignments come out.
 * Each assignment has a stable `key` so that materialising the same schedule twice writes nothing twice.
 */
export interface QuestionnaireScheduleSettings {
  /** Self-report instruments sent each time (clinician-rated scales, MADRS and CADSS, are done in clinic). */
  readonly instrumentIds: readonly PortalInstrumentId[];
  readonly beforeEachSession: boolean;
  /** A pre-session questionnaire opens this many hours before the session starts. */
  readonly preSessionOpensHours: number;
  readonly weeklyDuringInduction: boolean;
  /** Weeks after the last induction session. */
  readonly afterInductionWeeks: readonly number[];
  /** Every this many weeks in maintenance (after the last follow-up above); null: none. */
  readonly maintenanceEveryWeeks: number | null;
  /** A date-based questionnaire opens this many days before its due date… */
  readonly opensDaysBefore: number;
  /** …and stays open this many days after it (overdue meanwhile); then it is missed. */
  readonly graceDays: number;
}

/** Instruments a patient can fill in alone in the portal (CLINICAL.md §5: "self", and the C-SSRS screener). */
export const portalInstrumentIds = ['phq9', 'gad7', 'pcl5', 'qids_sr16', 'pain_nrs', 'cssrs_screener'] as const;
export type PortalInstrumentId = (typeof portalInstrumentIds)[number];
export const isPortalInstrumentId = (id: string): id is PortalInstrumentId =>
  (portalInstrumentIds as readonly string[]).includes(id);

/** Defaults for a new plan (issue 17's schedule); PHQ-9 is the depression measure of ORKA-1 (CLINICAL.md §7). */
export const defaultScheduleSettings: QuestionnaireScheduleSettings = {
  instrumentIds: ['phq9'],
  beforeEachSession: true,
  preSessionOpensHours: 72,
  weeklyDuringInduction: true,
  afterInductionWeeks: [1, 2, 4, 8],
  maintenanceEveryWeeks: 2,
  opensDaysBefore: 1,
  graceDays: 3,
};

/** The schedule a plan starts with: the defaults, plus the plan's own outcome instrument when self-rated. */
export function scheduleSettingsForPlan(outcomeInstrumentId: string): QuestionnaireScheduleSettings {
  const ids: PortalInstrumentId[] = ['phq9'];
  if (isPortalInstrumentId(outcomeInstrumentId) && !ids.includes(outcomeInstrumentId)) ids.push(outcomeInstrumentId);
  return { ...defaultScheduleSettings, instrumentIds: ids };
}

export function scheduleSettingsErrors(s: QuestionnaireScheduleSettings): FieldError[] {
  const errors: FieldError[] = [];
  const intIn = (v: number, min: number, max: number) => Number.isInteger(v) && v >= min && v <= max;
  if (s.instrumentIds.length === 0)
    errors.push({ path: '/instrumentIds', message: 'Choose at least one questionnaire to send' });
  if (new Set(s.instrumentIds).size !== s.instrumentIds.length)
    errors.push({ path: '/instrumentIds', message: 'Name each questionnaire once' });
  s.instrumentIds.forEach((id, i) => {
    if (!isPortalInstrumentId(id))
      errors.push({ path: `/instrumentIds/${i}`, message: 'Choose a questionnaire the patient fills in alone' });
  });
  if (!intIn(s.preSessionOpensHours, 1, 168))
    errors.push({ path: '/preSessionOpensHours', message: 'Open it between 1 and 168 hours before the session' });
  if (s.afterInductionWeeks.length > 12)
    errors.push({ path: '/afterInductionWeeks', message: 'Give at most 12 follow-up weeks' });
  s.afterInductionWeeks.forEach((w, i) => {
    if (!intIn(w, 1, 52))
      errors.push({ path: `/afterInductionWeeks/${i}`, message: 'Give a whole number of weeks from 1 to 52' });
  });
  if (new Set(s.afterInductionWeeks).size !== s.afterInductionWeeks.length)
    errors.push({ path: '/afterInductionWeeks', message: 'Name each follow-up week once' });
  if (s.maintenanceEveryWeeks !== null && !intIn(s.maintenanceEveryWeeks, 1, 12))
    errors.push({ path: '/maintenanceEveryWeeks', message: 'Give a whole number of weeks from 1 to 12, or none' });
  if (!intIn(s.opensDaysBefore, 0, 7))
    errors.push({ path: '/opensDaysBefore', message: 'Open it between 0 and 7 days before the due date' });
  if (!intIn(s.graceDays, 0, 14))
    errors.push({ path: '/graceDays', message: 'Keep it open between 0 and 14 days after the due date' });
  return errors;
}

export function assertScheduleSettings(s: QuestionnaireScheduleSettings): void {
  const errors = scheduleSettingsErrors(s);
  if (errors.length > 0)
    throw new DomainError('validation_failed', 'The questionnaire schedule is not valid.', { errors });
}

/** A session of the plan as booked (an appointment of an induction or maintenance series). */
export interface ScheduledSession {
  readonly appointmentId: string;
  readonly series: 'induction' | 'maintenance';
  readonly startsAt: Date;
  /** Cancelled and no-show sessions have no pre-session questionnaire. */
  readonly cancelled: boolean;
}

export type AssignmentReason = 'pre_session' | 'induction_weekly' | 'after_induction' | 'maintenance';
export type AssignmentState = 'upcoming' | 'open' | 'overdue' | 'missed';

export interface DueAssignment {
  /** Stable within the plan: `<instrument>:<reason>:<point>`. */
  readonly key: string;
  readonly instrumentId: PortalInstrumentId;
  readonly reason: AssignmentReason;
  /** The session it prepares for (pre_session only). */
  readonly appointmentId: string | null;
  /** Week number for induction_weekly/after_induction/maintenance (weeks after its anchor). */
  readonly week: number | null;
  readonly opensAt: Date;
  readonly dueAt: Date;
  readonly closesAt: Date;
  readonly state: AssignmentState;
}

export interface ScheduleInput {
  readonly settings: QuestionnaireScheduleSettings;
  readonly sessions: readonly ScheduledSession[];
  readonly timeZone: string;
  readonly now: Date;
  /** Include assignments not yet open (for a preview); default: only those open now or past. */
  readonly includeUpcoming?: boolean;
  /** Maintenance points are generated up to this many weeks past `now` when previewing (default 8). */
  readonly horizonWeeks?: number;
}

const HOUR = 3_600_000;
// A weekly point within this many days of a pre-session questionnaire is left out: the patient has just
// answered the same questions (less burden, the same information).
const NEAR_SESSION_DAYS = 2;

export function stateAt(a: Pick<DueAssignment, 'opensAt' | 'dueAt' | 'closesAt'>, now: Date): AssignmentState {
  const t = now.getTime();
  if (t < a.opensAt.getTime()) return 'upcoming';
  if (t < a.dueAt.getTime()) return 'open';
  if (t < a.closesAt.getTime()) return 'overdue';
  return 'missed';
}

export function questionnairesDue(input: ScheduleInput): DueAssignment[] {
  const { settings, timeZone, now } = input;
  assertScheduleSettings(settings);
  const zone = zoneRules(timeZone);
  const localDate = (d: Date): LocalDate => zone.toLocal(d).date;
  const startOf = (date: LocalDate): Date => zone.fromLocal(date, '00:00').instant;
  const live = input.sessions
    .filter((s) => !s.cancelled)
    .toSorted((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const induction = live.filter((s) => s.series === 'induction');
  const out: Omit<DueAssignment, 'state'>[] = [];
  const preSessionDays: LocalDate[] = [];

  if (settings.beforeEachSession) {
    for (const s of live) {
      preSessionDays.push(localDate(s.startsAt));
      for (const instrumentId of settings.instrumentIds) {
        out.push({
          key: `${instrumentId}:pre_session:${s.appointmentId}`,
          instrumentId,
          reason: 'pre_session',
          appointmentId: s.appointmentId,
          week: null,
          opensAt: new Date(s.startsAt.getTime() - settings.preSessionOpensHours * HOUR),
          dueAt: s.startsAt,
          // Still worth answering on the day of the session (the nurse sees it before the dose).
          closesAt: startOf(addDays(localDate(s.startsAt), 1)),
        });
      }
    }
  }

  // A date-based point: due by the end of `due` (clinic time), opens some days before, closes after grace.
  const datePoint = (reason: AssignmentReason, week: number, due: LocalDate) => {
    for (const instrumentId of settings.instrumentIds) {
      out.push({
        key: `${instrumentId}:${reason}:${week}`,
        instrumentId,
        reason,
        appointmentId: null,
        week,
        opensAt: startOf(addDays(due, -settings.opensDaysBefore)),
        dueAt: startOf(addDays(due, 1)),
        closesAt: startOf(addDays(due, 1 + settings.graceDays)),
      });
    }
  };
  const nearSession = (day: LocalDate) =>
    preSessionDays.some((d) => Math.abs(daysBetween(d, day)) <= NEAR_SESSION_DAYS);

  const first = induction[0];
  const last = induction.at(-1);
  if (first && last) {
    const firstDay = localDate(first.startsAt);
    const lastDay = localDate(last.startsAt);
    if (settings.weeklyDuringInduction) {
      for (
        let week = 1;
        daysBetween(firstDay, addDays(firstDay, 7 * week)) < daysBetween(firstDay, lastDay);
        week += 1
      ) {
        const due = addDays(firstDay, 7 * week);
        if (!nearSession(due)) datePoint('induction_weekly', week, due);
      }
    }
    for (const week of settings.afterInductionWeeks.toSorted((a, b) => a - b)) {
      datePoint('after_induction', week, addDays(lastDay, 7 * week));
    }
    if (settings.maintenanceEveryWeeks !== null) {
      const anchorWeek = Math.max(0, ...settings.afterInductionWeeks);
      const horizon = now.getTime() + (input.includeUpcoming ? (input.horizonWeeks ?? 8) * 7 * 24 * HOUR : 0);
      for (let week = anchorWeek + settings.maintenanceEveryWeeks; ; week += settings.maintenanceEveryWeeks) {
        const due = addDays(lastDay, 7 * week);
        if (startOf(addDays(due, -settings.opensDaysBefore)).getTime() > horizon) break;
        datePoint('maintenance', week, due);
      }
    }
  }

  return out
    .map((a) => ({ ...a, state: stateAt(a, now) }))
    .filter((a) => input.includeUpcoming === true || a.state !== 'upcoming')
    .toSorted((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.key.localeCompare(b.key));
}
