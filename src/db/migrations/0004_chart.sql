-- The patient chart (issue 6): demographics and contacts, allergies, diagnoses, medications, vitals,
-- questionnaire results, the clinic protocol's versions, the initial assessment and its eligibility
-- sign-off, consent templates and signed consents, and versioned treatment plans.
-- Signed documents are immutable (DESIGN.md "Data rules"): triggers below are the second wall behind the
-- use-cases; an amendment is a new row that points at the original.

-- Demographics, contacts and the current body measurements on the patient row. Clinical lists live in
-- their own tables. `sex` is sex assigned at birth, used only for ideal/adjusted body weight (dosing).
ALTER TABLE patients
  ADD COLUMN preferred_name text CHECK (length(preferred_name) <= 100),
  ADD COLUMN sex text CHECK (sex IN ('female', 'male')),
  ADD COLUMN gender_identity text CHECK (length(gender_identity) <= 100),
  ADD COLUMN address_line1 text CHECK (length(address_line1) <= 200),
  ADD COLUMN address_line2 text CHECK (length(address_line2) <= 200),
  ADD COLUMN city text CHECK (length(city) <= 100),
  ADD COLUMN postal_code text CHECK (length(postal_code) <= 20),
  ADD COLUMN emergency_contact_name text CHECK (length(emergency_contact_name) <= 200),
  ADD COLUMN emergency_contact_phone text CHECK (length(emergency_contact_phone) <= 40),
  ADD COLUMN emergency_contact_relationship text CHECK (length(emergency_contact_relationship) <= 100),
  -- The usual companion/driver: labels require a responsible adult to take the patient home (CLINICAL.md §3).
  ADD COLUMN companion_name text CHECK (length(companion_name) <= 200),
  ADD COLUMN companion_phone text CHECK (length(companion_phone) <= 40),
  ADD COLUMN companion_relationship text CHECK (length(companion_relationship) <= 100),
  ADD COLUMN height_cm numeric(5, 1) CHECK (height_cm BETWEEN 100 AND 250),
  ADD COLUMN weight_kg numeric(5, 1) CHECK (weight_kg BETWEEN 20 AND 350),
  ADD COLUMN measured_at timestamptz,
  -- { disorderSeverity, nonPrescribedUseLast4Weeks, alcohol, cannabis, other, notes }
  ADD COLUMN substance_use jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- Ketamine-relevant history: { hypertension, cardiovascular, aneurysmOrAvm, raisedIntracranialPressure, … }
  ADD COLUMN medical_history jsonb NOT NULL DEFAULT '{}'::jsonb,
  ADD COLUMN status_changed_at timestamptz,
  ADD COLUMN updated_at timestamptz;
CREATE INDEX patients_org_dob_idx ON patients (organization_id, date_of_birth);
CREATE INDEX patients_org_status_idx ON patients (organization_id, status);

CREATE TABLE patient_allergies (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  organization_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  substance text NOT NULL CHECK (length(substance) BETWEEN 1 AND 200),
  reaction text CHECK (length(reaction) <= 500),
  severity text NOT NULL CHECK (severity IN ('mild', 'moderate', 'severe', 'unknown')),
  recorded_by_user_id uuid REFERENCES users (id),
  recorded_at timestamptz NOT NULL,
  removed_at timestamptz,
  FOREIGN KEY (organization_id, patient_id) REFERENCES patients (organization_id, id)
);
CREATE INDEX patient_allergies_patient_idx ON patient_allergies (patient_id);

CREATE TABLE patient_diagnoses (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  organization_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  icd10 text NOT NULL CHECK (icd10 ~ '^[A-Z][0-9]{2}(\.[0-9A-Z]{1,4})?$'),
  label text NOT NULL CHECK (length(label) BETWEEN 1 AND 300),
  is_primary boolean NOT NULL DEFAULT false,
  recorded_by_user_id uuid REFERENCES users (id),
  recorded_at timestamptz NOT NULL,
  removed_at timestamptz,
  FOREIGN KEY (organization_id, patient_id) REFERENCES patients (organization_id, id)
);
CREATE INDEX patient_diagnoses_patient_idx ON patient_diagnoses (patient_id);

CREATE TABLE patient_medications (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  organization_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  dose_text text CHECK (length(dose_text) <= 200),
  daily_mg numeric(8, 3) CHECK (daily_mg >= 0),
  -- Computed by the domain (src/domain/chart/medications.ts) from the name and daily mg.
  benzodiazepine boolean NOT NULL DEFAULT false,
  lorazepam_eq_mg_per_day numeric(8, 3) CHECK (lorazepam_eq_mg_per_day >= 0),
  maoi boolean NOT NULL DEFAULT false,
  recorded_by_user_id uuid REFERENCES users (id),
  recorded_at timestamptz NOT NULL,
  stopped_at timestamptz,
  FOREIGN KEY (organization_id, patient_id) REFERENCES patients (organization_id, id)
);
CREATE INDEX patient_medications_patient_idx ON patient_medications (patient_id);

CREATE TABLE patient_vitals (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  organization_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  recorded_at timestamptz NOT NULL,
  context text NOT NULL DEFAULT 'clinic' CHECK (context IN ('clinic', 'assessment', 'session', 'home')),
  systolic_mmhg integer CHECK (systolic_mmhg BETWEEN 50 AND 300),
  diastolic_mmhg integer CHECK (diastolic_mmhg BETWEEN 20 AND 200),
  heart_rate_bpm integer CHECK (heart_rate_bpm BETWEEN 20 AND 250),
  spo2_percent integer CHECK (spo2_percent BETWEEN 50 AND 100),
  respiratory_rate_per_min integer CHECK (respiratory_rate_per_min BETWEEN 4 AND 60),
  weight_kg numeric(5, 1) CHECK (weight_kg BETWEEN 20 AND 350),
  height_cm numeric(5, 1) CHECK (height_cm BETWEEN 100 AND 250),
  recorded_by_user_id uuid REFERENCES users (id),
  FOREIGN KEY (organization_id, patient_id) REFERENCES patients (organization_id, id)
);
CREATE INDEX patient_vitals_patient_idx ON patient_vitals (patient_id, recorded_at);

-- Scored questionnaires (scoreInstrument); intake scores stay on intakes and are shown beside these.
CREATE TABLE questionnaire_results (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  organization_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  instrument_id text NOT NULL CHECK (length(instrument_id) BETWEEN 1 AND 40),
  instrument_version text NOT NULL,
  total integer,
  severity_id text,
  severity_label text,
  flags text[] NOT NULL DEFAULT '{}',
  answers jsonb NOT NULL,
  context text NOT NULL DEFAULT 'baseline' CHECK (context IN ('baseline', 'pre_session', 'follow_up')),
  completed_at timestamptz NOT NULL,
  recorded_by_user_id uuid REFERENCES users (id),
  FOREIGN KEY (organization_id, patient_id) REFERENCES patients (organization_id, id)
);
CREATE INDEX questionnaire_results_patient_idx ON questionnaire_results (patient_id, completed_at);

-- The clinic protocol, versioned: a new version never changes what an older assessment or plan used.
CREATE TABLE protocol_versions (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  organization_id uuid NOT NULL REFERENCES organizations (id),
  number integer NOT NULL CHECK (number > 0),
  -- The ClinicProtocol JSON (src/domain/protocol/clinic-protocol.ts); its "version" is the label.
  protocol jsonb NOT NULL,
  label text NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
  change_note text CHECK (length(change_note) <= 1000),
  created_by_user_id uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  UNIQUE (organization_id, number),
  UNIQUE (organization_id, id)
);

CREATE TABLE assessments (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  organization_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'signed')),
  -- The EligibilityInput (src/domain/eligibility/eligibility-input.ts) as the prescriber filled it in.
  input jsonb NOT NULL,
  goals text NOT NULL DEFAULT '' CHECK (length(goals) <= 4000),
  notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 8000),
  -- Baseline questionnaire results the prescriber relied on.
  baseline_result_ids uuid[] NOT NULL DEFAULT '{}',
  protocol_version_id uuid NOT NULL,
  -- Set at signing: the domain's result (decision, findings with sources) and the prescriber's decision.
  result jsonb,
  decision text CHECK (decision IN ('eligible', 'eligible_with_clearance', 'not_eligible')),
  clearance_note text CHECK (length(clearance_note) <= 2000),
  not_eligible_reason text CHECK (length(not_eligible_reason) <= 2000),
  -- When the prescriber's decision is less restrictive than the domain's proposal.
  override_reason text CHECK (length(override_reason) <= 2000),
  signed_by_user_id uuid REFERENCES users (id),
  signed_at timestamptz,
  amends_assessment_id uuid REFERENCES assessments (id),
  amendment_reason text CHECK (length(amendment_reason) <= 2000),
  created_by_user_id uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1,
  FOREIGN KEY (organization_id, patient_id) REFERENCES patients (organization_id, id),
  FOREIGN KEY (organization_id, protocol_version_id) REFERENCES protocol_versions (organization_id, id),
  CHECK ((status = 'signed') = (signed_at IS NOT NULL AND signed_by_user_id IS NOT NULL AND decision IS NOT NULL AND result IS NOT NULL)),
  CHECK ((amends_assessment_id IS NULL) = (amendment_reason IS NULL))
);
CREATE INDEX assessments_patient_idx ON assessments (patient_id, created_at);

CREATE TABLE consent_templates (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  organization_id uuid NOT NULL REFERENCES organizations (id),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1,
  UNIQUE (organization_id, title),
  UNIQUE (organization_id, id)
);

-- Each edit of a template is a new row; a signed consent points at the exact version the patient read.
CREATE TABLE consent_template_versions (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  organization_id uuid NOT NULL,
  template_id uuid NOT NULL,
  number integer NOT NULL CHECK (number > 0),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 50000),
  created_by_user_id uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  UNIQUE (template_id, number),
  UNIQUE (organization_id, id),
  FOREIGN KEY (organization_id, template_id) REFERENCES consent_templates (organization_id, id)
);

CREATE TABLE consents (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  organization_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  template_version_id uuid NOT NULL,
  signed_name text NOT NULL CHECK (length(signed_name) BETWEEN 1 AND 200),
  signature_kind text NOT NULL CHECK (signature_kind IN ('click', 'drawn')),
  -- A drawn signature as SVG path data (bounded); null for a click signature.
  signature_drawing text CHECK (length(signature_drawing) <= 60000),
  signed_at timestamptz NOT NULL,
  ip inet,
  user_agent text CHECK (length(user_agent) <= 500),
  channel text NOT NULL CHECK (channel IN ('clinic_tablet', 'portal')),
  -- The member of staff present in clinic (null when the patient signed in the portal).
  witnessed_by_user_id uuid REFERENCES users (id),
  withdrawn_at timestamptz,
  withdrawal_reason text CHECK (length(withdrawal_reason) <= 2000),
  withdrawn_by_user_id uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  FOREIGN KEY (organization_id, patient_id) REFERENCES patients (organization_id, id),
  FOREIGN KEY (organization_id, template_version_id) REFERENCES consent_template_versions (organization_id, id),
  CHECK ((signature_kind = 'drawn') = (signature_drawing IS NOT NULL)),
  CHECK ((withdrawn_at IS NULL) = (withdrawal_reason IS NULL))
);
CREATE INDEX consents_patient_idx ON consents (patient_id, signed_at);

CREATE TABLE treatment_plans (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  organization_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  -- Plan version within the patient: 1, 2, … A change to a signed plan is a new row (supersedes_plan_id).
  number integer NOT NULL CHECK (number > 0),
  supersedes_plan_id uuid REFERENCES treatment_plans (id),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'signed', 'superseded')),
  -- Everything the prescriber ordered (src/domain/chart/plan.ts PlanContent), and what the domain derived
  -- from it: the dose calculation (calculateDose) and the induction dates (planInductionSeries).
  content jsonb NOT NULL,
  dose jsonb NOT NULL,
  series jsonb NOT NULL,
  override_reason text CHECK (length(override_reason) <= 2000),
  change_reason text CHECK (length(change_reason) <= 2000),
  protocol_version_id uuid NOT NULL,
  consent_id uuid REFERENCES consents (id),
  assessment_id uuid REFERENCES assessments (id),
  signed_by_user_id uuid REFERENCES users (id),
  signed_at timestamptz,
  superseded_at timestamptz,
  created_by_user_id uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1,
  UNIQUE (patient_id, number),
  FOREIGN KEY (organization_id, patient_id) REFERENCES patients (organization_id, id),
  FOREIGN KEY (organization_id, protocol_version_id) REFERENCES protocol_versions (organization_id, id),
  CHECK ((status = 'draft') = (signed_at IS NULL)),
  CHECK (status = 'draft' OR (signed_by_user_id IS NOT NULL AND consent_id IS NOT NULL)),
  CHECK ((status = 'superseded') = (superseded_at IS NOT NULL))
);
-- At most one signed (in-force) plan per patient.
CREATE UNIQUE INDEX treatment_plans_in_force_idx ON treatment_plans (patient_id) WHERE status = 'signed';

-- The chart's timeline: what happened to the patient, in clinical words (the audit log records access).
CREATE TABLE patient_events (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  organization_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  occurred_at timestamptz NOT NULL,
  kind text NOT NULL CHECK (length(kind) BETWEEN 1 AND 60),
  summary text NOT NULL CHECK (length(summary) BETWEEN 1 AND 500),
  actor_user_id uuid REFERENCES users (id),
  resource_type text CHECK (length(resource_type) <= 60),
  resource_id uuid,
  FOREIGN KEY (organization_id, patient_id) REFERENCES patients (organization_id, id)
);
CREATE INDEX patient_events_patient_idx ON patient_events (patient_id, occurred_at);

-- Second wall for signed documents. A signed assessment never changes; a signed plan may only be
-- superseded (once); a signed consent may only be withdrawn (once). Nothing signed is deleted.
-- (One function per table: PL/pgSQL does not short-circuit, so a shared one cannot name table columns.)
CREATE FUNCTION assessments_signed_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'signed' THEN
    RAISE EXCEPTION 'assessment % is signed and cannot be changed; amend it', OLD.id USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER assessments_signed_guard BEFORE UPDATE OR DELETE ON assessments FOR EACH ROW EXECUTE FUNCTION assessments_signed_guard();

CREATE FUNCTION treatment_plans_signed_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'draft' THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.status = 'signed' AND NEW.status = 'superseded'
     AND (to_jsonb(NEW) - ARRAY['status', 'superseded_at', 'version']) = (to_jsonb(OLD) - ARRAY['status', 'superseded_at', 'version']) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'treatment plan % is signed and cannot be changed; write a new version', OLD.id USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER treatment_plans_signed_guard BEFORE UPDATE OR DELETE ON treatment_plans FOR EACH ROW EXECUTE FUNCTION treatment_plans_signed_guard();

CREATE FUNCTION consents_signed_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.withdrawn_at IS NULL AND NEW.withdrawn_at IS NOT NULL
     AND (to_jsonb(NEW) - ARRAY['withdrawn_at', 'withdrawal_reason', 'withdrawn_by_user_id', 'version'])
       = (to_jsonb(OLD) - ARRAY['withdrawn_at', 'withdrawal_reason', 'withdrawn_by_user_id', 'version']) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'consent % is signed; it can only be withdrawn, once', OLD.id USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER consents_signed_guard BEFORE UPDATE OR DELETE ON consents FOR EACH ROW EXECUTE FUNCTION consents_signed_guard();

-- Template versions are history: never edited, never deleted.
CREATE FUNCTION consent_template_versions_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'consent template versions are immutable; add a new version' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER consent_template_versions_guard BEFORE UPDATE OR DELETE ON consent_template_versions FOR EACH ROW EXECUTE FUNCTION consent_template_versions_guard();
