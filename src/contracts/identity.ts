import { z } from 'zod';
import { PASSWORD_MAX_LENGTH } from '../domain/identity/index.js';
import { staffRoles } from '../domain/permissions/index.js';
import { pageOf } from './common.js';

/** Wire shapes of sign-in, the signed-in person's account and staff accounts. Responses drop anything undeclared. */
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

export const limitField = z.coerce.number().int().min(1).max(200).default(50);

/** A current TOTP code or a recovery code: asked for by step-up actions when two-step sign-in is on. */
export const codeField = z.string().trim().max(20).optional();

export const loginBody = z.object({
  email: emailField,
  password: passwordField,
  totp: z.string().trim().max(20).optional(),
});
export const loginResultSchema = z.object({ user: meSchema, csrfToken: z.string() });

export const changePasswordBody = z.object({
  currentPassword: passwordField,
  newPassword: passwordField,
  code: codeField,
});
export const mfaEnrolmentBody = z.object({ password: passwordField.optional(), code: codeField }).nullish();
export const mfaEnrolmentSchema = z.object({ secret: z.string(), otpauthUri: z.string(), qrSvg: z.string() });
export const mfaConfirmBody = z.object({ code: z.string().trim().min(1).max(20) });
export const recoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) });
export const reauthenticateBody = z.object({
  password: passwordField,
  code: codeField,
  patientId: z.uuid().optional(),
});
export const disableMfaBody = z.object({ password: passwordField, code: codeField });

export const userListQuery = z.object({ cursor: z.uuid().optional(), limit: limitField });
export const userPageSchema = pageOf(userSchema);
export const inviteUserBody = z.object({
  email: emailField.pipe(z.email()),
  name: z.string().trim().min(1).max(200),
  roles: z.array(roleField).min(1).max(4),
  temporaryPassword: passwordField,
});
export const userChangesBody = z.object({
  roles: z.array(roleField).min(1).max(4).optional(),
  active: z.boolean().optional(),
  name: z.string().trim().min(1).max(200).optional(),
  version: z.number().int().min(1),
});
export const userIdParams = z.object({ id: z.uuid() });
export const roleGrantParams = z.object({ id: z.uuid(), grantId: z.uuid() });

export type Me = z.infer<typeof meSchema>;
export type LoginBody = z.infer<typeof loginBody>;
export type LoginResult = z.infer<typeof loginResultSchema>;
export type ChangePasswordBody = z.infer<typeof changePasswordBody>;
export type MfaEnrolment = z.infer<typeof mfaEnrolmentSchema>;
export type RecoveryCodes = z.infer<typeof recoveryCodesSchema>;
export type ReauthenticateBody = z.infer<typeof reauthenticateBody>;
export type UserSummary = z.infer<typeof userSchema>;
export type UserPage = z.infer<typeof userPageSchema>;
export type InviteUserBody = z.infer<typeof inviteUserBody>;
export type UserChanges = z.infer<typeof userChangesBody>;
