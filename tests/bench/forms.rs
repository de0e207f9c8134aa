//! Benchmark (issue 6): the annual re-sign of a unit of 500 people as one batch — numbered,
//! rendered to one PDF and registered in one transaction — and a single form issued warm, as
//! "Generate form" does. Run with `cargo bench --bench forms` (release build); `-- N` changes the
//! unit's size. The figures are kept in docs/performance.md ("Forms"). Not a timed test.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use clearance_domain::id_card::check_char;
use clearance_domain::person::PersonInput;
use clearance_forms::FormKind;
use clearance_tracker_lib::office::Office;
use clearance_tracker_lib::store::{self, OpenOptions};

fn id_number(i: usize) -> String {
    // Beijing Dongcheng, born 1 January 1980 + i days, sequence 001.
    let birth = NaiveDate::from_ymd_opt(1980, 1, 1).unwrap() + chrono::Days::new(i as u64);
    let body = format!("110101{}{:03}", birth.format("%Y%m%d"), 1 + (i % 499) * 2);
    format!("{body}{}", check_char(&body).expect("17 digits"))
}

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = status.lines().find_map(|l| l.strip_prefix("VmHWM:"))?.trim().trim_end_matches("kB").trim().parse().ok()?;
    Some(kb / 1024.0)
}

#[tokio::main]
async fn main() {
    let n: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(500);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("register.db");
    let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let office = Office::new(store::open(OpenOptions::new(&path)).await.unwrap(), path.display().to_string())
        .with_today(Some(today))
        .with_account(Some(clearance_tracker_lib::office::SignedIn::admin("王芳")));

    let t = Instant::now();
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        let input = PersonInput {
            name: if i % 2 == 0 { format!("李喆堃{i}") } else { format!("Maximilian Featherstonehaugh {i}") },
            staff_no: format!("S{i:05}"),
            id_number: id_number(i),
            unit: "科研一部".into(),
            post: "工程师".into(),
            level: "important".into(),
            start_date: Some(today),
            ..PersonInput::default()
        };
        ids.push(office.add_person(&input).await.unwrap_or_else(|e| panic!("person {i}: {e:?}")).id);
    }
    println!("{n} people registered in {:?}", t.elapsed());

    let t = Instant::now();
    let first = office.issue_form(FormKind::Commitment, ids[0], None, None).await.unwrap();
    println!("first form in this process (fonts parsed, templates compiled): {:?}", t.elapsed());
    assert!(first.pdf.starts_with(b"%PDF-"));

    let mut times: Vec<Duration> = Vec::new();
    for i in 1..21 {
        let t = Instant::now();
        office.issue_form(FormKind::Commitment, ids[i % ids.len()], None, None).await.unwrap();
        times.push(t.elapsed());
    }
    times.sort();
    println!(
        "warm single form, issued and registered (n={}): median {:?}, max {:?}",
        times.len(),
        times[times.len() / 2],
        times[times.len() - 1]
    );

    let t = Instant::now();
    let batch = office.issue_batch(FormKind::Commitment, "科研一部", None).await.unwrap();
    let total = t.elapsed();
    assert_eq!(batch.forms.len(), n);
    println!(
        "batch of {n} commitments (one transaction, one PDF): {total:?}, {:?} per form, {:.1} MB PDF",
        total / n as u32,
        batch.pdf.len() as f64 / 1e6
    );
    if let Some(mb) = peak_rss_mb() {
        println!("peak RSS: {mb:.0} MB");
    }
}
