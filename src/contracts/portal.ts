import { z } from 'zod';
import { preparationStepIds } from '../domain/portal/session-guidance.js';
import { appointmentStatuses } from '../domain/scheduling/status.js';
import { versionField } from './common.js';
import { emailField, meSchema, passwordField } from './identity.js';

/**
 * Wire shapes of the patient portal (src/http/routes/portal.ts, portal-account.ts, portal-pages.ts):
 * accounts and their links, the clinic's contact, home, progress and shared documents (decision 020).
 */

// ---- accounts (staff side) ---------------------------------------------------------------------

export const portalAccessSchema = z.object({
  userId: z.uuid(),
  email: z.string(),
  name: z.string(),
  temporaryPassword: z.string(),
  mustChangePassword: z.literal(true),
});

export const invitationSentSchema = z.object({
  userId: z.uuid(),
  email: z.string(),
  invitedAt: z.string(),
  expiresAt: z.string(),
});

export const invitationStatusSchema = z.object({
  invitation: z
    .object({ invitedAt: z.string(), expiresAt: z.string(), accepted: z.boolean(), open: z.boolean() })
    .nullable(),
});

// ---- account links (the patient, signed out) -----------------------------------------------------

export const linkPurposeField = z.enum(['invitation', 'password_reset']);
const tokenField = z.string().max(200);

export const inspectLinkBody = z.object({ token: tokenField, purpose: linkPurposeField });
export const linkViewSchema = z.object({
  purpose: linkPurposeField,
  email: z.string(),
  givenName: z.string(),
  clinicName: z.string(),
  expiresAt: z.string(),
});

/** Accepting an invitation and resetting a password both post the link's token and the chosen password. */
export const choosePasswordBody = z.object({ token: tokenField, password: passwordField });
export const invitationAcceptedSchema = z.object({ user: meSchema, csrfToken: z.string(), mfaOffered: z.boolean() });

export const resetRequestBody = z.object({ email: emailField });
export const resetRequestedSchema = z.object({ message: z.string() });

// ---- the clinic ----------------------------------------------------------------------------------

export const locationAddressSchema = z.object({
  name: z.string(),
  addressLines: z.array(z.string()),
  phone: z.string().nullable(),
});

export const clinicContactSchema = z.object({
  name: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  locations: z.array(locationAddressSchema),
});

// ---- home ----------------------------------------------------------------------------------------

export const preparationStepSchema = z.object({
  id: z.enum(preparationStepIds),
  title: z.string(),
  text: z.string(),
});

export const portalAppointmentSchema = z.object({
  id: z.uuid(),
  startsAt: z.string(),
  endsAt: z.string(),
  timeZone: z.string(),
  typeLabel: z.string(),
  hasDose: z.boolean(),
  status: z.enum(appointmentStatuses),
  statusLabel: z.string(),
  location: locationAddressSchema,
  companionName: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  canConfirm: z.boolean(),
  preparation: z.array(preparationStepSchema),
  version: z.number().int(),
});

export const pastSessionSchema = z.object({
  id: z.uuid(),
  startsAt: z.string(),
  typeLabel: z.string(),
  locationName: z.string(),
  status: z.enum(appointmentStatuses),
  statusLabel: z.string(),
});

export const portalHomeSchema = z.object({
  next: portalAppointmentSchema.nullable(),
  later: z.array(portalAppointmentSchema),
  past: z.array(pastSessionSchema),
});

export const confirmAppointmentBody = z.object({ companionName: z.string().max(200), version: versionField });

// ---- progress ------------------------------------------------------------------------------------

export const progressSeriesSchema = z.object({
  instrumentId: z.string(),
  title: z.string(),
  shortTitle: z.string(),
  measures: z.string(),
  range: z.object({ min: z.number(), max: z.number() }),
  bands: z.array(z.object({ id: z.string(), label: z.string(), min: z.number(), max: z.number() })),
  points: z.array(
    z.object({
      id: z.uuid(),
      completedAt: z.string(),
      total: z.number(),
      bandId: z.string().nullable(),
      bandLabel: z.string().nullable(),
    }),
  ),
});

export const aftercareSchema = z.object({
  sessionId: z.uuid(),
  sessionNumber: z.number().int().nullable(),
  dischargedAt: z.string(),
  collectedBy: z.string().nullable(),
  instructions: z.array(z.string()),
});

export const portalProgressSchema = z.object({
  series: z.array(progressSeriesSchema),
  sessions: z.array(z.object({ id: z.uuid(), number: z.number().int().nullable(), at: z.string() })),
  aftercare: aftercareSchema.nullable(),
});

// ---- shared documents ----------------------------------------------------------------------------

export const sharedDocumentSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  sharedAt: z.string(),
});

export const documentSharingListSchema = z.object({
  items: z.array(z.object({ documentId: z.uuid(), sharedAt: z.string() })),
});
export const documentSharingBody = z.object({ shared: z.boolean() });
export const documentSharedSchema = z.object({
  id: z.uuid(),
  sharedWithPatient: z.boolean(),
  sharedAt: z.string().nullable(),
});

export type PortalAccess = z.infer<typeof portalAccessSchema>;
export type InvitationSent = z.infer<typeof invitationSentSchema>;
export type InvitationStatus = z.infer<typeof invitationStatusSchema>;
export type LinkPurpose = z.infer<typeof linkPurposeField>;
export type InspectLinkBody = z.infer<typeof inspectLinkBody>;
export type LinkView = z.infer<typeof linkViewSchema>;
export type ChoosePasswordBody = z.infer<typeof choosePasswordBody>;
export type InvitationAccepted = z.infer<typeof invitationAcceptedSchema>;
export type ResetRequestBody = z.infer<typeof resetRequestBody>;
export type ResetRequested = z.infer<typeof resetRequestedSchema>;
export type LocationAddress = z.infer<typeof locationAddressSchema>;
export type ClinicContact = z.infer<typeof clinicContactSchema>;
export type PreparationStep = z.infer<typeof preparationStepSchema>;
export type PortalAppointment = z.infer<typeof portalAppointmentSchema>;
export type PastSession = z.infer<typeof pastSessionSchema>;
export type PortalHome = z.infer<typeof portalHomeSchema>;
export type ConfirmAppointmentBody = z.infer<typeof confirmAppointmentBody>;
export type ProgressSeries = z.infer<typeof progressSeriesSchema>;
export type Aftercare = z.infer<typeof aftercareSchema>;
export type PortalProgress = z.infer<typeof portalProgressSchema>;
export type SharedDocument = z.infer<typeof sharedDocumentSchema>;
export type DocumentSharingList = z.infer<typeof documentSharingListSchema>;
export type DocumentSharingBody = z.infer<typeof documentSharingBody>;
export type DocumentShared = z.infer<typeof documentSharedSchema>;
