//! Which database the storage, CLI and end-to-end tests run on (issue 16).
//!
//! `CLEARANCE_TRACKER_TEST_PG` unset: every test runs on a SQLite file, as always. Set to a
//! `postgres://` URL of a server the tests may create databases on (scripts/test.sh sets it inside
//! `pg_virtualenv`): each test gets a fresh database of its own on that server
//! ([`ServerDb::create`]), dropped when the test is done, and tests about the SQLite file itself
//! return early through [`sqlite_only`].
//!
//! Shared by the suites with `#[path = "../support/backend.rs"] mod backend;` (not every suite
//! uses every function).
#![allow(dead_code)]

use std::sync::atomic::{AtomicU32, Ordering};

#[path = "psql.rs"]
mod psql;
pub use psql::{psql, redact, with_database};

/// The environment variable naming the test server.
pub const ENV: &str = "CLEARANCE_TRACKER_TEST_PG";

/// The server the tests run on, when they run on PostgreSQL.
pub fn server() -> Option<String> {
    std::env::var(ENV).ok().map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// The tests run on PostgreSQL.
pub fn on_server() -> bool {
    server().is_some()
}

/// For a test about the SQLite file itself (encryption, backup files, file locks, a damaged file,
/// edits with the sqlite3 shell) or what only a file has (its own accounts' first start): `true`
/// on PostgreSQL, after printing why the test is skipped there; the test then returns.
/// `if sqlite_only("the file's encryption") { return; }`
pub fn sqlite_only(why: &str) -> bool {
    if on_server() {
        eprintln!("skipped on PostgreSQL: {why}");
        true
    } else {
        false
    }
}

/// For a test of the office server only (`migrate`, say): `true` on SQLite (no test server
/// given), after printing why the test is skipped; the test then returns.
pub fn server_only(why: &str) -> bool {
    if on_server() {
        false
    } else {
        eprintln!("skipped without a test server ({ENV} not set): {why}");
        true
    }
}

/// Opens (making it on first use) the register at `path`, or the test's database on the server
/// when the tests run on PostgreSQL.
pub async fn open_store(path: &std::path::Path, server: Option<&ServerDb>) -> clearance_tracker_lib::store::Store {
    use clearance_tracker_lib::store;
    match server {
        None => store::open(store::OpenOptions::new(path)).await.unwrap(),
        Some(db) => {
            let options = store::ServerOptions::from_url(&db.url).unwrap_or_else(|e| panic!("{}: {e}", redact(&db.url)));
            store::open_server(options).await.unwrap_or_else(|e| panic!("open {}: {e}", redact(&db.url)))
        }
    }
}

/// A database of its own for one test on the test server: created empty, dropped (with any
/// connection still open to it) when this is dropped, best effort.
///
/// Login roles are the server's, not the database's: the accounts a test makes (`CREATE ROLE`)
/// are seen by every database on the server, so on PostgreSQL the suites run one test at a time
/// (scripts/test.sh) and the roles a test made are dropped with its database (the office's group
/// roles `ct_*` stay).
pub struct ServerDb {
    /// The URL of this database (the server's URL with the database replaced).
    pub url: String,
    /// The database's name (`ct_test_…`).
    pub name: String,
    server: String,
    /// The roles on the server before the test.
    roles_before: Vec<String>,
}

impl ServerDb {
    /// A new, empty database on the test server; `None` when the tests run on SQLite.
    pub fn create() -> Option<ServerDb> {
        let server = server()?;
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
        let name = format!("ct_test_{}_{}_{nanos}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
        psql(&server, &format!("CREATE DATABASE {name}")).unwrap_or_else(|e| panic!("a test database on {}: {e}", redact(&server)));
        let roles_before = roles(&server);
        Some(ServerDb { url: with_database(&server, &name), name, server, roles_before })
    }

    /// The server's URL signed in as another login role (its password given).
    pub fn url_as(&self, user: &str, password: &str) -> String {
        with_user(&self.url, user, password)
    }

    /// This database's address without a user or a password: what an office's clerk is given
    /// (the CLI's `--user` and password file, or the window's sign-in, say who connects).
    pub fn address(&self) -> String {
        without_credentials(&self.url)
    }

    /// Runs SQL on this database as the server's administrator (the test's "someone with psql
    /// behind the app's back"); the output of `psql -At` (unaligned, tuples only) or its error.
    pub fn psql(&self, sql: &str) -> Result<String, String> {
        psql(&self.url, sql)
    }
}

impl Drop for ServerDb {
    fn drop(&mut self) {
        // WITH (FORCE): the test's pool may still hold connections.
        if let Err(e) = psql(&self.server, &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name)) {
            eprintln!("could not drop the test database {}: {e}", self.name);
        }
        let made: Vec<String> =
            roles(&self.server).into_iter().filter(|r| !r.starts_with("ct_") && !self.roles_before.contains(r)).collect();
        for role in made {
            if let Err(e) = psql(&self.server, &format!("DROP ROLE IF EXISTS {}", identifier(&role))) {
                eprintln!("could not drop the test's role {role}: {e}");
            }
        }
    }
}

/// The names of the roles on the server.
fn roles(server: &str) -> Vec<String> {
    psql(server, "SELECT rolname FROM pg_roles").map(|out| out.lines().map(str::to_owned).collect()).unwrap_or_default()
}

/// A name quoted as an SQL identifier.
pub fn identifier(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// `url` with its user and password replaced (both percent-encoded).
pub fn with_user(url: &str, user: &str, password: &str) -> String {
    let after_scheme = url.find("://").map(|i| i + 3).unwrap_or(0);
    let rest = &url[after_scheme..];
    let host_start = match (rest.find('@'), rest.find('/')) {
        (Some(at), Some(slash)) if at < slash => at + 1,
        (Some(at), None) => at + 1,
        _ => 0,
    };
    format!("{}{}:{}@{}", &url[..after_scheme], encode(user), encode(password), &rest[host_start..])
}

/// `url` without its user and password.
pub fn without_credentials(url: &str) -> String {
    let after_scheme = url.find("://").map(|i| i + 3).unwrap_or(0);
    let rest = &url[after_scheme..];
    match (rest.find('@'), rest.find('/')) {
        (Some(at), Some(slash)) if at < slash => format!("{}{}", &url[..after_scheme], &rest[at + 1..]),
        (Some(at), None) => format!("{}{}", &url[..after_scheme], &rest[at + 1..]),
        _ => url.to_owned(),
    }
}

/// Percent-encoding of everything but unreserved ASCII.
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-._~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn urls() {
        assert_eq!(super::with_database("postgres://u:p@h:5433/postgres", "x"), "postgres://u:p@h:5433/x");
        assert_eq!(super::with_database("postgres://u@h", "x"), "postgres://u@h/x");
        assert_eq!(super::with_database("postgres://u@h/db?sslmode=disable", "x"), "postgres://u@h/x?sslmode=disable");
        assert_eq!(super::redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(super::with_user("postgres://u:p@h:1/db", "王", "a b"), "postgres://%E7%8E%8B:a%20b@h:1/db");
        assert_eq!(super::with_user("postgres://h/db", "x", "y"), "postgres://x:y@h/db");
        assert_eq!(super::without_credentials("postgres://u:p@h:1/db?sslmode=disable"), "postgres://h:1/db?sslmode=disable");
        assert_eq!(super::identifier("a\"b"), "\"a\"\"b\"");
    }
}
