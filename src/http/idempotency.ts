import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app/context.js';
import { idempotentIfKeyed, type IdempotentResult } from '../app/idempotency.js';
import { inRequestPart } from './request-part.js';

/** The request's Idempotency-Key header, if it sent one. */
export function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const header = request.headers['idempotency-key'];
  return typeof header === 'string' ? header : undefined;
}

/** What a key is bound to: the same request again is a replay; another with the key is refused. */
export function idempotentRequest(request: FastifyRequest): { method: string; url: string; body: unknown } {
  return { method: request.method, url: request.url, body: request.body ?? null };
}

/** Sends a keyed write's answer; a replay says so in `Idempotent-Replayed: true`. */
export function sendIdempotent<T>(reply: FastifyReply, result: IdempotentResult<T>): FastifyReply {
  if (result.replayed) void reply.header('idempotent-replayed', 'true');
  return reply.code(result.statusCode).send(result.body);
}

/**
 * A write that takes an Idempotency-Key when the client sends one (the console does, one per entry): a retry
 * gets the first answer and records nothing twice. The use-case's field paths are named as body paths.
 */
export async function keyedWrite<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  ctx: AppContext,
  statusCode: number,
  fn: (ctx: AppContext) => Promise<T>,
  /** Use-case field paths named differently in the body (e.g. "/content" → "/contentBase64"). */
  renames?: Readonly<Record<string, string>>,
): Promise<FastifyReply> {
  // A malformed key is refused by `idempotent` itself, at /headers/idempotency-key (outside the body's paths).
  const result = await idempotentIfKeyed(ctx, idempotencyKeyOf(request), idempotentRequest(request), statusCode, (tx) =>
    inRequestPart('body', () => fn(tx), renames),
  );
  return sendIdempotent(reply, result);
}
