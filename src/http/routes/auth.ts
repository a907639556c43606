import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { login, logout } from '../../app/identity/login.js';
import type { LoginLimits } from '../../app/identity/rate-limit.js';
import { DomainError, isDomainError } from '../../domain/errors.js';
import { clearSessionCookie, requestContext, setSessionCookie, type AuthDeps } from '../plugins/auth.js';
import { sameOrigin } from '../plugins/csrf.js';
import { loginBody, loginResultSchema } from '../../contracts/identity.js';

/** Sign-in and sign-out. Both are public: there is no session yet (or it is being ended). */
export const authRoutes: FastifyPluginAsyncZod<AuthDeps & { limits?: LoginLimits | undefined }> = async (app, deps) => {
  app.post(
    '/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with email, password and (when enabled) a TOTP or recovery code',
        body: loginBody,
        response: { 200: loginResultSchema },
      },
    },
    async (request, reply) => {
      if (!sameOrigin(request)) throw new DomainError('csrf_invalid', 'Sign in from this site.');
      const ctx = requestContext(request, deps);
      try {
        const result = await login({ ...request.body, previousSessionId: request.presentedSessionId }, ctx, {
          session: deps.session,
          limits: deps.limits,
        });
        setSessionCookie(reply, result.token, deps);
        return { user: result.me, csrfToken: result.me.csrfToken };
      } catch (error) {
        if (isDomainError(error) && error.code === 'rate_limited') {
          const seconds = error.details?.retryAfterSeconds;
          void reply.header('retry-after', String(typeof seconds === 'number' ? seconds : 60));
        }
        throw error;
      }
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { access: 'public' },
      schema: { tags: ['auth'], summary: 'Sign out: the session ends on the server', response: { 204: z.null() } },
    },
    async (request, reply) => {
      if (!sameOrigin(request)) throw new DomainError('csrf_invalid', 'Sign out from this site.');
      await logout({ ...requestContext(request, deps), sessionId: request.presentedSessionId });
      clearSessionCookie(reply, deps);
      return reply.code(204).send(null);
    },
  );
};
