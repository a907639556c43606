import type { FastifyInstance } from 'fastify';
import { isDomainError } from '../domain/errors.js';

/** Domain field paths ("/volumeMl") named as request paths ("/body/volumeMl"), for async use-cases. */
export { inRequestPart } from './plugins/problem.js';

/** A throttled witness confirmation (429) says when to try again, as sign-in does. */
export function retryAfterOnThrottle(app: FastifyInstance): void {
  app.addHook('onError', async (_request, reply, error) => {
    if (isDomainError(error) && error.code === 'rate_limited') {
      const seconds = error.details?.retryAfterSeconds;
      void reply.header('retry-after', String(typeof seconds === 'number' ? seconds : 60));
    }
  });
}
