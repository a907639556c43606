import type { FieldError } from '../errors.js';

/** A moment in time as callers pass it: an ISO 8601 date-time with an offset, or epoch milliseconds. */
export type Instant = string | number;

// An offset (Z or ±hh:mm) is required: a local date-time would be read in the process's time zone,
// a hidden global the domain must not depend on. Date-only strings are refused for the same reason.
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Epoch ms, or undefined with an error pushed to `errors` at `path`. */
export function toEpochMs(value: Instant, path: string, errors: FieldError[]): number | undefined {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
  } else if (typeof value === 'string' && ISO_WITH_OFFSET.test(value)) {
    const ms = Date.parse(value);
    if (Number.isFinite(ms)) return ms;
  }
  errors.push({
    path,
    message: 'Give a time as epoch milliseconds or an ISO 8601 date-time with an offset, e.g. 2025-03-01T09:30:00Z',
  });
  return undefined;
}
