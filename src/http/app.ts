import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type pg from 'pg';
import type { Config } from '../config.js';
import { problem, registerProblemHandlers, sendProblem } from './plugins/problem.js';
import { generateRequestId } from './plugins/request-id.js';
import './access.js';
import { registerWeb } from './plugins/web.js';
import { healthRoutes } from './routes/health.js';
import { openapiRoutes } from './routes/openapi.js';

/** What the HTTP layer needs from the outside world; tests pass their own. */
export interface AppDeps {
  readonly pool: pg.Pool;
  readonly now?: () => Date;
  /** Logger settings; tests pass false. */
  readonly logger?: FastifyServerOptions['logger'];
}

export type App = FastifyInstance;

export const API_PREFIX = '/api/v1';

/** Log lines carry the method and path only: never a query string, a body or a header (no PHI in logs). */
export function loggerOptions(config: Config): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}

/** The single composition root: server, CLI and tests all build the app here. */
export async function buildApp(config: Config, deps: AppDeps): Promise<App> {
  const app = Fastify({
    logger: deps.logger ?? loggerOptions(config),
    genReqId: generateRequestId,
    requestIdHeader: false,
    trustProxy: config.trustProxy,
    bodyLimit: 1_048_576,
    forceCloseConnections: 'idle',
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerProblemHandlers(app);
  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
    // HSTS only means something behind TLS; the proxy in front decides.
    strictTransportSecurity: config.trustProxy,
    referrerPolicy: { policy: 'no-referrer' },
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'ketaclinic API', version: '1', description: 'The HTTP API of ketaclinic. Errors are RFC 9457 problem+json.' },
      servers: [],
    },
    transform: jsonSchemaTransform,
  });

  const routeDeps = { pool: deps.pool, now: deps.now ?? (() => new Date()) };
  await app.register(healthRoutes, routeDeps);
  await app.register(async (api) => {
    await api.register(openapiRoutes);
  }, { prefix: API_PREFIX });

  await registerWeb(app, config.webDir);

  app.setNotFoundHandler((request, reply) => {
    void sendProblem(reply, { ...problem('route_not_found', `No route for ${request.method} ${request.url.split('?')[0]}`), instance: request.id });
  });
  return app;
}
