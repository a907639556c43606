-- An Idempotency-Key on a ledger write is bound to its request.
--
-- Receipts, ledger entries (administrations, wastes) and counts stored only the key: the same key sent again
-- with another body (another volume, another delivery) was answered with the first record and the second request
-- was lost without a word. Each now stores the hash of its request (method, URL, body; src/app/idempotency.ts
-- `requestHash`) with the key: the same request again replays the first answer; another is refused
-- (422 idempotency_key_reused) and writes nothing.
--
-- Rows written before this migration, and keys the server derives itself (a session's dose and wastes), keep
-- NULL: the request is unknown, and a repeat of the key replays as before. Adding a nullable column rewrites no
-- row, so the append-only triggers are not involved.

ALTER TABLE cs_receipts ADD COLUMN request_hash text CHECK (request_hash ~ '^[0-9a-f]{64}$');
ALTER TABLE cs_ledger_entries ADD COLUMN request_hash text CHECK (request_hash ~ '^[0-9a-f]{64}$');
ALTER TABLE cs_counts ADD COLUMN request_hash text CHECK (request_hash ~ '^[0-9a-f]{64}$');
