import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** The OpenAPI 3.1 document, generated from the route schemas (a copy is checked in under docs/api). */
export const openapiRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
};
