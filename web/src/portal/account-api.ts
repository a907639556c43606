import type {
  ChoosePasswordBody,
  InspectLinkBody,
  InvitationAccepted,
  LinkPurpose,
  LinkView,
  ResetRequestBody,
  ResetRequested,
} from '../../../src/contracts/portal';
import { api } from '../shared/api';

/**
 * The portal's account links (decision 020): the token comes from the URL fragment of the email's link
 * and is posted in a body, never put in a URL the server would see. The shapes are the contracts'
 * (src/contracts/portal.ts).
 */
export type { LinkPurpose, LinkView };

export const accountApi = {
  inspect: (token: string, purpose: LinkPurpose) =>
    api.post<LinkView>('/api/v1/portal/account-links/inspect', { token, purpose } satisfies InspectLinkBody, {
      unauthorizedIsExpected: true,
    }),
  accept: (token: string, password: string) =>
    api.post<InvitationAccepted>(
      '/api/v1/portal/invitations/accept',
      { token, password } satisfies ChoosePasswordBody,
      { unauthorizedIsExpected: true },
    ),
  requestReset: (email: string) =>
    api.post<ResetRequested>('/api/v1/portal/password-reset/request', { email } satisfies ResetRequestBody, {
      unauthorizedIsExpected: true,
    }),
  reset: (token: string, password: string) =>
    api.post<undefined>('/api/v1/portal/password-reset', { token, password } satisfies ChoosePasswordBody, {
      unauthorizedIsExpected: true,
    }),
};

/**
 * The token in this page's fragment (#token=…), read once; the fragment is then dropped from the address
 * bar and history so the link is not left behind on a shared device.
 */
export function takeTokenFromFragment(): string {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (window.location.hash)
    window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
  return match?.[1] ?? '';
}
