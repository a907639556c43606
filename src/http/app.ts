import cookie from '@fastify/cookie';
import type { DatabasePool } from '../app/context.js';
import Fastify, {
  LogController,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { LoginLimits } from '../app/identity/rate-limit.js';
import type { SystemStatusSource } from '../app/ops/system-status.js';
import type { Config } from '../config.js';
import { openapiComponents, transformDocument, transformRoute } from './openapi-conventions.js';
import { registerAuth, type AuthDeps } from './plugins/auth.js';
import {
  clientErrorHandler,
  frameworkErrorHandler,
  registerHardening,
  registerResponseHeaders,
} from './plugins/hardening.js';
import { registerDiskGuard } from './plugins/disk-guard.js';
import { problem, registerProblemHandlers, sendProblem } from './plugins/problem.js';
import { generateRequestId } from './plugins/request-id.js';
import './access.js';
import { registerWeb } from './plugins/web.js';
import { collectRoutes } from './route-table.js';
import { responseSerializerCompiler } from './response-serializer.js';
import { assessmentRoutes } from './routes/assessments.js';
import { auditRoutes } from './routes/audit.js';
import { worklistRoutes } from './routes/worklist.js';
import { measurementRoutes } from './routes/measurements.js';
import { prettyStream } from './log-format.js';
import { setupRoutes } from './routes/setup.js';
import { createSetupGate, type SetupGate } from '../app/setup/first-run.js';
import { authRoutes } from './routes/auth.js';
import { consentRoutes } from './routes/consents.js';
import { controlledSubstanceRecordRoutes } from './routes/controlled-substance-records.js';
import { controlledSubstanceRoutes } from './routes/controlled-substances.js';
import { healthRoutes } from './routes/health.js';
import { registerIntake } from './routes/intake.js';
import { instrumentRoutes } from './routes/instruments.js';
import { meRoutes } from './routes/me.js';
import { openapiRoutes } from './routes/openapi.js';
import { patientDocumentRoutes } from './routes/patient-documents.js';
import { patientRoutes } from './routes/patients.js';
import { planRoutes } from './routes/plans.js';
import { portalRoutes } from './routes/portal.js';
import { portalAccountRoutes } from './routes/portal-account.js';
import { portalPageRoutes } from './routes/portal-pages.js';
import { protocolRoutes } from './routes/protocols.js';
import { questionnaireRoutes } from './routes/questionnaires.js';
import { scheduleFeedRoutes, scheduleRoutes } from './routes/schedule.js';
import { sessionRoutes } from './routes/sessions.js';
import { systemRoutes } from './routes/system.js';
import { userRoutes } from './routes/users.js';

/** What the HTTP layer needs from the outside world; tests pass their own. */
export interface AppDeps {
  readonly pool: DatabasePool;
  readonly now?: () => Date;
  /** Logger settings; tests pass false. */
  readonly logger?: FastifyServerOptions['logger'];
  /** Sign-in throttling (tests lower it); default 5 failures per account, 50 per IP, in 15 min. */
  readonly loginLimits?: LoginLimits;
  /** The installation's health (disk, embedded database, backups) for the admin's console; the server passes it. */
  readonly system?: SystemStatusSource;
  /** The first-run setup code holder; the server opens it on an empty database and prints the code. */
  readonly setup?: SetupGate;
  /** Serialize every response with the Zod contract as well and fail on any difference (the test tiers). */
  readonly checkResponses?: boolean;
  /**
   * Build the OpenAPI document from the route schemas (`npm run openapi`, the drift test). Otherwise
   * `/api/v1/openapi.json` serves the checked-in copy, which that test keeps identical: generating it in the server
   * kept it in memory for the life of the process (6–7 MB more resident after the first request; now 0–1).
   */
  readonly generateOpenapi?: boolean;
}

export type App = FastifyInstance;

export const API_PREFIX = '/api/v1';

/** Log lines carry the method and path only: never a query string, a body or a header (no PHI in logs). */
export function loggerOptions(config: Config): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    // Readable lines at a terminal, JSON otherwise (a service manager or log collector reads those).
    ...(process.stdout.isTTY ? { stream: prettyStream(process.stdout) } : {}),
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({
        id: req.id,
        method: req.method,
        path: req.url.split('?')[0],
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}

function trustHops(hops: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < hops;
}

/** Request lines at debug: a newcomer's terminal shows what matters, not every click. Errors stay at error. */
class QuietRequestLogs extends LogController {
  override incomingRequest(): void {}
  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) reply.log.error({ res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else
      request.log.debug({ req: request, res: reply, responseTime: Math.round(reply.elapsedTime) }, 'request completed');
  }
}

/** The single composition root: server, CLI and tests all build the app here. */
const BODY_LIMIT = 1_048_576;

export async function buildApp(config: Config, deps: AppDeps): Promise<App> {
  const app = Fastify({
    logger: deps.logger ?? loggerOptions(config),
    genReqId: generateRequestId,
    requestIdHeader: false,
    // A hop count trusts the nearest n proxies (proxy-addr's meaning of a number); a list trusts those addresses.
    trustProxy:
      config.trustProxy === false
        ? false
        : typeof config.trustProxy === 'number'
          ? trustHops(config.trustProxy)
          : [...config.trustProxy],
    bodyLimit: BODY_LIMIT,
    forceCloseConnections: 'idle',
    routerOptions: { ignoreTrailingSlash: true },
    // Errors raised before any route runs get the same problem+json and security headers (issue 9).
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
    // One line per request, at debug (LOG_LEVEL=debug shows them); a few clicks are not a screenful of logs.
    logController: new QuietRequestLogs(),
  }).withTypeProvider<ZodTypeProvider>();

  collectRoutes(app);
  app.setValidatorCompiler(validatorCompiler);
  // Responses by serializers compiled once from each route's contract (decision 027).
  app.setSerializerCompiler(responseSerializerCompiler({ check: deps.checkResponses ?? false }));
  registerProblemHandlers(app);
  registerHardening(app);
  // Security headers (helmet's, computed once) and the request id: one synchronous hook (decision 027).
  registerResponseHeaders(app, { hsts: config.behindProxy });
  // Graceful shutdown: requests in flight when close() starts still finish, and their keep-alive
  // connections are then closed instead of holding the process open until the client's idle timeout.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) void reply.header('connection', 'close');
    done(null, payload);
  });

  // Only `npm run openapi` builds the document; a running server streams the checked-in file and never
  // loads the generator (or the YAML library it brings).
  if (deps.generateOpenapi)
    await app.register((await import('@fastify/swagger')).default, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'ketaclinic API',
          version: '1',
          description: 'The HTTP API of ketaclinic. Errors are RFC 9457 problem+json.',
        },
        servers: [{ url: '/', description: 'The ketaclinic server that serves this document' }],
        components: openapiComponents,
      },
      transform: transformRoute,
      transformObject: transformDocument,
    });

  const routeDeps = { pool: deps.pool, now: deps.now ?? (() => new Date()) };
  const authDeps: AuthDeps = {
    ...routeDeps,
    session: { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours },
    secureCookies: config.behindProxy,
  };
  await app.register(cookie);
  registerAuth(app, authDeps);
  registerDiskGuard(app, deps.system, BODY_LIMIT);
  await app.register(healthRoutes, routeDeps);
  await app.register(
    async (api) => {
      await api.register(openapiRoutes, { generated: deps.generateOpenapi === true });
      await api.register(authRoutes, { ...authDeps, limits: deps.loginLimits });
      await api.register(meRoutes, { ...authDeps, limits: deps.loginLimits });
      await api.register(userRoutes, authDeps);
      await api.register(auditRoutes, authDeps);
      await api.register(systemRoutes, { ...authDeps, system: deps.system });
      await api.register(worklistRoutes, authDeps);
      await api.register(setupRoutes, { ...authDeps, setup: deps.setup ?? createSetupGate() });
      await api.register(instrumentRoutes);
      for (const chart of [
        patientRoutes,
        patientDocumentRoutes,
        assessmentRoutes,
        consentRoutes,
        planRoutes,
        protocolRoutes,
        portalRoutes,
        scheduleRoutes,
        controlledSubstanceRoutes,
        controlledSubstanceRecordRoutes,
        sessionRoutes,
        measurementRoutes,
      ])
        await api.register(chart, authDeps);
      await api.register(scheduleFeedRoutes, { ...authDeps, publicUrl: config.publicUrl });
      await api.register(portalAccountRoutes, {
        ...authDeps,
        mail: { publicUrl: config.publicUrl, smtp: Boolean(config.smtpUrl) },
      });
      await api.register(portalPageRoutes, authDeps);
      await api.register(questionnaireRoutes, {
        ...authDeps,
        publicUrl: config.publicUrl,
        smtp: config.smtpUrl !== undefined,
      });
    },
    { prefix: API_PREFIX },
  );

  const notFoundPage = await registerIntake(app, config, routeDeps);
  await registerWeb(app, config.webDir);

  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    // A person's browser asking for a page gets the site's "page not found"; the API and tools get problem+json.
    const wantsPage =
      (request.method === 'GET' || request.method === 'HEAD') &&
      !path.startsWith(API_PREFIX) &&
      (request.headers.accept ?? '').includes('text/html');
    if (wantsPage)
      return reply
        .code(404)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send(await notFoundPage());
    return sendProblem(reply, {
      ...problem('route_not_found', `No route for ${request.method} ${path}`),
      instance: request.id,
    });
  });
  return app;
}
