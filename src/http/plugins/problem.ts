import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { DomainError, errorCatalogue, isDomainError, type ErrorCode, type FieldError } from '../../domain/errors.js';
import { databaseProblem, isTransactionConflict, logDatabaseFault, RETRY_AFTER_SECONDS } from './database-problem.js';

/**
 * The one place where errors become HTTP: RFC 9457 problem+json with a stable `code` from the
 * domain catalogue and, for validation, `errors: [{ path, message }]`. Nothing below HTTP throws
 * HTTP; nothing a caller sends produces a 500 or a stack trace.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export const problemType = (code: ErrorCode): string => `/problems/${code}`;

export function problem(code: ErrorCode, detail: string, extra: Partial<Problem> = {}): Problem {
  const entry = errorCatalogue[code];
  return { type: problemType(code), title: entry.title, status: entry.status, detail, code, ...extra };
}

export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  return reply.code(body.status).type('application/problem+json; charset=utf-8').send(body);
}

/**
 * Use-cases and domain rules name fields relative to their own input ("/answers/phq9_9"); when that input
 * is a part of the request, the route says which ("/body/answers/phq9_9"), as schema validation does.
 * This is the one place the prefix is added. A path already naming a request part ("/params/id") is left
 * as it is: a use-case may refer to the id it was called with.
 */
const requestParts = ['/body/', '/query/', '/params/'];
type Renames = Readonly<Record<string, string>>;
function prefixed(part: 'body' | 'query' | 'params', error: unknown, renames: Renames = {}): unknown {
  if (!isDomainError(error) || !error.errors.length) return error;
  return new DomainError(error.code, error.message, {
    errors: error.errors.map((e) => ({
      path: requestParts.some((p) => e.path.startsWith(p)) ? e.path : `/${part}${renames[e.path] ?? e.path}`,
      message: e.message,
    })),
    ...(error.details ? { details: { ...error.details } } : {}),
  });
}

export function underRequestPart<T>(part: 'body' | 'query' | 'params', fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw prefixed(part, error);
  }
}

/**
 * `underRequestPart` for an async use-case. `renames` maps an input field to the request field it was
 * decoded from (the use-case's "/content" bytes came as "/contentBase64").
 */
export async function inRequestPart<T>(
  part: 'body' | 'query' | 'params',
  fn: () => Promise<T>,
  renames?: Renames,
): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw prefixed(part, error, renames);
  }
}

const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'validation_failed',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'validation_failed',
  FST_ERR_CTP_INVALID_JSON_BODY: 'validation_failed',
  FST_ERR_VALIDATION: 'validation_failed',
  FST_ERR_MAX_PARAM_LENGTH: 'uri_too_long',
  FST_ERR_BAD_URL: 'validation_failed',
  FST_ERR_ASYNC_CONSTRAINT: 'validation_failed',
};

const byStatus: Partial<Record<number, ErrorCode>> = {
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  408: 'request_timeout',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  431: 'header_too_large',
};

/** "/body/answers/phq9_1" from a validation context and a JSON pointer. */
function fieldPath(context: string | undefined, instancePath: string): string {
  // Fastify calls the query string "querystring"; our paths say "query", as the domain's do.
  const part = context === 'querystring' ? 'query' : (context ?? 'body');
  return `/${part}${instancePath}`;
}

export function toProblem(error: FastifyError, request: FastifyRequest): Problem {
  if (isDomainError(error)) {
    return problem(error.code, error.message, {
      ...(error.errors.length ? { errors: [...error.errors] } : {}),
      ...(error.details ? { details: error.details } : {}),
    });
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = error.validation.map((v) => ({
      path: fieldPath(error.validationContext, v.instancePath),
      message: v.message ?? 'invalid',
    }));
    return problem(
      'validation_failed',
      `${errors.length} field${errors.length === 1 ? '' : 's'} need${errors.length === 1 ? 's' : ''} attention`,
      { errors },
    );
  }
  if (isResponseSerializationError(error)) {
    request.log.error({ err: error, route: request.routeOptions.url }, 'response did not match its schema');
    return problem('internal_error', 'The server could not produce a valid response.');
  }
  // A database refusal of a value (SQLSTATE class 22, data exception, or 23, integrity constraint)
  // is the caller's input meeting a limit some check above missed: a 4xx, never a 500. Logged, since
  // it means a schema and the database disagree.
  const sqlState = (error as { code?: unknown }).code;
  if (typeof sqlState === 'string' && /^2[23][0-9A-Z]{3}$/.test(sqlState) && !(error instanceof SyntaxError)) {
    request.log.warn({ sqlState, route: request.routeOptions.url }, 'database refused a value');
    return sqlState === '23505' || sqlState === '23P01'
      ? problem('conflict', 'This conflicts with an existing record.')
      : problem('validation_failed', 'A value is outside what the clinic record can hold.');
  }
  const mapped = fastifyCodes[error.code];
  // A body that is not JSON at all, or empty where JSON was announced: the whole body is the field at fault.
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    const message = error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? 'The body is empty' : 'The body is not valid JSON';
    return problem('validation_failed', `${message}.`, { errors: [{ path: '/body', message }] });
  }
  if (mapped) return problem(mapped, error.message);
  if (
    error instanceof SyntaxError ||
    (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500)
  ) {
    const status = error.statusCode ?? 400;
    const code: ErrorCode = byStatus[status] ?? 'validation_failed';
    // 401 from a plugin (none today) stays 401; everything else gets its catalogue code and status.
    return { ...problem(code, status === 403 ? 'This resource is not available.' : error.message), status };
  }
  const database = databaseProblem(error);
  if (database) {
    if (isTransactionConflict(error))
      request.log.warn({ sqlState, route: request.routeOptions.url }, 'transaction failed by a concurrent one');
    else logDatabaseFault(request.log, error);
    return database;
  }
  request.log.error({ err: error }, 'unhandled error');
  return problem('internal_error', 'Something went wrong on our side. The request id identifies it in the server log.');
}

export function registerProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const body = toProblem(error, request);
    body.instance = request.id;
    if (body.status === 503 || body.status === 507) void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    void sendProblem(reply, body);
  });
}
