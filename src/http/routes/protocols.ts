import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createProtocolVersion, listProtocolVersions, type ProtocolVersion } from '../../app/protocols/protocols.js';
import { requestContext, type AuthDeps } from '../plugins/auth.js';
import { protocolVersionSchema } from '../../contracts/protocols.js';

/** The clinic protocol's versions: every member of staff reads them (thresholds with sources); admins add versions. */
const wire = (v: ProtocolVersion): z.infer<typeof protocolVersionSchema> => ({
  ...v,
  protocol: v.protocol as unknown as Record<string, unknown>,
  createdAt: v.createdAt.toISOString(),
});

export const protocolRoutes: FastifyPluginAsyncZod<AuthDeps> = async (app, deps) => {
  app.get(
    '/protocols',
    {
      config: { access: { action: 'clinic_settings.read' } },
      schema: {
        tags: ['protocols'],
        summary: 'The current protocol and every version, newest first',
        response: { 200: z.object({ current: protocolVersionSchema, versions: z.array(protocolVersionSchema) }) },
      },
    },
    async (request) => {
      const { current, versions } = await listProtocolVersions(requestContext(request, deps));
      return { current: wire(current), versions: versions.map(wire) };
    },
  );

  app.post(
    '/protocols',
    {
      config: { access: { action: 'protocol.manage' } },
      schema: {
        tags: ['protocols'],
        summary: 'Save a new protocol version (validated; 409 when a newer version was saved meanwhile)',
        body: z.object({
          protocol: z.record(z.string(), z.unknown()),
          changeNote: z.string().trim().min(1, 'Say what changed').max(1000),
          basedOnNumber: z.number().int().min(1),
        }),
        response: { 201: protocolVersionSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(wire(await createProtocolVersion(request.body, requestContext(request, deps)))),
  );
};
