import {
  demoPatientPlan,
  demoSetting,
  hasDoseSessions,
  insertDemoDoseSession,
} from '../db/repositories/demo-measurements.js';
import type { Principal } from '../domain/permissions/index.js';
import { addDays } from '../domain/time/local-date.js';
import { zoneRules } from '../domain/time/zoned-time.js';
import { recordQuestionnaire } from './chart/chart-items.js';
import type { AppContext, Queryable } from './context.js';

/**
 * Treatment histories for measurement-based care (issue 17), on the demo patients added for it:
 * - Iris Improva, in induction: five doses so far, PHQ-9 20 → 8 (early improvement and response);
 * - Rhea Relapsova, in maintenance: PHQ-9 21 → 4 through induction and weekly boosters, now back up to 13
 *   (regained more than half, and moderate again): flagged as due for maintenance;
 * - Nico Nonresponde, in induction: PHQ-9 19 → 17 by session 4: flagged for a non-response review.
 * Questionnaires go through the chart's use-case; past doses are written as signed session records with
 * CADSS-6 (falling with repeats) and one adverse event. Loading twice changes nothing.
 */
interface Story {
  readonly family: string;
  readonly weightKg: number;
  readonly mg: number;
  /** Days ago of each dose given (oldest first). */
  readonly doses: readonly number[];
  /** [days ago, PHQ-9 total]; a score on a dose day is taken 45 minutes before the dose. */
  readonly phq9: readonly (readonly [number, number])[];
  readonly gad7?: readonly (readonly [number, number])[];
  readonly cadss6: readonly number[];
}

const stories: readonly Story[] = [
  {
    family: 'Improva',
    weightKg: 62,
    mg: 25,
    doses: [14, 12, 9, 7, 5],
    phq9: [
      [14, 20],
      [12, 17],
      [9, 14],
      [7, 12],
      [5, 9],
      [2, 8],
    ],
    gad7: [
      [14, 15],
      [7, 11],
      [2, 8],
    ],
    cadss6: [14, 12, 10, 8, 7],
  },
  {
    family: 'Relapsova',
    weightKg: 70,
    mg: 35,
    doses: [77, 75, 73, 70, 68, 66, 59, 52, 45],
    phq9: [
      [77, 21],
      [75, 18],
      [73, 14],
      [70, 11],
      [68, 8],
      [66, 6],
      [62, 5],
      [59, 4],
      [52, 4],
      [45, 5],
      [38, 6],
      [24, 8],
      [10, 11],
      [2, 13],
    ],
    cadss6: [16, 13, 11, 9, 8, 7, 6, 6, 5],
  },
  {
    family: 'Nonresponde',
    weightKg: 84,
    mg: 34,
    doses: [13, 11, 8, 6, 4],
    phq9: [
      [13, 19],
      [11, 19],
      [8, 18],
      [6, 17],
      [4, 17],
      [1, 16],
    ],
    cadss6: [12, 11, 11, 10, 9],
  },
];

/** PHQ-9 answers adding up to `total` (items 1–8; item 9, thoughts of self-harm, always 0 in the demo). */
function phq9Answers(total: number): Record<string, number> {
  const answers: Record<string, number> = {};
  let left = total;
  for (let i = 1; i <= 9; i++) {
    const value = i === 9 ? 0 : Math.min(3, Math.ceil(left / (9 - i)));
    answers[`phq9_${i}`] = value;
    left -= value;
  }
  return answers;
}

function gad7Answers(total: number): Record<string, number> {
  const answers: Record<string, number> = {};
  let left = total;
  for (let i = 1; i <= 7; i++) {
    const value = Math.min(3, Math.ceil(left / (8 - i)));
    answers[`gad7_${i}`] = value;
    left -= value;
  }
  return answers;
}

export async function loadDemoMeasurements(db: Queryable, organizationId: string, now: Date): Promise<number> {
  const setting = await demoSetting(db, organizationId);
  if (!setting.nurse || !setting.prescriber) return 0;
  const zone = zoneRules(setting.timeZone);
  const today = zone.toLocal(now).date;
  /** 10:00 clinic time, `daysAgo` days before today. */
  const doseTime = (daysAgo: number): Date => zone.fromLocal(addDays(today, -daysAgo), '10:00').instant;
  const nurse: Principal = {
    userId: setting.nurse.id,
    organizationId,
    kind: 'staff',
    roles: setting.nurse.roles,
    patientId: null,
  };
  const ctxAt = (at: Date): AppContext => ({ db, principal: nurse, now: at, ip: null, userAgent: 'ketaclinic-demo' });
  let count = 0;
  for (const story of stories) {
    const plan = await demoPatientPlan(db, organizationId, story.family);
    if (!plan || (await hasDoseSessions(db, organizationId, plan.patientId))) continue;
    const scores = [
      ...story.phq9.map(([d, total]) => ({ d, instrumentId: 'phq9', answers: phq9Answers(total) })),
      ...(story.gad7 ?? []).map(([d, total]) => ({ d, instrumentId: 'gad7', answers: gad7Answers(total) })),
    ];
    for (const s of scores) {
      const at = new Date(doseTime(s.d).getTime() - 45 * 60_000);
      await recordQuestionnaire(
        plan.patientId,
        {
          instrumentId: s.instrumentId,
          answers: s.answers,
          context: s.d >= story.doses[0]! ? 'baseline' : 'follow_up',
        },
        ctxAt(at),
      );
    }
    for (const [i, d] of story.doses.entries()) {
      const start = doseTime(d);
      await insertDemoDoseSession(db, {
        organizationId,
        plan,
        locationId: setting.locationId,
        doseNumber: i + 1,
        clinicDate: addDays(today, -d),
        checkedInAt: new Date(start.getTime() - 60 * 60_000),
        doseStartedAt: start,
        doseEndedAt: new Date(start.getTime() + (plan.route === 'IV' ? 40 : 1) * 60_000),
        dischargedAt: new Date(start.getTime() + 120 * 60_000),
        deliveredMg: story.mg,
        weightKg: story.weightKg,
        nurseUserId: setting.nurse.id,
        prescriberUserId: setting.prescriber.id,
        cadss6Total: story.cadss6[i] ?? 6,
        adverseEvent:
          i === 1
            ? {
                event: 'Nausea',
                severity: 'mild',
                intervention: 'Ondansetron 4 mg given',
                outcome: 'Settled before discharge',
              }
            : null,
      });
    }
    count += 1;
  }
  return count;
}
