import type {
  ChangePasswordBody,
  InviteUserBody,
  LoginBody,
  LoginResult,
  Me,
  MfaEnrolment,
  RecoveryCodes,
  UserChanges,
  UserPage,
  UserSummary,
} from '../../../src/contracts/identity';
import { api } from './api';

/** Identity endpoints (issue 3): sign-in, the signed-in person, their password and MFA, staff accounts. */

export { isStaffRole, staffRoles, type StaffRole } from '../../../src/domain/permissions/roles';

export type { LoginResult, Me, MfaEnrolment, UserChanges, UserSummary };

/** A cursor-paginated page (src/contracts/common.ts `pageOf`). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const identityApi = {
  login: (input: LoginBody) => api.post<LoginResult>('/api/v1/auth/login', input, { unauthorizedIsExpected: true }),
  logout: () => api.post<undefined>('/api/v1/auth/logout', undefined, { unauthorizedIsExpected: true }),
  me: (options?: { unauthorizedIsExpected?: boolean }) => api.get<Me>('/api/v1/me', options),
  changePassword: (input: ChangePasswordBody) => api.post<undefined>('/api/v1/me/password', input),
  startMfaEnrolment: () => api.post<MfaEnrolment>('/api/v1/me/mfa/enrolment'),
  confirmMfa: (code: string) => api.post<RecoveryCodes>('/api/v1/me/mfa/confirm', { code }),
  disableMfa: (password: string, code: string) => api.delete<undefined>('/api/v1/me/mfa', { password, code }),
  listUsers: (cursor?: string | null, limit = 50, signal?: AbortSignal) => {
    const query = new URLSearchParams({ limit: String(limit) });
    if (cursor) query.set('cursor', cursor);
    return api.get<UserPage>(`/api/v1/users?${query.toString()}`, signal ? { signal } : undefined);
  },
  getUser: (id: string, signal?: AbortSignal) =>
    api.get<UserSummary>(`/api/v1/users/${encodeURIComponent(id)}`, signal ? { signal } : undefined),
  inviteUser: (input: InviteUserBody) => api.post<UserSummary>('/api/v1/users', input),
  updateUser: (id: string, changes: UserChanges) =>
    api.patch<UserSummary>(`/api/v1/users/${encodeURIComponent(id)}`, changes),
  decideRoleGrant: (id: string, grantId: string, decision: 'confirm' | 'cancel') =>
    api.post<UserSummary>(
      `/api/v1/users/${encodeURIComponent(id)}/role-grants/${encodeURIComponent(grantId)}/${decision}`,
    ),
  revokeSessions: (id: string) => api.post<undefined>(`/api/v1/users/${encodeURIComponent(id)}/revoke-sessions`),
};
