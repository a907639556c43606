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
  uri_too_long: { status: 414, title: 'The URL is too long' },
  header_too_large: { status: 431, title: 'The request headers are too large' },
  request_timeout: { status: 408, title: 'The request took too long' },
  not_acceptable: { status: 406, title: 'No acceptable representation' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  conflict: { status: 409, title: 'Conflict' },
  stale_version: { status: 409, title: 'The record was changed by someone else' },
  unauthenticated: { status: 401, title: 'Sign in required' },
  forbidden: { status: 403, title: 'Not allowed' },
  rate_limited: { status: 429, title: 'Too many requests' },
  not_ready: { status: 503, title: 'The service is not ready' },
  internal_error: { status: 500, title: 'Internal error' },
  // the database under faults (issue 18): always 503 with Retry-After, never a 500 or a reset
  database_unavailable: { status: 503, title: 'The database is not available right now; try again shortly' },
  database_read_only: { status: 503, title: 'The database accepts no changes right now; reading still works' },
  database_disk_full: { status: 503, title: 'The database has run out of disk space' },
  database_busy: { status: 503, title: 'Other changes to the same records were being saved at that moment; try again' },
  insufficient_storage: { status: 507, title: 'There is not enough disk space to store this' },
  // identity and access (messages never reveal whether an email exists)
  invalid_credentials: { status: 401, title: 'The email or password is not right' },
  mfa_required: { status: 401, title: 'Enter the code from your authenticator app' },
  mfa_invalid: { status: 401, title: 'The code is not right or was already used' },
  session_expired: { status: 401, title: 'Your session has ended; sign in again' },
  csrf_invalid: { status: 403, title: 'The request did not carry a valid CSRF token' },
  password_change_required: { status: 403, title: 'Change your password before continuing' },
  mfa_enrolment_required: { status: 403, title: 'Set up two-step sign-in before continuing' },
  mfa_required_for_role: { status: 403, title: 'Two-step sign-in is required for your role' },
  mfa_not_started: { status: 409, title: 'Start two-step sign-in set-up first' },
  password_weak: { status: 400, title: 'Choose a stronger password' },
  password_incorrect: { status: 400, title: 'The current password is not right' },
  mfa_code_incorrect: { status: 400, title: 'The code from your authenticator app is not right' },
  email_taken: { status: 409, title: 'An account with this email already exists' },
  // instruments
  instrument_unknown: { status: 404, title: 'No such instrument' },
  answers_invalid: { status: 400, title: 'The answers are incomplete or out of range' },
  instrument_option_invalid: { status: 400, title: 'A scoring option is outside its allowed range' },
  // outcomes
  outcome_input_invalid: { status: 400, title: 'The scores or times given for an outcome are not valid' },
  outcome_instrument_unsupported: { status: 422, title: 'This instrument has no total to follow over time' },
  // series planning
  series_plan_unsatisfiable: { status: 422, title: 'The series cannot be planned within these constraints' },
  dosing_too_close: { status: 422, title: 'Too close to another of the patient’s dosing sessions' },
  // controlled-substance ledger (CLINICAL.md §6)
  ledger_negative_balance: { status: 422, title: 'The entry would take the stock balance below zero' },
  ledger_witness_required: { status: 422, title: 'A witness must sign this entry' },
  ledger_witness_same_person: { status: 422, title: 'The witness must be someone other than the person recording' },
  ledger_correction_reference_required: { status: 422, title: 'A correction must reference the entry it corrects' },
  ledger_quantity_mismatch: { status: 422, title: 'The quantity in mg does not match mL times concentration' },
  ledger_vial_insufficient: { status: 422, title: 'The vial does not hold that much' },
  ledger_vial_unavailable: { status: 409, title: 'The vial is no longer in use' },
  ledger_vial_expired: { status: 422, title: 'The vial is past its expiry date' },
  ledger_vial_wrong_location: { status: 422, title: 'The vial is kept at another location' },
  ledger_vial_overfilled: { status: 422, title: 'The vial cannot hold more than its container size' },
  ledger_witness_not_confirmed: { status: 422, title: "The witness's password or code is not right" },
  ledger_discrepancy_unexplained: {
    status: 422,
    title: 'A count discrepancy needs an explanation signed by two staff',
  },
  // intake
  intake_invalid: { status: 400, title: 'Some answers need attention' },
  idempotency_key_reused: { status: 422, title: 'This Idempotency-Key was already used for a different request' },
  intake_form_expired: { status: 400, title: 'The form has expired; reload the page' },
  intake_closed: { status: 409, title: 'This intake has already been converted or declined' },
  clinic_not_configured: { status: 503, title: 'The clinic is not set up yet' },
  // chart
  patient_status_transition_invalid: {
    status: 422,
    title: 'The patient cannot move to that status from the current one',
  },
  document_signed: {
    status: 409,
    title: 'The document is signed and cannot be changed; amend it or write a new version',
  },
  assessment_incomplete: { status: 422, title: 'The assessment is not complete enough to sign' },
  assessment_decision_invalid: { status: 422, title: 'The decision does not fit the eligibility findings' },
  eligibility_not_signed: { status: 422, title: 'A signed assessment finding the patient eligible is required first' },
  consent_required: { status: 422, title: 'No signed, unwithdrawn consent is on file for this patient' },
  consent_already_withdrawn: { status: 409, title: 'This consent has already been withdrawn' },
  assessment_draft_open: { status: 409, title: 'This assessment is already in draft' },
  already_on_chart: { status: 409, title: 'This is already on the chart' },
  consent_already_signed: { status: 409, title: 'The patient has already signed this version of the consent' },
  dose_override_reason_required: {
    status: 422,
    title: "The dose is above the protocol's limit: give an override reason",
  },
  plan_measurements_missing: { status: 422, title: 'Record height, weight and sex on the chart before writing a plan' },
  // documents (uploaded to the chart)
  document_content_mismatch: { status: 400, title: 'The file is not of the type it claims to be' },
  document_too_large: { status: 413, title: 'The file is larger than 10 MB' },
  document_retracted: { status: 409, title: 'This document has already been retracted' },
  // treatment sessions (CLINICAL.md §3)
  idempotency_key_required: { status: 400, title: 'Send an Idempotency-Key header with this request' },
  plan_not_signed: { status: 422, title: 'The patient has no signed treatment plan in force' },
  session_route_unsupported: { status: 422, title: 'Sessions under this plan route are not run here yet' },
  session_already_open: { status: 409, title: 'The patient already has a session in progress' },
  session_phase_invalid: { status: 409, title: 'The session is not at a step where this can be done' },
  session_hold: { status: 422, title: 'The pre-dose gate says hold: the dose cannot start' },
  chair_occupied: { status: 409, title: 'The chair is taken by a session in progress' },
  infusion_rate_above_limit: { status: 422, title: "The infusion rate is above the protocol's maximum" },
  override_not_allowed: { status: 422, title: 'This hold cannot be overridden' },
  prescriber_required: { status: 403, title: 'Only a prescriber can do this' },
  vitals_time_invalid: { status: 400, title: 'The time of the reading is not possible' },
  vial_expired: { status: 422, title: 'The vial is past its expiry date' },
  discharge_not_ready: { status: 422, title: 'The patient is not ready for discharge' },
  session_requirements_missing: { status: 422, title: 'The session record is not complete enough to sign' },
  session_bag_waste_mismatch: { status: 422, title: 'The waste is not what is left of the drug in the IV bag' },
  alert_acknowledgement_required: { status: 422, title: 'An open alert needs a prescriber to acknowledge it first' },
  session_appointment_mismatch: {
    status: 422,
    title: "The appointment is not this patient's dosing visit today at this location",
  },
  // patient portal
  portal_account_exists: { status: 409, title: 'This patient already has a portal account' },
  patient_email_missing: { status: 422, title: "Add the patient's email address to the chart first" },
  portal_account_active: { status: 409, title: 'The patient has already set up their portal account' },
  portal_link_invalid: { status: 404, title: 'This link is not valid' },
  portal_link_expired: { status: 410, title: 'This link has expired' },
  portal_link_used: { status: 410, title: 'This link has already been used' },
  appointment_not_confirmable: { status: 422, title: 'This session cannot be confirmed now' },
  // scheduling
  appointment_in_past: { status: 422, title: 'The appointment would start in the past' },
  appointment_end_before_start: { status: 400, title: 'The appointment ends before it starts' },
  outside_opening_hours: { status: 422, title: 'The appointment is outside opening hours' },
  location_closed: { status: 422, title: 'The clinic is closed on that day' },
  time_in_dst_gap: { status: 422, title: 'That time does not exist on that day (the clocks go forward)' },
  signed_plan_required: { status: 422, title: 'A signed treatment plan is required for a dosing session' },
  slot_taken: { status: 409, title: 'The chair or the member of staff is already booked at that time' },
  staff_not_available: { status: 422, title: 'The member of staff does not work then or cannot run this appointment' },
  prescriber_not_on_site: { status: 422, title: 'No prescriber is on site for the whole appointment' },
  appointment_status_transition_invalid: { status: 422, title: 'The appointment cannot move to that status now' },
  confirmation_link_invalid: { status: 404, title: 'This confirmation link is not valid' },
  confirmation_link_used: { status: 409, title: 'This confirmation link has already been used' },
  confirmation_link_expired: { status: 410, title: 'This confirmation link has expired' },
  confirmation_link_other_patient: { status: 403, title: 'This confirmation link was sent to another patient' },
  calendar_feed_revoked: { status: 410, title: 'This calendar link has been turned off' },
  // questionnaires between visits and safety alerts (issue 17)
  questionnaire_completed: { status: 409, title: 'This questionnaire has already been sent' },
  questionnaire_closed: { status: 409, title: 'This questionnaire has closed' },
  safety_alert_state: { status: 409, title: 'The alert is not at a step where this can be done' },
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
