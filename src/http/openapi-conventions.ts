import type { SwaggerTransform, SwaggerTransformObject } from '@fastify/swagger';
import type { FastifySchema } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import type { OpenAPIV3_1 } from 'openapi-types';
import { SESSION_COOKIE } from './plugins/auth.js';
import { CSRF_HEADER } from './plugins/csrf.js';

/**
 * What the OpenAPI document says beyond the route schemas, so that it passes `redocly lint` with the
 * recommended rules (redocly.yaml, run by `npm run lint`): how a caller authenticates (the session
 * cookie; the CSRF header on every request that changes state), one operationId per operation, and
 * the problem+json answer every operation may give.
 */
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `POST /api/v1/patients/{id}/plans/{planId}/sign` → `postPatientsByIdPlansByPlanIdSign`. */
export function operationIdFor(method: string, url: string): string {
  const words = url
    .replace(/^\/api\/v1/, '')
    .split('/')
    .filter(Boolean)
    .map((part) => {
      const param = /^[{:](\w+)}?$/.exec(part);
      const word = (param ? `by-${param[1] ?? ''}` : part).replace(/[-_.](\w)/g, (_m, c: string) => c.toUpperCase());
      return word.charAt(0).toUpperCase() + word.slice(1);
    });
  return method.toLowerCase() + words.join('');
}

export const transformRoute: SwaggerTransform = (args) => {
  const result = jsonSchemaTransform(args);
  const methods = Array.isArray(args.route.method) ? args.route.method : [args.route.method];
  const method = methods.find((m) => m !== 'HEAD') ?? 'GET';
  const access = args.route.config?.access;
  const given = result.schema as FastifySchema & { operationId?: string };
  const security =
    access === 'public' || access === undefined
      ? []
      : safeMethods.has(method)
        ? [{ sessionCookie: [] }]
        : [{ sessionCookie: [], csrfToken: [] }];
  return {
    ...result,
    schema: { ...given, operationId: given.operationId ?? operationIdFor(method, result.url), security },
  };
};

/** Security schemes and the shared problem+json response, given to @fastify/swagger up front. */
export const openapiComponents: OpenAPIV3_1.ComponentsObject = {
  securitySchemes: {
    sessionCookie: {
      type: 'apiKey',
      in: 'cookie',
      name: SESSION_COOKIE,
      description: 'The session cookie set by POST /api/v1/auth/login (HttpOnly, SameSite=Lax).',
    },
    csrfToken: {
      type: 'apiKey',
      in: 'header',
      name: CSRF_HEADER,
      description:
        "The session's CSRF token (from login and GET /api/v1/me), required on every request that changes state.",
    },
  },
  responses: {
    Problem: {
      description:
        'The request was refused: invalid input (400, with `errors: [{path, message}]`), not signed in (401), not allowed (403), not found (404), a stale version (409), too many attempts (429).',
      content: {
        'application/problem+json': {
          schema: {
            type: 'object',
            required: ['type', 'title', 'status', 'code'],
            properties: {
              type: { type: 'string' },
              title: { type: 'string' },
              status: { type: 'integer' },
              code: { type: 'string', description: 'Stable machine-readable reason.' },
              detail: { type: 'string' },
              instance: { type: 'string' },
              errors: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['path', 'message'],
                  properties: { path: { type: 'string' }, message: { type: 'string' } },
                },
              },
            },
          },
        },
      },
    },
  },
};

interface Operation {
  responses?: Record<string, unknown>;
}

export const transformDocument: SwaggerTransformObject = (document) => {
  const openapi = ('openapiObject' in document ? document.openapiObject : {}) as Record<string, unknown> & {
    paths?: Record<string, Record<string, Operation>>;
    components?: Record<string, unknown>;
  };
  for (const item of Object.values(openapi.paths ?? {}))
    for (const operation of Object.values(item)) {
      const responses = (operation.responses ??= {});
      if (!Object.keys(responses).some((code) => code.startsWith('4')))
        responses['4XX'] = { $ref: '#/components/responses/Problem' };
    }
  return openapi;
};
