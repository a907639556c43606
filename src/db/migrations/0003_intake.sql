-- "Get started" intake (issue 5): what a visitor submits from the public site, the coordinator's work on it,
-- and the patient record an intake becomes. Health answers live only in intakes.answers / scores / flags.

-- The patient record. Issue 6 extends it (assessment, consent, plans); an intake creates it in status 'intake'.
CREATE TABLE patients (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  organization_id uuid NOT NULL REFERENCES organizations (id),
  -- Medical record number, unique within the organization; issued from organizations.next_mrn.
  mrn text NOT NULL CHECK (length(mrn) BETWEEN 1 AND 40),
  given_name text NOT NULL CHECK (length(given_name) BETWEEN 1 AND 100),
  family_name text NOT NULL CHECK (length(family_name) BETWEEN 1 AND 100),
  date_of_birth date NOT NULL,
  email text CHECK (length(email) <= 320),
  phone text CHECK (length(phone) <= 40),
  state text CHECK (length(state) <= 2),
  status text NOT NULL DEFAULT 'intake'
    CHECK (status IN ('intake', 'assessment', 'eligible', 'in_induction', 'maintenance', 'paused', 'discharged')),
  created_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  UNIQUE (organization_id, mrn),
  -- Lets child tables reference (organization_id, id) so a row can never point into another clinic.
  UNIQUE (organization_id, id)
);
CREATE INDEX patients_org_name_idx ON patients (organization_id, lower(family_name), lower(given_name));

-- The next medical record number per organization: the conversion locks the organization row and takes it.
ALTER TABLE organizations ADD COLUMN next_mrn bigint NOT NULL DEFAULT 1 CHECK (next_mrn > 0);

-- users.patient_id (0002) still has no foreign key to patients: portal users are created by issue 6, which
-- adds it together with the portal-account flow (test fixtures create portal users without a patient row today).

CREATE TABLE intakes (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  organization_id uuid NOT NULL REFERENCES organizations (id),
  -- What the visitor is shown and may quote on the phone ("KC-7F3K-9QX2"); carries no meaning.
  reference text NOT NULL UNIQUE CHECK (reference ~ '^KC-[0-9A-Z]{4}-[0-9A-Z]{4}$'),
  status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'contacted', 'converted', 'declined')),
  -- Computed on the server from the answers (domain/intake/urgency.ts), never taken from the client.
  urgent boolean NOT NULL,
  urgent_reasons text[] NOT NULL DEFAULT '{}',
  given_name text NOT NULL CHECK (length(given_name) BETWEEN 1 AND 100),
  family_name text NOT NULL CHECK (length(family_name) BETWEEN 1 AND 100),
  email text NOT NULL CHECK (length(email) BETWEEN 3 AND 320),
  phone text NOT NULL CHECK (length(phone) BETWEEN 7 AND 40),
  date_of_birth date NOT NULL,
  state text NOT NULL CHECK (state ~ '^[A-Z]{2}$'),
  conditions text[] NOT NULL,
  -- { phq9: { phq9_1: 2, … }, gad7: {…}, cssrs_screener?: {…}, pcl5?: {…}, pain_nrs?: {…} }
  answers jsonb NOT NULL,
  -- [{ instrumentId, version, total, severity, flags }] from scoreInstrument
  scores jsonb NOT NULL,
  prescreen jsonb NOT NULL,
  prescreen_flags jsonb NOT NULL,
  medications text NOT NULL DEFAULT '' CHECK (length(medications) <= 2000),
  contact_times text[] NOT NULL DEFAULT '{}',
  contact_method text NOT NULL CHECK (contact_method IN ('phone', 'text', 'email')),
  consent_contact boolean NOT NULL CHECK (consent_contact),
  privacy_notice_version text NOT NULL,
  submitted_at timestamptz NOT NULL,
  assigned_user_id uuid REFERENCES users (id),
  contacted_at timestamptz,
  declined_at timestamptz,
  decline_reason text CHECK (length(decline_reason) <= 1000),
  patient_id uuid REFERENCES patients (id),
  converted_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  CHECK ((status = 'converted') = (patient_id IS NOT NULL)),
  CHECK ((status = 'declined') = (declined_at IS NOT NULL AND decline_reason IS NOT NULL))
);
-- The queue: open intakes, urgent first, then oldest first.
CREATE INDEX intakes_queue_idx ON intakes (organization_id, urgent DESC, submitted_at) WHERE status IN ('new', 'contacted');
CREATE INDEX intakes_org_submitted_idx ON intakes (organization_id, submitted_at);

CREATE TABLE intake_notes (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  intake_id uuid NOT NULL REFERENCES intakes (id),
  organization_id uuid NOT NULL REFERENCES organizations (id),
  author_user_id uuid NOT NULL REFERENCES users (id),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
  created_at timestamptz NOT NULL
);
CREATE INDEX intake_notes_intake_idx ON intake_notes (intake_id, created_at);

-- An assessment appointment a coordinator asks for when converting; issue 6/7 books it into a slot.
CREATE TABLE assessment_requests (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  organization_id uuid NOT NULL REFERENCES organizations (id),
  patient_id uuid NOT NULL REFERENCES patients (id),
  intake_id uuid REFERENCES intakes (id),
  status text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'booked', 'cancelled')),
  requested_by_user_id uuid REFERENCES users (id),
  created_at timestamptz NOT NULL
);
CREATE INDEX assessment_requests_org_idx ON assessment_requests (organization_id, status, created_at);

-- Idempotency for POST /api/v1/intake: the same key returns the same reference and writes nothing twice;
-- the same key with a different body is refused. Keys are kept 24 hours.
CREATE TABLE intake_idempotency_keys (
  organization_id uuid NOT NULL REFERENCES organizations (id),
  key text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
  -- SHA-256 of the canonical request body: compares bodies without storing them twice.
  request_hash text NOT NULL,
  intake_id uuid NOT NULL REFERENCES intakes (id),
  created_at timestamptz NOT NULL,
  PRIMARY KEY (organization_id, key)
);

-- Per-client rate limit on the public intake: fixed windows, shared by every app server.
-- The client is an HMAC of its IP address (an address is personal data; the key is in intake_site_secrets).
CREATE TABLE intake_rate_limits (
  client text NOT NULL,
  window_start timestamptz NOT NULL,
  count integer NOT NULL,
  PRIMARY KEY (client, window_start)
);

-- Server-side secret for the form's fill-time token and the IP hash: one row, shared by every app server,
-- created on first use from PostgreSQL's strong random source (gen_random_uuid) — not here, so that a
-- freshly migrated database stays empty for `ketaclinic restore`.
CREATE TABLE intake_site_secrets (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  secret text NOT NULL CHECK (length(secret) >= 64)
);
