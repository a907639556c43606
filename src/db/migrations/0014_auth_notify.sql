-- Sessions are validated from a short in-process cache on each app server (decision 018); anything that
-- ends a session or changes who its user is must reach every server at once. These triggers send
-- NOTIFY ketaclinic_auth when a session is revoked or removed ('s:' || id), when a user row changes or is
-- removed — deactivation, roles, password, MFA ('u:' || id) — and when an organization changes ('o:' || id).
-- NOTIFY is transactional: servers hear of the change when it commits, never of one that rolled back.
-- These writes are rare (sign-out, account changes), so the notify queue's commit serialisation costs nothing.
CREATE FUNCTION notify_auth_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  prefix text := CASE TG_TABLE_NAME WHEN 'sessions' THEN 's:' WHEN 'users' THEN 'u:' ELSE 'o:' END;
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM pg_notify('ketaclinic_auth', prefix || OLD.id::text);
  ELSE
    PERFORM pg_notify('ketaclinic_auth', prefix || NEW.id::text);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER sessions_auth_change AFTER UPDATE OF revoked_at, expires_at, user_id, csrf_token ON sessions
  FOR EACH ROW EXECUTE FUNCTION notify_auth_change();
CREATE TRIGGER sessions_auth_delete AFTER DELETE ON sessions
  FOR EACH ROW EXECUTE FUNCTION notify_auth_change();
CREATE TRIGGER users_auth_change AFTER UPDATE ON users
  FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION notify_auth_change();
CREATE TRIGGER users_auth_delete AFTER DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION notify_auth_change();
CREATE TRIGGER organizations_auth_change AFTER UPDATE ON organizations
  FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION notify_auth_change();
