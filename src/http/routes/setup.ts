import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { setUpClinic, setupNeeded, type SetupGate } from '../../app/setup/first-run.js';
import { requestContext, type AuthDeps } from '../plugins/auth.js';

const text = (max: number) => z.string().trim().min(1).max(max);

/** First run: "Set up your clinic" on an empty database, guarded by the code the server printed. */
export const setupRoutes: FastifyPluginAsyncZod<AuthDeps & { setup: SetupGate }> = async (app, deps) => {
  app.get(
    '/setup',
    {
      config: { access: 'public' },
      schema: {
        tags: ['setup'],
        summary: 'Whether this installation still needs its clinic set up (an empty database)',
        response: { 200: z.object({ needed: z.boolean() }) },
      },
    },
    async (request) => ({ needed: await setupNeeded(requestContext(request, deps)) }),
  );

  app.post(
    '/setup',
    {
      config: { access: 'public' },
      schema: {
        tags: ['setup'],
        summary: 'Create the clinic, its first site and its first administrator (once, with the one-time setup code)',
        body: z.object({
          setupCode: text(40),
          clinic: z.object({
            name: text(200),
            phone: z
              .string()
              .trim()
              .regex(/^[0-9 ()+.-]{7,25}$/, 'Enter a phone number, like (555) 010-0100'),
            email: z.email().max(254).nullable().optional(),
            timeZone: text(64),
            address: z.object({
              line1: text(200),
              line2: z.string().trim().max(200).nullable().optional(),
              city: text(100),
              state: z
                .string()
                .trim()
                .regex(/^[A-Za-z]{2}$/, 'Enter the two-letter state, like OR'),
              postalCode: z
                .string()
                .trim()
                .regex(/^\d{5}(-\d{4})?$/, 'Enter a ZIP code, like 97201'),
            }),
          }),
          admin: z.object({ name: text(200), email: z.email().max(254), password: z.string().max(1000) }),
        }),
        response: { 201: z.object({ organizationId: z.uuid(), adminEmail: z.string() }) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const result = await setUpClinic(
        {
          setupCode: b.setupCode,
          clinic: {
            name: b.clinic.name,
            phone: b.clinic.phone,
            email: b.clinic.email ?? null,
            timeZone: b.clinic.timeZone,
            address: {
              ...b.clinic.address,
              state: b.clinic.address.state.toUpperCase(),
              line2: b.clinic.address.line2 || null,
            },
          },
          admin: b.admin,
        },
        deps.setup,
        requestContext(request, deps),
      );
      return reply.code(201).send(result);
    },
  );
};
