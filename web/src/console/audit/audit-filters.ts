import type { FormError } from '../../shared/kit';
import { addDays, clinicMidnight, parseUsDate } from '../../shared/time';
import type { AuditQuery } from './audit-api';

/**
 * The audit log's filters as the page's query string holds them: a patient id, a user id and two local
 * dates (YYYY-MM-DD, as date inputs give them; the clinic's days). Only ids and dates go in the address — never a name, an email or anything about
 * a patient's health — because addresses end up in browser history and server logs.
 */
export interface AuditFilters {
  patientId: string;
  userId: string;
  from: string;
  to: string;
}

export const emptyFilters: AuditFilters = { patientId: '', userId: '', from: '', to: '' };

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function filtersFromParams(params: URLSearchParams): AuditFilters {
  return {
    patientId: params.get('patientId')?.trim() ?? '',
    userId: params.get('userId')?.trim() ?? '',
    from: params.get('from')?.trim() ?? '',
    to: params.get('to')?.trim() ?? '',
  };
}

export function filtersToParams(filters: AuditFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ['patientId', 'userId', 'from', 'to'] as const) {
    const value = filters[key].trim();
    if (value) params.set(key, value);
  }
  return params;
}

/** Midnight at the start of a date (MM/DD/YYYY or YYYY-MM-DD) in the clinic's time zone, or undefined when it is not a real date. */
function startOfLocalDay(text: string): Date | undefined {
  const iso = parseUsDate(text);
  return iso ? clinicMidnight(iso) : undefined;
}

function nextDay(text: string): Date | undefined {
  const iso = parseUsDate(text);
  return iso ? clinicMidnight(addDays(iso, 1)) : undefined;
}

/** The field ids the form gives each filter, for the error summary's links. */
export const filterFieldIds = {
  patientId: 'audit-patient',
  userId: 'audit-user',
  from: 'audit-from',
  to: 'audit-to',
} as const;

/** Messages say how to fix the value (GOV.UK error message style). */
export function filterErrors(filters: AuditFilters, knownUserIds?: ReadonlySet<string>): FormError[] {
  const errors: FormError[] = [];
  if (filters.patientId && !uuid.test(filters.patientId)) {
    errors.push({
      fieldId: filterFieldIds.patientId,
      message:
        'Enter a patient id as it appears in the address of the patient’s chart, for example 3f2b8c1e-5d4a-4c3b-9a2e-1f0e9d8c7b6a',
    });
  }
  if (filters.userId && (!uuid.test(filters.userId) || (knownUserIds && !knownUserIds.has(filters.userId)))) {
    errors.push({ fieldId: filterFieldIds.userId, message: 'Choose a user from the list' });
  }
  const from = filters.from ? startOfLocalDay(filters.from) : undefined;
  const to = filters.to ? startOfLocalDay(filters.to) : undefined;
  if (filters.from && !from)
    errors.push({
      fieldId: filterFieldIds.from,
      message: 'Enter the first date as a real date, for example 11/01/2026',
    });
  if (filters.to && !to)
    errors.push({ fieldId: filterFieldIds.to, message: 'Enter the last date as a real date, for example 11/30/2026' });
  if (from && to && to < from)
    errors.push({
      fieldId: filterFieldIds.to,
      message: 'Enter a last date that is the same as or after the first date',
    });
  return errors;
}

/** The API query for valid filters: dates become instants, the last date included (to = the next midnight). */
export function toAuditQuery(filters: AuditFilters): AuditQuery {
  const query: AuditQuery = {};
  if (filters.patientId) query.patientId = filters.patientId.toLowerCase();
  if (filters.userId) query.userId = filters.userId.toLowerCase();
  const from = filters.from ? startOfLocalDay(filters.from) : undefined;
  if (from) query.from = from.toISOString();
  const to = filters.to ? nextDay(filters.to) : undefined;
  if (to) query.to = to.toISOString();
  return query;
}
