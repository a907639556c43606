import { api } from './api';

/** Identity endpoints (issue 3): sign-in, the signed-in person, their password and MFA, staff accounts. */

export const staffRoles = ['admin', 'prescriber', 'nurse', 'coordinator'] as const;
export type StaffRole = (typeof staffRoles)[number];

export interface Me {
  id: string;
  email: string;
  name: string;
  kind: 'staff' | 'patient';
  roles: string[];
  /** A patient account's own record (the portal); null for staff. */
  patientId: string | null;
  organization: { id: string; name: string; timeZone: string };
  mfaEnabled: boolean;
  mfaRequired: boolean;
  mfaEnrolmentRequired: boolean;
  mustChangePassword: boolean;
  permissions: string[];
  csrfToken: string;
}

export interface LoginResult {
  user: Me;
  csrfToken: string;
}

export interface MfaEnrolment {
  secret: string;
  otpauthUri: string;
  qrSvg: string;
}

export interface UserSummary {
  id: string;
  email: string;
  name: string;
  kind: 'staff' | 'patient';
  roles: string[];
  active: boolean;
  mfaEnabled: boolean;
  lastLoginAt: string | null;
  version: number;
  /** A role change adding prescribing, waiting for a second admin. */
  pendingRoleGrant: { id: string; roles: string[]; requestedBy: string; requestedAt: string } | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface UserChanges {
  roles?: string[];
  active?: boolean;
  name?: string;
  version: number;
}

export const identityApi = {
  login: (input: { email: string; password: string; totp?: string }) =>
    api.post<LoginResult>('/api/v1/auth/login', input, { unauthorizedIsExpected: true }),
  logout: () => api.post<undefined>('/api/v1/auth/logout', undefined, { unauthorizedIsExpected: true }),
  me: (options?: { unauthorizedIsExpected?: boolean }) => api.get<Me>('/api/v1/me', options),
  changePassword: (input: { currentPassword: string; newPassword: string; code?: string }) =>
    api.post<undefined>('/api/v1/me/password', input),
  startMfaEnrolment: () => api.post<MfaEnrolment>('/api/v1/me/mfa/enrolment'),
  confirmMfa: (code: string) => api.post<{ recoveryCodes: string[] }>('/api/v1/me/mfa/confirm', { code }),
  disableMfa: (password: string, code: string) => api.delete<undefined>('/api/v1/me/mfa', { password, code }),
  listUsers: (cursor?: string | null, limit = 50) => {
    const query = new URLSearchParams({ limit: String(limit) });
    if (cursor) query.set('cursor', cursor);
    return api.get<Page<UserSummary>>(`/api/v1/users?${query.toString()}`);
  },
  getUser: (id: string) => api.get<UserSummary>(`/api/v1/users/${encodeURIComponent(id)}`),
  inviteUser: (input: { email: string; name: string; roles: string[]; temporaryPassword: string }) =>
    api.post<UserSummary>('/api/v1/users', input),
  updateUser: (id: string, changes: UserChanges) =>
    api.patch<UserSummary>(`/api/v1/users/${encodeURIComponent(id)}`, changes),
  decideRoleGrant: (id: string, grantId: string, decision: 'confirm' | 'cancel') =>
    api.post<UserSummary>(
      `/api/v1/users/${encodeURIComponent(id)}/role-grants/${encodeURIComponent(grantId)}/${decision}`,
    ),
  revokeSessions: (id: string) => api.post<undefined>(`/api/v1/users/${encodeURIComponent(id)}/revoke-sessions`),
};
