import { DomainError } from '../../domain/errors.js';

/**
 * The intake queue's page cursor: the sort keys of the last intake shown (urgent, submitted at, id), as
 * base64url JSON. Opaque to the client; decoded and checked here, never trusted.
 *
 * `at` is PostgreSQL's own text of the timestamp (microseconds): a JavaScript Date keeps only
 * milliseconds, and a cursor rounded to them could skip or repeat an intake submitted in the same
 * millisecond.
 */
export interface QueueCursor {
  readonly urgent: boolean;
  readonly at: string;
  readonly id: string;
}

const timestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeQueueCursor(c: QueueCursor): string {
  return Buffer.from(JSON.stringify({ u: c.urgent, t: c.at, i: c.id }), 'utf8').toString('base64url');
}

export function decodeQueueCursor(cursor: string): QueueCursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null) {
      const { u, t, i } = parsed as Record<string, unknown>;
      if (
        typeof u === 'boolean' &&
        typeof t === 'string' &&
        timestamp.test(t) &&
        !Number.isNaN(Date.parse(t)) &&
        typeof i === 'string' &&
        uuid.test(i)
      ) {
        return { urgent: u, at: t, id: i };
      }
    }
  } catch {
    // not base64url JSON: the same answer as a well-formed cursor with the wrong content
  }
  throw new DomainError('validation_failed', 'The cursor is not valid; start from the first page.', {
    errors: [{ path: '/query/cursor', message: 'not a cursor from this list' }],
  });
}
