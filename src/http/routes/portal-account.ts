import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import {
  acceptInvitation,
  inspectAccountLink,
  inviteToPortal,
  portalInvitationStatus,
  requestPasswordReset,
  resetPassword,
  type MailOptions,
} from '../../app/identity/portal-account.js';
import { DomainError, isDomainError } from '../../domain/errors.js';
import { patientIdParams } from '../../contracts/common.js';
import { requestContext, setSessionCookie, type AuthDeps } from '../plugins/auth.js';
import { sameOrigin } from '../plugins/csrf.js';
import {
  choosePasswordBody,
  inspectLinkBody,
  invitationAcceptedSchema,
  invitationSentSchema,
  invitationStatusSchema,
  linkViewSchema,
  resetRequestBody,
  resetRequestedSchema,
} from '../../contracts/portal.js';

/**
 * Portal accounts by email (decision 020): staff invite from the chart; the patient accepts with the
 * link's token (read by the portal page from the URL fragment and posted in the body, so it is in no
 * URL the server logs); a reset is asked for by email address and answers the same for every address.
 */
export interface PortalAccountDeps extends AuthDeps {
  readonly mail: MailOptions;
  /** The reset request never answers faster than this (milliseconds), whatever it found. */
  readonly resetFloorMs?: number;
}

export const portalAccountRoutes: FastifyPluginAsyncZod<PortalAccountDeps> = async (app, deps) => {
  const floor = deps.resetFloorMs ?? 400;
  const fromThisSite = (request: Parameters<typeof sameOrigin>[0]) => {
    if (!sameOrigin(request)) throw new DomainError('csrf_invalid', 'Use the portal on this site.');
  };

  app.post(
    '/patients/:id/portal-invitation',
    {
      config: { access: { action: 'patients.manage' } },
      schema: {
        tags: ['portal'],
        summary:
          "Invite the patient to the portal by email (chart's email): makes the account if needed and sends a single-use link valid 72 hours; sending again replaces the previous link (at most 5 an hour); 409 once the patient has set up the account",
        params: patientIdParams,
        response: { 201: invitationSentSchema },
      },
    },
    async (request, reply) => {
      try {
        const sent = await inviteToPortal(request.params.id, requestContext(request, deps), deps.mail);
        return await reply.code(201).send(sent);
      } catch (error) {
        if (isDomainError(error) && error.code === 'rate_limited') {
          const seconds = error.details?.retryAfterSeconds;
          void reply.header('retry-after', String(typeof seconds === 'number' ? seconds : 60));
        }
        throw error;
      }
    },
  );

  app.get(
    '/patients/:id/portal-invitation',
    {
      config: { access: { action: 'patients.read' } },
      schema: {
        tags: ['portal'],
        summary: "The latest portal invitation of the patient's account (null when never invited)",
        params: patientIdParams,
        response: { 200: invitationStatusSchema },
      },
    },
    async (request) => ({ invitation: await portalInvitationStatus(request.params.id, requestContext(request, deps)) }),
  );

  app.post(
    '/portal/account-links/inspect',
    {
      config: { access: 'public' },
      schema: {
        tags: ['portal'],
        summary:
          'What an invitation or reset link is for (the account email, the clinic, its expiry); 404 unknown, 410 used, replaced or expired',
        body: inspectLinkBody,
        response: { 200: linkViewSchema },
      },
    },
    async (request, reply) => {
      fromThisSite(request);
      void reply.header('cache-control', 'no-store');
      return inspectAccountLink(request.body, requestContext(request, deps));
    },
  );

  app.post(
    '/portal/invitations/accept',
    {
      config: { access: 'public' },
      schema: {
        tags: ['portal'],
        summary:
          'Accept a portal invitation: choose the password (the sign-in password policy); the link is spent and the patient is signed in',
        body: choosePasswordBody,
        response: { 200: invitationAcceptedSchema },
      },
    },
    async (request, reply) => {
      fromThisSite(request);
      const result = await acceptInvitation(request.body, requestContext(request, deps), deps.session);
      setSessionCookie(reply, result.token, deps);
      void reply.header('cache-control', 'no-store');
      return { user: result.me, csrfToken: result.me.csrfToken, mfaOffered: result.mfaOffered };
    },
  );

  app.post(
    '/portal/password-reset/request',
    {
      config: { access: 'public' },
      schema: {
        tags: ['portal'],
        summary:
          'Ask for a password reset link by email: always 202 with the same body and about the same time, whether or not the address has a portal account; throttled per address and per client',
        body: resetRequestBody,
        response: { 202: resetRequestedSchema },
      },
    },
    async (request, reply) => {
      fromThisSite(request);
      const started = performance.now();
      let failure: unknown = null;
      try {
        await requestPasswordReset(request.body, requestContext(request, deps), deps.mail);
      } catch (error) {
        failure = error;
      }
      const wait = floor - (performance.now() - started);
      if (wait > 0) await sleep(wait);
      if (failure) {
        if (isDomainError(failure) && failure.code === 'rate_limited') {
          const seconds = failure.details?.retryAfterSeconds;
          void reply.header('retry-after', String(typeof seconds === 'number' ? seconds : 60));
        }
        throw failure instanceof Error ? failure : new Error('password reset request failed');
      }
      return reply.code(202).send({
        message:
          'If this email address has a patient portal account, we have sent it a link to choose a new password. The link works for 60 minutes.',
      });
    },
  );

  app.post(
    '/portal/password-reset',
    {
      config: { access: 'public' },
      schema: {
        tags: ['portal'],
        summary: 'Choose a new password with a reset link (single use, 60 minutes); every session of the account ends',
        body: choosePasswordBody,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      fromThisSite(request);
      await resetPassword(request.body, requestContext(request, deps));
      return reply.code(204).send(null);
    },
  );
};
