import type { KeyedRecord } from '../../db/repositories/controlled-substances/ledger.js';
import { DomainError } from '../../domain/errors.js';

/**
 * An Idempotency-Key on a ledger write is bound to the request it was first sent with: its hash
 * (`requestHash` of the method, URL and body, src/app/idempotency.ts) is stored with the key. The same
 * request again is answered with the first record; another request with the key is refused and writes
 * nothing. A hash unknown on either side matches: a key stored before migration 0021, or a key the server
 * derives itself for a session's write (the session checks its own request).
 */
export function sameRequest(first: KeyedRecord, requestHash: string | null): string {
  if (first.requestHash !== null && requestHash !== null && first.requestHash !== requestHash) {
    throw new DomainError(
      'idempotency_key_reused',
      'This Idempotency-Key was already used for a different request; send a new key.',
    );
  }
  return first.id;
}
