import { z } from 'zod';
import { DomainError, type FieldError } from '../errors.js';
import type { BloodPressureThreshold, ClinicProtocol, Route } from './clinic-protocol.js';

const sourced = { source: z.string().min(1), verified: z.boolean() };
const mmHg = z.number().min(40).max(300);
const bloodPressure = z.object({
  systolicMmHg: mmHg,
  diastolicMmHg: mmHg,
  comparison: z.enum(['above', 'at_or_above']),
  ...sourced,
});
const positive = z.number().positive();
const routeLimits = z.object({
  startMgPerKg: positive,
  titrationStepMgPerKg: positive,
  maxMgPerKg: positive,
  maxTotalMg: positive,
  maxInfusionMgPerKgPerHour: positive.nullable(),
  defaultInfusionMinutes: positive.nullable(),
  ...sourced,
});
const lowBloodPressure = z.object({
  systolicBelowMmHg: mmHg,
  diastolicBelowMmHg: z.number().min(20).max(200),
  ...sourced,
});
const vitalRange = z.object({ alertBelow: positive, alertAbove: positive, ...sourced });
const percent = z.object({ value: z.number().min(50).max(100), ...sourced });
const findingSeverity = z.enum(['exclusion', 'needs_clearance', 'caution']);
const configuredSeverity = z.object({ severity: findingSeverity, ...sourced });
const baselineMinimum = z.number().int().min(0).max(60);
const wholeMinutes = z
  .number()
  .int()
  .min(0)
  .max(24 * 60);

const protocolSchema = z.object({
  version: z.string().min(1),
  bloodPressure: z.object({
    screeningWarning: bloodPressure,
    eligibilityHardStop: bloodPressure,
    eligibilitySevereReading: bloodPressure,
    preDoseHold: bloodPressure,
    preDoseAbsoluteLimit: bloodPressure,
    preDoseLow: lowBloodPressure,
  }),
  preDoseHolds: z.object({ heartRateBpm: vitalRange, respiratoryRatePerMin: vitalRange, spo2BelowPercent: percent }),
  sessionAlerts: z.object({
    bloodPressureNotice: bloodPressure,
    bloodPressureAlert: bloodPressure,
    bloodPressureStop: bloodPressure,
    spo2AlertBelowPercent: percent,
    spo2StopBelowPercent: percent,
    hypotension: z.object({
      systolicBelowMmHg: mmHg,
      fallFromBaselinePercent: z.number().positive().max(100),
      ...sourced,
    }),
    heartRateBpm: vitalRange,
    respiratoryRatePerMin: vitalRange,
  }),
  doseLimits: z.object({ IV: routeLimits, IM: routeLimits, SC: routeLimits }),
  ivDilution: z.object({
    maxUndilutedMgPerMl: z.number().positive().max(100),
    defaultDiluent: z.enum(['sodium_chloride_0_9', 'dextrose_5']),
    defaultFinalVolumeMl: z.number().positive().max(1000),
    ...sourced,
  }),
  recoveryMinutes: z.object({ IV: wholeMinutes, IM: wholeMinutes, SC: wholeMinutes, ...sourced }),
  fasting: z.object({
    solidsHours: z.number().min(0).max(24),
    clearFluidsHours: z.number().min(0).max(24),
    ...sourced,
  }),
  pregnancyTestRequired: z.boolean(),
  benzodiazepineMaxLorazepamMgPerDay: z.object({ value: z.number().min(0).max(50), ...sourced }),
  vitalsIntervalMinutes: z.object({
    duringDose: z.number().int().min(1).max(60),
    afterDose: z.number().int().min(1).max(120),
    ...sourced,
  }),
  discharge: z.object({
    minSpo2Percent: z.object({ value: z.number().min(50).max(100), ...sourced }),
    nearBaselineTolerance: z.object({
      systolicMmHg: z.number().min(0).max(100),
      diastolicMmHg: z.number().min(0).max(100),
      heartRateBpm: z.number().min(0).max(100),
      ...sourced,
    }),
    absoluteLimits: z.object({
      systolicBelowMmHg: mmHg,
      diastolicBelowMmHg: z.number().min(20).max(200),
      heartRateMinBpm: positive,
      heartRateMaxBpm: positive,
      respiratoryRateMinPerMin: positive,
      respiratoryRateMaxPerMin: positive,
      ...sourced,
    }),
    maxReadingAgeMinutes: z.object({ value: z.number().int().min(1).max(120), ...sourced }),
    minAldreteScore: z.object({ value: z.number().int().min(0).max(10), ...sourced }),
  }),
  eligibility: z.object({
    minimumAgeYears: z.object({ value: z.number().int().min(0).max(99), ...sourced }),
    ketamineOrPcpMisuse: configuredSeverity,
    pregnancy: configuredSeverity,
    breastfeeding: configuredSeverity,
    bladderSymptoms: configuredSeverity,
    stopBangAtOrAbove: z.object({ value: z.number().int().min(0).max(8), severity: findingSeverity, ...sourced }),
  }),
  outcomeBaselineMinimum: z.object({
    phq9: baselineMinimum,
    madrs: baselineMinimum,
    qids_sr16: baselineMinimum,
    ...sourced,
  }),
  induction: z.object({
    sessions: z.number().int().min(1).max(30),
    maxSpanDays: z.number().int().min(1).max(366),
    minSessionsPerWeek: z.number().int().min(0).max(7),
    maxSessionsPerWeek: z.number().int().min(1).max(7),
    minSpacingDays: z.number().int().min(1).max(60),
    minSpacingHours: z
      .number()
      .min(0)
      .max(24 * 60),
    ...sourced,
  }),
  treatedIndications: z
    .array(
      z.object({
        label: z.string().min(1),
        icd10Prefixes: z.array(z.string().regex(/^[A-Z]\d{2}(\.\d{0,4})?$/)).min(1),
      }),
    )
    .min(1),
}) satisfies z.ZodType<ClinicProtocol>;

/**
 * Parses a protocol an admin edited. Returns the typed protocol, or throws
 * DomainError('validation_failed') listing every impossible setting with its path — both structural
 * ones (negative, missing) and clinical contradictions (an alert level above the stop level).
 */
export function validateProtocol(input: unknown): ClinicProtocol {
  const parsed = protocolSchema.safeParse(input);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => ({
      path: '/' + issue.path.map(String).join('/'),
      message: issue.message,
    }));
    throw new DomainError('validation_failed', 'The protocol has impossible settings.', { errors });
  }
  const protocol: ClinicProtocol = parsed.data;
  const errors = contradictions(protocol);
  if (errors.length > 0) {
    throw new DomainError('validation_failed', 'The protocol has settings that contradict each other.', { errors });
  }
  return protocol;
}

function contradictions(p: ClinicProtocol): FieldError[] {
  const errors: FieldError[] = [];
  const notAbove = (
    lowerPath: string,
    lower: BloodPressureThreshold,
    upperPath: string,
    upper: BloodPressureThreshold,
  ): void => {
    if (lower.systolicMmHg > upper.systolicMmHg || lower.diastolicMmHg > upper.diastolicMmHg) {
      errors.push({ path: lowerPath, message: `must not be above ${upperPath}` });
    }
  };
  const bp = p.bloodPressure;
  const alerts = p.sessionAlerts;
  const thresholds: readonly [string, BloodPressureThreshold][] = [
    ['/bloodPressure/screeningWarning', bp.screeningWarning],
    ['/bloodPressure/eligibilityHardStop', bp.eligibilityHardStop],
    ['/bloodPressure/eligibilitySevereReading', bp.eligibilitySevereReading],
    ['/bloodPressure/preDoseHold', bp.preDoseHold],
    ['/bloodPressure/preDoseAbsoluteLimit', bp.preDoseAbsoluteLimit],
    ['/sessionAlerts/bloodPressureNotice', alerts.bloodPressureNotice],
    ['/sessionAlerts/bloodPressureAlert', alerts.bloodPressureAlert],
    ['/sessionAlerts/bloodPressureStop', alerts.bloodPressureStop],
  ];
  for (const [path, threshold] of thresholds) {
    if (threshold.diastolicMmHg >= threshold.systolicMmHg) {
      errors.push({ path: `${path}/diastolicMmHg`, message: 'must be below the systolic value' });
    }
  }
  // A warning that fires only above the hold would never be seen; a hold above the alert would let a
  // patient start at a pressure that already calls the prescriber.
  notAbove('/bloodPressure/screeningWarning', bp.screeningWarning, '/bloodPressure/preDoseHold', bp.preDoseHold);
  notAbove(
    '/bloodPressure/screeningWarning',
    bp.screeningWarning,
    '/bloodPressure/eligibilityHardStop',
    bp.eligibilityHardStop,
  );
  notAbove(
    '/bloodPressure/preDoseHold',
    bp.preDoseHold,
    '/sessionAlerts/bloodPressureAlert',
    alerts.bloodPressureAlert,
  );
  // The overridable hold must sit below the absolute limit, or the override tier would not exist.
  notAbove(
    '/bloodPressure/preDoseHold',
    bp.preDoseHold,
    '/bloodPressure/preDoseAbsoluteLimit',
    bp.preDoseAbsoluteLimit,
  );
  if (bp.preDoseLow.systolicBelowMmHg >= bp.preDoseHold.systolicMmHg) {
    errors.push({ path: '/bloodPressure/preDoseLow/systolicBelowMmHg', message: 'must be below the pre-dose hold' });
  }
  if (bp.preDoseLow.diastolicBelowMmHg >= bp.preDoseHold.diastolicMmHg) {
    errors.push({ path: '/bloodPressure/preDoseLow/diastolicBelowMmHg', message: 'must be below the pre-dose hold' });
  }
  notAbove(
    '/sessionAlerts/bloodPressureNotice',
    alerts.bloodPressureNotice,
    '/sessionAlerts/bloodPressureAlert',
    alerts.bloodPressureAlert,
  );
  notAbove(
    '/sessionAlerts/bloodPressureAlert',
    alerts.bloodPressureAlert,
    '/sessionAlerts/bloodPressureStop',
    alerts.bloodPressureStop,
  );
  for (const key of ['heartRateBpm', 'respiratoryRatePerMin'] as const) {
    if (alerts[key].alertBelow >= alerts[key].alertAbove) {
      errors.push({ path: `/sessionAlerts/${key}/alertBelow`, message: 'must be below alertAbove' });
    }
  }
  for (const key of ['heartRateBpm', 'respiratoryRatePerMin'] as const) {
    if (p.preDoseHolds[key].alertBelow >= p.preDoseHolds[key].alertAbove) {
      errors.push({ path: `/preDoseHolds/${key}/alertBelow`, message: 'must be below alertAbove' });
    }
  }
  if (alerts.spo2StopBelowPercent.value > alerts.spo2AlertBelowPercent.value) {
    errors.push({
      path: '/sessionAlerts/spo2StopBelowPercent/value',
      message: 'must not be above the SpO2 alert level',
    });
  }
  const limits = p.discharge.absoluteLimits;
  if (limits.heartRateMinBpm >= limits.heartRateMaxBpm) {
    errors.push({ path: '/discharge/absoluteLimits/heartRateMinBpm', message: 'must be below heartRateMaxBpm' });
  }
  if (limits.respiratoryRateMinPerMin >= limits.respiratoryRateMaxPerMin) {
    errors.push({
      path: '/discharge/absoluteLimits/respiratoryRateMinPerMin',
      message: 'must be below respiratoryRateMaxPerMin',
    });
  }
  if (p.discharge.minSpo2Percent.value < alerts.spo2AlertBelowPercent.value) {
    errors.push({
      path: '/discharge/minSpo2Percent/value',
      message: 'must not be below the in-session SpO2 alert level',
    });
  }
  for (const route of ['IV', 'IM', 'SC'] as const satisfies readonly Route[]) {
    const limits = p.doseLimits[route];
    const path = `/doseLimits/${route}`;
    if (limits.startMgPerKg > limits.maxMgPerKg)
      errors.push({ path: `${path}/startMgPerKg`, message: 'must not be above maxMgPerKg' });
    if (limits.titrationStepMgPerKg > limits.maxMgPerKg)
      errors.push({ path: `${path}/titrationStepMgPerKg`, message: 'must not be above maxMgPerKg' });
    const isInfusion = route === 'IV';
    // An IV dose is always an infusion with a duration (rapid push → respiratory depression, CLINICAL.md §2).
    if (isInfusion && (limits.maxInfusionMgPerKgPerHour === null || limits.defaultInfusionMinutes === null)) {
      errors.push({ path, message: 'IV needs maxInfusionMgPerKgPerHour and defaultInfusionMinutes' });
    }
    if (!isInfusion && (limits.maxInfusionMgPerKgPerHour !== null || limits.defaultInfusionMinutes !== null)) {
      errors.push({ path, message: `${route} is an injection: infusion settings must be null` });
    }
  }
  const ind = p.induction;
  if (ind.minSessionsPerWeek > ind.maxSessionsPerWeek) {
    errors.push({ path: '/induction/minSessionsPerWeek', message: 'must not be above maxSessionsPerWeek' });
  }
  // With at least `minSpacingDays` between sessions, a week holds at most ceil(7 / spacing) of them.
  if (ind.maxSessionsPerWeek > Math.ceil(7 / ind.minSpacingDays)) {
    errors.push({
      path: '/induction/maxSessionsPerWeek',
      message: `cannot be reached with ${ind.minSpacingDays} days between sessions`,
    });
  }
  const shortestSpan = (ind.sessions - 1) * ind.minSpacingDays + 1;
  if (shortestSpan > ind.maxSpanDays) {
    errors.push({
      path: '/induction/maxSpanDays',
      message: `${ind.sessions} sessions ${ind.minSpacingDays} days apart need at least ${shortestSpan} days`,
    });
  }
  return errors;
}
