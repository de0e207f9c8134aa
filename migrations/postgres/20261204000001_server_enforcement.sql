-- What the group roles' GRANTs could not say, said by the server (issue 16): a GRANT is per table
-- (or column), and three rules of `domain::access::allows` are per row. Each is a trigger that
-- refuses with SQLSTATE 42501 (the office reads it as "not allowed for the role …"), whatever
-- program connects. The role that ran the migrations (the tables' owner) is not held to them, as
-- for the trip's decision: it is the server's administrator.

CREATE OR REPLACE FUNCTION ct_is_owner(rel OID) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = rel), 'MEMBER')
$$;

-- 1. Settings, by key. Every role keeps its preferences (the language, the tray), the day the
--    reminders were last notified and the bases of the two projections a read may bring up to
--    date; the policy is an approver's (ChangePolicy); everything else (the office's name, the
--    forms' language and templates, the idle lock, the backups') is the administrator's (Settings,
--    Backup). A key not named here is the administrator's too.
CREATE OR REPLACE FUNCTION ct_setting_writable(k TEXT) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT k IN ('language', 'keep_in_tray', 'reminders_notified_on', 'reminders.projection.basis', 'people_view.basis')
        OR (k IN ('policy', 'policy_text', 'policy_path') AND pg_has_role(current_user, 'ct_approver', 'MEMBER'))
        OR pg_has_role(current_user, 'ct_admin', 'MEMBER')
$$;

CREATE OR REPLACE FUNCTION ct_setting_by_key() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF ct_is_owner(TG_RELID) THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') AND NOT ct_setting_writable(OLD.key) THEN
        RAISE EXCEPTION 'the setting % is not this role''s to change', OLD.key USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NOT ct_setting_writable(NEW.key) THEN
        RAISE EXCEPTION 'the setting % is not this role''s to change', NEW.key USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;

CREATE TRIGGER setting_by_key BEFORE INSERT OR UPDATE OR DELETE ON setting
    FOR EACH ROW EXECUTE FUNCTION ct_setting_by_key();

-- 2. Putting a person on duty with an onboarding step missing (OverrideOnboarding) is an
--    approver's or an administrator's: the override is part of the lifecycle's state (JSON text),
--    which a clerk otherwise writes. Clearing it (a later stage) is anyone's who writes the state.
CREATE OR REPLACE FUNCTION ct_onboarding_override() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    before JSONB := 'null';
    after JSONB := COALESCE(CAST(NEW.state AS JSONB) -> 'on_duty_override', 'null');
BEGIN
    IF TG_OP = 'UPDATE' THEN
        before := COALESCE(CAST(OLD.state AS JSONB) -> 'on_duty_override', 'null');
    END IF;
    IF after <> 'null' AND after IS DISTINCT FROM before
        AND NOT (pg_has_role(current_user, 'ct_approver', 'MEMBER')
                 OR pg_has_role(current_user, 'ct_admin', 'MEMBER')
                 OR ct_is_owner(TG_RELID)) THEN
        RAISE EXCEPTION 'only an approver or an admin puts a person on duty with a step missing' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER lifecycle_onboarding_override BEFORE INSERT OR UPDATE ON lifecycle
    FOR EACH ROW EXECUTE FUNCTION ct_onboarding_override();

-- 3. Who did it: an entry of the trail names the login role that wrote it (the office's operator
--    on the server is that role), or "—" (what the office records by itself). Nobody appends an
--    entry in another's name.
CREATE OR REPLACE FUNCTION ct_audit_operator() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.operator <> CAST(current_user AS TEXT) AND NEW.operator <> '—' AND NOT ct_is_owner(TG_RELID) THEN
        RAISE EXCEPTION 'an audit entry names the role that writes it, not %', NEW.operator USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER audit_log_operator BEFORE INSERT ON audit_log
    FOR EACH ROW EXECUTE FUNCTION ct_audit_operator();
