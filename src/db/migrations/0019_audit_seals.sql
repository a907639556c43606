-- Audit seals in their own append-only table (decision 030).
--
-- An audit entry used to be sealed by an UPDATE of its own row: a second heap version, six index entries again
-- (the chain position and the "unsealed" partial index changed), the guard trigger, and a dead version for
-- vacuum, for every audited request. The seal is now a row of audit_seals, written once by the sealer; an
-- audit entry is inserted and never touched again.
--
-- How the sealer finds what to seal without a per-row "unsealed" mark: every entry records the transaction
-- that wrote it (xact). The sealer remembers a horizon: every entry of a transaction older than it has been
-- sealed (or was never committed). Each pass reads the oldest transaction still running (the snapshot's xmin)
-- and seals the entries of transactions from the horizon up to the newest, then moves the horizon to that
-- xmin. No row is missed: a transaction that has not yet written has an id above that xmin.

CREATE TABLE audit_seals (
  -- Chain position: 1, 2, 3 … in the order the sealer saw entries commit.
  seq bigint PRIMARY KEY CHECK (seq > 0),
  audit_id bigint NOT NULL UNIQUE,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  sealed_at timestamptz NOT NULL
);

INSERT INTO audit_seals (seq, audit_id, prev_hash, hash, sealed_at)
  SELECT seq, id, prev_hash, hash, sealed_at FROM audit_log WHERE seq IS NOT NULL;

-- One row at most. No row: the sealer's next pass reads the whole log (after this migration, or a restore).
CREATE TABLE audit_seal_horizon (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  xact xid8 NOT NULL
);

-- audit_log: never updated any more, by anyone.
DROP TRIGGER audit_log_insert_guard ON audit_log;
DROP FUNCTION audit_log_insert_guard();
CREATE OR REPLACE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    RAISE EXCEPTION 'audit_log is append-only: entry % cannot be changed', OLD.id USING ERRCODE = 'insufficient_privilege';
  END IF;
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
-- Drops the chain-position unique index, the "unsealed" partial index and the seal CHECK with them.
ALTER TABLE audit_log DROP COLUMN seq, DROP COLUMN prev_hash, DROP COLUMN hash, DROP COLUMN sealed_at;
-- Entries written before this migration carry 0: the first pass reads them all.
ALTER TABLE audit_log ADD COLUMN xact xid8 NOT NULL DEFAULT '0';
ALTER TABLE audit_log ALTER COLUMN xact SET DEFAULT pg_current_xact_id();
CREATE INDEX audit_log_xact_idx ON audit_log (xact);

-- audit_seals: a seal is written once and never changed or removed.
CREATE FUNCTION audit_seals_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_seals is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_seals_guard BEFORE UPDATE OR DELETE ON audit_seals FOR EACH ROW EXECUTE FUNCTION audit_seals_guard();
CREATE TRIGGER audit_seals_no_truncate BEFORE TRUNCATE ON audit_seals FOR EACH STATEMENT EXECUTE FUNCTION audit_seals_guard();

-- The app role seals (INSERT) and reads; it cannot change or remove a seal, nor choose an entry's xact
-- (its INSERT on audit_log stays limited to the content columns, migration 0007).
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ketaclinic_app') THEN
    REVOKE UPDATE, DELETE, TRUNCATE ON audit_seals FROM ketaclinic_app;
    GRANT SELECT, INSERT ON audit_seals TO ketaclinic_app;
    REVOKE DELETE, TRUNCATE ON audit_seal_horizon FROM ketaclinic_app;
    GRANT SELECT, INSERT, UPDATE ON audit_seal_horizon TO ketaclinic_app;
  END IF;
END
$$;
