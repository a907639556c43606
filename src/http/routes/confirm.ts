import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { confirmByLink, readConfirmation } from '../../app/scheduling/confirmations.js';
import { errorCatalogue, isDomainError } from '../../domain/errors.js';
import type { PageInput } from '../../site/layout.js';
import { confirmDonePage, confirmFormPage, confirmProblemPage } from '../../site/pages/confirm.js';
import { resolveSession } from '../../app/identity/sessions.js';
import type { AppContext } from '../../app/context.js';
import { requestContext, SESSION_COOKIE, type AuthDeps } from '../plugins/auth.js';

/**
 * The public confirmation page a reminder links to (/confirm/<token>): a plain HTML form that works
 * without JavaScript. The token is the only key; it is single-use and expires at the appointment.
 * A bad link gets a page naming the problem with its 4xx status, and nothing is stored.
 */
export interface ConfirmPageDeps {
  readonly pool: AuthDeps['pool'];
  readonly now: () => Date;
  readonly send: (reply: FastifyReply, page: PageInput) => Promise<FastifyReply>;
}

const params = z.object({ token: z.string().max(100) });

export async function confirmationPages(app: FastifyInstance, deps: ConfirmPageDeps): Promise<void> {
  // Form posts from this page only (application/x-www-form-urlencoded), in this plugin's scope.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 4096 },
    (_r, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    },
  );

  const problem = async (reply: FastifyReply, error: unknown): Promise<FastifyReply> => {
    if (!isDomainError(error)) throw error;
    const status = errorCatalogue[error.code].status;
    return deps.send(reply.code(status), confirmProblemPage(error.message, errorCatalogue[error.code].title));
  };
  // The page is public; a signed-in portal patient is recognised so that someone else's link is refused.
  const ctx = async (request: FastifyRequest): Promise<AppContext> => {
    const base = requestContext(request, deps);
    const resolved = await resolveSession(deps.pool, request.cookies[SESSION_COOKIE], base.now);
    return resolved.status === 'active' ? { ...base, principal: resolved.principal } : base;
  };

  app.get('/confirm/:token', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const { token } = params.parse(request.params);
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    try {
      return await deps.send(reply, confirmFormPage(token, await readConfirmation(token, await ctx(request))));
    } catch (error) {
      return problem(reply, error);
    }
  });

  app.post('/confirm/:token', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const { token } = params.parse(request.params);
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    const body = (request.body ?? {}) as Record<string, unknown>;
    const companionName = typeof body.companionName === 'string' ? body.companionName : '';
    try {
      return await deps.send(reply, confirmDonePage(await confirmByLink(token, { companionName }, await ctx(request))));
    } catch (error) {
      if (isDomainError(error) && error.code === 'validation_failed') {
        try {
          const view = await readConfirmation(token, await ctx(request));
          return await deps.send(
            reply.code(400),
            confirmFormPage(token, view, { companionName, message: error.errors[0]?.message ?? error.message }),
          );
        } catch (inner) {
          return problem(reply, inner);
        }
      }
      return problem(reply, error);
    }
  });
}
