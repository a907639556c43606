import type { ClinicProtocol } from '../protocol/index.js';

/**
 * What a clinic books. Each kind blocks a chair (or room) and a member of staff for its whole length,
 * so the chair is free again only when the patient may leave (CLINICAL.md §3: observation after the dose).
 */
export const appointmentKinds = [
  'assessment',
  'iv_session',
  'im_session',
  'esketamine_session',
  'follow_up',
  'telehealth',
] as const;
export type AppointmentKind = (typeof appointmentKinds)[number];

/** Who runs the appointment and is blocked for its length: a nurse for dosing sessions, a prescriber otherwise. */
export type StaffRoleNeeded = 'nurse' | 'prescriber' | null;

export interface AppointmentPhases {
  /** Check-in, fasting and companion check, pre-dose vitals. */
  readonly preCheckMinutes: number;
  /** Infusion, injection or self-administration. */
  readonly doseMinutes: number;
  /** Observation after the dose until discharge is possible. */
  readonly observationMinutes: number;
}

export interface AppointmentTypeDefinition {
  readonly kind: AppointmentKind;
  readonly label: string;
  /** Total minutes the chair and the member of staff are blocked. */
  readonly minutes: number;
  readonly phases: AppointmentPhases | null;
  readonly needsChair: boolean;
  readonly staffRole: StaffRoleNeeded;
  /** A prescriber must be working at the location for the whole appointment. */
  readonly prescriberOnSite: boolean;
  /** Dosing sessions need a signed treatment plan (the prescriber's order). */
  readonly requiresSignedPlan: boolean;
  readonly source: string;
}

export const appointmentKindLabels: Readonly<Record<AppointmentKind, string>> = {
  assessment: 'Assessment',
  iv_session: 'IV ketamine session',
  im_session: 'IM ketamine session',
  esketamine_session: 'Esketamine session',
  follow_up: 'Follow-up / integration',
  telehealth: 'Telehealth check-in',
};

const preCheckMinutes = 15;
const injectionMinutes = 5;
// Esketamine nasal spray: one device every 5 minutes, up to three (56–84 mg), then observation.
const esketamineDoseMinutes = 10;
// Spravato label and REMS: observe for at least 2 hours after administration (CLINICAL.md §3).
const esketamineObservationMinutes = 120;

const total = (p: AppointmentPhases): number => p.preCheckMinutes + p.doseMinutes + p.observationMinutes;

/**
 * The clinic's starting set of appointment types, from its protocol: an IV session is pre-checks + the
 * default infusion + the IV recovery minimum (15 + 40 + 60 = 115 minutes with the default protocol).
 * Admins can change every value afterwards.
 */
export function defaultAppointmentTypes(protocol: ClinicProtocol): AppointmentTypeDefinition[] {
  const iv: AppointmentPhases = {
    preCheckMinutes,
    doseMinutes: protocol.doseLimits.IV.defaultInfusionMinutes ?? 40,
    observationMinutes: protocol.recoveryMinutes.IV,
  };
  const im: AppointmentPhases = {
    preCheckMinutes,
    doseMinutes: injectionMinutes,
    observationMinutes: protocol.recoveryMinutes.IM,
  };
  const esketamine: AppointmentPhases = {
    preCheckMinutes,
    doseMinutes: esketamineDoseMinutes,
    observationMinutes: esketamineObservationMinutes,
  };
  return [
    {
      kind: 'assessment',
      label: appointmentKindLabels.assessment,
      minutes: 60,
      phases: null,
      needsChair: true,
      staffRole: 'prescriber',
      prescriberOnSite: true,
      requiresSignedPlan: false,
      source: 'Clinic policy: initial assessment by a prescriber, one hour',
    },
    {
      kind: 'iv_session',
      label: appointmentKindLabels.iv_session,
      minutes: total(iv),
      phases: iv,
      needsChair: true,
      staffRole: 'nurse',
      prescriberOnSite: true,
      requiresSignedPlan: true,
      source: `Pre-checks ${iv.preCheckMinutes} + infusion ${iv.doseMinutes} + recovery ${iv.observationMinutes} min (${protocol.recoveryMinutes.source})`,
    },
    {
      kind: 'im_session',
      label: appointmentKindLabels.im_session,
      minutes: total(im),
      phases: im,
      needsChair: true,
      staffRole: 'nurse',
      prescriberOnSite: true,
      requiresSignedPlan: true,
      source: `Pre-checks ${im.preCheckMinutes} + injection ${im.doseMinutes} + recovery ${im.observationMinutes} min (${protocol.recoveryMinutes.source})`,
    },
    {
      kind: 'esketamine_session',
      label: appointmentKindLabels.esketamine_session,
      minutes: total(esketamine),
      phases: esketamine,
      needsChair: true,
      staffRole: 'nurse',
      prescriberOnSite: false,
      requiresSignedPlan: false,
      source: 'Esketamine label (REMS): observe for at least 2 hours after administration — CLINICAL.md §3',
    },
    {
      kind: 'follow_up',
      label: appointmentKindLabels.follow_up,
      minutes: 45,
      phases: null,
      needsChair: true,
      staffRole: 'prescriber',
      prescriberOnSite: false,
      requiresSignedPlan: false,
      source: 'Clinic policy: follow-up or integration visit in a room',
    },
    {
      kind: 'telehealth',
      label: appointmentKindLabels.telehealth,
      minutes: 20,
      phases: null,
      needsChair: false,
      staffRole: 'prescriber',
      prescriberOnSite: false,
      requiresSignedPlan: false,
      source: 'Clinic policy: video check-in, no chair',
    },
  ];
}
