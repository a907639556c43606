-- Uploaded documents on the patient chart: clearance letters (the cardiology/PCP/… clearance an
-- `eligible_with_clearance` assessment asks for), referral letters, ECGs, lab results, outside records.
-- An uploaded document is part of the medical record: it is never edited or deleted. A wrong upload is
-- retracted (who, when, why) and stays readable beside its replacement (decision 007, "Signed means frozen").
CREATE TABLE patient_documents (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  organization_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('clearance_letter', 'referral', 'ecg', 'lab_result', 'outside_record', 'other')),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  -- The clearance a letter satisfies (src/domain/eligibility Clearance); only for clearance letters.
  clearance text CHECK (clearance IN ('cardiology', 'pcp', 'psychiatry', 'addiction_medicine', 'obstetric', 'neurology', 'ophthalmology', 'hepatology')),
  content_type text NOT NULL CHECK (content_type IN ('application/pdf', 'image/png', 'image/jpeg')),
  -- 10 MiB (src/domain/chart/documents.ts maxDocumentBytes).
  size_bytes integer NOT NULL CHECK (size_bytes BETWEEN 1 AND 10485760),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  content bytea NOT NULL CHECK (octet_length(content) = size_bytes),
  uploaded_by_user_id uuid NOT NULL REFERENCES users (id),
  uploaded_at timestamptz NOT NULL,
  retracted_at timestamptz,
  retracted_by_user_id uuid REFERENCES users (id),
  retraction_reason text CHECK (length(retraction_reason) BETWEEN 3 AND 2000),
  version integer NOT NULL DEFAULT 1,
  FOREIGN KEY (organization_id, patient_id) REFERENCES patients (organization_id, id),
  CHECK ((kind = 'clearance_letter') = (clearance IS NOT NULL)),
  CHECK ((retracted_at IS NULL) = (retraction_reason IS NULL) AND (retracted_at IS NULL) = (retracted_by_user_id IS NULL))
);
CREATE INDEX patient_documents_patient_idx ON patient_documents (patient_id, uploaded_at);

-- The bytes are stored inline and never change; keep them out of the heap's main pages.
ALTER TABLE patient_documents ALTER COLUMN content SET STORAGE EXTERNAL;

-- Second wall behind the use-cases: a document may only be retracted, once; nothing else changes, and
-- nothing is deleted. (Restore runs with triggers off, so it can still insert rows.)
CREATE FUNCTION patient_documents_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Columns compared one by one rather than as to_jsonb (which would hex-encode up to 10 MiB twice).
  IF TG_OP = 'UPDATE' AND OLD.retracted_at IS NULL AND NEW.retracted_at IS NOT NULL
     AND (NEW.id, NEW.organization_id, NEW.patient_id, NEW.kind, NEW.title, NEW.clearance, NEW.content_type, NEW.size_bytes, NEW.sha256, NEW.uploaded_by_user_id, NEW.uploaded_at)
         IS NOT DISTINCT FROM (OLD.id, OLD.organization_id, OLD.patient_id, OLD.kind, OLD.title, OLD.clearance, OLD.content_type, OLD.size_bytes, OLD.sha256, OLD.uploaded_by_user_id, OLD.uploaded_at)
     AND NEW.content = OLD.content THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'patient document % is part of the record; it can only be retracted, once', OLD.id USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER patient_documents_guard BEFORE UPDATE OR DELETE ON patient_documents FOR EACH ROW EXECUTE FUNCTION patient_documents_guard();

-- The app role gets SELECT, INSERT, UPDATE, DELETE on new tables by default privileges (migration 0002,
-- decision 004); it never needs to delete a document, so take that away (the trigger stays the wall for
-- the owner).
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ketaclinic_app') THEN
    GRANT SELECT, INSERT, UPDATE ON patient_documents TO ketaclinic_app;
    REVOKE DELETE, TRUNCATE ON patient_documents FROM ketaclinic_app;
  END IF;
END
$$;
