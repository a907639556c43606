-- Scheduling (issue 14): chairs and rooms per location, staff working hours, appointment types, and
-- appointments that can never double-book a chair, a member of staff or a patient — enforced here by
-- exclusion constraints on (resource, time range), not only in code. Times are instants (timestamptz);
-- the location's time zone turns them into the clinic's wall clock.

-- btree_gist lets one GiST exclusion constraint combine "same chair" (=) with "overlapping range" (&&).
-- It is a trusted extension: the database owner may create it.
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- A location has its own time zone (null: the organization's) and whole days closed (holidays).
ALTER TABLE locations ADD COLUMN time_zone text CHECK (length(time_zone) BETWEEN 1 AND 64);
ALTER TABLE locations ADD COLUMN closed_dates date[] NOT NULL DEFAULT '{}';
ALTER TABLE locations ADD CONSTRAINT locations_org_id_key UNIQUE (organization_id, id);

-- Treatment chairs and consultation rooms.
CREATE TABLE chairs (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  organization_id uuid NOT NULL,
  location_id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  kind text NOT NULL DEFAULT 'chair' CHECK (kind IN ('chair', 'room')),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  UNIQUE (location_id, name),
  UNIQUE (organization_id, id),
  UNIQUE (location_id, id),
  FOREIGN KEY (organization_id, location_id) REFERENCES locations (organization_id, id)
);

ALTER TABLE users ADD CONSTRAINT users_org_id_key UNIQUE (organization_id, id);

-- When a member of staff works at a location, per ISO weekday (1 = Monday).
CREATE TABLE staff_working_hours (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  organization_id uuid NOT NULL,
  location_id uuid NOT NULL,
  user_id uuid NOT NULL,
  weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  opens time NOT NULL,
  closes time NOT NULL,
  CHECK (opens < closes),
  UNIQUE (user_id, weekday, location_id),
  FOREIGN KEY (organization_id, location_id) REFERENCES locations (organization_id, id),
  FOREIGN KEY (organization_id, user_id) REFERENCES users (organization_id, id)
);
CREATE INDEX staff_working_hours_location_idx ON staff_working_hours (location_id, weekday);

-- What a clinic books; defaults from the protocol (src/domain/scheduling/appointment-types.ts), admins edit.
CREATE TABLE appointment_types (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  organization_id uuid NOT NULL REFERENCES organizations (id),
  kind text NOT NULL
    CHECK (kind IN ('assessment', 'iv_session', 'im_session', 'esketamine_session', 'follow_up', 'telehealth')),
  label text NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
  minutes integer NOT NULL CHECK (minutes BETWEEN 5 AND 720),
  pre_check_minutes integer CHECK (pre_check_minutes BETWEEN 0 AND 240),
  dose_minutes integer CHECK (dose_minutes BETWEEN 0 AND 240),
  observation_minutes integer CHECK (observation_minutes BETWEEN 0 AND 480),
  needs_chair boolean NOT NULL,
  staff_role text CHECK (staff_role IN ('nurse', 'prescriber')),
  prescriber_on_site boolean NOT NULL,
  requires_signed_plan boolean NOT NULL,
  source text NOT NULL DEFAULT '' CHECK (length(source) <= 500),
  active boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  UNIQUE (organization_id, kind),
  UNIQUE (organization_id, id),
  -- A session with phases blocks exactly pre-checks + dose + observation.
  CHECK (
    (pre_check_minutes IS NULL AND dose_minutes IS NULL AND observation_minutes IS NULL)
    OR minutes = pre_check_minutes + dose_minutes + observation_minutes
  )
);

-- A series booked in one action (induction or maintenance), from a signed plan.
CREATE TABLE appointment_series (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  organization_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  plan_id uuid REFERENCES treatment_plans (id),
  kind text NOT NULL CHECK (kind IN ('induction', 'maintenance')),
  -- The spacing rules the series was planned with (SeriesConstraints), for re-planning.
  constraints jsonb NOT NULL,
  preferred_time text NOT NULL CHECK (preferred_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  created_by_user_id uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  UNIQUE (organization_id, id),
  FOREIGN KEY (organization_id, patient_id) REFERENCES patients (organization_id, id)
);

CREATE TABLE appointments (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  organization_id uuid NOT NULL,
  location_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  appointment_type_id uuid NOT NULL,
  kind text NOT NULL,
  chair_id uuid,
  staff_user_id uuid,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  during tstzrange GENERATED ALWAYS AS (tstzrange(starts_at, ends_at, '[)')) STORED,
  status text NOT NULL DEFAULT 'scheduled'
    CHECK (status IN ('scheduled', 'confirmed', 'checked_in', 'in_session', 'recovery', 'discharged', 'cancelled', 'no_show')),
  series_id uuid,
  series_number integer CHECK (series_number > 0),
  plan_id uuid REFERENCES treatment_plans (id),
  companion_name text CHECK (length(companion_name) BETWEEN 1 AND 200),
  confirmed_at timestamptz,
  confirmed_via text CHECK (confirmed_via IN ('link', 'staff')),
  cancel_reason text CHECK (length(cancel_reason) BETWEEN 1 AND 500),
  late_cancel boolean NOT NULL DEFAULT false,
  status_changed_at timestamptz NOT NULL,
  status_changed_by_user_id uuid REFERENCES users (id),
  created_by_user_id uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1,
  CHECK (ends_at > starts_at),
  CHECK ((status = 'cancelled') = (cancel_reason IS NOT NULL)),
  CHECK ((series_id IS NULL) = (series_number IS NULL)),
  FOREIGN KEY (organization_id, patient_id) REFERENCES patients (organization_id, id),
  FOREIGN KEY (organization_id, location_id) REFERENCES locations (organization_id, id),
  FOREIGN KEY (organization_id, appointment_type_id) REFERENCES appointment_types (organization_id, id),
  -- The chair must belong to the appointment's location (and so its organization).
  FOREIGN KEY (location_id, chair_id) REFERENCES chairs (location_id, id),
  FOREIGN KEY (organization_id, staff_user_id) REFERENCES users (organization_id, id),
  FOREIGN KEY (organization_id, series_id) REFERENCES appointment_series (organization_id, id),
  -- Never double-booked, whatever the application does: a chair, a member of staff, a patient.
  CONSTRAINT appointments_chair_no_overlap EXCLUDE USING gist (chair_id WITH =, during WITH &&)
    WHERE (chair_id IS NOT NULL AND status NOT IN ('cancelled', 'no_show')),
  CONSTRAINT appointments_staff_no_overlap EXCLUDE USING gist (staff_user_id WITH =, during WITH &&)
    WHERE (staff_user_id IS NOT NULL AND status NOT IN ('cancelled', 'no_show')),
  CONSTRAINT appointments_patient_no_overlap EXCLUDE USING gist (patient_id WITH =, during WITH &&)
    WHERE (status NOT IN ('cancelled', 'no_show'))
);
CREATE INDEX appointments_location_time_idx ON appointments (location_id, starts_at);
CREATE INDEX appointments_patient_idx ON appointments (patient_id, starts_at);
CREATE INDEX appointments_series_idx ON appointments (series_id) WHERE series_id IS NOT NULL;

-- Idempotency-Key on booking: the same key returns the first result and books nothing twice.
CREATE TABLE schedule_idempotency_keys (
  organization_id uuid NOT NULL REFERENCES organizations (id),
  user_id uuid NOT NULL REFERENCES users (id),
  key text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
  request_hash text NOT NULL,
  status_code integer NOT NULL,
  response jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (organization_id, user_id, key)
);

-- Confirmation links sent to the patient: only a hash of the token is stored; one use, then done.
CREATE TABLE appointment_confirmations (
  token_hash text PRIMARY KEY,
  organization_id uuid NOT NULL,
  appointment_id uuid NOT NULL REFERENCES appointments (id),
  patient_id uuid NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL,
  FOREIGN KEY (organization_id, patient_id) REFERENCES patients (organization_id, id)
);
CREATE INDEX appointment_confirmations_appointment_idx ON appointment_confirmations (appointment_id);

-- Reminders sent: the primary key makes "48 h before" happen once per appointment, whatever the servers.
CREATE TABLE appointment_reminders (
  appointment_id uuid NOT NULL REFERENCES appointments (id),
  kind text NOT NULL CHECK (kind IN ('48h', '24h')),
  sent_at timestamptz NOT NULL,
  email_id uuid,
  PRIMARY KEY (appointment_id, kind)
);

-- Every email the clinic sends. Without SMTP configured it stays here for admins to read (transport 'outbox').
CREATE TABLE email_outbox (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  organization_id uuid NOT NULL REFERENCES organizations (id),
  to_address text NOT NULL CHECK (length(to_address) BETWEEN 3 AND 320),
  subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
  body_text text NOT NULL CHECK (length(body_text) <= 20000),
  kind text NOT NULL CHECK (length(kind) BETWEEN 1 AND 60),
  status text NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'outbox')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text CHECK (length(last_error) <= 1000),
  created_at timestamptz NOT NULL,
  sent_at timestamptz
);
CREATE INDEX email_outbox_org_idx ON email_outbox (organization_id, created_at DESC);

-- Secret, revocable iCalendar feed URLs (per patient, per chair). Only a hash of the token is stored.
CREATE TABLE calendar_feeds (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  organization_id uuid NOT NULL REFERENCES organizations (id),
  token_hash text NOT NULL UNIQUE,
  patient_id uuid,
  chair_id uuid REFERENCES chairs (id),
  created_by_user_id uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  revoked_at timestamptz,
  CHECK ((patient_id IS NULL) <> (chair_id IS NULL)),
  FOREIGN KEY (organization_id, patient_id) REFERENCES patients (organization_id, id)
);
