//! The office server stopped in the middle of a write (issue 16, PostgreSQL only): the write is
//! refused with "the office server cannot be reached; the change was not saved", nothing of it
//! is on the server after the restart (its transaction rolled back), and the next write once the
//! server is back goes through (the pool connects again).
//!
//! The test runs its own throw-away server (initdb + pg_ctl on a temporary folder, as the
//! `postgres` user when the tests run as root), so stopping it disturbs no other test. It runs
//! with the PostgreSQL suite (`CLEARANCE_TRACKER_TEST_PG` set); skipped on SQLite.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use clearance_domain::person::PersonInput;
use clearance_domain::Lang;
use clearance_tracker_lib::office::Office;
use clearance_tracker_lib::store::{self, ServerOptions};
use sqlx::Connection;

use super::backend::on_server;
use super::{admin, li_si, zhang_san};

/// The newest PostgreSQL's programs (Debian's layout), if installed.
fn pg_bin() -> Option<PathBuf> {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql").ok()?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    versions.sort();
    versions.into_iter().rev().map(|v| v.join("bin")).find(|b| b.join("pg_ctl").exists())
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0").unwrap_or(false)
}

/// A PostgreSQL server of this test's own.
struct Cluster {
    _dir: tempfile::TempDir,
    data: PathBuf,
    bin: PathBuf,
    port: u16,
    root: bool,
}

impl Cluster {
    fn run(&self, program: &str, args: &[&str]) {
        let path = self.bin.join(program);
        let mut cmd = if self.root {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&path);
            c
        } else {
            Command::new(&path)
        };
        let out = cmd.args(args).output().unwrap_or_else(|e| panic!("{program}: {e}"));
        assert!(
            out.status.success(),
            "{program} {args:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn new(bin: PathBuf) -> Cluster {
        let root = is_root();
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        if root {
            // The server refuses to run as root: the folder is the postgres user's.
            let out = Command::new("chown").args(["-R", "postgres:postgres"]).arg(dir.path()).output().unwrap();
            assert!(out.status.success());
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let cluster = Cluster { _dir: dir, data, bin, port, root };
        let data = cluster.data.to_str().unwrap().to_owned();
        cluster.run("initdb", &["-D", &data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale", "C"]);
        cluster.start();
        cluster
    }

    fn start(&self) {
        let data = self.data.to_str().unwrap();
        let opts = format!("-p {} -c listen_addresses=127.0.0.1 -k {} -c fsync=off", self.port, self.data.display());
        self.run("pg_ctl", &["-D", data, "-o", &opts, "-l", &format!("{data}/log"), "-w", "start"]);
    }

    /// Stops the server at once, as a power cut or `kill -9` would: every session is cut.
    fn stop_now(&self) {
        self.run("pg_ctl", &["-D", self.data.to_str().unwrap(), "-m", "immediate", "-w", "stop"]);
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres?sslmode=disable", self.port)
    }
}

/// A failed assertion leaves no server running.
impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.data.to_str().unwrap_or_default().to_owned();
        let path = self.bin.join("pg_ctl");
        let mut cmd = if self.root {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&path);
            c
        } else {
            Command::new(&path)
        };
        let _ = cmd.args(["-D", &data, "-m", "immediate", "stop"]).output();
    }
}

async fn office_on(url: &str) -> Office {
    let mut options = ServerOptions::from_url(url).unwrap();
    options.acquire_timeout = Duration::from_secs(3);
    let store = store::open_server(options).await.unwrap();
    Office::new(store, "the test's own server").with_today(Some(NaiveDate::from_ymd_opt(2026, 11, 27).unwrap())).with_account(admin("王芳"))
}

async fn count(url: &str, sql: &str) -> i64 {
    let mut c = sqlx::PgConnection::connect(url).await.unwrap();
    let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned())).fetch_one(&mut c).await.unwrap();
    c.close().await.ok();
    n
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_in_flight_when_the_server_stops_is_refused_in_words_leaves_nothing_and_the_next_one_goes_through() {
    if !on_server() {
        eprintln!("skipped on SQLite: a test of the office server stopping (run with CLEARANCE_TRACKER_TEST_PG)");
        return;
    }
    let Some(bin) = pg_bin() else {
        eprintln!("skipped: PostgreSQL's programs (initdb, pg_ctl) are not installed");
        return;
    };
    let cluster = Cluster::new(bin);
    let url = cluster.url();
    let office = office_on(&url).await;
    office.add_person(&zhang_san()).await.unwrap();
    let (people, entries) = (count(&url, "SELECT count(*) FROM person").await, count(&url, "SELECT count(*) FROM audit_log").await);

    // Someone holds the audit trail: the clerk's write inserts the person, then waits to append
    // its entry — in flight, its transaction open, when the server stops.
    let mut holder = sqlx::PgConnection::connect(&url).await.unwrap();
    sqlx::query("BEGIN").execute(&mut holder).await.unwrap();
    sqlx::query("LOCK TABLE audit_log IN EXCLUSIVE MODE").execute(&mut holder).await.unwrap();
    let writer = office.clone();
    let write = tokio::spawn(async move { writer.add_person(&li_si()).await });
    // Watched from a connection of its own: inside the holder's transaction the server's list of
    // sessions is the one its first look saw, without a session the write opens after it.
    let mut watcher = sqlx::PgConnection::connect(&url).await.unwrap();
    let start = Instant::now();
    loop {
        let waiting: i64 = sqlx::query_scalar(
            // Waiting on the lock (while its statement is prepared the activity still shows the one
            // before: the wait is what tells).
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()",
        )
        .fetch_one(&mut watcher)
        .await
        .unwrap();
        if waiting > 0 {
            break;
        }
        if write.is_finished() {
            panic!("the write ended before the server stopped: {:?}", write.await.unwrap().map(|p| p.name));
        }
        if start.elapsed() > Duration::from_secs(20) {
            let seen: Vec<(Option<String>, Option<String>, Option<String>)> =
                sqlx::query_as("SELECT wait_event_type || '/' || wait_event, state || ' ' || pid::text || ' ' || coalesce(xact_start::text, '-'), query FROM pg_stat_activity WHERE datname IS NOT NULL")
                    .fetch_all(&mut watcher)
                    .await
                    .unwrap();
            panic!("the write never reached the audit trail: {seen:?}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let inserted: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'person' AND l.mode = 'RowExclusiveLock'",
    )
    .fetch_one(&mut holder)
    .await
    .unwrap();
    assert!(inserted > 0, "the person's row is written in the open transaction");

    cluster.stop_now();
    drop((holder, watcher));
    let e = write.await.unwrap().unwrap_err();
    assert_eq!(e.code(), "server.write_lost", "{e:?}");
    assert_eq!(
        e.to_api(Lang::En).message,
        "The office server cannot be reached; the change was not saved. Check the network and try again once the server is back"
    );
    assert!(e.to_api(Lang::ZhCn).message.starts_with("无法连接办公室服务器"), "{}", e.to_api(Lang::ZhCn).message);

    // While it is down, a write is refused in the same words (no connection can be made), or —
    // failing on what it reads before it begins — as the window says it: the connection is lost.
    let e = office.add_person(&PersonInput { staff_no: "S0003".into(), ..li_si() }).await.unwrap_err();
    let e = office.server_gone(e);
    assert!(["server.write_lost", "server.lost"].contains(&e.code().as_str()), "{e:?}");
    assert!(!e.to_api(Lang::En).message.contains("Another clerk"), "{}", e.to_api(Lang::En).message);

    // Back up: nothing of the write in flight is there, the chain is whole.
    cluster.start();
    assert_eq!(count(&url, "SELECT count(*) FROM person").await, people, "no half-written person");
    assert_eq!(count(&url, "SELECT count(*) FROM audit_log").await, entries);
    // The same office, the same pool: the next write goes through.
    let li = office.add_person(&li_si()).await.expect("the pool connects again");
    assert_eq!(li.name, "李四");
    assert_eq!(count(&url, "SELECT count(*) FROM person").await, people + 1);
    let verified = office.verify_audit().await.unwrap();
    assert_eq!(verified.first_broken, None);
    assert_eq!(verified.entries, entries + 1);

    // Restarted between two writes: the pool's connections were dropped while idle; each is
    // checked before it is used again (one used within the last half second is not: see
    // open_server.rs), the next write goes on with a new one.
    cluster.stop_now();
    cluster.start();
    tokio::time::sleep(Duration::from_millis(600)).await;
    let wang = office
        .add_person(&PersonInput { staff_no: "S0004".into(), name: "王五".into(), id_number: "11010519491231002X".into(), ..li_si() })
        .await;
    assert_eq!(wang.expect("a write right after a restart").name, "王五");
    assert_eq!(count(&url, "SELECT count(*) FROM person").await, people + 2);
    office.store().close().await;
}
