import type { FastifyInstance } from 'fastify';
import { isDomainError } from '../domain/errors.js';
import { underRequestPart } from './plugins/problem.js';

/** Domain field paths ("/volumeMl") named as request paths ("/body/volumeMl"), for async use-cases. */
export async function inRequestPart<T>(part: 'body' | 'query', fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    return underRequestPart(part, () => {
      throw error;
    });
  }
}

/** A throttled witness confirmation (429) says when to try again, as sign-in does. */
export function retryAfterOnThrottle(app: FastifyInstance): void {
  app.addHook('onError', async (_request, reply, error) => {
    if (isDomainError(error) && error.code === 'rate_limited') {
      const seconds = error.details?.retryAfterSeconds;
      void reply.header('retry-after', String(typeof seconds === 'number' ? seconds : 60));
    }
  });
}
