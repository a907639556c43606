-- Esketamine (Spravato) nasal spray sessions (issue 15, decision 019): a session may run under an
-- intranasal plan, and the nurse records the REMS sedation and dissociation assessments (CLINICAL.md §2,
-- §3; Spravato REMS) as session entries beside the existing vitals.

ALTER TABLE treatment_sessions DROP CONSTRAINT treatment_sessions_route_check;
ALTER TABLE treatment_sessions ADD CONSTRAINT treatment_sessions_route_check
  CHECK (route IN ('IV', 'IM', 'IN'));

ALTER TABLE session_entries DROP CONSTRAINT session_entries_kind_check;
ALTER TABLE session_entries ADD CONSTRAINT session_entries_kind_check
  CHECK (kind IN ('cadss6', 'adverse_event', 'intervention', 'note', 'sedation', 'dissociation'));
