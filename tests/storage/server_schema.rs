//! The register's schema on the office server (issue 16): `migrations/postgres` keeps step with
//! `migrations/sqlite` (the same steps; every table, column and index of a file on the server with
//! a type the store reads alike), the server register opens, sets itself up once, refuses what is
//! not its own, and its group roles are refused by the server what `domain::access` refuses.
//!
//! The tests that need a server run when `CLEARANCE_TRACKER_TEST_PG` names one (scripts/test.sh);
//! without it they say so and pass.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use clearance_domain::Lang;
use clearance_tracker_lib::error::AppError;
use clearance_tracker_lib::store::{self, open_server, Location, OpenOptions, ServerOptions, StoreError};
use sqlx::{Connection, SqliteConnection};

use crate::backend::{self, ServerDb};

fn migration_names(dir: &str) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations").join(dir);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".sql"))
        .collect();
    names.sort();
    names
}

#[test]
fn both_backends_have_the_same_numbered_steps() {
    let (sqlite, postgres) = (migration_names("sqlite"), migration_names("postgres"));
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, postgres, "migrations/sqlite and migrations/postgres must hold the same steps, by the same names");
}

/// A fresh database on the test server, or `None` (and why) when the tests run without one.
fn server_db(what: &str) -> Option<ServerDb> {
    let db = ServerDb::create();
    if db.is_none() {
        eprintln!("skipped without a test server ({} unset): {what}", backend::ENV);
    }
    db
}

fn options(url: &str) -> ServerOptions {
    ServerOptions::from_url(url).unwrap_or_else(|e| panic!("{}: {e}", backend::redact(url)))
}

/// SQLite's declared type and "not null" of every column of every table of a new register file.
async fn sqlite_schema() -> BTreeMap<String, BTreeMap<String, (String, bool)>> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("register.db");
    store::open(OpenOptions::new(&path)).await.unwrap().close().await;
    let mut conn = SqliteConnection::connect(&format!("sqlite://{}", path.display())).await.unwrap();
    let rows: Vec<(String, String, String, i64, i64)> = sqlx::query_as(
        "SELECT m.name, c.name, upper(c.type), c.\"notnull\", c.pk FROM sqlite_master m, pragma_table_info(m.name) c \
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    let _ = conn.close().await;
    let mut tables: BTreeMap<String, BTreeMap<String, (String, bool)>> = BTreeMap::new();
    for (table, column, ty, notnull, pk) in rows {
        // An INTEGER PRIMARY KEY is the rowid: never NULL, whatever the pragma says.
        tables.entry(table).or_default().insert(column, (ty, notnull != 0 || pk > 0));
    }
    tables
}

async fn sqlite_indexes() -> BTreeSet<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("register.db");
    store::open(OpenOptions::new(&path)).await.unwrap().close().await;
    let mut conn = SqliteConnection::connect(&format!("sqlite://{}", path.display())).await.unwrap();
    let names: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex%'")
            .fetch_all(&mut conn)
            .await
            .unwrap();
    let _ = conn.close().await;
    names.into_iter().collect()
}

/// What a SQLite column's declared type may be on the server: the store binds and reads both
/// the same way (issue 16's column rule: INTEGER → bigint, TEXT → text or a date Rust reads as
/// NaiveDate, BLOB → bytea, REAL → double precision).
fn compatible(sqlite: &str, postgres: &str) -> bool {
    match sqlite {
        "INTEGER" => postgres == "bigint",
        "TEXT" => matches!(postgres, "text" | "date"),
        "BLOB" => postgres == "bytea",
        "REAL" => postgres == "double precision",
        _ => false,
    }
}

#[tokio::test]
async fn every_table_column_and_index_of_a_file_is_on_the_server_with_a_compatible_type() {
    let Some(db) = server_db("the schema's parity") else { return };
    open_server(options(&db.url)).await.unwrap().close().await;
    let columns = db
        .psql(
            "SELECT table_name || '|' || column_name || '|' || data_type || '|' || is_nullable FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name <> '_sqlx_migrations'",
        )
        .unwrap();
    let mut server: BTreeMap<String, BTreeMap<String, (String, bool)>> = BTreeMap::new();
    for line in columns.lines() {
        let parts: Vec<&str> = line.split('|').collect();
        server.entry(parts[0].to_owned()).or_default().insert(parts[1].to_owned(), (parts[2].to_owned(), parts[3] == "NO"));
    }
    let file = sqlite_schema().await;
    let mut faults = Vec::new();
    let tables: BTreeSet<&String> = file.keys().chain(server.keys()).filter(|t| *t != "_sqlx_migrations").collect();
    for table in tables {
        let (Some(f), Some(s)) = (file.get(table), server.get(table)) else {
            faults.push(format!("table {table}: on the file {}, on the server {}", file.contains_key(table), server.contains_key(table)));
            continue;
        };
        for name in f.keys().chain(s.keys()).collect::<BTreeSet<_>>() {
            match (f.get(name), s.get(name)) {
                (Some((ft, fnn)), Some((st, snn))) => {
                    if !compatible(ft, st) {
                        faults.push(format!("{table}.{name}: {ft} on the file, {st} on the server"));
                    }
                    if fnn != snn {
                        faults.push(format!("{table}.{name}: NOT NULL {fnn} on the file, {snn} on the server"));
                    }
                }
                (f, s) => faults.push(format!("{table}.{name}: on the file {}, on the server {}", f.is_some(), s.is_some())),
            }
        }
    }
    // The same indexes by name (the server's own for primary keys and UNIQUE constraints aside).
    let server_indexes: BTreeSet<String> = db
        .psql(
            "SELECT i.indexname FROM pg_indexes i WHERE i.schemaname = current_schema() AND i.tablename <> '_sqlx_migrations' \
             AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
        )
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    let file_indexes = sqlite_indexes().await;
    for name in file_indexes.symmetric_difference(&server_indexes) {
        faults.push(format!("index {name}: on the file {}, on the server {}", file_indexes.contains(name), server_indexes.contains(name)));
    }
    // Every table a later step adds is read by every role and written by the admin's (its GRANTs
    // belong in the step that makes it).
    let ungranted = db
        .psql(
            "SELECT t.table_name || ' ' || r FROM information_schema.tables t, unnest(ARRAY['ct_clerk', 'ct_approver', 'ct_auditor', 'ct_admin']) r \
             WHERE t.table_schema = current_schema() AND t.table_type = 'BASE TABLE' \
               AND NOT (has_table_privilege(r, format('%I', t.table_name), 'SELECT') \
                        AND (r <> 'ct_admin' OR t.table_name = '_sqlx_migrations' OR has_table_privilege(r, format('%I', t.table_name), 'INSERT')))",
        )
        .unwrap();
    faults.extend(ungranted.lines().filter(|l| !l.is_empty()).map(|l| format!("no GRANT: {l}")));
    assert!(faults.is_empty(), "migrations/postgres is out of step with migrations/sqlite:\n{}", faults.join("\n"));
}

#[tokio::test]
async fn a_new_server_register_is_set_up_once_and_opens_again_unchanged() {
    let Some(db) = server_db("opening a server register") else { return };
    let store = open_server(options(&db.url)).await.unwrap();
    assert_eq!(store.backend(), store::db::Backend::Postgres);
    let steps = migration_names("postgres").len();
    let applied = db.psql("SELECT count(*) FROM _sqlx_migrations WHERE success").unwrap();
    assert_eq!(applied, steps.to_string());
    let schema = store.schema_version().await.unwrap();
    store.close().await;
    // Opened again (and a third time at once, two clerks starting together): nothing to do.
    let (a, b) = tokio::join!(open_server(options(&db.url)), open_server(options(&db.url)));
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.schema_version().await.unwrap(), schema);
    assert_eq!(db.psql("SELECT count(*) FROM _sqlx_migrations").unwrap(), steps.to_string());
    assert_eq!(db.psql("SELECT value FROM setting WHERE key = 'schema_written_by'").unwrap(), env!("CARGO_PKG_VERSION"));
    a.close().await;
    b.close().await;
    // Through the same door as `--db`.
    let store = store::open_location(Location::parse(&db.url).unwrap(), OpenOptions::new("unused")).await.unwrap();
    assert!(store.path().is_none() && !store.is_encrypted());
    store.close().await;
}

#[tokio::test]
async fn what_only_a_file_has_is_refused_on_the_server_with_a_message() {
    let Some(db) = server_db("file-only operations on the server") else { return };
    let store = open_server(options(&db.url)).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    assert!(matches!(store.copy_into(&dir.path().join("copy.db")).await, Err(StoreError::NotOnServer)));
    assert!(!dir.path().join("copy.db").exists(), "nothing made");
    assert!(matches!(store.encrypt_in_place(&store::Key::passphrase("correct horse battery".into())).await, Err(StoreError::NotOnServer)));
    assert!(matches!(store.recovery_text(), Err(StoreError::NotOnServer)));
    assert!(matches!(store.page_size().await, Err(StoreError::NotOnServer)));
    assert!(matches!(store.integrity_check().await, Err(StoreError::NotOnServer)));
    assert_eq!(store.quick_check().await.unwrap(), Vec::<String>::new());
    assert_eq!(store.cipher_version().await.unwrap(), None);
    store.optimize().await.unwrap();
    assert!(store.first_audit_time().await.unwrap().is_none());
    let message = AppError::from(StoreError::NotOnServer).to_api(Lang::En).message;
    assert!(message.contains("server's administrator"), "{message}");
    assert!(AppError::from(StoreError::NotOnServer).to_api(Lang::ZhCn).message.contains("服务器管理员"));
    store.close().await;
}

#[tokio::test]
async fn another_programs_database_and_a_newer_register_are_refused_and_left_alone() {
    let Some(db) = server_db("foreign and newer databases") else { return };
    db.psql("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('shopping list')").unwrap();
    match open_server(options(&db.url)).await {
        Err(e @ StoreError::ServerForeign { .. }) => {
            let message = AppError::from(e).to_api(Lang::En).message;
            assert!(message.contains(&format!("\"{}\"", db.name)) && message.contains("another program"), "{message}");
            assert!(!message.contains("file"), "a database on the server is not a file: {message}");
        }
        other => panic!("another program's database must be refused: {:?}", other.map(|_| ())),
    }
    assert_eq!(db.psql("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()").unwrap(), "1");

    // A database the server does not have: said with its name, not as a code.
    let missing = backend::with_database(&db.url, "no_such_register_db");
    match open_server(options(&missing)).await {
        Err(e @ StoreError::ServerNoDatabase { .. }) => {
            let message = AppError::from(e).to_api(Lang::ZhCn).message;
            assert!(message.contains("“no_such_register_db”") && message.contains("服务器管理员"), "{message}");
        }
        other => panic!("a missing database must be said so: {:?}", other.map(|_| ())),
    }

    let Some(newer) = server_db("a newer register") else { return };
    open_server(options(&newer.url)).await.unwrap().close().await;
    newer
        .psql(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             VALUES (20991231000000, 'future', true, '\\x00', 0); UPDATE setting SET value = '9.1.0' WHERE key = 'schema_written_by'",
        )
        .unwrap();
    match open_server(options(&newer.url)).await {
        Err(StoreError::Newer { schema, app_version }) => {
            assert_eq!((schema, app_version.as_deref()), (20991231000000, Some("9.1.0")));
        }
        other => panic!("a newer register must be refused: {:?}", other.map(|_| ())),
    }
}

#[tokio::test]
async fn a_wrong_password_and_an_unreachable_server_are_said_so_without_a_panic() {
    // Nothing listens on port 1 of this computer: refused at once.
    let mut nowhere = options("postgres://li:pw@127.0.0.1:1/register?sslmode=disable");
    nowhere.acquire_timeout = std::time::Duration::from_secs(3);
    match open_server(nowhere).await {
        Err(e @ StoreError::ServerUnreachable { .. }) => {
            let message = AppError::from(e).to_api(Lang::En).message;
            assert!(message.contains("127.0.0.1:1") && !message.contains("pw"), "{message}");
        }
        other => panic!("unreachable: {:?}", other.map(|_| ())),
    }
    let Some(db) = server_db("a wrong password") else { return };
    let role = format!("ct_schema_wrong_{}", std::process::id());
    db.psql(&format!("CREATE ROLE {role} LOGIN PASSWORD 'right-password'")).unwrap();
    let wrong = backend::with_user(&db.url, &role, "wrong-password");
    let refused = open_server(options(&wrong)).await;
    let _ = db.psql(&format!("DROP ROLE IF EXISTS {role}"));
    let e = refused.expect_err("a wrong password is refused");
    let api = AppError::from(e).to_api(Lang::ZhCn);
    assert!(!api.message.is_empty() && !api.message.contains("wrong-password"), "{}", api.message);
    assert_ne!(api.code, "storage", "a wrong password has its own message: {}", api.message);
}

#[test]
fn an_address_that_is_not_one_is_refused_with_its_password_hidden() {
    match Location::parse("postgres://li:s3cret@db:port/register") {
        Err(e @ StoreError::ServerAddress(_)) => {
            let message = AppError::from(e).to_api(Lang::En).message;
            assert!(message.contains("postgres://li:***@db:port/register") && !message.contains("s3cret"), "{message}");
        }
        other => panic!("{:?}", other.map(|_| ())),
    }
}

/// Runs `sql` on the test database as `role` (a login role with `password`): psql's error, if any.
fn as_role(db: &ServerDb, role: &str, password: &str, sql: &str) -> Result<String, String> {
    backend::psql(&backend::with_user(&db.url, role, password), sql)
}

#[tokio::test]
async fn the_server_refuses_each_group_role_what_the_office_refuses_it() {
    let Some(db) = server_db("the group roles' grants") else { return };
    let store = open_server(options(&db.url)).await.unwrap();
    store.close().await;
    for group in ["ct_clerk", "ct_approver", "ct_auditor", "ct_admin"] {
        assert_eq!(db.psql(&format!("SELECT rolcanlogin FROM pg_roles WHERE rolname = '{group}'")).unwrap(), "f", "{group} is NOLOGIN");
    }
    db.psql(
        "INSERT INTO person (name, name_folded, name_pinyin, name_initials, staff_no, id_number, id_reversed, unit, level, start_date, registered_on) \
         VALUES ('李娜', '李娜', 'lina', 'ln', 'S1', '110105194912310021', '120013219491501011', '一部', 'core', '2025-01-02', '2025-01-02'); \
         INSERT INTO trip (person_id, destinations, purpose, kind, requested, planned_departure, planned_return, current_return, state) \
         SELECT id, 'FR', 'conference', 'official', '2026-01-02', '2026-02-01', '2026-02-05', '2026-02-05', 'requested' FROM person; \
         INSERT INTO lifecycle (person_id, stage, state) SELECT id, 'onboarding', '{\"stage\":\"onboarding\",\"on_duty_override\":null}' FROM person; \
         INSERT INTO setting (key, value) VALUES ('office_name', '保密办'), ('policy', 'prc-2024')",
    )
    .unwrap();
    let pid = std::process::id();
    let (clerk, approver, auditor) =
        (format!("ct_schema_clerk_{pid}"), format!("ct_schema_approver_{pid}"), format!("ct_schema_auditor_{pid}"));
    for (role, group) in [(&clerk, "ct_clerk"), (&approver, "ct_approver"), (&auditor, "ct_auditor")] {
        db.psql(&format!("DROP ROLE IF EXISTS {role}; CREATE ROLE {role} LOGIN PASSWORD 'pw-{pid}' IN ROLE {group}")).unwrap();
    }
    let pw = format!("pw-{pid}");
    let outcome = (|| -> Result<(), String> {
        let refused = |r: Result<String, String>, what: &str| match r {
            Err(e)
                if e.contains("permission denied")
                    || e.contains("only an approver")
                    || e.contains("not this role's")
                    || e.contains("names the role") =>
            {
                Ok(())
            }
            other => Err(format!("{what}: expected a refusal, got {other:?}")),
        };
        // Every role reads.
        for role in [&clerk, &approver, &auditor] {
            assert_eq!(as_role(&db, role, &pw, "SELECT count(*) FROM person")?, "1");
        }
        // A clerk edits people and records travel, but does not decide a trip.
        as_role(&db, &clerk, &pw, "UPDATE person SET phone = '123' WHERE staff_no = 'S1'")?;
        as_role(&db, &clerk, &pw, "UPDATE trip SET purpose = 'a conference'")?;
        refused(
            as_role(&db, &clerk, &pw, "UPDATE trip SET approved = 1, decided_by = 'x', decided_on = '2026-01-03'"),
            "a clerk approving",
        )?;
        refused(
            as_role(&db, &clerk, &pw, "INSERT INTO account (name, role, password_hash, created_at) VALUES ('x', 'admin', 'h', 't')"),
            "a clerk making an account",
        )?;
        // Settings by key: a clerk keeps its language, not the office's name nor the policy.
        as_role(
            &db,
            &clerk,
            &pw,
            "INSERT INTO setting (key, value) VALUES ('language', 'en') ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )?;
        for sql in [
            "INSERT INTO setting (key, value) VALUES ('office_name', 'x') ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            "UPDATE setting SET value = 'x' WHERE key = 'office_name'",
            "DELETE FROM setting WHERE key = 'policy'",
            "INSERT INTO setting (key, value) VALUES ('form_template.review', 'x')",
        ] {
            refused(as_role(&db, &clerk, &pw, sql), &format!("a clerk: {sql}"))?;
        }
        // … an approver the policy, not the office's name.
        as_role(&db, &approver, &pw, "UPDATE setting SET value = 'nispom' WHERE key = 'policy'")?;
        refused(as_role(&db, &approver, &pw, "UPDATE setting SET value = 'x' WHERE key = 'office_name'"), "an approver naming the office")?;
        assert_eq!(db.psql("SELECT value FROM setting WHERE key = 'office_name'")?, "保密办");
        // Putting a person on duty with a step missing: an approver's, not a clerk's; a clerk
        // still writes the state otherwise.
        let overridden = "UPDATE lifecycle SET stage = 'on_duty', \
             state = '{\"stage\":\"on_duty\",\"on_duty_override\":{\"reason\":\"urgent\",\"missing\":[\"training\"]}}'";
        refused(as_role(&db, &clerk, &pw, overridden), "a clerk overriding onboarding")?;
        as_role(&db, &clerk, &pw, "UPDATE lifecycle SET state = '{\"stage\":\"onboarding\",\"on_duty_override\":null}'")?;
        as_role(&db, &approver, &pw, overridden)?;
        // An approver decides.
        as_role(&db, &approver, &pw, "UPDATE trip SET approved = 1, decided_by = 'x', decided_on = '2026-01-03', state = 'approved'")?;
        // An auditor changes nothing of the record.
        refused(as_role(&db, &auditor, &pw, "UPDATE person SET phone = '456'"), "an auditor editing a person")?;
        refused(
            as_role(
                &db,
                &auditor,
                &pw,
                "INSERT INTO reminder_ack (key, due_date, kind, at, operator) VALUES ('k', '2026-01-01', 'acknowledged', 't', 'o')",
            ),
            "an auditor acknowledging",
        )?;
        // The trail: appended by everyone, changed by nobody.
        as_role(
            &db,
            &auditor,
            &pw,
            &format!("INSERT INTO audit_log (seq, at, operator, action, entity, entity_id, prev_hash, hash) VALUES (1, 't', '{auditor}', 'a', 'e', '1', '', 'h')"),
        )?;
        // … each entry in the name of the role that writes it, never in another's.
        refused(
            as_role(
                &db,
                &clerk,
                &pw,
                &format!("INSERT INTO audit_log (seq, at, operator, action, entity, entity_id, prev_hash, hash) VALUES (2, 't', '{approver}', 'a', 'e', '1', 'h', 'h2')"),
            ),
            "a clerk writing in the approver's name",
        )?;
        for role in [&clerk, &approver, &auditor] {
            refused(as_role(&db, role, &pw, "UPDATE audit_log SET operator = 'someone'"), "changing the trail")?;
            refused(as_role(&db, role, &pw, "DELETE FROM audit_log"), "deleting the trail")?;
        }
        // Not even the owner changes it (the triggers, as on SQLite).
        match db.psql("UPDATE audit_log SET operator = 'someone'") {
            Err(e) if e.contains("append-only") => Ok(()),
            other => Err(format!("the owner changing the trail: {other:?}")),
        }
    })();
    for role in [&clerk, &approver, &auditor] {
        let _ = db.psql(&format!("DROP OWNED BY {role}; DROP ROLE IF EXISTS {role}"));
    }
    outcome.unwrap();
}

#[tokio::test]
async fn the_sqlite_no_op_step_leaves_a_file_register_as_it_was() {
    // The last steps are new to registers made before issue 16: a file opens and migrates as ever.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("register.db");
    let store = store::open(OpenOptions::new(&path)).await.unwrap();
    let steps = migration_names("sqlite").len();
    assert_eq!(store.schema_version().await.unwrap(), migration_names("sqlite").last().unwrap()[..14].parse::<i64>().unwrap());
    assert_eq!(store.path(), Some(path.as_path()));
    store.close().await;
    let mut conn = SqliteConnection::connect(&format!("sqlite://{}", path.display())).await.unwrap();
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM _sqlx_migrations WHERE success").fetch_one(&mut conn).await.unwrap();
    assert_eq!(n as usize, steps);
}

#[tokio::test]
async fn a_unicode_role_with_an_at_sign_in_its_password_connects_as_written() {
    let Some(db) = server_db("a unicode role name") else { return };
    open_server(options(&db.url)).await.unwrap().close().await;
    let role = format!("李娜_{}", std::process::id());
    let password = "p@ss:wörd@2026";
    db.psql(&format!("CREATE ROLE {} LOGIN PASSWORD 'p@ss:wörd@2026' IN ROLE ct_clerk", backend::identifier(&role))).unwrap();
    // Written as typed (the role raw, a plain @ and : in the password), and %-escaped.
    let escaped = backend::with_user(&db.url, &role, password);
    let after_scheme = escaped.find("://").unwrap() + 3;
    let host_and_rest = &escaped[escaped[after_scheme..].find('@').unwrap() + after_scheme + 1..];
    let raw = format!("postgres://{role}:{password}@{host_and_rest}");
    let mut outcome = Vec::new();
    for url in [&raw, &escaped] {
        let o = options(url);
        assert_eq!((o.user.as_str(), o.password.as_deref().map(String::as_str)), (role.as_str(), Some(password)));
        outcome.push(match open_server(o).await {
            Ok(store) => {
                let who = store.server_identity().await.map(|(name, role)| format!("{name} {role:?}")).unwrap_or_else(|e| e.to_string());
                store.close().await;
                who
            }
            Err(e) => format!("refused: {e}"),
        });
    }
    let _ = db.psql(&format!("DROP ROLE IF EXISTS {}", backend::identifier(&role)));
    let expected = format!("{role} Some(Clerk)");
    assert_eq!(outcome, vec![expected.clone(), expected]);
}

#[tokio::test]
async fn an_upgrade_a_clerk_may_not_make_is_left_to_the_owner_with_a_message() {
    let Some(db) = server_db("an upgrade by a clerk's role") else { return };
    open_server(options(&db.url)).await.unwrap().close().await;
    // As if the server roles' step were new to the register (its one object that cannot be made
    // twice taken away).
    db.psql("DROP TRIGGER trip_decision ON trip; DELETE FROM _sqlx_migrations WHERE version = 20261203000001").unwrap();
    let role = format!("ct_schema_upgrade_{}", std::process::id());
    db.psql(&format!("CREATE ROLE {role} LOGIN PASSWORD 'pw' IN ROLE ct_clerk")).unwrap();
    let opened = open_server(options(&backend::with_user(&db.url, &role, "pw"))).await;
    let read_only = open_server(options(&db.url).read_only(true)).await;
    let _ = db.psql(&format!("DROP ROLE IF EXISTS {role}"));
    let e = opened.expect_err("a clerk's role cannot upgrade the register");
    assert!(matches!(e, StoreError::ServerNeedsUpgrade), "{e:?}");
    assert!(AppError::from(e).to_api(Lang::En).message.contains("administrator"));
    assert!(matches!(read_only, Err(StoreError::ReadOnlyNeedsUpgrade)));
    // The owner's next open makes it.
    open_server(options(&db.url)).await.unwrap().close().await;
    let steps = migration_names("postgres").len();
    assert_eq!(db.psql("SELECT count(*) FROM _sqlx_migrations").unwrap(), steps.to_string());
}
