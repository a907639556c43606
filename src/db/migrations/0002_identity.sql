-- Identity, sessions, login throttling and the tamper-evident audit log (issue 3).
-- The database role ketaclinic_app (decision 004) is what the server runs as: normal DML everywhere,
-- but on audit_log only INSERT, SELECT and the one-time sealing UPDATE of the seal columns.

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  organization_id uuid NOT NULL REFERENCES organizations (id),
  email text NOT NULL CHECK (length(email) BETWEEN 3 AND 320 AND position('@' IN email) > 1),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kind text NOT NULL CHECK (kind IN ('staff', 'patient')),
  roles text[] NOT NULL DEFAULT '{}' CHECK (roles <@ ARRAY['admin', 'prescriber', 'nurse', 'coordinator']::text[]),
  -- The patient record a portal user belongs to. The patients table arrives in a later migration, which
  -- adds the foreign key; until then this is a plain uuid.
  patient_id uuid,
  password_hash text NOT NULL,
  must_change_password boolean NOT NULL DEFAULT false,
  active boolean NOT NULL DEFAULT true,
  -- Base32 TOTP secret (never returned by the API). Pending = enrolment started, not yet confirmed.
  mfa_secret text,
  mfa_pending_secret text,
  mfa_enabled boolean NOT NULL DEFAULT false,
  -- Replay protection: the RFC 6238 time step of the last accepted code; a code at or before it is refused.
  mfa_last_step bigint,
  last_login_at timestamptz,
  password_changed_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  CHECK ((kind = 'patient') = (patient_id IS NOT NULL)),
  CHECK (kind = 'staff' OR cardinality(roles) = 0),
  CHECK (NOT mfa_enabled OR mfa_secret IS NOT NULL)
);
CREATE UNIQUE INDEX users_org_email_idx ON users (organization_id, lower(email));
-- Login looks a person up by email alone.
CREATE INDEX users_email_idx ON users (lower(email));
CREATE UNIQUE INDEX users_patient_idx ON users (patient_id) WHERE patient_id IS NOT NULL;

CREATE TABLE user_recovery_codes (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- SHA-256 of a random 50-bit code: enough against a stolen table, and a lookup by hash needs no salt.
  code_hash text NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, code_hash)
);

CREATE TABLE sessions (
  -- SHA-256 (hex) of the random token in the cookie: a stolen table cannot be replayed as cookies.
  id text PRIMARY KEY CHECK (length(id) = 64),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  idle_timeout_seconds integer NOT NULL CHECK (idle_timeout_seconds > 0),
  revoked_at timestamptz,
  ip inet,
  user_agent text
);
CREATE INDEX sessions_user_idx ON sessions (user_id) WHERE revoked_at IS NULL;

-- Failed sign-in attempts, keyed by "account:<email>" and "ip:<address>". In PostgreSQL so that every
-- app server sees the same counts.
CREATE TABLE login_failures (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key text NOT NULL,
  occurred_at timestamptz NOT NULL
);
CREATE INDEX login_failures_key_idx ON login_failures (key, occurred_at);

CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  occurred_at timestamptz NOT NULL,
  organization_id uuid,
  actor_user_id uuid,
  actor_roles text[] NOT NULL DEFAULT '{}',
  action text NOT NULL CHECK (length(action) BETWEEN 1 AND 100),
  resource_type text CHECK (length(resource_type) <= 100),
  resource_id text CHECK (length(resource_id) <= 200),
  patient_id uuid,
  ip inet,
  user_agent text CHECK (length(user_agent) <= 500),
  outcome text NOT NULL CHECK (outcome IN ('success', 'denied', 'failed')),
  -- Machine details without PHI (ids, reasons, changed field names — never values a patient typed).
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- Seal: chain position assigned by the sealer (commit order, not id order), the previous entry's hash
  -- and this entry's hash. NULL until sealed.
  seq bigint UNIQUE,
  prev_hash text,
  hash text,
  sealed_at timestamptz,
  CHECK ((seq IS NULL) = (hash IS NULL) AND (hash IS NULL) = (prev_hash IS NULL) AND (hash IS NULL) = (sealed_at IS NULL))
);
CREATE INDEX audit_log_unsealed_idx ON audit_log (id) WHERE hash IS NULL;
CREATE INDEX audit_log_org_idx ON audit_log (organization_id, id);
CREATE INDEX audit_log_patient_idx ON audit_log (patient_id, id) WHERE patient_id IS NOT NULL;
CREATE INDEX audit_log_actor_idx ON audit_log (actor_user_id, id) WHERE actor_user_id IS NOT NULL;

-- Second wall, for every role including the owner: a row may be updated exactly once, to seal it, and
-- nothing but the seal columns may change; no row may be deleted; the table may not be truncated.
-- (A superuser can still disable the trigger; the hash chain is what catches that — verify-audit.)
CREATE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF OLD.hash IS NULL AND NEW.hash IS NOT NULL
       AND (NEW.id, NEW.occurred_at, NEW.organization_id, NEW.actor_user_id, NEW.actor_roles, NEW.action,
            NEW.resource_type, NEW.resource_id, NEW.patient_id, NEW.ip, NEW.user_agent, NEW.outcome, NEW.details)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.occurred_at, OLD.organization_id, OLD.actor_user_id, OLD.actor_roles, OLD.action,
            OLD.resource_type, OLD.resource_id, OLD.patient_id, OLD.ip, OLD.user_agent, OLD.outcome, OLD.details)
    THEN
      RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only: entry % cannot be changed', OLD.id USING ERRCODE = 'insufficient_privilege';
  END IF;
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_guard BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_guard();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_guard();

-- The application role. Cluster-wide, so created only when missing; several databases (tests, a second
-- checkout) may migrate at once, hence the duplicate handlers. Without CREATEROLE (some managed
-- servers) the migration still succeeds, says so, and the trigger above remains the wall (decision 004).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ketaclinic_app') THEN
    BEGIN
      CREATE ROLE ketaclinic_app NOLOGIN;
    EXCEPTION
      WHEN duplicate_object OR unique_violation THEN NULL;
      WHEN insufficient_privilege THEN
        RAISE NOTICE 'cannot create role ketaclinic_app (no CREATEROLE); the app will run as %', current_user;
    END;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ketaclinic_app') THEN
    GRANT USAGE ON SCHEMA public TO ketaclinic_app;
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ketaclinic_app;
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ketaclinic_app;
    -- Tables of later migrations (run by the same owner) get the same grants.
    ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ketaclinic_app;
    ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ketaclinic_app;
    REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migrations FROM ketaclinic_app;
    REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM ketaclinic_app;
    GRANT UPDATE (seq, prev_hash, hash, sealed_at) ON audit_log TO ketaclinic_app;
    -- The owner must be able to SET ROLE ketaclinic_app (a superuser always can).
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
       AND NOT pg_has_role(current_user, 'ketaclinic_app', 'MEMBER') THEN
      BEGIN
        EXECUTE format('GRANT ketaclinic_app TO %I', current_user);
      EXCEPTION WHEN insufficient_privilege OR duplicate_object OR unique_violation THEN
        RAISE NOTICE 'cannot grant ketaclinic_app to %; grant it by hand (decision 004)', current_user;
      END;
    END IF;
  END IF;
END
$$;
