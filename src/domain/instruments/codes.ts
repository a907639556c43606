import type { Coding } from './types.js';

/** LOINC, for the codes CLINICAL.md §5 lists as verified (PHQ-9, GAD-7 and their answers). */
export const LOINC = 'http://loinc.org';

/**
 * Our own code system for instruments and items without a verified LOINC code. Codes are the
 * instrument and item ids ("pcl5", "pcl5_1", "pcl5_total"); they never change meaning once published.
 */
export const LOCAL_INSTRUMENT_SYSTEM = 'https://ketaclinic.example/fhir/CodeSystem/instrument';

export function loinc(code: string, display?: string): Coding {
  return display === undefined ? { system: LOINC, code } : { system: LOINC, code, display };
}

export function localCode(code: string, display?: string): Coding {
  return display === undefined
    ? { system: LOCAL_INSTRUMENT_SYSTEM, code }
    : { system: LOCAL_INSTRUMENT_SYSTEM, code, display };
}
