import { patientStatusLabels, type PatientStatus } from '../../../../src/domain/chart/patient-status';
import { ApiError } from '../../shared/api';
import type { FormError } from '../../shared/kit';
import './patients.css';

/** Small pieces the patient screens share: status tag, error mapping, number parsing. */
export function StatusTag({ status }: { status: PatientStatus }) {
  return <span className={`status-tag status-tag--${status}`}>{patientStatusLabels[status]}</span>;
}

export function errorMessage(error: unknown, fallback: string): string {
  return error instanceof ApiError ? (error.detail ?? error.title) : fallback;
}

/** Field errors from a problem+json (`/body/content/route` → the id the form gave that field). */
export function formErrors(error: unknown, ids: Record<string, string> = {}): FormError[] {
  if (!(error instanceof ApiError)) return [{ message: 'Something went wrong. Try again.' }];
  if (error.code === 'idempotency_key_reused')
    return [{ message: 'An earlier send of this entry was saved. Check the chart before sending it again.' }];
  if (error.fieldErrors.length === 0) return [{ message: error.detail ?? error.title }];
  return error.fieldErrors.map((e) => {
    // "/body/x", "/input/x" and "/body/input/x" name field x; a path outside the request ("/waste/volumeMl",
    // "/readiness/…") is looked up as it is.
    const key = e.path.replace(/^(?:\/body(?:\/input)?|\/input)(?:\/|$)/, '').replace(/^content\//, '');
    const fieldId = ids[key] ?? ids[key.split('/')[0] ?? ''];
    return fieldId ? { fieldId, message: e.message } : { message: e.message };
  });
}

export { parseNumber } from '../../shared/parse-number';
