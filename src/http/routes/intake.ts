import type { FastifyInstance } from 'fastify';
import type { DatabasePool } from '../../app/context.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { submitIntake } from '../../app/intake/submit-intake.js';
import { takeRateLimitToken } from '../../app/intake/rate-limit.js';
import { PublicClinic } from '../../app/public-site/public-clinic.js';
import { SiteSecret } from '../../app/public-site/site-secret.js';
import type { Config } from '../../config.js';
import { intakeBody, intakeReceiptSchema } from '../../contracts/intake.js';
import { inRequestPart, problem, sendProblem } from '../plugins/problem.js';
import { requestContext } from '../plugins/auth.js';
import { intakeQueueRoutes } from './intakes.js';
import { renderNotFound, siteRoutes } from './site.js';

/**
 * POST /api/v1/intake — the public "Get started" request. Validated field by field (nothing stored on a
 * 400), rate-limited per client IP in PostgreSQL (429 + Retry-After), spam-resistant (honeypot field and a
 * signed fill-time token), Idempotency-Key honoured. The answer is the reference and nothing else; the
 * log gets neither answers nor the urgency. The body's shape is the contract's (src/contracts/intake.ts).
 */
export interface IntakeRouteDeps {
  readonly pool: DatabasePool;
  readonly now: () => Date;
  readonly config: Config;
  readonly secret: SiteSecret;
  readonly clinic: PublicClinic;
}

export const publicIntakeRoutes: FastifyPluginAsyncZod<IntakeRouteDeps> = async (app, deps) => {
  const policy = { limit: deps.config.intakeRateLimitPerHour, windowSeconds: 3600 };

  app.post(
    '/intake',
    {
      config: { access: 'public' },
      schema: {
        tags: ['intake'],
        summary: 'Submit a "Get started" request from the public site',
        description:
          'Public. Returns a reference only. Rate-limited per client (429 with Retry-After). An Idempotency-Key makes a retry safe: the same key and body return the same reference; the same key with another body is refused (422 idempotency_key_reused).',
        headers: z.object({ 'idempotency-key': z.string().min(1).max(200).optional() }),
        body: intakeBody,
        response: { 201: intakeReceiptSchema },
      },
      onRequest: async (request, reply) => {
        const result = await takeRateLimitToken(deps.pool, deps.secret, request.ip, policy, deps.now());
        if (!result.allowed) {
          void reply.header('retry-after', String(result.retryAfterSeconds));
          return sendProblem(reply, {
            ...problem(
              'rate_limited',
              `Too many requests from this connection. Try again in ${Math.ceil(result.retryAfterSeconds / 60)} minutes, or call the clinic.`,
            ),
            instance: request.id,
          });
        }
        return undefined;
      },
    },
    async (request, reply) => {
      const { website, formToken, ...submission } = request.body;
      const ctx = requestContext(request, deps);
      // The body is the submission with the form token and the honeypot beside it: the use-case's paths
      // ("/contact/email", "/formToken") are the body's.
      const result = await inRequestPart('body', () =>
        submitIntake(
          { submission, honeypot: website, formToken, idempotencyKey: request.headers['idempotency-key'] },
          ctx,
          {
            secret: deps.secret,
            clinic: deps.clinic,
            minFillMs: deps.config.intakeMinFillSeconds * 1000,
            mail: { smtp: deps.config.smtpUrl !== undefined, publicUrl: deps.config.publicUrl },
          },
        ),
      );
      if (result.kind === 'dropped') request.log.info({ reason: result.reason }, 'intake dropped as spam');
      else request.log.info({ replayed: result.replayed }, 'intake stored');
      return reply.code(201).send({ reference: result.reference });
    },
  );
};

/**
 * Everything issue 5 adds to the app, registered from buildApp in one call: the server-rendered public
 * site at the root, the public intake and the staff queue under /api/v1. They share one site secret.
 */
/** Registers the public site and intake routes; returns the site's "page not found" renderer. */
export async function registerIntake(
  app: FastifyInstance,
  config: Config,
  deps: { pool: DatabasePool; now: () => Date },
): Promise<() => Promise<string>> {
  const secret = new SiteSecret(deps.pool);
  const clinic = new PublicClinic(deps.pool, config.publicOrganizationId);
  await app.register(siteRoutes, { ...deps, config, secret, clinic });
  await app.register(
    async (api) => {
      await api.register(publicIntakeRoutes, { ...deps, config, secret, clinic });
      await api.register(intakeQueueRoutes, deps);
    },
    { prefix: '/api/v1' },
  );
  return () => renderNotFound({ clinic, now: deps.now });
}
