-- Scheduled backups (issue 18): one row per run, so every app server (and the admin console) knows when the
-- last verified backup was taken, wherever the job ran. A database-wide record, not a clinic's.
CREATE TABLE backup_runs (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  started_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN ('verified', 'failed')),
  -- where it was written: the directory on the server that ran it, and the file's name in it
  directory text NOT NULL CHECK (length(directory) BETWEEN 1 AND 4096),
  file_name text CHECK (file_name ~ '^ketaclinic-[0-9]{8}T[0-9]{6}Z\.kcbackup\.gz$'),
  bytes bigint CHECK (bytes >= 0),
  table_count integer CHECK (table_count >= 0),
  row_count bigint CHECK (row_count >= 0),
  schema_version integer,
  sha256 text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  error text CHECK (length(error) <= 2000),
  host text NOT NULL CHECK (length(host) BETWEEN 1 AND 300),
  CHECK ((status = 'verified') = (error IS NULL)),
  CHECK (status = 'failed' OR (file_name IS NOT NULL AND bytes IS NOT NULL AND sha256 IS NOT NULL))
);
CREATE INDEX backup_runs_finished ON backup_runs (finished_at DESC);
