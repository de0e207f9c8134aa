//! The benchmarks' office server (issue 16): `--server postgres://…` (or the environment variable
//! `CLEARANCE_TRACKER_BENCH_PG`) names a PostgreSQL server the bench may create a database on.
//! The register generated into the SQLite file is then copied into a fresh database there with
//! `migrate`'s copy (store/copy.rs), vacuumed and analysed (the statistics and the visibility map
//! a register in use has, so index-only scans work), and the same screens are measured on it. The
//! database is dropped when the bench is done with it.

use std::time::Instant;

// The startup bench holds this file (through reminders.rs) and the e2e harness, which holds it
// through tests/support/backend.rs: two copies of a few helpers in that one binary.
#[allow(clippy::duplicate_mod)]
#[path = "../support/psql.rs"]
mod psql;
pub use psql::psql;
use psql::{redact, with_database};

use clearance_tracker_lib::store::{self, CopyOutcome, ServerOptions, Store};

/// The environment variable naming the server, when `--server` is not given.
pub const ENV: &str = "CLEARANCE_TRACKER_BENCH_PG";

/// The server's URL from `--server URL` or [`ENV`]; `None`: SQLite only, as always.
pub fn server_url(args: &[String]) -> Option<String> {
    args.iter()
        .position(|a| a == "--server")
        .and_then(|i| args.get(i + 1).cloned())
        .or_else(|| std::env::var(ENV).ok())
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
}

/// A database of the bench's own on the server, dropped (with any connection still open to it)
/// when this is dropped.
pub struct BenchDb {
    /// The database's URL.
    pub url: String,
    name: String,
    server: String,
}

impl BenchDb {
    /// A new, empty database `bench_<what>_<pid>` on `server`.
    pub fn create(server: &str, what: &str) -> BenchDb {
        let name = format!("bench_{what}_{}", std::process::id());
        psql(server, &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).unwrap();
        psql(server, &format!("CREATE DATABASE {name}")).unwrap_or_else(|e| panic!("a bench database on {}: {e}", redact(server)));
        BenchDb { url: with_database(server, &name), name, server: server.to_owned() }
    }
}

impl Drop for BenchDb {
    fn drop(&mut self) {
        // `CLEARANCE_TRACKER_BENCH_KEEP=1`: left on the server, to look at its plans afterwards.
        if std::env::var_os("CLEARANCE_TRACKER_BENCH_KEEP").is_some_and(|v| v == "1") {
            eprintln!("kept the bench database {} (CLEARANCE_TRACKER_BENCH_KEEP)", self.name);
            return;
        }
        if let Err(e) = psql(&self.server, &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name)) {
            eprintln!("could not drop the bench database {}: {e}", self.name);
        }
    }
}

/// `file` (the bench's SQLite register) copied into a fresh database on `server` as `migrate`
/// copies it, then `VACUUM ANALYZE`d: the store on the server, and its database (drop it last).
pub async fn copy_to_server(file: &Store, server: &str, what: &str) -> (Store, BenchDb) {
    let db = BenchDb::create(server, what);
    let start = Instant::now();
    let store = store::open_server(ServerOptions::from_url(&db.url).unwrap()).await.unwrap();
    let copied = match store.copy_from_file(file, |_, _| {}).await.unwrap() {
        CopyOutcome::Copied(tables) => tables,
        CopyOutcome::NotEmpty { table, rows } => panic!("the fresh database holds {rows} rows in {table}"),
    };
    let rows: i64 = copied.iter().map(|t| t.target_rows).sum();
    let short: Vec<_> =
        copied.iter().filter(|t| t.source_rows != t.target_rows).map(|t| (&t.table, t.source_rows, t.target_rows)).collect();
    assert!(short.is_empty(), "every row copied: {short:?}");
    println!("server: {rows} rows copied in {:.1} s (migrate's copy)", start.elapsed().as_secs_f64());
    let start = Instant::now();
    psql(&db.url, "VACUUM ANALYZE").unwrap();
    println!("server: VACUUM ANALYZE in {:.1} s", start.elapsed().as_secs_f64());
    let version = psql(&db.url, "SHOW server_version").unwrap_or_default();
    println!("server: PostgreSQL {version}, {}", redact(&db.url));
    (store, db)
}

/// A screen's label and its (median, p95) on SQLite and on the server, in ms.
pub type Compared = (String, (f64, f64), (f64, f64));

/// The figures of both registers side by side: `(what, SQLite (median, p95), server (median, p95))`.
pub fn side_by_side(rows: &[Compared]) {
    println!();
    println!("{:<40} {:>22} {:>22} {:>8}", "median / p95, ms", "SQLite", "PostgreSQL", "ratio");
    for (what, (s50, s95), (p50, p95)) in rows {
        println!(
            "{what:<40} {:>22} {:>22} {:>7.1}×",
            format!("{s50:.2} / {s95:.2}"),
            format!("{p50:.2} / {p95:.2}"),
            if *s50 > 0.0 { p50 / s50 } else { f64::NAN }
        );
    }
}
