//! The benchmark: 500 commitments in one batch (target ≤ 20 s) and the warm time of one
//! form (target ≤ 50 ms), plus the memory the process peaked at.
//!
//! `CARGO_TARGET_DIR=... cargo bench -p clearance-forms --bench render [-- N]`

use std::time::{Duration, Instant};

use clearance_forms::{sample, FormData, FormKind, FormRenderer};

fn commitments(n: usize) -> Vec<FormData> {
    (0..n)
        .map(|i| {
            let mut person = if i % 2 == 0 { sample::chinese_person() } else { sample::english_person() };
            person.staff_no = format!("S{i:05}");
            let mut form = sample::form(FormKind::Commitment, person);
            form.header.form_number = format!("BM-2025-{i:05}");
            form
        })
        .collect()
}

/// CPU time (user + system) the process has used, from /proc (clock ticks of 10 ms): the
/// machine is shared, so wall time alone overstates the cost when other builds run.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after_name = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = status.lines().find_map(|l| l.strip_prefix("VmHWM:"))?.trim().trim_end_matches("kB").trim().parse().ok()?;
    Some(kb / 1024.0)
}

fn main() {
    let n: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(500);

    let started = Instant::now();
    let renderer = FormRenderer::new();
    let forms = commitments(n);
    let first = renderer.render(&forms[0]).expect("renders");
    println!("first form in a fresh process (fonts parsed, cold caches): {:?}", started.elapsed());
    assert_eq!(first.pages, 1);

    // Warm single forms, each a separate compile as the app does for "Generate form".
    let mut times: Vec<Duration> = Vec::new();
    let cpu_before = cpu_time();
    for form in forms.iter().take(40) {
        let t = Instant::now();
        let r = renderer.render(form).expect("renders");
        times.push(t.elapsed());
        assert_eq!(r.pages, 1);
    }
    let singles_cpu = cpu_time().zip(cpu_before).map(|(after, before)| (after - before) / times.len() as u32);
    times.sort();
    let mean = times.iter().sum::<Duration>() / times.len() as u32;
    println!(
        "warm single form (n={}): median {:?}, mean {:?}, max {:?}",
        times.len(),
        times[times.len() / 2],
        mean,
        times[times.len() - 1]
    );
    if let Some(cpu) = singles_cpu {
        println!("warm single form CPU time: {cpu:?} per form");
    }

    let t = Instant::now();
    let cpu_before = cpu_time();
    let batch = renderer.render_batch(FormKind::Commitment, &forms).expect("renders");
    let total = t.elapsed();
    let batch_cpu = cpu_time().zip(cpu_before).map(|(after, before)| after - before);
    assert_eq!(batch.pages, n);
    println!(
        "batch of {n} commitments: {:?} total, {:?} per form, {} pages, {:.1} MB PDF",
        total,
        total / n as u32,
        batch.pages,
        batch.pdf.len() as f64 / 1e6
    );
    if let Some(cpu) = batch_cpu {
        println!("batch CPU time: {cpu:?} ({:?} per form)", cpu / n as u32);
    }
    if let Some(mb) = peak_rss_mb() {
        println!("peak RSS: {mb:.0} MB");
    }
}
