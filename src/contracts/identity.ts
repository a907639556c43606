import { z } from 'zod';
import { PASSWORD_MAX_LENGTH } from '../domain/identity/index.js';
import { staffRoles } from '../domain/permissions/index.js';

/** Request and response shapes of the identity routes. Response schemas drop anything undeclared. */
export const emailField = z.string().trim().min(3).max(320);
// Lengths are checked here so a huge "password" never reaches argon2; strength is the domain's job.
export const passwordField = z.string().min(1).max(PASSWORD_MAX_LENGTH);
export const roleField = z.enum(staffRoles);

export const meSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  kind: z.enum(['staff', 'patient']),
  roles: z.array(z.string()),
  patientId: z.uuid().nullable(),
  organization: z.object({
    id: z.uuid(),
    name: z.string(),
    timeZone: z.string().meta({ description: 'IANA time zone of the clinic; screens show times in it' }),
  }),
  mfaEnabled: z.boolean(),
  mfaRequired: z.boolean(),
  mfaEnrolmentRequired: z.boolean(),
  mustChangePassword: z.boolean(),
  permissions: z.array(z.string()),
  csrfToken: z.string(),
});

export const userSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  kind: z.enum(['staff', 'patient']),
  roles: z.array(z.string()),
  active: z.boolean(),
  mfaEnabled: z.boolean(),
  lastLoginAt: z.string().nullable(),
  version: z.number().int(),
  /** A role change adding prescribing, waiting for a second admin to confirm it. */
  pendingRoleGrant: z
    .object({ id: z.uuid(), roles: z.array(z.string()), requestedBy: z.uuid(), requestedAt: z.string() })
    .nullable(),
});

export const auditEntrySchema = z.object({
  id: z.number().int(),
  occurredAt: z.string(),
  actorUserId: z.uuid().nullable(),
  actorRoles: z.array(z.string()),
  action: z.string(),
  resourceType: z.string().nullable(),
  resourceId: z.string().nullable(),
  patientId: z.uuid().nullable(),
  patientName: z.string().nullable(),
  patientMrn: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  outcome: z.enum(['success', 'denied', 'failed']),
  details: z.record(z.string(), z.unknown()),
  sealed: z.boolean(),
});

export const limitField = z.coerce.number().int().min(1).max(200).default(50);
