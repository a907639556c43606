-- The job queue (pg-boss, decision 011) keeps its tables in the schema pgboss. pg-boss installs and upgrades
-- them itself when the server starts it; the server runs as ketaclinic_app (decision 004), so the schema
-- belongs to that role: pg-boss then owns what it creates (queue partitions are attached to its job table,
-- which needs ownership) and needs no other privilege. Without the role (a managed server without
-- CREATEROLE) the schema belongs to the migrating owner, who is then also the role the server runs as.
-- Queue rows are working state, not clinic records: backups hold the public schema only.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ketaclinic_app')
     AND pg_has_role(current_user, 'ketaclinic_app', 'MEMBER') THEN
    CREATE SCHEMA IF NOT EXISTS pgboss AUTHORIZATION ketaclinic_app;
  ELSE
    CREATE SCHEMA IF NOT EXISTS pgboss;
  END IF;
END
$$;
