/**
 * Esketamine (Spravato) nasal spray: the dose by device and the REMS monitoring a session must complete
 * before the patient leaves (CLINICAL.md §2, §3; Spravato label and REMS).
 *
 * - One nasal-spray device holds 28 mg; a session's dose is 56 mg (2 devices) or 84 mg (3 devices). The
 *   dose is never weight-based.
 * - The patient is monitored for at least 2 hours after the dose (REMS). This is a floor set by the REMS,
 *   not a clinic setting: no protocol and no override shortens it.
 * - Blood pressure before dosing, at about 40 minutes after the dose and before discharge; sedation and
 *   dissociation are assessed. The ~40-minute window (30–50 min), how old the pre-dose reading may be
 *   (60 min) and how recent the discharge reading must be (15 min, as for any discharge — CLINICAL.md §3)
 *   are clinic defaults (unverified), passed in as options.
 *
 * A missing or non-numeric reading never counts (CLINICAL.md §2). Pure: the time is passed in.
 */

export const esketamineDeviceMg = 28;
export const esketamineDosesMg = [56, 84] as const;
export type EsketamineDoseMg = (typeof esketamineDosesMg)[number];
export const remsObservationMinutes = 120;

export type EsketamineDevices =
  { readonly ok: true; readonly devices: 2 | 3 } | { readonly ok: false; readonly message: string };

/** The number of 28 mg devices for a dose; only 56 and 84 mg are esketamine session doses. */
export function esketamineDevices(doseMg: unknown): EsketamineDevices {
  if (doseMg === 56) return { ok: true, devices: 2 };
  if (doseMg === 84) return { ok: true, devices: 3 };
  return {
    ok: false,
    message: 'Esketamine is given as 56 mg (2 devices of 28 mg) or 84 mg (3 devices of 28 mg)',
  };
}

const minuteMs = 60_000;

/** The earliest time an esketamine patient may leave: 2 hours after the dose (REMS). */
export function remsObservationEndsAt(doseAt: Date): Date {
  return new Date(doseAt.getTime() + remsObservationMinutes * minuteMs);
}

export const remsDefaults = {
  bpBeforeDoseMaxAgeMinutes: 60,
  postDoseBpFromMinutes: 30,
  postDoseBpToMinutes: 50,
  dischargeBpMaxAgeMinutes: 15,
} as const;
export type RemsOptions = { readonly [K in keyof typeof remsDefaults]: number };

export const remsLevels = ['none', 'mild', 'moderate', 'severe'] as const;
export type RemsLevel = (typeof remsLevels)[number];
export type RemsAssessmentKind = 'sedation' | 'dissociation';

export interface RemsBloodPressure {
  readonly takenAt: Date;
  readonly systolicMmHg?: number | null | undefined;
  readonly diastolicMmHg?: number | null | undefined;
}

export interface RemsAssessment {
  readonly kind: RemsAssessmentKind;
  readonly takenAt: Date;
  /** none | mild | moderate | severe; anything else is not an assessment. */
  readonly level: unknown;
}

export interface RemsInput {
  /** When the first device was given; undefined before the dose. */
  readonly doseAt: Date | undefined;
  readonly now: Date;
  readonly bloodPressures: readonly RemsBloodPressure[];
  readonly assessments: readonly RemsAssessment[];
}

export type RemsItem =
  | 'dose_time'
  | 'bp_before_dose'
  | 'bp_40_min'
  | 'sedation_assessed'
  | 'dissociation_assessed'
  | 'sedation_resolved'
  | 'dissociation_resolved'
  | 'observation_2h'
  | 'bp_before_discharge';

export type RemsCheckItem = Exclude<RemsItem, 'dose_time' | 'sedation_resolved' | 'dissociation_resolved'>;

export interface RemsCheck {
  readonly item: RemsCheckItem;
  /** When the check is due (null before the dose time is known). */
  readonly dueAt: Date | null;
  readonly done: boolean;
}

export interface RemsResult {
  readonly complete: boolean;
  /** Each required check in the order a session meets them, for the session screen. */
  readonly checks: readonly RemsCheck[];
  readonly missing: readonly { readonly item: RemsItem; readonly message: string }[];
}

const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const validTime = (date: Date | undefined): date is Date => date instanceof Date && Number.isFinite(date.getTime());
const isLevel = (value: unknown): value is RemsLevel => remsLevels.includes(value as RemsLevel);

export function remsCompleteness(input: RemsInput, options: RemsOptions = remsDefaults): RemsResult {
  const nowMs = input.now.getTime();
  const doseAt = validTime(input.doseAt) ? input.doseAt : undefined;
  const doseMs = doseAt?.getTime();
  const after = (minutes: number): Date | null => (doseMs === undefined ? null : new Date(doseMs + minutes * minuteMs));

  // Only a complete, numeric reading taken by now counts.
  const readings = input.bloodPressures
    .filter((r) => isFiniteNumber(r.systolicMmHg) && isFiniteNumber(r.diastolicMmHg) && validTime(r.takenAt))
    .map((r) => r.takenAt.getTime())
    .filter((t) => t <= nowMs);
  const within = (fromMs: number, toMs: number) => readings.some((t) => t >= fromMs && t <= toMs);

  const observationEnds = after(remsObservationMinutes);
  const windowFrom = options.postDoseBpFromMinutes;
  const windowTo = options.postDoseBpToMinutes;

  const bpBefore = doseMs !== undefined && within(doseMs - options.bpBeforeDoseMaxAgeMinutes * minuteMs, doseMs);
  const bp40 = doseMs !== undefined && within(doseMs + windowFrom * minuteMs, doseMs + windowTo * minuteMs);
  const bpDischarge =
    doseMs !== undefined &&
    readings.some((t) => t > doseMs + windowTo * minuteMs && nowMs - t <= options.dischargeBpMaxAgeMinutes * minuteMs);
  const observed = observationEnds !== null && Number.isFinite(nowMs) && nowMs >= observationEnds.getTime();

  const latestLevel = (kind: RemsAssessmentKind): RemsLevel | undefined => {
    if (doseMs === undefined) return undefined;
    const counted = input.assessments
      .filter((a) => a.kind === kind && isLevel(a.level) && validTime(a.takenAt))
      .filter((a) => a.takenAt.getTime() >= doseMs && a.takenAt.getTime() <= nowMs)
      .sort((a, b) => a.takenAt.getTime() - b.takenAt.getTime());
    return counted.at(-1)?.level as RemsLevel | undefined;
  };
  const sedation = latestLevel('sedation');
  const dissociation = latestLevel('dissociation');

  const missing: { item: RemsItem; message: string }[] = [];
  const gap = (item: RemsItem, message: string): void => {
    missing.push({ item, message });
  };
  if (doseMs === undefined) gap('dose_time', 'Record when the first device was given.');
  if (!bpBefore)
    gap(
      'bp_before_dose',
      `Record a blood pressure (systolic and diastolic) in the ${options.bpBeforeDoseMaxAgeMinutes} min before the dose.`,
    );
  if (!bp40) gap('bp_40_min', `Record a blood pressure about 40 min after the dose (${windowFrom}–${windowTo} min).`);
  if (sedation === undefined) gap('sedation_assessed', 'Record a sedation assessment after the dose.');
  if (dissociation === undefined) gap('dissociation_assessed', 'Record a dissociation assessment after the dose.');
  if (sedation !== undefined && sedation !== 'none')
    gap(
      'sedation_resolved',
      `The latest sedation assessment is ${sedation}: the patient may leave only once it has resolved.`,
    );
  if (dissociation !== undefined && dissociation !== 'none')
    gap(
      'dissociation_resolved',
      `The latest dissociation assessment is ${dissociation}: the patient may leave only once it has resolved.`,
    );
  if (!observed) {
    const left = observationEnds === null ? NaN : Math.ceil((observationEnds.getTime() - nowMs) / minuteMs);
    gap(
      'observation_2h',
      Number.isFinite(left)
        ? `${left} min of the ${remsObservationMinutes} min REMS observation left.`
        : `The REMS requires ${remsObservationMinutes} min of observation after the dose.`,
    );
  }
  if (!bpDischarge)
    gap(
      'bp_before_discharge',
      `Record a blood pressure before discharge (after the ${windowTo}-min mark, within the last ${options.dischargeBpMaxAgeMinutes} min).`,
    );

  const checks: RemsCheck[] = [
    { item: 'bp_before_dose', dueAt: doseAt ?? null, done: bpBefore },
    { item: 'bp_40_min', dueAt: after(40), done: bp40 },
    { item: 'sedation_assessed', dueAt: after(40), done: sedation !== undefined },
    { item: 'dissociation_assessed', dueAt: after(40), done: dissociation !== undefined },
    { item: 'observation_2h', dueAt: observationEnds, done: observed },
    { item: 'bp_before_discharge', dueAt: observationEnds, done: bpDischarge },
  ];
  return { complete: missing.length === 0, checks, missing };
}
