import { insertEmail } from '../../db/repositories/scheduling.js';
import type { InvitationSent, LinkView } from '../../contracts/portal.js';
import {
  findPatientAccount,
  findPatientContact,
  findPortalLinkByHash,
  insertPortalLink,
  latestInvitation,
  revokeOpenPortalLinks,
  usePortalLink,
  type PortalLinkPurpose,
  type PortalLinkRow,
} from '../../db/repositories/portal-links.js';
import { revokeUserSessions } from '../../db/repositories/sessions.js';
import { findUserById, findUsersByEmail, insertUser, recordLogin, setPassword } from '../../db/repositories/users.js';
import { DomainError } from '../../domain/errors.js';
import { checkPassword } from '../../domain/identity/index.js';
import { normaliseEmail } from '../../domain/identity/email.js';
import {
  accountLinkUrl,
  invitationEmail,
  isLinkToken,
  linkExpiry,
  linkState,
  resetEmail,
  RESET_MINUTES,
} from '../../domain/portal/account-links.js';
import { longDate } from '../../domain/scheduling/index.js';
import { zoneRules } from '../../domain/time/zoned-time.js';
import { audit } from '../audit/record.js';
import { findPatientKey, requireStaffAction } from '../chart/access.js';
import { recordPatientEvent } from '../chart/events.js';
import { withTransaction, type AppContext } from '../context.js';
import { toMe, type Me } from './me.js';
import { hashPassword } from './passwords.js';
import { countSignInAttempt, type LoginLimits } from './rate-limit.js';
import { startSession, type SessionSettings } from './sessions.js';
import { randomToken, sha256 } from './tokens.js';

/**
 * Portal accounts by email (issue 17, decision 020). A member of staff invites the patient from the
 * chart: the account is made (with a password nobody knows) and an email with a single-use link that
 * expires in 72 hours goes through the outbox. The patient opens it, chooses a password (the same
 * policy and argon2id as everyone's) and is signed in. A patient who forgets their password asks for
 * a reset link: the answer is the same whether or not the email has an account. Only the SHA-256 of a
 * link's token is stored; a used, replaced, expired or unknown link changes nothing.
 */
export interface MailOptions {
  /** The site origin the links point at. */
  readonly publicUrl: string;
  /** SMTP configured: emails wait as 'pending' for the sender; otherwise they stay in the outbox. */
  readonly smtp: boolean;
}

export type { InvitationSent, LinkView };

function validSignInEmail(email: string | null | undefined): string {
  const value = email?.trim() ?? '';
  if (!value)
    throw new DomainError(
      'patient_email_missing',
      "Add the patient's email address to their details first: the invitation goes there and it is what they sign in with.",
      { errors: [{ path: '/patient/email', message: 'Add an email address to the chart' }] },
    );
  if (value.length < 3 || value.length > 320 || value.indexOf('@') < 1 || /\s/.test(value))
    throw new DomainError(
      'patient_email_missing',
      "The email address on the patient's details is not a valid address; correct it first: it is what they sign in with.",
      { errors: [{ path: '/patient/email', message: 'Enter a valid email address on the chart' }] },
    );
  return value;
}

function expiryLabel(at: Date, timeZone: string): string {
  const local = zoneRules(timeZone).toLocal(at);
  return `${longDate(local.date)} at ${local.time}`;
}

/** Staff (patients.manage) invite the patient, or send a new invitation while the account is not set up. */
/** Invitations per patient and per member of staff's address: a stuck button cannot flood a patient's inbox. */
export const defaultInvitationLimits: LoginLimits = { windowMinutes: 60, perAccount: 5, perIp: 200 };

export async function inviteToPortal(
  patientId: string,
  ctx: AppContext,
  mail: MailOptions,
  limits: LoginLimits = defaultInvitationLimits,
): Promise<InvitationSent> {
  const principal = requireStaffAction(ctx, 'patients.manage');
  await countSignInAttempt(
    ctx.db,
    { account: `invite:${patientId}`, ip: `invite-ip:${ctx.ip ?? 'unknown'}` },
    ctx.now,
    limits,
  ).catch((error: unknown) => {
    if (error instanceof DomainError && error.code === 'rate_limited')
      throw new DomainError(
        'rate_limited',
        'Several invitations were sent to this patient within the hour. Wait before sending another.',
        { details: { ...error.details } },
      );
    throw error;
  });
  return withTransaction(ctx, async (tx) => {
    // The row lock serialises two clicks: the second sees the first account and replaces its link.
    await findPatientKey(tx, patientId, { forUpdate: true });
    const contact = (await findPatientContact(tx.db, patientId))!;
    const existing = await findPatientAccount(tx.db, patientId);
    if (existing && !existing.mustChangePassword)
      throw new DomainError(
        'portal_account_active',
        'The patient has already set up their portal account. If they forgot their password, they can reset it from the sign-in page.',
      );
    if (existing && !existing.active)
      throw new DomainError(
        'portal_account_active',
        'This portal account is turned off. An administrator can turn it back on.',
      );
    let userId = existing?.id;
    if (!userId) {
      const email = validSignInEmail(contact.email);
      // Given and family names are up to 100 characters each; users.name holds both (migration 0007).
      const name = `${contact.givenName} ${contact.familyName}`.trim();
      userId = await insertUser(tx.db, {
        organizationId: principal.organizationId,
        email,
        name,
        kind: 'patient',
        roles: [],
        patientId,
        // Nobody knows this password: the account opens only through the invitation.
        passwordHash: await hashPassword(randomToken()),
        mustChangePassword: true,
        mfaSecret: null,
        now: tx.now,
      });
      if (!userId)
        throw new DomainError(
          'email_taken',
          "Another account in this clinic already uses this email address. Give the patient's own email address on their details.",
          { errors: [{ path: '/patient/email', message: 'already used by another account' }] },
        );
    }
    const user = (await findUserById(tx.db, userId))!;
    const replaced = await revokeOpenPortalLinks(tx.db, userId, tx.now, 'invitation');
    const token = randomToken();
    const expiresAt = linkExpiry('invitation', tx.now);
    const linkId = await insertPortalLink(tx.db, {
      organizationId: principal.organizationId,
      userId,
      purpose: 'invitation',
      tokenHash: sha256(token),
      createdByUserId: principal.userId,
      now: tx.now,
      expiresAt,
    });
    const email = invitationEmail({
      givenName: contact.preferredName ?? contact.givenName,
      clinicName: user.organizationName,
      url: accountLinkUrl(mail.publicUrl, 'invitation', token),
      expiresLabel: expiryLabel(expiresAt, user.organizationTimeZone),
    });
    const emailId = await insertEmail(tx.db, {
      organizationId: principal.organizationId,
      to: user.email,
      subject: email.subject,
      text: email.text,
      kind: 'portal_invitation',
      status: mail.smtp ? 'pending' : 'outbox',
      now: tx.now,
    });
    await audit(tx, {
      action: 'patients.portal_invitation',
      resourceType: 'user',
      resourceId: userId,
      patientId,
      details: { linkId, emailId, replaced, newAccount: !existing },
    });
    await recordPatientEvent(tx, {
      patientId,
      kind: 'portal_access_granted',
      summary: existing ? 'Patient portal invitation sent again' : 'Patient portal invitation sent',
      resourceType: 'user',
      resourceId: userId,
    });
    return { userId, email: user.email, invitedAt: tx.now.toISOString(), expiresAt: expiresAt.toISOString() };
  });
}

/** The latest invitation of the patient's account, for the chart (staff who may read the patient). */
export async function portalInvitationStatus(
  patientId: string,
  ctx: AppContext,
): Promise<{ invitedAt: string; expiresAt: string; accepted: boolean; open: boolean } | null> {
  requireStaffAction(ctx, 'patients.read');
  await findPatientKey(ctx, patientId);
  const account = await findPatientAccount(ctx.db, patientId);
  const link = account ? await latestInvitation(ctx.db, account.id) : undefined;
  if (!link) return null;
  return {
    invitedAt: link.createdAt.toISOString(),
    expiresAt: link.expiresAt.toISOString(),
    accepted: link.usedAt !== null,
    open: linkState(link, ctx.now) === 'usable',
  };
}

const linkProblems = {
  invalid: () =>
    new DomainError(
      'portal_link_invalid',
      'This link is not valid. Check that you opened the whole link from the email, or ask the clinic for a new one.',
    ),
  used: (purpose: PortalLinkPurpose) =>
    new DomainError(
      'portal_link_used',
      purpose === 'invitation'
        ? 'This invitation has already been used. Sign in with the password you chose, or reset it if you have forgotten it.'
        : 'This reset link has already been used. If you still cannot sign in, ask for a new link.',
    ),
  replaced: (purpose: PortalLinkPurpose) =>
    new DomainError(
      'portal_link_expired',
      purpose === 'invitation'
        ? 'A newer invitation was sent after this one. Open the link in the latest email from the clinic.'
        : 'A newer reset link was sent after this one, or your password was already changed. Use the latest email, or ask for a new link.',
    ),
  expired: (purpose: PortalLinkPurpose) =>
    new DomainError(
      'portal_link_expired',
      purpose === 'invitation'
        ? 'This invitation has expired. Ask the clinic to send you a new one.'
        : 'This reset link has expired. Ask for a new one from the sign-in page.',
    ),
};

/** The link behind a token, if it can be used now; otherwise the reason, as an error. */
async function openLink(
  ctx: AppContext,
  token: string,
  purpose: PortalLinkPurpose,
  forUpdate: boolean,
): Promise<PortalLinkRow> {
  if (!isLinkToken(token)) throw linkProblems.invalid();
  const link = await findPortalLinkByHash(ctx.db, sha256(token), forUpdate);
  if (!link || link.purpose !== purpose) throw linkProblems.invalid();
  const state = linkState(link, ctx.now);
  if (state !== 'usable') throw linkProblems[state](purpose);
  return link;
}

/** What the welcome or reset page shows before the patient chooses a password. Reads nothing clinical. */
export async function inspectAccountLink(
  input: { token: string; purpose: PortalLinkPurpose },
  ctx: AppContext,
): Promise<LinkView> {
  const link = await openLink(ctx, input.token, input.purpose, false);
  const user = await findUserById(ctx.db, link.userId);
  if (!user || !user.active || user.kind !== 'patient') throw linkProblems.invalid();
  return {
    purpose: link.purpose,
    email: user.email,
    givenName: user.name.split(' ')[0] ?? '',
    clinicName: user.organizationName,
    expiresAt: link.expiresAt.toISOString(),
  };
}

function policy(password: string, user: { email: string; name: string }): void {
  const errors = checkPassword(password, { email: user.email, name: user.name });
  if (errors.length) throw new DomainError('password_weak', 'Choose a stronger password.', { errors });
}

/** The patient accepts the invitation: their password is set, the link is spent, and they are signed in. */
export async function acceptInvitation(
  input: { token: string; password: string },
  ctx: AppContext,
  settings: SessionSettings,
): Promise<{ me: Me; token: string; mfaOffered: boolean }> {
  // Checked before the transaction (a weak password changes nothing) and again inside it.
  const preview = await openLink(ctx, input.token, 'invitation', false);
  const previewUser = await findUserById(ctx.db, preview.userId);
  if (!previewUser || !previewUser.active) throw linkProblems.invalid();
  policy(input.password, previewUser);
  const passwordHash = await hashPassword(input.password);
  return withTransaction(ctx, async (tx) => {
    const link = await openLink(tx, input.token, 'invitation', true);
    const user = (await findUserById(tx.db, link.userId, { forUpdate: true }))!;
    if (!(await usePortalLink(tx.db, link.id, tx.now))) throw linkProblems.used('invitation');
    await setPassword(tx.db, user.id, passwordHash, false, tx.now);
    // Any other open link (an older reset) dies with the new password; so do sessions of a temporary password.
    await revokeOpenPortalLinks(tx.db, user.id, tx.now);
    await revokeUserSessions(tx.db, user.id, tx.now);
    const session = await startSession(tx.db, {
      userId: user.id,
      now: tx.now,
      ip: tx.ip,
      userAgent: tx.userAgent,
      settings,
    });
    await recordLogin(tx.db, user.id, tx.now);
    const actor = { userId: user.id, organizationId: user.organizationId, roles: user.roles };
    await audit(tx, {
      action: 'portal.invitation_accepted',
      resourceType: 'user',
      resourceId: user.id,
      patientId: user.patientId,
      actor,
      details: { linkId: link.id },
    });
    await audit(tx, {
      action: 'auth.login',
      resourceType: 'user',
      resourceId: user.id,
      actor,
      details: { mfa: false, via: 'invitation' },
    });
    const me = toMe({ ...user, mustChangePassword: false, lastLoginAt: tx.now }, session.csrfToken);
    return { me, token: session.token, mfaOffered: !user.mfaEnabled };
  });
}

/** Per email address and per client address, shared by every server (the sign-in attempts table). */
export const defaultResetLimits: LoginLimits = { windowMinutes: 15, perAccount: 3, perIp: 20 };

/**
 * A patient asks for a reset link. The same answer whatever the email (the route also evens out the
 * time); only an active patient account of that email gets a link. Counted per email and per address.
 */
export async function requestPasswordReset(
  input: { email: string },
  ctx: AppContext,
  mail: MailOptions,
  limits: LoginLimits = defaultResetLimits,
): Promise<void> {
  await countSignInAttempt(
    ctx.db,
    { account: `reset:${normaliseEmail(input.email)}`, ip: `reset-ip:${ctx.ip ?? 'unknown'}` },
    ctx.now,
    limits,
  );
  const accounts = (await findUsersByEmail(ctx.db, input.email)).filter((u) => u.kind === 'patient' && u.active);
  for (const account of accounts) {
    await withTransaction(ctx, async (tx) => {
      const user = (await findUserById(tx.db, account.id, { forUpdate: true }))!;
      const replaced = await revokeOpenPortalLinks(tx.db, user.id, tx.now, 'password_reset');
      const token = randomToken();
      const linkId = await insertPortalLink(tx.db, {
        organizationId: user.organizationId,
        userId: user.id,
        purpose: 'password_reset',
        tokenHash: sha256(token),
        createdByUserId: null,
        now: tx.now,
        expiresAt: linkExpiry('password_reset', tx.now),
      });
      const email = resetEmail({
        givenName: user.name.split(' ')[0] ?? '',
        clinicName: user.organizationName,
        url: accountLinkUrl(mail.publicUrl, 'password_reset', token),
        minutes: RESET_MINUTES,
      });
      const emailId = await insertEmail(tx.db, {
        organizationId: user.organizationId,
        to: user.email,
        subject: email.subject,
        text: email.text,
        kind: 'portal_password_reset',
        status: mail.smtp ? 'pending' : 'outbox',
        now: tx.now,
      });
      await audit(tx, {
        action: 'portal.password_reset_requested',
        resourceType: 'user',
        resourceId: user.id,
        patientId: user.patientId,
        organizationId: user.organizationId,
        details: { linkId, emailId, replaced },
      });
    });
  }
}

/** The patient chooses a new password with a reset link: every session of the account ends. */
export async function resetPassword(input: { token: string; password: string }, ctx: AppContext): Promise<void> {
  const preview = await openLink(ctx, input.token, 'password_reset', false);
  const previewUser = await findUserById(ctx.db, preview.userId);
  if (!previewUser || !previewUser.active) throw linkProblems.invalid();
  policy(input.password, previewUser);
  const passwordHash = await hashPassword(input.password);
  await withTransaction(ctx, async (tx) => {
    const link = await openLink(tx, input.token, 'password_reset', true);
    const user = (await findUserById(tx.db, link.userId, { forUpdate: true }))!;
    if (!(await usePortalLink(tx.db, link.id, tx.now))) throw linkProblems.used('password_reset');
    await setPassword(tx.db, user.id, passwordHash, false, tx.now);
    await revokeOpenPortalLinks(tx.db, user.id, tx.now);
    const sessions = await revokeUserSessions(tx.db, user.id, tx.now);
    await audit(tx, {
      action: 'portal.password_reset',
      resourceType: 'user',
      resourceId: user.id,
      patientId: user.patientId,
      organizationId: user.organizationId,
      actor: { userId: user.id, organizationId: user.organizationId, roles: user.roles },
      details: { linkId: link.id, sessionsEnded: sessions },
    });
  });
}
