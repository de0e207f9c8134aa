//! Benchmark: the dashboard's reminders on a register of 200,000 people with their histories
//! (about two million rows), against the equivalent hand-written SQL run by the `sqlite3`
//! command-line tool on the same file. Run with `cargo bench --bench reminders`; `-- --people N`
//! to change the size. The figures are kept in docs/performance.md. Not a timed test.
//!
//! The register: 9 in 10 people on duty since a day in the last three years, with their three
//! onboarding steps done, the re-review and the re-signed commitment done once or twice since,
//! and two training sessions a year attended; 1 in 10 still onboarding with one step done.

use std::process::Command;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use clearance_domain::lifecycle::{LifecycleState, Stage};
use clearance_tracker_lib::office::{Office, ReminderFilter};
use clearance_tracker_lib::store::{self, OpenOptions};

#[path = "common.rs"]
mod common;
use common::fill;

const AS_OF: &str = "2026-11-27";

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

/// The same list in SQL: open onboarding steps, the recurring steps' next due dates by level
/// from their last completion (training from the sessions attended), the training hours short
/// for the year; those whose lead time (30 days) has begun on `AS_OF`, by due date. What it
/// leaves out compared with the app: moving a due date off a weekend or holiday, and a level
/// change resetting a cycle.
const REFERENCE_SQL: &str = "
WITH sup AS (
    SELECT p.id, p.start_date, coalesce(l.stage, 'onboarding') AS stage, json_extract(l.state, '$.on_duty_since') AS since,
           (SELECT level FROM level_change c WHERE c.person_id = p.id AND c.effective <= '2026-11-27' ORDER BY c.effective DESC, c.id DESC LIMIT 1) AS level
    FROM person p LEFT JOIN lifecycle l ON l.person_id = p.id
    WHERE p.archived_on IS NULL AND coalesce(l.stage, 'onboarding') <> 'released'
),
done AS (SELECT person_id, step_id, max(done_on) AS d FROM step_record WHERE done_on <= '2026-11-27' GROUP BY person_id, step_id),
trained AS (
    SELECT a.person_id, max(s.date) AS d, sum(CASE WHEN s.date >= '2026-01-01' THEN s.hours ELSE 0 END) AS hours
    FROM training_attendance a JOIN training_session s ON s.id = a.session_id WHERE s.date <= '2026-11-27' GROUP BY a.person_id
),
every (step_id, first_from, level, months) AS (VALUES
    ('re_review', 'security_review', 'core', 12), ('re_review', 'security_review', 'important', 36), ('re_review', 'security_review', 'general', 60),
    ('commitment_resign', 'commitment', 'core', 12), ('commitment_resign', 'commitment', 'important', 12), ('commitment_resign', 'commitment', 'general', 12)
),
due AS (
    SELECT s.id, o.column1 AS step_id, s.start_date AS due FROM sup s
        CROSS JOIN (VALUES ('security_review'), ('initial_training'), ('commitment')) o
        WHERE s.stage IN ('onboarding', 'on_duty') AND NOT EXISTS (SELECT 1 FROM done WHERE done.person_id = s.id AND done.step_id = o.column1)
    UNION ALL
    SELECT s.id, e.step_id, date(coalesce(d.d, f.d, s.since), '+' || e.months || ' months') FROM sup s
        JOIN every e ON e.level = s.level
        LEFT JOIN done d ON d.person_id = s.id AND d.step_id = e.step_id
        LEFT JOIN done f ON f.person_id = s.id AND f.step_id = e.first_from
        WHERE s.stage = 'on_duty'
    UNION ALL
    SELECT s.id, 'recurring_training', date(coalesce(t.d, f.d, s.since), '+12 months') FROM sup s
        LEFT JOIN trained t ON t.person_id = s.id LEFT JOIN done f ON f.person_id = s.id AND f.step_id = 'initial_training'
        WHERE s.stage = 'on_duty'
    UNION ALL
    SELECT s.id, 'training_hours', '2026-12-31' FROM sup s LEFT JOIN trained t ON t.person_id = s.id
        WHERE s.stage = 'on_duty' AND coalesce(t.hours, 0) < 10
)
SELECT count(*), sum(due < '2026-11-27') FROM due WHERE date(due, '-30 days') <= '2026-11-27';
";

fn sqlite3_seconds(db: &std::path::Path) -> (f64, String) {
    use std::io::Write;
    use std::process::Stdio;
    // The tool prints its timer only for statements read from its input, not from arguments.
    let mut child = Command::new("sqlite3")
        .arg(db)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the sqlite3 command-line tool (package sqlite3)");
    child.stdin.take().unwrap().write_all(format!(".timer on\n{REFERENCE_SQL}\n").as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    // ".timer on" prints "Run Time: real 0.123 user … sys …" after the statement (on stderr in
    // some versions of the tool, on stdout in others).
    let timing = format!("{text}{}", String::from_utf8_lossy(&out.stderr));
    let real = timing
        .lines()
        .find_map(|l| l.strip_prefix("Run Time: real ").and_then(|r| r.split_whitespace().next()).and_then(|s| s.parse().ok()))
        .unwrap_or_else(|| panic!("no timing from sqlite3: {text}{}", String::from_utf8_lossy(&out.stderr)));
    (real, text.lines().next().unwrap_or_default().to_owned())
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// The passphrase of the benchmarks' encrypted registers.
const BENCH_PASSPHRASE: &str = "bench passphrase 2026";

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let people = args.iter().position(|a| a == "--people").and_then(|i| args.get(i + 1)).and_then(|n| n.parse().ok()).unwrap_or(200_000);
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

    // `--encrypted`: the same register encrypted in place (SQLCipher), to compare with the plain one.
    if args.iter().any(|a| a == "--encrypted") {
        // Opened again: the sqlite3 shell changed the schema under the pool's connections.
        store.close().await;
        store = store::open(OpenOptions::new(&path)).await.unwrap();
        let start = Instant::now();
        store.encrypt_in_place(&store::Key::passphrase(BENCH_PASSPHRASE.into())).await.unwrap();
        println!("encrypted in place in {:.1} s", start.elapsed().as_secs_f64());
    }
    let as_of: NaiveDate = AS_OF.parse().unwrap();
    let office = Office::new(store.clone(), path.display().to_string())
        .with_today(Some(as_of))
        .with_account(Some(clearance_tracker_lib::office::SignedIn::admin("基准测试")));
    let filter = ReminderFilter::default();
    let mut times = Vec::new();
    let mut listed = 0;
    for round in 0..6 {
        let t = Instant::now();
        let board = office.reminder_board(Some(as_of), &filter).await.unwrap();
        let took = t.elapsed();
        listed = board.rows.len();
        std::hint::black_box(board);
        if round > 0 {
            times.push(took);
        }
    }
    let app = median(times);
    if store.is_encrypted() {
        // The reference SQL runs in the sqlite3 shell, which cannot read an encrypted register.
        println!("app (dashboard: load + compute + sort + summary), encrypted: median {:>8.1} ms", app.as_secs_f64() * 1e3);
        return;
    }
    let mut sql_times = Vec::new();
    let mut sql_result = String::new();
    for _ in 0..5 {
        let (secs, result) = sqlite3_seconds(&path);
        sql_times.push(Duration::from_secs_f64(secs));
        sql_result = result;
    }
    let sql = median(sql_times);
    println!("reminders on {AS_OF}: the app listed {listed}; the reference SQL counted (all, overdue) = {sql_result}");
    println!("app (dashboard: load + compute + sort + summary): median {:>8.1} ms", app.as_secs_f64() * 1e3);
    println!("sqlite3 reference SQL:                          median {:>8.1} ms", sql.as_secs_f64() * 1e3);
    println!("ratio app / SQL: {:.2}", app.as_secs_f64() / sql.as_secs_f64());
}
