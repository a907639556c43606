-- Hardening (issue 9): one email key for sign-in, lookup and uniqueness; atomic sign-in throttling;
-- audit rows the app role cannot pre-seal; a second admin confirms prescribing grants.

-- 1. The email key: the domain's normaliseEmail (NFKC, one case fold) written by the app with every email.
-- Existing rows are keyed here; every address stored so far passed an ASCII email check, for which
-- this expression and the domain function agree (decision 013).
ALTER TABLE users ADD COLUMN email_key text;
UPDATE users SET email_key = lower(normalize(btrim(email), NFKC));
ALTER TABLE users ALTER COLUMN email_key SET NOT NULL;
ALTER TABLE users ADD CONSTRAINT users_email_key_length CHECK (length(email_key) BETWEEN 1 AND 400);
DROP INDEX users_org_email_idx;
DROP INDEX users_email_idx;
CREATE UNIQUE INDEX users_org_email_key_idx ON users (organization_id, email_key);
CREATE INDEX users_email_key_idx ON users (email_key);

-- 2. Sign-in attempts per key ("account:<email key>", "ip:<address>", "totp:<user id>"), counted
-- with one INSERT … ON CONFLICT … RETURNING before any password or code is checked, so concurrent
-- attempts cannot all pass the check. A fixed window per key: the count restarts once it has passed.
CREATE TABLE login_attempts (
  key text PRIMARY KEY CHECK (length(key) <= 500),
  window_started_at timestamptz NOT NULL,
  attempts integer NOT NULL CHECK (attempts >= 0)
);
CREATE INDEX login_attempts_window_idx ON login_attempts (window_started_at);
DROP TABLE login_failures;

-- 3. The app role writes audit rows only with their content columns: it cannot choose an id, a
-- chain position or a hash (the sealer's UPDATE of those stays granted). The guard also refuses a
-- pre-sealed row from any role but the table's owner (which restores backups).
CREATE OR REPLACE FUNCTION audit_log_insert_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.seq IS NOT NULL OR NEW.hash IS NOT NULL OR NEW.prev_hash IS NOT NULL OR NEW.sealed_at IS NOT NULL)
     AND current_user <> (SELECT tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename = 'audit_log') THEN
    RAISE EXCEPTION 'audit_log entries are sealed by the sealer, never written sealed' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER audit_log_insert_guard BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_insert_guard();

-- 4. A prescribing grant waits for a second admin (or the person's own confirmation is not enough:
-- another admin of the organization confirms). One open request per user.
CREATE TABLE role_grant_requests (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  organization_id uuid NOT NULL REFERENCES organizations (id),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  roles text[] NOT NULL CHECK (roles <@ ARRAY['admin', 'prescriber', 'nurse', 'coordinator']::text[]),
  requested_by uuid NOT NULL REFERENCES users (id),
  requested_at timestamptz NOT NULL,
  decided_by uuid REFERENCES users (id),
  decided_at timestamptz,
  decision text CHECK (decision IN ('confirmed', 'cancelled')),
  CHECK ((decided_at IS NULL) = (decision IS NULL) AND (decided_at IS NULL) = (decided_by IS NULL)),
  CHECK (decided_by IS NULL OR decision = 'cancelled' OR decided_by <> requested_by)
);
CREATE UNIQUE INDEX role_grant_requests_open_idx ON role_grant_requests (user_id) WHERE decided_at IS NULL;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ketaclinic_app') THEN
    REVOKE INSERT ON audit_log FROM ketaclinic_app;
    GRANT INSERT (occurred_at, organization_id, actor_user_id, actor_roles, action, resource_type, resource_id,
                  patient_id, ip, user_agent, outcome, details) ON audit_log TO ketaclinic_app;
  END IF;
END
$$;

-- 5. A portal account's name is the chart's given and family names (up to 100 each) with a space:
-- the account's limit now holds it (it was 200, so long names gave a constraint error).
ALTER TABLE users DROP CONSTRAINT users_name_check;
ALTER TABLE users ADD CONSTRAINT users_name_check CHECK (length(name) BETWEEN 1 AND 201);
