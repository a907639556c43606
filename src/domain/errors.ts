/**
 * The catalogue of stable error codes. Every rule in the domain that refuses something
 * returns (or throws) a DomainError with one of these codes; one place (http/plugins/problem.ts)
 * maps a code to an HTTP status and problem+json, and later to a FHIR OperationOutcome.
 * Codes never change meaning once published; add new ones instead.
 */
export const errorCatalogue = {
  validation_failed: { status: 400, title: 'The request is not valid' },
  not_found: { status: 404, title: 'Not found' },
  route_not_found: { status: 404, title: 'No such route' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  payload_too_large: { status: 413, title: 'The request body is too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  conflict: { status: 409, title: 'Conflict' },
  stale_version: { status: 409, title: 'The record was changed by someone else' },
  unauthenticated: { status: 401, title: 'Sign in required' },
  forbidden: { status: 403, title: 'Not allowed' },
  rate_limited: { status: 429, title: 'Too many requests' },
  not_ready: { status: 503, title: 'The service is not ready' },
  internal_error: { status: 500, title: 'Internal error' },
  // instruments
  instrument_unknown: { status: 404, title: 'No such instrument' },
  answers_invalid: { status: 400, title: 'The answers are incomplete or out of range' },
  instrument_option_invalid: { status: 400, title: 'A scoring option is outside its allowed range' },
  // outcomes
  outcome_input_invalid: { status: 400, title: 'The scores or times given for an outcome are not valid' },
  outcome_instrument_unsupported: { status: 422, title: 'This instrument has no total to follow over time' },
  // series planning
  series_plan_unsatisfiable: { status: 422, title: 'The series cannot be planned within these constraints' },
  // controlled-substance ledger (CLINICAL.md §6)
  ledger_negative_balance: { status: 422, title: 'The entry would take the stock balance below zero' },
  ledger_witness_required: { status: 422, title: 'A witness must sign this entry' },
  ledger_witness_same_person: { status: 422, title: 'The witness must be someone other than the person recording' },
  ledger_correction_reference_required: { status: 422, title: 'A correction must reference the entry it corrects' },
  ledger_quantity_mismatch: { status: 422, title: 'The quantity in mg does not match mL times concentration' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

/** One offending field: a JSON-pointer-like path ("/answers/phq9_9") and what is wrong with it. */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly errors: readonly FieldError[];
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { errors?: readonly FieldError[]; details?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.errors = options.errors ?? [];
    this.details = options.details;
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}
