import fs from 'node:fs';
import path from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { projectRoot } from '../../paths.js';

/** The checked-in OpenAPI document (`npm run openapi`; test/unit/openapi-drift.test.ts keeps it current). */
export const openapiDocumentPath = path.join(projectRoot, 'docs', 'api', 'openapi.json');

/**
 * The OpenAPI 3.1 document of the route schemas: generated (`generated`, for `npm run openapi`), or else the
 * checked-in copy, streamed from disk so that the server holds none of it between requests.
 */
export const openapiRoutes: FastifyPluginAsyncZod<{ generated: boolean }> = async (app, options) => {
  app.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    if (options.generated) return app.swagger();
    return reply.type('application/json; charset=utf-8').send(fs.createReadStream(openapiDocumentPath));
  });
};
