//! The start-up trace (issue 15): when `CLEARANCE_TRACKER_TRACE` names a file, the app appends
//! one line `<event> <ms since the process started> <VmRSS kB>` at each step of its start, from
//! `main` to the first dashboard drawn. `cargo bench --bench startup` reads it
//! (tests/bench/startup.rs, docs/performance.md). Without the variable nothing is read, written
//! or kept: every call is a check of an initialised `OnceLock`.
//!
//! The origin is the process's own start as the kernel recorded it (`/proc/self/stat`, field 22,
//! in clock ticks since boot), so the time before `main` counts: the exec and the loading of
//! WebKitGTK, GTK and their libraries, tens of milliseconds for this binary. That origin has the
//! kernel's 10 ms granularity (it is compared with `/proc/uptime`, read once in `main`); every
//! later event is an `Instant` from `main`, so the intervals between events are exact. Where
//! `/proc` cannot be read the origin is `main` itself (the first event then reads 0).
//!
//! Events written by the app: `main`, `register-opened` (the store ready, the Office built),
//! `window-created`, `page-loaded` (the UI's page finished loading), `unlock-received` /
//! `sign-in-received` (the command arrived), `signed-in` (its answer), `dashboard-data` (each
//! dashboard answer), and the background work of the start (`people-view-start`/`-done`,
//! `backup-start`/`-done`). The UI reports what it drew through [`trace_mark`]: only the names
//! in [`DRAWN`] are accepted, and the command answers nothing either way.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::sync::{Mutex, OnceLock};
use std::time::Instant;

/// The environment variable naming the trace file.
pub const VAR: &str = "CLEARANCE_TRACKER_TRACE";

/// What the UI may report: a screen drawn for the first time (the frame after its render).
pub const DRAWN: &[&str] = &["unlock-drawn", "sign-in-drawn", "dashboard-drawn"];

struct Trace {
    file: Mutex<File>,
    /// `main` entered.
    main: Instant,
    /// Milliseconds from the process's start to `main`.
    before_main: f64,
}

static TRACE: OnceLock<Option<Trace>> = OnceLock::new();

/// First thing in `main`: fixes the clock and writes `main` (when tracing).
pub fn start() {
    let main = Instant::now();
    let trace = TRACE.get_or_init(|| {
        let path = std::env::var_os(VAR).filter(|p| !p.is_empty())?;
        let file = OpenOptions::new().create(true).append(true).open(path).ok()?;
        Some(Trace { file: Mutex::new(file), main, before_main: before_main().unwrap_or(0.0) })
    });
    if trace.is_some() {
        mark("main");
    }
}

/// Whether the trace is being written.
pub fn enabled() -> bool {
    matches!(TRACE.get(), Some(Some(_)))
}

/// Appends `event` with the time since the process started and the resident memory now.
pub fn mark(event: &str) {
    let Some(Some(trace)) = TRACE.get() else { return };
    let ms = trace.before_main + trace.main.elapsed().as_secs_f64() * 1e3;
    let line = format!("{event} {ms:.1} {}\n", rss_kb().unwrap_or(0));
    if let Ok(mut file) = trace.file.lock() {
        let _ = file.write_all(line.as_bytes());
    }
}

/// The UI's report of a screen drawn (one of [`DRAWN`]); nothing when not tracing, nothing
/// answered either way.
#[tauri::command]
pub fn trace_mark(event: String) {
    if enabled() && DRAWN.contains(&event.as_str()) {
        mark(&event);
    }
}

/// Milliseconds between the process's start (`/proc/self/stat` starttime) and now
/// (`/proc/uptime`), both since boot in the kernel's boot-time clock.
fn before_main() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name (field 2) may hold spaces and parentheses: fields count after its ')'.
    let after = &stat[stat.rfind(')')? + 1..];
    // Field 3 is the first after ')'; starttime is field 22.
    let ticks: f64 = after.split_whitespace().nth(19)?.parse().ok()?;
    let uptime: f64 = std::fs::read_to_string("/proc/uptime").ok()?.split_whitespace().next()?.parse().ok()?;
    // USER_HZ is 100 on every Linux the app ships for (sysconf(_SC_CLK_TCK)).
    let ms = (uptime - ticks / 100.0) * 1e3;
    (ms >= 0.0).then_some(ms)
}

/// The process's resident set (`VmRSS` in `/proc/self/status`), in kB.
fn rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status.lines().find_map(|l| l.strip_prefix("VmRSS:")).and_then(|v| v.split_whitespace().next()).and_then(|v| v.parse().ok())
}
