import type { FastifyInstance } from 'fastify';
import type { DatabasePool } from '../../app/context.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { submitIntake } from '../../app/intake/submit-intake.js';
import { takeRateLimitToken } from '../../app/intake/rate-limit.js';
import { PublicClinic } from '../../app/public-site/public-clinic.js';
import { SiteSecret } from '../../app/public-site/site-secret.js';
import type { Config } from '../../config.js';
import {
  conditionIds,
  contactMethodIds,
  contactTimeIds,
  usStates,
  type PrescreenAnswer,
} from '../../domain/intake/index.js';
import { inRequestPart, problem, sendProblem } from '../plugins/problem.js';
import { requestContext } from '../plugins/auth.js';
import { intakeQueueRoutes } from './intakes.js';
import { renderNotFound, siteRoutes } from './site.js';

/**
 * POST /api/v1/intake — the public "Get started" request. Validated field by field (nothing stored on a
 * 400), rate-limited per client IP in PostgreSQL (429 + Retry-After), spam-resistant (honeypot field and a
 * signed fill-time token), Idempotency-Key honoured. The answer is the reference and nothing else; the
 * log gets neither answers nor the urgency.
 */
const trimmed = (max: number, message: string) =>
  z.string().trim().min(1, message).max(max, `Use at most ${max} characters`);
const answerValue = z.union([z.number(), z.boolean(), z.null()]);
const instrumentAnswers = z.record(z.string().max(40), answerValue);
const stateCodes = usStates.map(([code]) => code) as [string, ...string[]];

export const intakeBody = z.object({
  contact: z.object({
    givenName: trimmed(100, 'Enter your first name'),
    familyName: trimmed(100, 'Enter your last name'),
    email: z
      .string()
      .trim()
      .max(320)
      .pipe(z.email('Enter an email address in the correct format, like name@example.com')),
    phone: z
      .string()
      .trim()
      .max(40)
      .regex(/^\+?[0-9 ().-]{7,}$/, 'Enter a phone number, like 555 010 0199')
      .refine(
        (v) => v.replace(/\D/g, '').length >= 7 && v.replace(/\D/g, '').length <= 15,
        'Enter a phone number with 7 to 15 digits',
      ),
    // The rule (a real date, in the past, an adult) is the domain's: evaluateIntake reports it.
    dateOfBirth: z.string().max(40),
    state: z.enum(stateCodes, 'Choose the state you live in'),
  }),
  conditions: z
    .array(z.enum(conditionIds, 'Choose from the list'))
    .min(1, 'Choose at least one thing that brings you here')
    .max(conditionIds.length)
    .refine((list) => new Set(list).size === list.length, 'Choose each one only once'),
  answers: z.strictObject({
    phq9: instrumentAnswers.optional(),
    cssrs_screener: instrumentAnswers.optional(),
    gad7: instrumentAnswers.optional(),
    pcl5: instrumentAnswers.optional(),
    pain_nrs: instrumentAnswers.optional(),
  }),
  prescreen: z.record(
    z.string().max(60),
    z.enum(['yes', 'no', 'not_sure'] as const satisfies readonly PrescreenAnswer[], 'Choose yes, no or not sure'),
  ),
  medications: z.object({ current: z.string().trim().max(2000, 'Use at most 2000 characters') }),
  contactPreferences: z.object({
    times: z
      .array(z.enum(contactTimeIds, 'Choose from the list'))
      .min(1, 'Choose at least one time we can contact you')
      .max(contactTimeIds.length),
    method: z.enum(contactMethodIds, 'Choose how we should contact you'),
  }),
  consent: z.object({ contact: z.boolean(), privacyNotice: z.boolean() }),
  /** Honeypot: hidden from people (decision 005). */
  website: z.string().max(500).default(''),
  formToken: z.string().max(100),
});

export type IntakeBody = z.infer<typeof intakeBody>;

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
        response: { 201: z.object({ reference: z.string() }) },
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
