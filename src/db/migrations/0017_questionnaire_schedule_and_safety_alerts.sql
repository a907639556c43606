-- Questionnaires between visits and safety alerts (issue 17, decision 021): a questionnaire schedule per
-- treatment plan (src/domain/questionnaires/schedule.ts), the assignments it yields, materialised once each
-- (unique per patient and key), with the patient's draft answers kept server-side until they submit; and
-- the urgent task a prescriber must acknowledge and resolve when a portal answer signals suicide risk.

-- Where a scored questionnaire came from: entered by staff in the clinic, or submitted by the patient.
ALTER TABLE questionnaire_results
  ADD COLUMN source text NOT NULL DEFAULT 'clinic' CHECK (source IN ('clinic', 'portal'));

-- The prescriber's schedule for a plan (settings: QuestionnaireScheduleSettings). A plan without a row here
-- uses the defaults (scheduleSettingsForPlan).
CREATE TABLE questionnaire_schedules (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  organization_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  plan_id uuid NOT NULL UNIQUE REFERENCES treatment_plans (id),
  settings jsonb NOT NULL,
  updated_by_user_id uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1,
  FOREIGN KEY (organization_id, patient_id) REFERENCES patients (organization_id, id)
);

CREATE TABLE questionnaire_assignments (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  organization_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  plan_id uuid REFERENCES treatment_plans (id),
  -- The schedule's stable key (`phq9:after_induction:4`): the same point is never assigned twice, even when
  -- the plan gets a new version or the job runs on two servers at once.
  key text NOT NULL CHECK (length(key) BETWEEN 1 AND 120),
  instrument_id text NOT NULL CHECK (length(instrument_id) BETWEEN 1 AND 40),
  reason text NOT NULL CHECK (reason IN ('pre_session', 'induction_weekly', 'after_induction', 'maintenance')),
  appointment_id uuid REFERENCES appointments (id),
  week integer CHECK (week BETWEEN 1 AND 520),
  opens_at timestamptz NOT NULL,
  due_at timestamptz NOT NULL,
  closes_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'assigned' CHECK (status IN ('assigned', 'in_progress', 'completed', 'cancelled')),
  -- itemId → answer, saved one at a time as the patient goes (resumable on any device).
  draft_answers jsonb NOT NULL DEFAULT '{}'::jsonb,
  result_id uuid REFERENCES questionnaire_results (id),
  completed_at timestamptz,
  -- The reminder email: claimed once (the row lock and this column), whatever the number of servers.
  reminded_at timestamptz,
  reminder_email_id uuid REFERENCES email_outbox (id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1,
  UNIQUE (patient_id, key),
  CHECK (opens_at <= due_at AND due_at <= closes_at),
  CHECK ((status = 'completed') = (result_id IS NOT NULL AND completed_at IS NOT NULL)),
  CHECK ((reason = 'pre_session') = (appointment_id IS NOT NULL)),
  FOREIGN KEY (organization_id, patient_id) REFERENCES patients (organization_id, id)
);
CREATE INDEX questionnaire_assignments_patient_idx ON questionnaire_assignments (patient_id, due_at);
CREATE INDEX questionnaire_assignments_open_idx ON questionnaire_assignments (organization_id, due_at)
  WHERE status IN ('assigned', 'in_progress');

-- How long an alert may wait unacknowledged before it goes to the clinic's other prescribers and admins.
ALTER TABLE organizations
  ADD COLUMN safety_alert_escalation_minutes integer NOT NULL DEFAULT 30
    CHECK (safety_alert_escalation_minutes BETWEEN 5 AND 1440);

-- The urgent task a risky portal answer raises (src/domain/questionnaires/safety.ts).
CREATE TABLE safety_alerts (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  organization_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  result_id uuid NOT NULL UNIQUE REFERENCES questionnaire_results (id),
  reasons text[] NOT NULL CHECK (cardinality(reasons) > 0),
  -- The patient's prescriber (the signer of the plan in force); null: every prescriber of the clinic.
  assigned_user_id uuid REFERENCES users (id),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'resolved')),
  raised_at timestamptz NOT NULL,
  acknowledged_at timestamptz,
  acknowledged_by_user_id uuid REFERENCES users (id),
  resolved_at timestamptz,
  resolved_by_user_id uuid REFERENCES users (id),
  resolution_action text CHECK (resolution_action IN ('called_patient_safe', 'safety_plan_updated',
    'urgent_appointment_booked', 'referred_to_crisis_services', 'emergency_services_contacted', 'answered_in_error')),
  resolution_note text CHECK (length(resolution_note) BETWEEN 1 AND 4000),
  escalated_at timestamptz,
  escalated_to_user_ids uuid[] NOT NULL DEFAULT '{}',
  version integer NOT NULL DEFAULT 1,
  CHECK ((status = 'open') = (acknowledged_at IS NULL)),
  CHECK ((acknowledged_at IS NULL) = (acknowledged_by_user_id IS NULL)),
  CHECK ((status = 'resolved') = (resolved_at IS NOT NULL AND resolved_by_user_id IS NOT NULL
    AND resolution_action IS NOT NULL AND resolution_note IS NOT NULL)),
  FOREIGN KEY (organization_id, patient_id) REFERENCES patients (organization_id, id)
);
CREATE INDEX safety_alerts_open_idx ON safety_alerts (organization_id, raised_at) WHERE status <> 'resolved';
CREATE INDEX safety_alerts_patient_idx ON safety_alerts (patient_id, raised_at);

-- Nothing here is deleted by the application: an alert and an assignment are history once written.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ketaclinic_app') THEN
    REVOKE DELETE, TRUNCATE ON safety_alerts, questionnaire_assignments FROM ketaclinic_app;
  END IF;
END
$$;
