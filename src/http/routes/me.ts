import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inRequestPart } from '../plugins/problem.js';
import {
  changePassword,
  confirmMfaEnrolment,
  disableMfa,
  reauthenticate,
  startMfaEnrolment,
} from '../../app/identity/account.js';
import { toMe } from '../../app/identity/me.js';
import type { LoginLimits } from '../../app/identity/rate-limit.js';
import { requestContext, type AuthDeps } from '../plugins/auth.js';
import {
  changePasswordBody,
  disableMfaBody,
  meSchema,
  mfaConfirmBody,
  mfaEnrolmentBody,
  mfaEnrolmentSchema,
  reauthenticateBody,
  recoveryCodesSchema,
} from '../../contracts/identity.js';

/** The signed-in person's own account. Usable while a new account finishes its set-up. */
const self = { action: 'account.self', duringSetup: true } as const;

export const meRoutes: FastifyPluginAsyncZod<AuthDeps & { limits?: LoginLimits | undefined }> = async (app, deps) => {
  app.get(
    '/me',
    {
      config: { access: self },
      schema: {
        tags: ['account'],
        summary: 'Who is signed in, what they may do, and the CSRF token',
        response: { 200: meSchema },
      },
    },
    async (request) => {
      const auth = request.auth!;
      return toMe(auth.user, auth.csrfToken);
    },
  );

  app.post(
    '/me/password',
    {
      config: { access: self },
      schema: {
        tags: ['account'],
        summary:
          'Change my password (signs out my other sessions); needs the current password and, with two-step sign-in on, a current code or recovery code; throttled like sign-in',
        body: changePasswordBody,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await inRequestPart('body', () => changePassword(request.body, requestContext(request, deps), deps.limits));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/me/mfa/enrolment',
    {
      config: { access: self },
      schema: {
        tags: ['account'],
        summary:
          'Start setting up two-step sign-in: a new secret, its otpauth:// URI and a QR code (SVG); replacing an enrolled one needs the password and a current code',
        body: mfaEnrolmentBody,
        response: { 200: mfaEnrolmentSchema },
      },
    },
    async (request) =>
      inRequestPart('body', () => startMfaEnrolment(request.body, requestContext(request, deps), deps.limits)),
  );

  app.post(
    '/me/mfa/confirm',
    {
      config: { access: self },
      schema: {
        tags: ['account'],
        summary: 'Finish set-up with a current code; returns 10 one-time recovery codes (shown once)',
        body: mfaConfirmBody,
        response: { 200: recoveryCodesSchema },
      },
    },
    async (request) => inRequestPart('body', () => confirmMfaEnrolment(request.body, requestContext(request, deps))),
  );

  app.post(
    '/me/reauthenticate',
    {
      // Only those who hand the tablet to a patient for consent (consents.record) take it back this way.
      config: { access: { action: 'consents.record' } },
      schema: {
        tags: ['account'],
        summary:
          "Take the clinic tablet back from a patient: the signed-in staff member's password and, with two-step sign-in on, a current code or recovery code; throttled like sign-in and audited",
        body: reauthenticateBody,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await inRequestPart('body', () => reauthenticate(request.body, requestContext(request, deps), deps.limits));
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/me/mfa',
    {
      config: { access: { action: 'account.self' } },
      schema: {
        tags: ['account'],
        summary:
          'Turn two-step sign-in off (refused for roles that require it); needs the password and a current code or recovery code',
        body: disableMfaBody,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await inRequestPart('body', () => disableMfa(request.body, requestContext(request, deps), deps.limits));
      return reply.code(204).send(null);
    },
  );
};
