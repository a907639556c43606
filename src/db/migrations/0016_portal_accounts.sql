-- Patient portal accounts by email (issue 17): invitation and password-reset links, single-use and
-- expiring; only a SHA-256 hash of each link's token is stored (the token itself is in the email only).
CREATE TABLE portal_links (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  organization_id uuid NOT NULL REFERENCES organizations (id),
  user_id uuid NOT NULL REFERENCES users (id),
  purpose text NOT NULL CHECK (purpose IN ('invitation', 'password_reset')),
  token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  -- The member of staff who sent an invitation; null for a reset the patient asked for.
  created_by_user_id uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  -- Replaced by a newer link of the same purpose, or the account was set up another way.
  revoked_at timestamptz,
  CHECK (expires_at > created_at),
  CHECK (used_at IS NULL OR revoked_at IS NULL),
  CHECK ((purpose = 'invitation') = (created_by_user_id IS NOT NULL))
);
CREATE INDEX portal_links_user_idx ON portal_links (user_id, purpose, created_at DESC);

-- Documents the clinic shares with the patient in the portal (staff decide; audited). A document row is
-- immutable but for its retraction (migration 0005's guard), so sharing lives beside it: a row here means
-- "shared", and stopping sharing deletes it (the audit log keeps the history).
CREATE TABLE patient_document_shares (
  document_id uuid PRIMARY KEY REFERENCES patient_documents (id),
  organization_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  shared_at timestamptz NOT NULL,
  shared_by_user_id uuid NOT NULL REFERENCES users (id),
  FOREIGN KEY (organization_id, patient_id) REFERENCES patients (organization_id, id)
);
CREATE INDEX patient_document_shares_patient_idx ON patient_document_shares (patient_id, shared_at);

-- A patient confirms a session from the portal's home as well as from a reminder's link.
ALTER TABLE appointments DROP CONSTRAINT appointments_confirmed_via_check;
ALTER TABLE appointments ADD CONSTRAINT appointments_confirmed_via_check CHECK (confirmed_via IN ('link', 'staff', 'portal'));
