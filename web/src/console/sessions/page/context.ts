import type { FormError } from '../../../shared/kit';
import type { Session } from '../session-api';

/**
 * What every part of the session page is given: the session as last read, one way to write to it (with
 * its Idempotency-Key, queued offline; see SessionPage), the errors of the last write, and who is looking.
 */
export type Write = (
  path: string,
  body: Record<string, unknown>,
  label: string,
  /** The writing form's own inputs by server path, over `fieldIds` (unique ids per form). */
  ids?: Record<string, string>,
) => Promise<boolean>;

export interface Ctx {
  session: Session;
  write: Write;
  errors: FormError[];
  prescriber: boolean;
  /** Reads the session again (after a write that does not go through `write`, such as the waste). */
  reload: () => Promise<void>;
}

/** The session's query key: its cache entry, refetched after each write and on each board event. */
export const sessionKey = (id: string) => ['session', id] as const;

/** The instant an entry is recorded at: stamped when it is sent, not when its form was drawn. */
export const nowIso = (): string => new Date().toISOString();

/**
 * The field a server error path names (relative to the request body, or a readiness item) → its input's id,
 * for the paths only one form on the page sends. A name several forms send (a `reason`, a note's `text`) is
 * mapped by each form itself (`fieldIds` of EntryForm and WriteButton), so an error links to the field of
 * the form that was sent, never to a same-named field of another (perhaps closed) form.
 */
export const fieldIds: Record<string, string> = {
  systolicMmHg: 'v-sys',
  diastolicMmHg: 'v-dia',
  heartRateBpm: 'v-hr',
  spo2Percent: 'v-spo2',
  respiratoryRatePerMin: 'v-rr',
  takenAt: 'v-time',
  weightKg: 'pc-weight',
  companion: 'pc-companion-name',
  vialId: 'order-vial',
  site: 'order-site',
  finalVolumeMl: 'order-volume',
  diluent: 'order-diluent',
  overrideReason: 'order-override',
  volumeInfusedMl: 'inf-volume',
  rateMlPerHour: 'inf-rate',
  collectedBy: 'dc-collected',
  speechAtBaseline: 'dc-speech',
  awarenessAtBaseline: 'dc-awareness',
  purposefulMovement: 'dc-movement',
  companionPresent: 'dc-present',
  aftercareGiven: 'dc-aftercare',
  devices: 'esk-devices',
  doseMg: 'esk-dose',
  level: 'rems-level',
  // What the server names outside the request body: the vial's remainder (sign) and readiness items (discharge).
  '/waste/volumeMl': 'waste-volume',
  '/bagWaste/volumeMl': 'bag-volume',
  ...Object.fromEntries(
    [
      'vitals_missing',
      'vitals_too_old',
      'vitals_taken_before_dose_end',
      'vitals_not_near_baseline',
      'vitals_outside_absolute_limits',
      'spo2_below_minimum',
      'not_on_room_air',
    ].map((gap) => [`/readiness/${gap}`, 'v-sys']),
  ),
  '/rems/bp_before_discharge': 'v-sys',
};
