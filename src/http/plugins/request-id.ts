import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Request ids: a caller's `X-Request-Id` is kept when it looks like an id (so a proxy's id follows
 * the request through the logs); anything else is replaced, so a header can never inject text into
 * the log. Every response carries the id back.
 */
const acceptable = /^[A-Za-z0-9._-]{8,64}$/;

export function generateRequestId(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && acceptable.test(incoming) ? incoming : crypto.randomUUID();
}
