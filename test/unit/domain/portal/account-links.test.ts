import { describe, expect, it } from 'vitest';
import {
  accountLinkUrl,
  invitationEmail,
  isLinkToken,
  linkExpiry,
  linkState,
  resetEmail,
} from '../../../../src/domain/portal/account-links.js';

const now = new Date('2026-12-01T12:00:00.000Z');
const at = (ms: number) => new Date(now.getTime() + ms);

describe('portal account links', () => {
  it('an invitation lives 72 hours, a reset 60 minutes', () => {
    expect(linkExpiry('invitation', now).toISOString()).toBe('2026-12-04T12:00:00.000Z');
    expect(linkExpiry('password_reset', now).toISOString()).toBe('2026-12-01T13:00:00.000Z');
  });

  it.each([
    ['just before expiry', { expiresAt: at(1), usedAt: null, revokedAt: null }, 'usable'],
    ['at the expiry instant', { expiresAt: at(0), usedAt: null, revokedAt: null }, 'expired'],
    ['after expiry', { expiresAt: at(-1), usedAt: null, revokedAt: null }, 'expired'],
    ['used (even if expired since)', { expiresAt: at(-1), usedAt: at(-5), revokedAt: null }, 'used'],
    ['replaced by a newer link', { expiresAt: at(1000), usedAt: null, revokedAt: at(-5) }, 'replaced'],
  ] as const)('%s: %s', (_name, link, state) => {
    expect(linkState(link, now)).toBe(state);
  });

  it.each([
    ['A'.repeat(43), true],
    ['abc_-'.padEnd(43, 'x'), true],
    ['A'.repeat(42), false],
    ['A'.repeat(44), false],
    [`${'A'.repeat(42)}=`, false],
    ['', false],
  ])('token %s is a token: %s', (token, ok) => {
    expect(isLinkToken(token)).toBe(ok);
  });

  it('puts the token in the fragment, never the path or query', () => {
    const url = new URL(accountLinkUrl('https://clinic.example.org/', 'invitation', 'T'.repeat(43)));
    expect(url.pathname).toBe('/portal/welcome');
    expect(url.search).toBe('');
    expect(url.hash).toBe(`#token=${'T'.repeat(43)}`);
    expect(new URL(accountLinkUrl('https://c.example.org', 'password_reset', 'x')).pathname).toBe(
      '/portal/reset-password',
    );
  });

  it('the emails carry the link, the expiry, and a way out', () => {
    const invite = invitationEmail({
      givenName: 'Wren',
      clinicName: 'Test Clinic',
      url: 'https://x/portal/welcome#token=t',
      expiresLabel: 'Friday 4 December 2026 at 07:00',
    });
    expect(invite.subject).toBe('Your patient portal at Test Clinic');
    expect(invite.text).toContain('https://x/portal/welcome#token=t');
    expect(invite.text).toContain('until Friday 4 December 2026 at 07:00');
    const reset = resetEmail({ givenName: 'Wren', clinicName: 'Test Clinic', url: 'u', minutes: 60 });
    expect(reset.text).toContain('for 60 minutes');
    expect(reset.text).toContain('signs you out everywhere else');
  });
});
