-- The treatment session (CLINICAL.md §3, issue 15): check-in, pre-checks and the pre-dose gate, the dose
-- order and its administration, observation (vitals, alerts, CADSS-6, adverse events, notes), discharge,
-- the nurse's signature and the prescriber's co-signature. Signed sessions are immutable; amendments are
-- new rows. Every child row carries organization_id and is scoped by it.

CREATE TABLE treatment_sessions (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  organization_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  -- The signed plan the session was run under (its dose order, route and titration).
  plan_id uuid NOT NULL REFERENCES treatment_plans (id),
  protocol_version_id uuid NOT NULL,
  -- The scheduling appointment, when one exists (walk-in check-in leaves it null); the foreign key is
  -- added once the appointments table exists.
  appointment_id uuid,
  location_id uuid REFERENCES locations (id),
  chair text CHECK (length(chair) BETWEEN 1 AND 60),
  route text NOT NULL CHECK (route IN ('IV', 'IM')),
  -- 1 for the patient's first session, and so on (sessions that ended without a dose do not count).
  dose_number integer CHECK (dose_number > 0),
  clinic_date date NOT NULL,
  phase text NOT NULL DEFAULT 'checked_in'
    CHECK (phase IN ('checked_in', 'pre_checks', 'dosing', 'observation', 'discharged', 'ended_without_dose')),
  checked_in_at timestamptz NOT NULL,
  checked_in_by_user_id uuid REFERENCES users (id),
  -- Companion, fasting, pregnancy test, medication changes, today's weight and questionnaires.
  prechecks jsonb,
  -- The last pre-dose gate result (outcome, holds, overridden holds, warnings), recomputed on every change.
  gate jsonb,
  -- The dose order for today (the plan's dose on today's weight) and how it will be given.
  dose_order jsonb,
  dose_override_reason text CHECK (length(dose_override_reason) BETWEEN 1 AND 2000),
  ordered_by_user_id uuid REFERENCES users (id),
  ordered_at timestamptz,
  -- The pre-dose reading the in-session alerts and discharge compare with (fixed when the dose starts).
  baseline_vitals_id uuid,
  dose_started_at timestamptz,
  dose_ended_at timestamptz,
  -- What the patient actually received: the record keeps this, not the order.
  delivered jsonb,
  discharge jsonb,
  discharged_at timestamptz,
  ended_reason text CHECK (length(ended_reason) BETWEEN 1 AND 2000),
  nurse_signed_by_user_id uuid REFERENCES users (id),
  nurse_signed_at timestamptz,
  cosigned_by_user_id uuid REFERENCES users (id),
  cosigned_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1,
  UNIQUE (organization_id, id),
  FOREIGN KEY (organization_id, patient_id) REFERENCES patients (organization_id, id),
  FOREIGN KEY (organization_id, protocol_version_id) REFERENCES protocol_versions (organization_id, id),
  CHECK ((nurse_signed_at IS NULL) = (nurse_signed_by_user_id IS NULL)),
  CHECK ((cosigned_at IS NULL) = (cosigned_by_user_id IS NULL)),
  CHECK (cosigned_at IS NULL OR nurse_signed_at IS NOT NULL),
  CHECK (nurse_signed_at IS NULL OR phase IN ('discharged', 'ended_without_dose')),
  CHECK ((phase = 'discharged') = (discharged_at IS NOT NULL)),
  CHECK (dose_ended_at IS NULL OR (dose_started_at IS NOT NULL AND dose_ended_at >= dose_started_at)),
  CHECK (phase NOT IN ('observation', 'discharged') OR (dose_ended_at IS NOT NULL AND delivered IS NOT NULL))
);
-- One open session per patient at a time.
CREATE UNIQUE INDEX treatment_sessions_open_idx ON treatment_sessions (patient_id)
  WHERE phase NOT IN ('discharged', 'ended_without_dose');
CREATE INDEX treatment_sessions_board_idx ON treatment_sessions (organization_id, clinic_date);
CREATE INDEX treatment_sessions_patient_idx ON treatment_sessions (patient_id, checked_in_at);

CREATE TABLE session_vitals (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  organization_id uuid NOT NULL,
  session_id uuid NOT NULL,
  taken_at timestamptz NOT NULL,
  -- pre_dose: baseline and repeat readings before the dose; observation: during and after it.
  kind text NOT NULL CHECK (kind IN ('pre_dose', 'observation')),
  systolic_mmhg integer CHECK (systolic_mmhg BETWEEN 50 AND 300),
  diastolic_mmhg integer CHECK (diastolic_mmhg BETWEEN 20 AND 200),
  heart_rate_bpm integer CHECK (heart_rate_bpm BETWEEN 20 AND 250),
  spo2_percent integer CHECK (spo2_percent BETWEEN 50 AND 100),
  respiratory_rate_per_min integer CHECK (respiratory_rate_per_min BETWEEN 4 AND 60),
  temperature_c numeric(3, 1) CHECK (temperature_c BETWEEN 30 AND 45),
  on_room_air boolean NOT NULL DEFAULT true,
  symptomatic boolean NOT NULL DEFAULT false,
  recorded_by_user_id uuid REFERENCES users (id),
  recorded_at timestamptz NOT NULL,
  FOREIGN KEY (organization_id, session_id) REFERENCES treatment_sessions (organization_id, id),
  CHECK (diastolic_mmhg IS NULL OR systolic_mmhg IS NULL OR diastolic_mmhg < systolic_mmhg)
);
CREATE INDEX session_vitals_session_idx ON session_vitals (session_id, taken_at);

-- Alerts the domain raised on a reading; an alert or a stop needs a prescriber to acknowledge it.
CREATE TABLE session_alerts (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  organization_id uuid NOT NULL,
  session_id uuid NOT NULL,
  vitals_id uuid NOT NULL REFERENCES session_vitals (id),
  level text NOT NULL CHECK (level IN ('notice', 'alert', 'stop')),
  vital text NOT NULL CHECK (length(vital) BETWEEN 1 AND 40),
  message text NOT NULL CHECK (length(message) BETWEEN 1 AND 500),
  threshold text NOT NULL CHECK (length(threshold) BETWEEN 1 AND 100),
  source text NOT NULL CHECK (length(source) BETWEEN 1 AND 500),
  raised_at timestamptz NOT NULL,
  acknowledged_by_user_id uuid REFERENCES users (id),
  acknowledged_at timestamptz,
  acknowledgement text CHECK (length(acknowledgement) BETWEEN 1 AND 2000),
  FOREIGN KEY (organization_id, session_id) REFERENCES treatment_sessions (organization_id, id),
  CHECK ((acknowledged_at IS NULL) = (acknowledged_by_user_id IS NULL))
);
CREATE INDEX session_alerts_session_idx ON session_alerts (session_id, raised_at);

-- A prescriber's override: a pre-dose hold (with a reason and, for blood pressure, the repeat reading)
-- or a dose above the protocol's limit.
CREATE TABLE session_overrides (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  organization_id uuid NOT NULL,
  session_id uuid NOT NULL,
  code text NOT NULL CHECK (length(code) BETWEEN 1 AND 60),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
  repeat_vitals_id uuid REFERENCES session_vitals (id),
  by_user_id uuid NOT NULL REFERENCES users (id),
  at timestamptz NOT NULL,
  FOREIGN KEY (organization_id, session_id) REFERENCES treatment_sessions (organization_id, id)
);

-- The infusion as the pump ran it: start, pause, resume, rate change, stop.
CREATE TABLE session_infusion_events (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  organization_id uuid NOT NULL,
  session_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('start', 'pause', 'resume', 'rate_change', 'stop')),
  at timestamptz NOT NULL,
  rate_ml_per_hour numeric(7, 2) CHECK (rate_ml_per_hour > 0 AND rate_ml_per_hour <= 2000),
  volume_infused_ml numeric(7, 2) CHECK (volume_infused_ml >= 0),
  reason text CHECK (length(reason) BETWEEN 1 AND 2000),
  by_user_id uuid NOT NULL REFERENCES users (id),
  recorded_at timestamptz NOT NULL,
  FOREIGN KEY (organization_id, session_id) REFERENCES treatment_sessions (organization_id, id)
);
CREATE INDEX session_infusion_events_session_idx ON session_infusion_events (session_id, at);

-- CADSS-6, adverse events, interventions and notes.
CREATE TABLE session_entries (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  organization_id uuid NOT NULL,
  session_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('cadss6', 'adverse_event', 'intervention', 'note')),
  at timestamptz NOT NULL,
  content jsonb NOT NULL,
  by_user_id uuid NOT NULL REFERENCES users (id),
  recorded_at timestamptz NOT NULL,
  FOREIGN KEY (organization_id, session_id) REFERENCES treatment_sessions (organization_id, id)
);
CREATE INDEX session_entries_session_idx ON session_entries (session_id, at);

-- After signature a session changes only by amendment.
CREATE TABLE session_amendments (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  organization_id uuid NOT NULL,
  session_id uuid NOT NULL,
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
  text text NOT NULL CHECK (length(text) BETWEEN 1 AND 8000),
  by_user_id uuid NOT NULL REFERENCES users (id),
  at timestamptz NOT NULL,
  FOREIGN KEY (organization_id, session_id) REFERENCES treatment_sessions (organization_id, id)
);

-- Idempotency-Key for session writes: the same key from the same user returns the first answer.
CREATE TABLE session_idempotency_keys (
  organization_id uuid NOT NULL REFERENCES organizations (id),
  user_id uuid NOT NULL REFERENCES users (id),
  key text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
  request_hash text NOT NULL,
  status_code integer NOT NULL,
  response jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (organization_id, user_id, key)
);

-- Second wall: a session signed by the nurse may only be co-signed (once); once co-signed, never changed.
CREATE FUNCTION treatment_sessions_signed_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.nurse_signed_at IS NULL THEN
    IF TG_OP = 'DELETE' THEN
      RAISE EXCEPTION 'treatment sessions are never deleted' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.cosigned_at IS NULL AND NEW.cosigned_at IS NOT NULL
     AND (to_jsonb(NEW) - ARRAY['cosigned_at', 'cosigned_by_user_id', 'updated_at', 'version'])
       = (to_jsonb(OLD) - ARRAY['cosigned_at', 'cosigned_by_user_id', 'updated_at', 'version']) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'treatment session % is signed and cannot be changed; amend it', OLD.id USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER treatment_sessions_signed_guard BEFORE UPDATE OR DELETE ON treatment_sessions
  FOR EACH ROW EXECUTE FUNCTION treatment_sessions_signed_guard();

-- The session's record rows: nothing is added to a signed session, nothing recorded is edited or deleted
-- (an alert's acknowledgement is the one update, once).
CREATE FUNCTION session_records_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF EXISTS (SELECT 1 FROM treatment_sessions WHERE id = NEW.session_id AND nurse_signed_at IS NOT NULL) THEN
      RAISE EXCEPTION 'treatment session % is signed; amend it', NEW.session_id USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'session_alerts' THEN
    IF (to_jsonb(OLD) ->> 'acknowledged_at') IS NULL
       AND (to_jsonb(NEW) - ARRAY['acknowledged_at', 'acknowledged_by_user_id', 'acknowledgement'])
         = (to_jsonb(OLD) - ARRAY['acknowledged_at', 'acknowledged_by_user_id', 'acknowledgement']) THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'session records are append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER session_vitals_guard BEFORE INSERT OR UPDATE OR DELETE ON session_vitals
  FOR EACH ROW EXECUTE FUNCTION session_records_guard();
CREATE TRIGGER session_alerts_guard BEFORE INSERT OR UPDATE OR DELETE ON session_alerts
  FOR EACH ROW EXECUTE FUNCTION session_records_guard();
CREATE TRIGGER session_overrides_guard BEFORE INSERT OR UPDATE OR DELETE ON session_overrides
  FOR EACH ROW EXECUTE FUNCTION session_records_guard();
CREATE TRIGGER session_infusion_events_guard BEFORE INSERT OR UPDATE OR DELETE ON session_infusion_events
  FOR EACH ROW EXECUTE FUNCTION session_records_guard();
CREATE TRIGGER session_entries_guard BEFORE INSERT OR UPDATE OR DELETE ON session_entries
  FOR EACH ROW EXECUTE FUNCTION session_records_guard();
