import type { ClinicProtocol } from './clinic-protocol.js';
import { defaultProtocol } from './default-protocol.js';

/**
 * Reads a protocol version stored before a setting existed. A stored version is never rewritten (the
 * documents signed on it keep it as it was), but the rules that read it need every setting: any setting
 * the stored JSON lacks is taken from today's defaults, with the default's source, and the one renamed
 * setting is read under its new name. Settings the stored version has are kept exactly.
 *
 * - `sessionAlerts.bloodPressureStopWithSymptoms` (2026.1) became `sessionAlerts.bloodPressureStop`
 *   (2026.2): ≥ 180/120 stops the dose whether or not the patient has symptoms (CLINICAL.md §3).
 */
export function upgradeStoredProtocol(stored: unknown): ClinicProtocol {
  if (!isPlainObject(stored)) return defaultProtocol;
  const renamed = renameStopThreshold(stored);
  return fillMissing(renamed, defaultProtocol as unknown as Record<string, unknown>) as unknown as ClinicProtocol;
}

function renameStopThreshold(stored: Record<string, unknown>): Record<string, unknown> {
  const alerts = stored['sessionAlerts'];
  if (!isPlainObject(alerts) || 'bloodPressureStop' in alerts || !('bloodPressureStopWithSymptoms' in alerts)) {
    return stored;
  }
  const { bloodPressureStopWithSymptoms, ...rest } = alerts;
  // The clinic's numbers, with today's source: the old source spoke of stopping only with symptoms.
  const numbers = isPlainObject(bloodPressureStopWithSymptoms)
    ? {
        systolicMmHg: bloodPressureStopWithSymptoms['systolicMmHg'],
        diastolicMmHg: bloodPressureStopWithSymptoms['diastolicMmHg'],
        comparison: bloodPressureStopWithSymptoms['comparison'],
      }
    : {};
  return {
    ...stored,
    sessionAlerts: { ...rest, bloodPressureStop: { ...defaultProtocol.sessionAlerts.bloodPressureStop, ...numbers } },
  };
}

function fillMissing(value: Record<string, unknown>, defaults: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...value };
  for (const [key, fallback] of Object.entries(defaults)) {
    const own = value[key];
    if (own === undefined || own === null) {
      if (!(key in value) || own === undefined) out[key] = fallback;
    } else if (isPlainObject(own) && isPlainObject(fallback)) {
      out[key] = fillMissing(own, fallback);
    }
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
