/**
 * Portal account links (invitation and password reset): how long each lives, whether one may be used
 * now, and the emails that carry them. Pure: the time is passed in.
 *
 * Lifetimes follow the OWASP Forgot Password Cheat Sheet (reset tokens short-lived, single use) and
 * common practice for account invitations (a few days, so a patient who reads email on the weekend
 * still finds it working).
 */
export type AccountLinkPurpose = 'invitation' | 'password_reset';

export const INVITATION_HOURS = 72;
export const RESET_MINUTES = 60;

export function linkExpiry(purpose: AccountLinkPurpose, now: Date): Date {
  const ms = purpose === 'invitation' ? INVITATION_HOURS * 3_600_000 : RESET_MINUTES * 60_000;
  return new Date(now.getTime() + ms);
}

export type LinkState = 'usable' | 'used' | 'replaced' | 'expired';

/** Used beats replaced beats expired: the patient is told the most useful reason. The expiry instant itself is expired. */
export function linkState(
  link: { readonly expiresAt: Date; readonly usedAt: Date | null; readonly revokedAt: Date | null },
  now: Date,
): LinkState {
  if (link.usedAt) return 'used';
  if (link.revokedAt) return 'replaced';
  if (now.getTime() >= link.expiresAt.getTime()) return 'expired';
  return 'usable';
}

/** A link's token: 32 random bytes, base64url (43 characters). Anything else is not a token. */
export const isLinkToken = (token: string): boolean => /^[A-Za-z0-9_-]{43}$/.test(token);

/**
 * The link a patient opens. The token travels in the URL fragment, which browsers never send to the
 * server (so it is in no access log or Referer); the portal page reads it and posts it.
 */
export function accountLinkUrl(publicUrl: string, purpose: AccountLinkPurpose, token: string): string {
  const page = purpose === 'invitation' ? 'welcome' : 'reset-password';
  return `${publicUrl.replace(/\/+$/, '')}/portal/${page}#token=${token}`;
}

export function invitationEmail(input: { givenName: string; clinicName: string; url: string; expiresLabel: string }): {
  subject: string;
  text: string;
} {
  return {
    subject: `Your patient portal at ${input.clinicName}`,
    text: [
      `Hello ${input.givenName},`,
      '',
      `${input.clinicName} has invited you to its patient portal. There you can see your next session and how to prepare for it, confirm that you are coming, follow your progress, and read what the clinic shares with you.`,
      '',
      'To set up your account, open this link and choose a password:',
      input.url,
      '',
      `The link works once and until ${input.expiresLabel}. If it has expired, ask the clinic to send a new one.`,
      '',
      'If you did not expect this email, you can ignore it: nothing happens until the link is used.',
      '',
      input.clinicName,
    ].join('\n'),
  };
}

export function resetEmail(input: { givenName: string; clinicName: string; url: string; minutes: number }): {
  subject: string;
  text: string;
} {
  return {
    subject: `Reset your patient portal password at ${input.clinicName}`,
    text: [
      `Hello ${input.givenName},`,
      '',
      'Someone (we hope you) asked to reset the password of your patient portal account. To choose a new password, open this link:',
      input.url,
      '',
      `The link works once and for ${input.minutes} minutes. Choosing a new password signs you out everywhere else.`,
      '',
      'If you did not ask for this, you can ignore this email: your password stays as it is.',
      '',
      input.clinicName,
    ].join('\n'),
  };
}
