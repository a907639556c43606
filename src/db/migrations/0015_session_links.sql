-- The treatment session linked to the rest of the clinic (issue 15, decision 019): the scheduling
-- appointment it was checked in from is a real foreign key (one session per appointment, in the same
-- organization).

ALTER TABLE appointments ADD CONSTRAINT appointments_org_id_key UNIQUE (organization_id, id);
ALTER TABLE treatment_sessions
  ADD CONSTRAINT treatment_sessions_appointment_fkey
  FOREIGN KEY (organization_id, appointment_id) REFERENCES appointments (organization_id, id);
CREATE UNIQUE INDEX treatment_sessions_appointment_idx ON treatment_sessions (appointment_id)
  WHERE appointment_id IS NOT NULL;
