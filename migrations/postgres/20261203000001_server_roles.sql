-- The office's four roles on the server (issue 16): group roles that log in as nobody (NOLOGIN),
-- granted table by table what `domain::access::allows` lets each role do, so the server itself
-- refuses what a role may not do, whatever program connects. A clerk's login role is a member of
-- one of them (`account create NAME --role R`, store/server_roles.rs). The SQLite step of the same
-- name changes nothing: a register file has its own accounts.
--
-- Made if missing: roles belong to the whole server, and another office register on it (another
-- database) may have made them already, possibly at this very moment (hence the exception).
-- Making them needs a role with CREATEROLE; so does `account create` on the server, which the
-- server's administrator grants to the office's admin login role (ALTER ROLE name CREATEROLE):
-- that is not a privilege a GRANT on a table can give. The role that runs the migrations owns the
-- tables and keeps every right on them (it is the one that may disable the append-only triggers).
DO $$
DECLARE
    r TEXT;
BEGIN
    FOREACH r IN ARRAY ARRAY['ct_clerk', 'ct_approver', 'ct_auditor', 'ct_admin'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', r);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL;
            END;
        END IF;
    END LOOP;
END
$$;

-- Read (every role): the whole register, and which migrations it has (opening checks them).
GRANT SELECT ON person, level_change, audit_log, setting, lifecycle, step_record, training_session,
    training_attendance, personal_event, issued_form, travel_document, trip, document_movement,
    trip_extension, reminder_ack, person_photo, trip_correction, account, audit_key, form_scan,
    reminder_projection, reminder_projection_person, _sqlx_migrations
    TO ct_clerk, ct_approver, ct_auditor, ct_admin;

-- What every role writes, the auditor included: each of its writes is audited (an export of a
-- list, a preference), signed with the register's key (made by the first entry), and the
-- projections a read may bring up to date (the reminders' rows, the people table's columns).
-- The trail: INSERT only, for everyone; nobody but the owner is granted UPDATE or DELETE (and the
-- triggers refuse even the owner, as on SQLite).
GRANT INSERT ON audit_log, audit_key TO ct_clerk, ct_approver, ct_auditor, ct_admin;
GRANT INSERT, UPDATE, DELETE ON reminder_projection, reminder_projection_person TO ct_clerk, ct_approver, ct_auditor, ct_admin;
GRANT UPDATE (stage_rank, on_duty_since, due_date, due_lead, due_kind, due_key, due_zh, due_en) ON person
    TO ct_clerk, ct_approver, ct_auditor, ct_admin;
-- Settings hold the preferences every role may change (language, tray) beside the office's own
-- (the admin's) and the policy (an approver's): the app tells them apart by key.
GRANT INSERT, UPDATE, DELETE ON setting TO ct_clerk, ct_approver, ct_auditor, ct_admin;

-- The day-to-day work of a clerk (and so of an approver and an admin): people and photographs
-- (EditPeople, Import), lifecycle steps, training and events (RecordSteps), travel documents and
-- trips (RecordTravel), forms and their scans (IssueForms), reminders (Reminders). The logs among
-- them are append-only: INSERT only.
GRANT INSERT, UPDATE ON person, lifecycle, travel_document, trip, issued_form TO ct_clerk, ct_approver, ct_admin;
GRANT INSERT, UPDATE, DELETE ON person_photo, form_scan TO ct_clerk, ct_approver, ct_admin;
GRANT INSERT ON level_change, step_record, training_session, training_attendance, personal_event, document_movement,
    trip_extension, trip_correction, reminder_ack TO ct_clerk, ct_approver, ct_admin;

-- The admin: the local accounts' table (the server's own accounts are login roles) and the rest.
GRANT INSERT, UPDATE, DELETE ON account TO ct_admin;
GRANT DELETE ON person, level_change, lifecycle, step_record, training_session, training_attendance, personal_event,
    issued_form, travel_document, trip, trip_extension TO ct_admin;

-- The identities' sequences, to whoever inserts rows with them (PostgreSQL does not check them for
-- an identity's default, but a program that asks for the next value may).
DO $$
DECLARE
    s TEXT;
BEGIN
    FOR s IN
        SELECT pg_get_serial_sequence(format('%I.%I', c.table_schema, c.table_name), c.column_name)
        FROM information_schema.columns c
        WHERE c.table_schema = current_schema() AND c.is_identity = 'YES'
    LOOP
        EXECUTE format('GRANT USAGE ON SEQUENCE %s TO ct_clerk, ct_approver, ct_admin', s);
    END LOOP;
END
$$;

-- The decision on a trip (ApproveTrip) is an approver's or an admin's: a clerk writes the trip's
-- row (every column, as the store does) but may not change whether and by whom it was approved.
-- A GRANT cannot tell an unchanged column from a changed one; this trigger can.
CREATE OR REPLACE FUNCTION ct_trip_decision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (TG_OP = 'INSERT' AND NEW.approved IS NOT NULL)
        OR (TG_OP = 'UPDATE' AND (NEW.approved, NEW.decided_by, NEW.decided_on, NEW.approval_level)
                                 IS DISTINCT FROM (OLD.approved, OLD.decided_by, OLD.decided_on, OLD.approval_level)) THEN
        IF NOT (pg_has_role(current_user, 'ct_approver', 'MEMBER')
                OR pg_has_role(current_user, 'ct_admin', 'MEMBER')
                OR pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER')) THEN
            RAISE EXCEPTION 'only an approver or an admin decides a trip' USING ERRCODE = 'insufficient_privilege';
        END IF;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER trip_decision BEFORE INSERT OR UPDATE ON trip FOR EACH ROW EXECUTE FUNCTION ct_trip_decision();
