-- Controlled-substance records for ketamine, DEA Schedule III (issue 16; CLINICAL.md §6, 21 CFR 1304).
-- Products and the vials received of them; the perpetual ledger of every movement (append-only: a trigger
-- refuses UPDATE, DELETE and TRUNCATE for every role, and the app role holds no such grant — decision 004);
-- counts with their discrepancy resolutions; initial and biennial inventories; destruction and loss reports.
-- Volumes are integer microlitres and amounts integer micrograms, so the record never drifts by rounding.

CREATE TABLE cs_products (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  organization_id uuid NOT NULL REFERENCES organizations (id),
  drug text NOT NULL CHECK (length(drug) BETWEEN 1 AND 200),
  strength_mg_per_ml numeric(9, 3) NOT NULL CHECK (strength_mg_per_ml > 0),
  container_ml numeric(9, 3) NOT NULL CHECK (container_ml > 0 AND container_ml <= 1000),
  form text NOT NULL CHECK (form IN ('injection_vial', 'prefilled_syringe', 'nasal_spray', 'oral_solution', 'lozenge')),
  ndc text NOT NULL CHECK (ndc ~ '^[0-9]{4,5}-[0-9]{3,4}-[0-9]{1,2}$'),
  schedule text NOT NULL DEFAULT 'III' CHECK (schedule IN ('II', 'III', 'IV', 'V')),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1,
  UNIQUE (organization_id, ndc),
  UNIQUE (organization_id, id)
);

CREATE TABLE cs_receipts (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  organization_id uuid NOT NULL,
  location_id uuid NOT NULL REFERENCES locations (id),
  product_id uuid NOT NULL,
  received_on date NOT NULL,
  recorded_at timestamptz NOT NULL,
  supplier_name text NOT NULL CHECK (length(supplier_name) BETWEEN 1 AND 200),
  supplier_address text NOT NULL CHECK (length(supplier_address) BETWEEN 1 AND 500),
  -- Two letters, seven digits; the check digit is verified by the domain (src/domain/ledger/registration.ts).
  supplier_dea_number text NOT NULL CHECK (supplier_dea_number ~ '^[A-Z][A-Z9][0-9]{7}$'),
  invoice_number text NOT NULL CHECK (length(invoice_number) BETWEEN 1 AND 100),
  lot text NOT NULL CHECK (length(lot) BETWEEN 1 AND 60),
  expires_on date NOT NULL,
  containers integer NOT NULL CHECK (containers BETWEEN 1 AND 500),
  received_by_user_id uuid NOT NULL REFERENCES users (id),
  checked_by_user_id uuid NOT NULL REFERENCES users (id),
  idempotency_key text CHECK (length(idempotency_key) BETWEEN 1 AND 200),
  CHECK (received_by_user_id <> checked_by_user_id),
  FOREIGN KEY (organization_id, product_id) REFERENCES cs_products (organization_id, id),
  UNIQUE (organization_id, id)
);
CREATE UNIQUE INDEX cs_receipts_idempotency_idx ON cs_receipts (organization_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX cs_receipts_lot_idx ON cs_receipts (organization_id, lot);

-- A vial's state is kept current here (the ledger holds how it got there). The CHECKs are the last wall
-- under concurrent writers: a vial can never hold less than nothing or more than its container.
CREATE TABLE cs_vials (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  organization_id uuid NOT NULL,
  location_id uuid NOT NULL REFERENCES locations (id),
  product_id uuid NOT NULL,
  receipt_id uuid NOT NULL,
  -- 1..containers within its receipt: "lot K2301, vial 3 of 10".
  number integer NOT NULL CHECK (number > 0),
  lot text NOT NULL,
  expires_on date NOT NULL,
  capacity_ul integer NOT NULL CHECK (capacity_ul > 0),
  remaining_ul integer NOT NULL CHECK (remaining_ul >= 0 AND remaining_ul <= capacity_ul),
  status text NOT NULL CHECK (status IN ('sealed', 'open', 'empty', 'wasted', 'expired', 'destroyed', 'lost')),
  opened_at timestamptz,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1,
  CHECK (status NOT IN ('empty', 'wasted', 'destroyed', 'lost') OR remaining_ul = 0),
  CHECK (status <> 'sealed' OR (remaining_ul = capacity_ul AND opened_at IS NULL)),
  FOREIGN KEY (organization_id, product_id) REFERENCES cs_products (organization_id, id),
  FOREIGN KEY (organization_id, receipt_id) REFERENCES cs_receipts (organization_id, id),
  UNIQUE (receipt_id, number),
  UNIQUE (organization_id, id)
);
CREATE INDEX cs_vials_stock_idx ON cs_vials (organization_id, location_id, product_id, lot) WHERE remaining_ul > 0;

CREATE TABLE cs_disposals (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  organization_id uuid NOT NULL REFERENCES organizations (id),
  location_id uuid NOT NULL REFERENCES locations (id),
  method text NOT NULL CHECK (method IN ('reverse_distributor', 'destruction_form_41')),
  occurred_at timestamptz NOT NULL,
  recorded_by_user_id uuid NOT NULL REFERENCES users (id),
  receiver_name text CHECK (length(receiver_name) BETWEEN 1 AND 200),
  receiver_dea_number text CHECK (receiver_dea_number ~ '^[A-Z][A-Z9][0-9]{7}$'),
  form41_reference text CHECK (length(form41_reference) BETWEEN 1 AND 100),
  witness1_user_id uuid REFERENCES users (id),
  witness2_user_id uuid REFERENCES users (id),
  notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 2000),
  CHECK (method <> 'reverse_distributor' OR (receiver_name IS NOT NULL AND receiver_dea_number IS NOT NULL)),
  CHECK (method <> 'destruction_form_41' OR (form41_reference IS NOT NULL AND witness1_user_id IS NOT NULL AND witness2_user_id IS NOT NULL
         AND witness1_user_id <> witness2_user_id AND recorded_by_user_id NOT IN (witness1_user_id, witness2_user_id))),
  UNIQUE (organization_id, id)
);

-- Theft or significant loss: DEA within 1 business day of discovery, Form 106 within 45 days (21 CFR 1301.76(b)).
CREATE TABLE cs_loss_reports (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  organization_id uuid NOT NULL REFERENCES organizations (id),
  location_id uuid NOT NULL REFERENCES locations (id),
  kind text NOT NULL CHECK (kind IN ('theft', 'loss')),
  discovered_at timestamptz NOT NULL,
  description text NOT NULL CHECK (length(description) BETWEEN 10 AND 4000),
  notify_dea_by date NOT NULL,
  form106_by date NOT NULL,
  dea_notified_at timestamptz,
  form106_reference text CHECK (length(form106_reference) BETWEEN 1 AND 100),
  recorded_by_user_id uuid NOT NULL REFERENCES users (id),
  recorded_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1,
  UNIQUE (organization_id, id)
);

-- The perpetual record: one row per movement of one vial. Never changed, never deleted; a correction is a
-- new row that names the one it corrects and why (CLINICAL.md §6).
CREATE TABLE cs_ledger_entries (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  -- Commit-independent insertion order, for "the vial's history in order".
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  organization_id uuid NOT NULL,
  location_id uuid NOT NULL REFERENCES locations (id),
  product_id uuid NOT NULL,
  vial_id uuid NOT NULL,
  lot text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('receipt', 'administration', 'waste', 'expiry', 'destruction', 'loss', 'correction')),
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL,
  recorded_by_user_id uuid NOT NULL REFERENCES users (id),
  -- Signed change to the balance (negative = stock leaves), and the vial's volume after this entry.
  change_ul integer NOT NULL,
  change_ug bigint NOT NULL,
  vial_remaining_ul integer NOT NULL CHECK (vial_remaining_ul >= 0),
  patient_id uuid,
  -- The treatment session or appointment the dose belongs to (filled by the session record).
  session_ref uuid,
  administered_by_user_id uuid REFERENCES users (id),
  witness_user_id uuid REFERENCES users (id),
  witness_method text CHECK (witness_method IN ('password', 'totp')),
  reason text CHECK (length(reason) BETWEEN 1 AND 2000),
  corrects_entry_id uuid REFERENCES cs_ledger_entries (id),
  receipt_id uuid,
  disposal_id uuid,
  loss_report_id uuid,
  idempotency_key text CHECK (length(idempotency_key) BETWEEN 1 AND 200),
  FOREIGN KEY (organization_id, product_id) REFERENCES cs_products (organization_id, id),
  FOREIGN KEY (organization_id, vial_id) REFERENCES cs_vials (organization_id, id),
  FOREIGN KEY (organization_id, patient_id) REFERENCES patients (organization_id, id),
  FOREIGN KEY (organization_id, receipt_id) REFERENCES cs_receipts (organization_id, id),
  FOREIGN KEY (organization_id, disposal_id) REFERENCES cs_disposals (organization_id, id),
  FOREIGN KEY (organization_id, loss_report_id) REFERENCES cs_loss_reports (organization_id, id),
  CHECK (kind <> 'receipt' OR (change_ul > 0 AND receipt_id IS NOT NULL)),
  CHECK (kind <> 'administration' OR (change_ul < 0 AND patient_id IS NOT NULL AND administered_by_user_id IS NOT NULL)),
  CHECK (kind <> 'waste' OR (change_ul < 0 AND witness_user_id IS NOT NULL AND witness_method IS NOT NULL
         AND witness_user_id <> recorded_by_user_id AND reason IS NOT NULL)),
  CHECK (kind <> 'expiry' OR change_ul = 0),
  CHECK (kind <> 'destruction' OR (change_ul < 0 AND disposal_id IS NOT NULL)),
  CHECK (kind <> 'loss' OR (change_ul < 0 AND loss_report_id IS NOT NULL)),
  CHECK (kind <> 'correction' OR (change_ul <> 0 AND corrects_entry_id IS NOT NULL AND reason IS NOT NULL)),
  CHECK ((kind = 'correction') = (corrects_entry_id IS NOT NULL))
);
CREATE UNIQUE INDEX cs_ledger_idempotency_idx ON cs_ledger_entries (organization_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX cs_ledger_time_idx ON cs_ledger_entries (organization_id, occurred_at, seq);
CREATE INDEX cs_ledger_vial_idx ON cs_ledger_entries (vial_id, seq);
CREATE INDEX cs_ledger_lot_idx ON cs_ledger_entries (organization_id, lot, occurred_at);
CREATE INDEX cs_ledger_patient_idx ON cs_ledger_entries (patient_id, occurred_at) WHERE patient_id IS NOT NULL;
CREATE INDEX cs_ledger_corrects_idx ON cs_ledger_entries (corrects_entry_id) WHERE corrects_entry_id IS NOT NULL;

-- Counts per shift or day and location: expected (from the record) against counted, per product and lot.
CREATE TABLE cs_counts (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  organization_id uuid NOT NULL REFERENCES organizations (id),
  location_id uuid NOT NULL REFERENCES locations (id),
  period text NOT NULL CHECK (period IN ('shift', 'day')),
  counted_at timestamptz NOT NULL,
  counted_by_user_id uuid NOT NULL REFERENCES users (id),
  notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 2000),
  has_discrepancy boolean NOT NULL,
  idempotency_key text CHECK (length(idempotency_key) BETWEEN 1 AND 200),
  UNIQUE (organization_id, id)
);
CREATE UNIQUE INDEX cs_counts_idempotency_idx ON cs_counts (organization_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX cs_counts_location_idx ON cs_counts (organization_id, location_id, counted_at);

CREATE TABLE cs_count_lines (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  count_id uuid NOT NULL REFERENCES cs_counts (id),
  product_id uuid NOT NULL REFERENCES cs_products (id),
  lot text NOT NULL CHECK (length(lot) BETWEEN 1 AND 60),
  expected_containers integer NOT NULL CHECK (expected_containers >= 0),
  counted_containers integer NOT NULL CHECK (counted_containers >= 0),
  expected_ul integer NOT NULL CHECK (expected_ul >= 0),
  counted_ul integer NOT NULL CHECK (counted_ul >= 0),
  UNIQUE (count_id, product_id, lot)
);

-- A discrepancy is resolved by an explanation signed by two staff, the second confirming with their own
-- password or code at that moment.
CREATE TABLE cs_count_resolutions (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  count_id uuid NOT NULL UNIQUE REFERENCES cs_counts (id),
  explanation text NOT NULL CHECK (length(explanation) BETWEEN 10 AND 4000),
  signed_by_user_id uuid NOT NULL REFERENCES users (id),
  second_signer_user_id uuid NOT NULL REFERENCES users (id),
  second_signer_method text NOT NULL CHECK (second_signer_method IN ('password', 'totp')),
  signed_at timestamptz NOT NULL,
  CHECK (signed_by_user_id <> second_signer_user_id)
);

-- Initial and biennial inventories with the fields of 21 CFR 1304.11: date, opening or close of business,
-- and per drug the name, strength, form, containers and total quantity (opened containers may be estimated
-- for Schedule III–V, 1304.11(e)(3)).
CREATE TABLE cs_inventories (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  organization_id uuid NOT NULL REFERENCES organizations (id),
  location_id uuid NOT NULL REFERENCES locations (id),
  kind text NOT NULL CHECK (kind IN ('initial', 'biennial')),
  taken_on date NOT NULL,
  moment text NOT NULL CHECK (moment IN ('opening', 'close_of_business')),
  taken_by_user_id uuid NOT NULL REFERENCES users (id),
  recorded_at timestamptz NOT NULL,
  notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 2000),
  UNIQUE (organization_id, id)
);
CREATE INDEX cs_inventories_org_idx ON cs_inventories (organization_id, taken_on);

CREATE TABLE cs_inventory_lines (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  inventory_id uuid NOT NULL REFERENCES cs_inventories (id),
  product_id uuid NOT NULL REFERENCES cs_products (id),
  -- The product as it was described at the time (a later product edit never changes an inventory).
  drug text NOT NULL,
  strength_mg_per_ml numeric(9, 3) NOT NULL,
  form text NOT NULL,
  container_ml numeric(9, 3) NOT NULL,
  ndc text NOT NULL,
  lot text NOT NULL,
  sealed_containers integer NOT NULL CHECK (sealed_containers >= 0),
  opened_containers integer NOT NULL CHECK (opened_containers >= 0),
  opened_estimated_ul integer NOT NULL CHECK (opened_estimated_ul >= 0),
  total_ul integer NOT NULL CHECK (total_ul >= 0),
  total_ug bigint NOT NULL CHECK (total_ug >= 0),
  UNIQUE (inventory_id, product_id, lot)
);

-- Append-only, for every role including the owner (a superuser can still disable the trigger; restore does).
CREATE FUNCTION cs_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['cs_ledger_entries', 'cs_receipts', 'cs_counts', 'cs_count_lines', 'cs_count_resolutions',
                           'cs_inventories', 'cs_inventory_lines', 'cs_disposals'] LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION cs_append_only()', t || '_append_only', t);
    EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION cs_append_only()', t || '_no_truncate', t);
  END LOOP;
  -- Vials and loss reports change (state, remaining volume; DEA notice and Form 106), but are never deleted.
  FOREACH t IN ARRAY ARRAY['cs_vials', 'cs_loss_reports', 'cs_products'] LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE DELETE ON %I FOR EACH ROW EXECUTE FUNCTION cs_append_only()', t || '_no_delete', t);
    EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION cs_append_only()', t || '_no_truncate', t);
  END LOOP;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ketaclinic_app') THEN
    REVOKE UPDATE, DELETE, TRUNCATE ON cs_ledger_entries, cs_receipts, cs_counts, cs_count_lines, cs_count_resolutions,
      cs_inventories, cs_inventory_lines, cs_disposals FROM ketaclinic_app;
    REVOKE DELETE, TRUNCATE ON cs_vials, cs_loss_reports, cs_products FROM ketaclinic_app;
  END IF;
END
$$;
