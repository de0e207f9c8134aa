//! Benchmark: the dashboard (`Office::reminder_board`) on a register of 200,000 people with their
//! histories (about two million rows), read from the reminders' projection (issue 15). Run with
//! `cargo bench --bench reminders`; `-- --people N` to change the size, `--encrypted` for the same
//! register encrypted (SQLCipher), `--rounds N` for the calls timed (default 21). The figures
//! are kept in docs/performance.md. Not a timed test.
//!
//! What it measures, in order:
//! 1. the projection's full rebuild (the register is filled with SQL, so it was never built);
//! 2. the dashboard as the window asks for it (all filters off, the window's first page of
//!    [`PAGE`] rows), median and p95 over the rounds; the full recomputation once, for comparison;
//! 3. the dashboard right after one write: a step recorded done, an acknowledgement;
//! 4. the CLI's list in process (every row, no offers) and its JSON;
//! 5. `reminders --json` as a process, end to end (the binary signed in with `--user`'s
//!    password file, as a script runs it), and what such a process spends where: start and open
//!    with nothing to list, the password's Argon2id check, the list and its JSON.
//!
//! The register: 9 in 10 people on duty since a day in the last three years, with their three
//! onboarding steps done, the re-review and the re-signed commitment done once or twice since,
//! and two training sessions a year attended; 1 in 10 still onboarding with one step done.
//!
//! `--server postgres://…` (or `CLEARANCE_TRACKER_BENCH_PG`; tests/bench/server.rs): after 1 and 2
//! the register is moved to a fresh database on that PostgreSQL server (`migrate`'s copy, then
//! `VACUUM ANALYZE`), its projection rebuilt there (and analysed again), and the dashboard measured
//! there as in 2; both side by side. The bench then stops (3–5 are measured on SQLite alone).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use clearance_domain::lifecycle::{LifecycleState, Stage};
use clearance_tracker_lib::office::{Office, ReminderAction, ReminderBoard, ReminderFilter};
use clearance_tracker_lib::store::{self, OpenOptions};

#[path = "common.rs"]
mod common;
use common::fill;
#[path = "server.rs"]
mod server;

const AS_OF: &str = "2026-11-27";

/// The rows the window asks for at a time (`PAGE` in ui/src/dashboard/DashboardScreen.svelte).
const PAGE: u32 = 200;

/// The histories, written with SQL straight from the people (the app's own writes would take
/// hours for two million rows; what matters here is reading them).
/// Also the start-up bench's register (tests/bench/startup.rs).
pub(crate) fn histories_sql(on_duty_state: &str) -> String {
    format!(
        "BEGIN;
        -- On duty since a day in the three years before 2026-11-27, spread by id.
        CREATE TEMP TABLE since (id INTEGER PRIMARY KEY, d TEXT NOT NULL);
        INSERT INTO since SELECT id, date('2026-11-27', '-' || (30 + id * 7919 % 1065) || ' days') FROM person;
        INSERT INTO lifecycle (person_id, stage, state)
            SELECT p.id, 'on_duty', json_set('{on_duty_state}', '$.on_duty_since', s.d) FROM person p JOIN since s ON s.id = p.id WHERE p.id % 10 <> 0;
        UPDATE person SET start_date = (SELECT d FROM since WHERE since.id = person.id) WHERE id % 10 <> 0;
        INSERT INTO step_record (person_id, step_id, done_on, recorded_by)
            SELECT s.id, st.column1, date(s.d, '-10 days'), 'bench' FROM since s CROSS JOIN (VALUES ('security_review'), ('initial_training'), ('commitment')) st
            WHERE s.id % 10 <> 0;
        INSERT INTO step_record (person_id, step_id, done_on, recorded_by)
            SELECT id, 'security_review', '2026-11-20', 'bench' FROM person WHERE id % 10 = 0;
        -- Re-review and re-signed commitment, once a year since the start, up to twice.
        INSERT INTO step_record (person_id, step_id, done_on, recorded_by)
            SELECT s.id, st.column1, date(s.d, '+' || n.column1 || ' years'), 'bench'
            FROM since s CROSS JOIN (VALUES ('re_review'), ('commitment_resign')) st CROSS JOIN (VALUES (1), (2)) n
            WHERE s.id % 10 <> 0 AND date(s.d, '+' || n.column1 || ' years') <= '2026-11-27';
        -- Two training sessions a year, each attended by half of the people.
        WITH RECURSIVE k(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM k WHERE n < 5)
        INSERT INTO training_session (id, date, topic, hours, category, recorded_by)
            SELECT n + 1, date('2024-03-15', '+' || (n * 6) || ' months'), 'bench', 4, 'security', 'bench' FROM k;
        INSERT INTO training_attendance (session_id, person_id)
            SELECT t.id, s.id FROM training_session t JOIN since s ON s.id % 2 = t.id % 2 AND t.date >= s.d WHERE s.id % 10 <> 0;
        COMMIT;
        ANALYZE;"
    )
}

/// The median and the 95th percentile.
fn stats(mut times: Vec<Duration>) -> (f64, f64) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let p95 = times[((times.len() as f64 * 0.95).ceil() as usize).saturating_sub(1).min(times.len() - 1)];
    (ms(times[times.len() / 2]), ms(p95))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// The passphrase of the benchmarks' encrypted registers.
const BENCH_PASSPHRASE: &str = "bench passphrase 2026";
/// The account `reminders --json` signs in as, and its password.
const BENCH_USER: &str = "基准";
const BENCH_PASSWORD: &str = "bench-password-2026";

/// The first row of `board` whose step can be recorded done now (and not `except`).
fn recordable<'a>(board: &'a ReminderBoard, except: &[String]) -> Option<&'a str> {
    board
        .rows
        .iter()
        .find(|r| {
            !except.contains(&r.id) && r.offers.iter().any(|o| matches!(o.action, ReminderAction::RecordStep { .. }) && o.blocked.is_none())
        })
        .map(|r| r.id.as_str())
}

/// The binary on the bench's register, signed in as [`BENCH_USER`] (environment variables, as a
/// script would), on the bench's day.
fn cli(db: &Path, dir: &Path, key_file: Option<&Path>) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_clearance-tracker"));
    c.arg("--db").arg(db);
    if let Some(k) = key_file {
        c.arg("--key-file").arg(k);
    }
    c.env_remove("CLEARANCE_TRACKER_DB")
        .env("CLEARANCE_TRACKER_USER", BENCH_USER)
        .env("CLEARANCE_TRACKER_PASSWORD_FILE", dir.join("password"))
        .env("XDG_DATA_HOME", dir);
    c
}

/// Runs `args` `rounds` times as a process; the median and p95 of the wall time, and the last
/// run's stdout size.
fn process(db: &Path, dir: &Path, key_file: Option<&Path>, args: &[&str], rounds: usize) -> (f64, f64, usize) {
    let mut times = Vec::new();
    let mut size = 0;
    for _ in 0..rounds {
        let t = Instant::now();
        let out = cli(db, dir, key_file).args(args).output().expect("run the binary");
        times.push(t.elapsed());
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        size = out.stdout.len();
    }
    let (median, p95) = stats(times);
    (median, p95, size)
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let number = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)).and_then(|n| n.parse::<usize>().ok());
    let people = number("--people").unwrap_or(200_000);
    let rounds = number("--rounds").unwrap_or(21).max(2);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.db");
    let mut store = store::open(OpenOptions::new(&path)).await.unwrap();
    let start = Instant::now();
    fill(&store, people).await;
    let mut state = LifecycleState::onboarding();
    state.stage = Stage::OnDuty;
    let json = serde_json::to_string(&state).unwrap();
    let out = Command::new("sqlite3").arg(&path).arg(histories_sql(&json)).output().expect("sqlite3");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rows = Command::new("sqlite3")
        .arg(&path)
        .arg(
            "SELECT (SELECT count(*) FROM person) + (SELECT count(*) FROM level_change) + (SELECT count(*) FROM lifecycle) \
             + (SELECT count(*) FROM step_record) + (SELECT count(*) FROM training_attendance)",
        )
        .output()
        .unwrap();
    println!(
        "filled {people} people, {} rows in all, in {:.1} s",
        String::from_utf8_lossy(&rows.stdout).trim(),
        start.elapsed().as_secs_f64()
    );
    // Opened again: the sqlite3 shell changed the schema under the pool's connections.
    store.close().await;
    store = store::open(OpenOptions::new(&path)).await.unwrap();

    // `--encrypted`: the same register encrypted in place (SQLCipher), to compare with the plain one.
    let mut key_file = None;
    if args.iter().any(|a| a == "--encrypted") {
        let start = Instant::now();
        store.encrypt_in_place(&store::Key::passphrase(BENCH_PASSPHRASE.into())).await.unwrap();
        println!("encrypted in place in {:.1} s", start.elapsed().as_secs_f64());
        let file = dir.path().join("passphrase");
        std::fs::write(&file, format!("{BENCH_PASSPHRASE}\n")).unwrap();
        key_file = Some(file);
    }
    let encrypted = if store.is_encrypted() { ", encrypted" } else { "" };
    let as_of: NaiveDate = AS_OF.parse().unwrap();
    let office = Office::new(store.clone(), path.display().to_string())
        .with_today(Some(as_of))
        .with_account(Some(clearance_tracker_lib::office::SignedIn::admin("基准测试")));

    // 1. The projection, never built on a register filled with SQL: built in full.
    let t = Instant::now();
    office.rebuild_projection(|_, _| {}).await.unwrap();
    println!("projection: full rebuild{encrypted}: {:>10.1} ms", ms(t.elapsed()));

    // 2. The dashboard as the window asks for it.
    let page = ReminderFilter { limit: Some(PAGE), ..Default::default() };
    let t = Instant::now();
    let mut board = office.reminder_board(Some(as_of), &page).await.unwrap();
    println!("dashboard, first call after the rebuild:  {:>10.1} ms", ms(t.elapsed()));
    let mut times = Vec::new();
    for _ in 0..rounds {
        let t = Instant::now();
        board = office.reminder_board(Some(as_of), &page).await.unwrap();
        times.push(t.elapsed());
    }
    let (median, p95) = stats(times);
    println!(
        "dashboard (page of {PAGE}, {} rows listed in all, {} in the calendar){encrypted}, n={rounds}: median {median:>8.1} ms, p95 {p95:>8.1} ms",
        board.total_rows,
        board.calendar_days.iter().map(|d| d.count).sum::<u32>(),
    );
    let t = Instant::now();
    let reference = office.reminder_board_recomputed(Some(as_of), &page).await.unwrap();
    println!("dashboard from the full recomputation (the reference), once: {:>10.1} ms", ms(t.elapsed()));
    assert_eq!(reference.total_rows, board.total_rows, "the projection's board lists what the recomputation lists");

    // The same register on the office server (issue 16): the dashboard as in 2.
    if let Some(url) = server::server_url(&args) {
        let (on_server, db) = server::copy_to_server(&store, &url, "reminders").await;
        let office = Office::new(on_server.clone(), "office server")
            .with_today(Some(as_of))
            .with_account(Some(clearance_tracker_lib::office::SignedIn::admin("基准测试")));
        let t = Instant::now();
        office.rebuild_projection(|_, _| {}).await.unwrap();
        println!("server: projection: full rebuild: {:>10.1} ms", ms(t.elapsed()));
        let t = Instant::now();
        server::psql(&db.url, "VACUUM ANALYZE").unwrap();
        println!("server: VACUUM ANALYZE after the rebuild: {:>10.1} ms", ms(t.elapsed()));
        let t = Instant::now();
        let first = office.reminder_board(Some(as_of), &page).await.unwrap();
        println!("server: dashboard, first call after the rebuild:  {:>10.1} ms", ms(t.elapsed()));
        assert_eq!(first.total_rows, board.total_rows, "the server's board lists what the file's lists");
        let mut times = Vec::new();
        for _ in 0..rounds {
            let t = Instant::now();
            std::hint::black_box(office.reminder_board(Some(as_of), &page).await.unwrap());
            times.push(t.elapsed());
        }
        let (s_median, s_p95) = stats(times);
        println!("server: dashboard (page of {PAGE}), n={rounds}: median {s_median:>8.1} ms, p95 {s_p95:>8.1} ms");
        server::side_by_side(&[(format!("dashboard (page of {PAGE}), n={rounds}"), (median, p95), (s_median, s_p95))]);
        on_server.close().await;
        drop(db);
        store.close().await;
        return;
    }

    // 3. Right after one write: a step recorded done; an acknowledgement.
    let mut done: Vec<String> = Vec::new();
    let (mut writes, mut after_step, mut after_ack) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..5 {
        let Some(key) = recordable(&board, &done).map(str::to_owned) else { break };
        let t = Instant::now();
        office.record_reminders_done(std::slice::from_ref(&key), as_of, "").await.unwrap();
        writes.push(t.elapsed());
        done.push(key);
        let t = Instant::now();
        board = office.reminder_board(Some(as_of), &page).await.unwrap();
        after_step.push(t.elapsed());

        let key = board.rows.iter().find(|r| !done.contains(&r.id)).map(|r| r.id.clone()).unwrap();
        let t = Instant::now();
        office.acknowledge_reminder(&key, "基准测试").await.unwrap();
        writes.push(t.elapsed());
        done.push(key);
        let t = Instant::now();
        board = office.reminder_board(Some(as_of), &page).await.unwrap();
        after_ack.push(t.elapsed());
    }
    if !after_step.is_empty() {
        let (w, _) = stats(writes);
        let (s, s95) = stats(after_step);
        let (a, a95) = stats(after_ack);
        println!("dashboard right after a step recorded: median {s:>8.1} ms, max-ish p95 {s95:>8.1} ms (n=5)");
        println!("dashboard right after an acknowledgement: median {a:>8.1} ms, p95 {a95:>8.1} ms (n=5); the writes themselves: median {w:.1} ms");
    }

    // 4. The CLI's list, in process: every row, no offers, and its JSON.
    let t = Instant::now();
    let list = office.reminder_list(Some(as_of), &ReminderFilter::default()).await.unwrap();
    let listed = t.elapsed();
    let t = Instant::now();
    // As cli/reminders.rs writes it: straight from the rows.
    #[derive(serde::Serialize)]
    struct Listing<'a> {
        as_of: NaiveDate,
        reminders: &'a [clearance_tracker_lib::office::ReminderRow],
        summary: &'a clearance_domain::reminders::ReminderSummary,
    }
    let text = serde_json::to_vec_pretty(&Listing { as_of: list.as_of, reminders: &list.rows, summary: &list.summary }).unwrap();
    println!(
        "the CLI's list in process: {} rows in {:.1} ms, their JSON ({:.1} MB) in {:.1} ms",
        list.rows.len(),
        ms(listed),
        text.len() as f64 / 1e6,
        ms(t.elapsed())
    );

    // 5. `reminders --json` as a process, end to end.
    std::fs::write(dir.path().join("password"), format!("{BENCH_PASSWORD}\n")).unwrap();
    let out = cli(&path, dir.path(), key_file.as_deref())
        .args(["account", "create", BENCH_USER, "--role", "admin"])
        .env_remove("CLEARANCE_TRACKER_USER")
        .output()
        .unwrap();
    assert!(out.status.success(), "the bench's account: {}", String::from_utf8_lossy(&out.stderr));
    let n = rounds.min(11);
    let today = ["--today", AS_OF];
    let (p_full, p_full95, size) = process(&path, dir.path(), key_file.as_deref(), &[&today[..], &["reminders", "--json"]].concat(), n);
    let (p_none, _, _) =
        process(&path, dir.path(), key_file.as_deref(), &[&today[..], &["reminders", "--json", "--unit", "无此部门"]].concat(), n);
    let (p_start, _, _) = process(&path, dir.path(), key_file.as_deref(), &["--help"], n);
    let (p_signed, _, _) = process(&path, dir.path(), key_file.as_deref(), &[&today[..], &["account", "list", "--json"]].concat(), n);
    println!(
        "`reminders --json` as a process{encrypted}, n={n}: median {p_full:>8.1} ms, p95 {p_full95:>8.1} ms ({:.1} MB of JSON)",
        size as f64 / 1e6
    );
    println!("  of which: the process started, nothing opened (`--help`): {p_start:.1} ms");
    println!("            opened and signed in, no reminder read (`account list`): {p_signed:.1} ms");
    println!("            opened, signed in, the projection checked, nothing listed (`--unit` of none): {p_none:.1} ms");
    println!("            the list, its JSON and its writing: {:.1} ms", p_full - p_none);
    // The password's check alone, in this profile (the sign-in's Argon2id, default parameters).
    use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
    let salt = SaltString::generate(&mut rand_core::OsRng);
    let phc = argon2::Argon2::default().hash_password(BENCH_PASSWORD.as_bytes(), &salt).unwrap().to_string();
    let t = Instant::now();
    let hash = PasswordHash::new(&phc).unwrap();
    argon2::Argon2::default().verify_password(BENCH_PASSWORD.as_bytes(), &hash).unwrap();
    println!("            the password's Argon2id check (in process, this profile): {:.1} ms", ms(t.elapsed()));
    if key_file.is_some() {
        // The register's key from the passphrase: Argon2id with store/key.rs's KDF_* (64 MiB,
        // 3 passes, one lane).
        let params = argon2::Params::new(64 * 1024, 3, 1, Some(32)).unwrap();
        let kdf = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
        let mut key = [0u8; 32];
        let t = Instant::now();
        kdf.hash_password_into(BENCH_PASSPHRASE.as_bytes(), b"sixteen byte salt", &mut key).unwrap();
        println!("            the passphrase's key derivation (in process, this profile): {:.1} ms", ms(t.elapsed()));
    }
    store.close().await;
}
