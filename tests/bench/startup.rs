//! Benchmark: window start to the dashboard drawn, and the app's memory with the dashboard shown
//! (issue 15). Run with `cargo bench --bench startup`; `-- --people N` to change the size
//! (default 200,000), `--runs R` the measured starts (default 5), `--encrypted` for an encrypted
//! register (the unlock screen and its passphrase come first). The figures are kept in
//! docs/performance.md. Not a timed test: nothing here fails on a slow machine.
//!
//! The register is the reminders bench's (tests/bench/reminders.rs: its people and their
//! histories, about ten rows a person), with an administrator account. The real window is
//! started under Xvfb through tauri-driver and WebKitWebDriver exactly as the end-to-end tests do
//! (tests/e2e/harness.rs, used as is), once unmeasured (the first start answers the first-start
//! questions and makes the people view current; the disk is warm after it), then `--runs` times,
//! each signing in through WebDriver. Every start writes the app's start-up trace
//! (`CLEARANCE_TRACKER_TRACE`, src-tauri/trace.rs): `<event> <ms since the process started>
//! <VmRSS kB>`. What is reported comes from the trace, so the WebDriver round trips and the typing
//! are not counted:
//! - process start → the sign-in screen drawn (for an encrypted register: → the unlock screen
//!   drawn, then the passphrase received → the sign-in screen drawn);
//! - the sign-in received by the app → the dashboard drawn (the frame after the first board's
//!   render was painted);
//! - their sum: the start to the dashboard with the typing left out, compared with 1.0 s;
//! - the main process's resident memory when the dashboard was drawn (the trace), once the work
//!   the start runs beside the window is done (the file's quick check and the trail's replay
//!   after sign-in: the process's CPU time still for 3 s), and its peak; the WebKit web
//!   process's beside it, for information (read from /proc).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use clearance_domain::lifecycle::{LifecycleState, Stage};
use clearance_tracker_lib::store::{self, OpenOptions};

// Also loaded by reminders.rs, whose copy is private to it.
#[allow(clippy::duplicate_mod)]
#[path = "common.rs"]
mod common;
#[allow(dead_code)]
#[path = "../e2e/harness.rs"]
mod harness;
#[allow(dead_code)]
#[path = "reminders.rs"]
mod reminders;

use harness::{App, Desk, ADMIN, PASSWORD};

/// The passphrase of the encrypted register (`--encrypted`).
const PASSPHRASE: &str = "bench passphrase 2026";
/// How long a start may take before the bench gives up on it (a dev build on a big register).
const GIVE_UP: Duration = Duration::from_secs(300);
/// The memory is read again at least this long after the dashboard was drawn.
const SETTLE: Duration = Duration::from_secs(2);

/// One start's trace: the first time (ms since the process started) and memory (kB) of each event.
struct Trace(HashMap<String, (f64, u64)>);

impl Trace {
    fn read(path: &Path) -> Trace {
        let mut events = HashMap::new();
        for line in std::fs::read_to_string(path).unwrap_or_default().lines() {
            let mut parts = line.split_whitespace();
            let (Some(event), Some(ms), Some(kb)) = (parts.next(), parts.next(), parts.next()) else { continue };
            let (Ok(ms), Ok(kb)) = (ms.parse(), kb.parse()) else { continue };
            events.entry(event.to_owned()).or_insert((ms, kb));
        }
        Trace(events)
    }

    fn ms(&self, event: &str) -> f64 {
        self.0.get(event).map(|e| e.0).unwrap_or_else(|| panic!("the trace has no {event}: {:?}", self.0.keys()))
    }

    fn kb(&self, event: &str) -> u64 {
        self.0.get(event).map(|e| e.1).unwrap_or_default()
    }

    fn has(&self, event: &str) -> bool {
        self.0.contains_key(event)
    }

    /// When a screen was drawn, or the answer to it arrived if that came first: under a busy
    /// Xvfb the frame callback that reports the drawing can come after WebDriver has already
    /// typed into the screen and sent it.
    fn drawn(&self, screen: &str, answered: &str) -> f64 {
        self.ms(screen).min(self.ms(answered))
    }
}

/// One measured start.
struct Run {
    trace: Trace,
    /// Resident memory in kB once the start's background work is done: the app (all, not
    /// file-backed, peak), its web process.
    main_kb: u64,
    main_anon_kb: u64,
    main_peak_kb: u64,
    web_kb: u64,
    /// The main process's largest resident mappings (file or kind), for the docs.
    top_mappings: Option<String>,
}

/// The processes whose environment names `trace` (the app and what it started): (pid, exe name).
fn traced_processes(trace: &Path) -> Vec<(u32, String)> {
    let needle = format!("{}={}\0", clearance_tracker_lib::trace::VAR, trace.display()).into_bytes();
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|n| n.parse::<u32>().ok()) else { continue };
        let Ok(environ) = std::fs::read(entry.path().join("environ")) else { continue };
        if !environ.windows(needle.len()).any(|w| w == needle.as_slice()) {
            continue;
        }
        let exe = std::fs::read_link(entry.path().join("exe")).ok().and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()));
        // A binary rebuilt while it runs reads "clearance-tracker (deleted)".
        found.push((pid, exe.unwrap_or_default().trim_end_matches(" (deleted)").to_owned()));
    }
    found
}

/// The CPU time a process used so far (utime + stime, clock ticks).
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let after = stat.rfind(')').map(|i| &stat[i + 1..]).unwrap_or_default();
    after.split_whitespace().skip(11).take(2).filter_map(|v| v.parse::<u64>().ok()).sum()
}

/// A process's largest resident mappings, by file (or kind: `[heap]`, `[anonymous]` …), in MB.
fn top_mappings(pid: u32) -> String {
    // /proc/PID/smaps: a header line per mapping (its path last, if any), then "Rss: N kB".
    let mut by: HashMap<String, u64> = HashMap::new();
    let mut current = String::new();
    for line in std::fs::read_to_string(format!("/proc/{pid}/smaps")).unwrap_or_default().lines() {
        if let Some(kb) = line.strip_prefix("Rss:") {
            *by.entry(current.clone()).or_default() += kb.split_whitespace().next().and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
        } else if line.split_whitespace().next().is_some_and(|f| f.contains('-') && f.chars().all(|c| c.is_ascii_hexdigit() || c == '-')) {
            let path = line.split_whitespace().nth(5).unwrap_or("[anonymous]");
            current = Path::new(path).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.to_owned());
        }
    }
    let mut all: Vec<(String, u64)> = by.into_iter().collect();
    all.sort_by_key(|m| std::cmp::Reverse(m.1));
    all.iter().take(8).map(|(name, kb)| format!("{name} {:.0}", *kb as f64 / 1024.0)).collect::<Vec<_>>().join(", ")
}

fn parent_of(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat[stat.rfind(')')? + 1..].split_whitespace().nth(1)?.parse().ok()
}

/// A process's resident memory in kB: all of it (`VmRSS`) and the part that is not a mapped file
/// (`RssAnon`: the heaps; the rest is the binary and libraries' pages), and its peak (`VmHWM`).
fn rss_kb(pid: u32) -> (u64, u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("RssAnon:"), field("VmHWM:"))
}

/// The app's process and its WebKit web process (a child of the app), by the trace file in
/// their environment.
fn app_processes(trace: &Path) -> (Option<u32>, Option<u32>) {
    let app_name = Path::new(env!("CARGO_BIN_EXE_clearance-tracker")).file_name().map(|n| n.to_string_lossy().into_owned());
    let all = traced_processes(trace);
    let main = all.iter().find(|(_, exe)| Some(exe) == app_name.as_ref()).map(|p| p.0);
    let web = all.iter().find(|(pid, exe)| exe.starts_with("WebKitWebProcess") && parent_of(*pid) == main).map(|p| p.0);
    (main, web)
}

/// Starts the window, opens the register (the passphrase when encrypted), signs in as the
/// administrator and waits for the dashboard drawn; reads the memory; quits.
/// The app is left running until the work it starts beside the window is done (its CPU time
/// still for 3 s): the memory is read then, and the first start leaves the register as a daily
/// start finds it.
async fn start_once(desk: &Desk, trace: &Path, encrypted: bool) -> Run {
    let _ = std::fs::remove_file(trace);
    // Inherited by tauri-driver, WebKitWebDriver and the app (the harness passes its own
    // environment on, less the variables it names).
    std::env::set_var(clearance_tracker_lib::trace::VAR, trace);
    let app: App = desk.open_signed_out().await;
    if encrypted {
        app.type_into("unlock-passphrase", PASSPHRASE).await;
        app.click("unlock-submit").await;
    }
    app.sign_in(ADMIN, PASSWORD).await;
    app.answer_first_start().await;
    let waited = Instant::now();
    while !Trace::read(trace).has("dashboard-drawn") {
        assert!(
            waited.elapsed() < GIVE_UP,
            "no dashboard drawn in the trace after {GIVE_UP:?}: {}",
            std::fs::read_to_string(trace).unwrap_or_default()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(SETTLE).await;
    let (main, web) = app_processes(trace);
    if let Some(pid) = main {
        // Idle: no CPU time used for 3 s (the people view's pass, a projection rebuild …).
        let (mut last, mut still) = (cpu_ticks(pid), Instant::now());
        while still.elapsed() < Duration::from_secs(3) && waited.elapsed() < GIVE_UP {
            tokio::time::sleep(Duration::from_millis(250)).await;
            let now = cpu_ticks(pid);
            if now > last + 2 {
                (last, still) = (now, Instant::now());
            }
        }
    }
    let ((main_kb, main_anon_kb, main_peak_kb), (web_kb, _, _)) =
        (main.map(rss_kb).unwrap_or_default(), web.map(rss_kb).unwrap_or_default());
    let top_mappings = main.map(top_mappings);
    app.quit().await;
    // The next start finds the register closed (the app gone with its driver).
    let gone = Instant::now();
    while main.is_some_and(|pid| Path::new(&format!("/proc/{pid}")).exists()) && gone.elapsed() < Duration::from_secs(20) {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    std::env::remove_var(clearance_tracker_lib::trace::VAR);
    Run { trace: Trace::read(trace), main_kb, main_anon_kb, main_peak_kb, web_kb, top_mappings }
}

/// The register at the desk's path: the reminders bench's people and histories, encrypted in
/// place when asked; the administrator's account made by the command line on the plain file.
async fn prepare(desk: &Desk, people: usize, encrypted: bool) {
    let path = desk.db_path();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let fill = Instant::now();
    let store = store::open(OpenOptions::new(&path)).await.unwrap();
    common::fill(&store, people).await;
    store.close().await;
    let mut state = LifecycleState::onboarding();
    state.stage = Stage::OnDuty;
    let json = serde_json::to_string(&state).unwrap();
    let out = Command::new("sqlite3").arg(&path).arg(reminders::histories_sql(&json)).output().expect("sqlite3");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // The administrator (the harness's desk makes it with its first command).
    desk.cli(&["settings", "show"]);
    if encrypted {
        let store = store::open(OpenOptions::new(&path)).await.unwrap();
        store.encrypt_in_place(&store::Key::passphrase(PASSPHRASE.into())).await.unwrap();
        store.close().await;
    }
    println!(
        "register: {people} people with their histories{}, made in {:.1} s",
        if encrypted { ", encrypted" } else { "" },
        fill.elapsed().as_secs_f64()
    );
}

fn stats(mut values: Vec<f64>) -> (f64, f64, f64) {
    values.sort_by(f64::total_cmp);
    (values[values.len() / 2], values[0], values[values.len() - 1])
}

fn row(label: &str, values: Vec<f64>, unit: &str, target: &str) {
    let (median, min, max) = stats(values);
    println!("{label:<52} {median:>9.1} {min:>9.1} {max:>9.1} {unit:<3} {target}");
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).and_then(|n| n.parse::<usize>().ok());
    let people = value("--people").unwrap_or(200_000);
    let runs = value("--runs").unwrap_or(5).max(1);
    let encrypted = args.iter().any(|a| a == "--encrypted");
    let desk = Desk::new("zh_CN.UTF-8");
    prepare(&desk, people, encrypted).await;
    // `--traces DIR` keeps every start's trace there (else they go with the desk's folder).
    let traces: PathBuf = match args.iter().position(|a| a == "--traces").and_then(|i| args.get(i + 1)) {
        Some(dir) => PathBuf::from(dir),
        None => desk.data.path().join("traces"),
    };
    std::fs::create_dir_all(&traces).unwrap();
    let first = Instant::now();
    let warm = start_once(&desk, &traces.join("warm-up.txt"), encrypted).await;
    println!(
        "unmeasured first start (first-start questions, left to finish its background work): {:.1} s, dashboard drawn at {:.0} ms of its process",
        first.elapsed().as_secs_f64(),
        warm.trace.ms("dashboard-drawn")
    );
    let mut measured = Vec::new();
    for i in 0..runs {
        measured.push(start_once(&desk, &traces.join(format!("run-{i}.txt")), encrypted).await);
    }

    let profile = if cfg!(debug_assertions) { "dev" } else { "release" };
    let kind = if encrypted { "encrypted" } else { "plain" };
    println!("\nstart-up on {people} people ({kind} register, {profile} build), {runs} starts after one unmeasured; ms since the process started unless said");
    println!("{:<52} {:>9} {:>9} {:>9}", "", "median", "min", "max");
    let each = |f: &dyn Fn(&Run) -> f64| measured.iter().map(f).collect::<Vec<f64>>();
    row("main entered", each(&|r| r.trace.ms("main")), "ms", "");
    row("window created", each(&|r| r.trace.ms("window-created")), "ms", "");
    row("page loaded", each(&|r| r.trace.ms("page-loaded")), "ms", "");
    let to_first_screen = if encrypted {
        row("unlock screen drawn (A)", each(&|r| r.trace.drawn("unlock-drawn", "unlock-received")), "ms", "");
        row("passphrase received → register opened", each(&|r| r.trace.ms("register-opened") - r.trace.ms("unlock-received")), "ms", "");
        row(
            "passphrase received → sign-in screen drawn (B)",
            each(&|r| r.trace.drawn("sign-in-drawn", "sign-in-received") - r.trace.ms("unlock-received")),
            "ms",
            "",
        );
        each(&|r| {
            r.trace.drawn("unlock-drawn", "unlock-received") + r.trace.drawn("sign-in-drawn", "sign-in-received")
                - r.trace.ms("unlock-received")
        })
    } else {
        row("register opened", each(&|r| r.trace.ms("register-opened")), "ms", "");
        let a = each(&|r| r.trace.drawn("sign-in-drawn", "sign-in-received"));
        row("sign-in screen drawn (A)", a.clone(), "ms", "");
        a
    };
    row("sign-in received → signed in", each(&|r| r.trace.ms("signed-in") - r.trace.ms("sign-in-received")), "ms", "");
    row("signed in → first dashboard data", each(&|r| r.trace.ms("dashboard-data") - r.trace.ms("signed-in")), "ms", "");
    row("first dashboard data → dashboard drawn", each(&|r| r.trace.ms("dashboard-drawn") - r.trace.ms("dashboard-data")), "ms", "");
    let after = each(&|r| r.trace.ms("dashboard-drawn") - r.trace.ms("sign-in-received"));
    row("sign-in received → dashboard drawn (C)", after.clone(), "ms", "");
    let total = to_first_screen.iter().zip(&after).map(|(a, c)| a + c).collect();
    let sum = if encrypted { "start to dashboard, typing excluded (A + B + C)" } else { "start to dashboard, typing excluded (A + C)" };
    row(sum, total, "ms", "target ≤ 1000 ms (release, 200,000 people)");
    let mb = |kb: u64| kb as f64 / 1024.0;
    row("main process RSS, dashboard drawn", each(&|r| mb(r.trace.kb("dashboard-drawn"))), "MB", "target ≤ 200 MB");
    row("main process RSS, start's background work done", each(&|r| mb(r.main_kb)), "MB", "target ≤ 200 MB");
    row("  of which not file-backed (RssAnon)", each(&|r| mb(r.main_anon_kb)), "MB", "");
    row("main process peak RSS (VmHWM)", each(&|r| mb(r.main_peak_kb)), "MB", "");
    row("WebKit web process RSS, background work done", each(&|r| mb(r.web_kb)), "MB", "(for information)");
    let background: Vec<String> = [
        "people-view-start",
        "people-view-done",
        "register-check-start",
        "register-check-done",
        "replay-start",
        "replay-done",
        "notification-start",
        "notification-done",
    ]
    .iter()
    .filter(|e| measured[0].trace.has(e))
    .map(|e| format!("{e} {:.0}", measured[0].trace.ms(e)))
    .collect();
    let late = measured.iter().filter(|r| r.trace.ms("sign-in-drawn") > r.trace.ms("sign-in-received")).count();
    if late > 0 {
        println!("{late} of {runs} starts reported the sign-in screen drawn after the sign-in arrived: counted to the sign-in's arrival");
    }
    if let Some(top) = &measured[measured.len() - 1].top_mappings {
        println!("main process, last start, resident by mapping (MB): {top}");
    }
    if !background.is_empty() {
        println!("beside the start (first measured run, ms): {}", background.join(", "));
    }
}
