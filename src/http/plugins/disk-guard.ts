import type { FastifyInstance } from 'fastify';
import { describeDisk } from '../../app/ops/disk-space.js';
import type { SystemStatusSource } from '../../app/ops/system-status.js';
import { problem, sendProblem } from './problem.js';

/**
 * Refuses new uploads while the disk holding the database is nearly full (issue 18), before the body is
 * read: an upload route is one that accepts bodies larger than the default limit (documents, later
 * photos). Ordinary writes go on, so the clinic keeps working while an admin frees space.
 */
export function registerDiskGuard(
  app: FastifyInstance,
  system: SystemStatusSource | undefined,
  defaultLimit: number,
): void {
  if (!system) return;
  // Synchronous (decision 027): every POST passes through it.
  app.addHook('preParsing', (request, reply, payload, done) => {
    if (request.method !== 'POST' && request.method !== 'PUT') return done(null, payload);
    if ((request.routeOptions.bodyLimit ?? defaultLimit) <= defaultLimit) return done(null, payload);
    const disk = system.diskNow();
    if (!disk?.refuseUploads) return done(null, payload);
    request.log.warn(`upload refused: ${describeDisk(disk)}`);
    void reply.header('retry-after', '3600');
    void sendProblem(reply, {
      ...problem(
        'insufficient_storage',
        'The disk holding the clinic database is nearly full, so new uploads are refused until an administrator frees space. Nothing was stored; everything else keeps working.',
      ),
      instance: request.id,
    });
  });
}
