-- "No known drug allergies" (issue 13): asked and answered "none", recorded explicitly so a chart with no
-- allergy rows still tells "not asked yet" (null) from "asked: none known" (the time it was recorded).
-- A chart never holds both: the server refuses an allergy while this is set, and this while allergies are listed.
ALTER TABLE patients
  ADD COLUMN no_known_allergies_at timestamptz,
  ADD COLUMN no_known_allergies_by_user_id uuid REFERENCES users (id);
