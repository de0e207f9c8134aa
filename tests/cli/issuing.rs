//! Honest outcomes of issuing forms and receiving scans: a PDF that cannot be written registers
//! nothing, a scan that is not a scan file is refused before anything is written, and a unit's
//! batch does not hold up another clerk while it renders.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use chrono::NaiveDate;
use clearance_domain::person::PersonInput;
use clearance_tracker_lib::office::Office;

use super::{sqlite_only, Cli};

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Forms in the register and entries in the trail: what a refusal must leave unchanged.
fn counts(cli: &Cli) -> (u64, usize) {
    let forms = cli.ok_json(&["form", "list", "--json"])["total"].as_u64().unwrap_or(u64::MAX);
    let audit = cli.ok_json(&["audit", "list", "--limit", "500", "--json"]).as_array().map(Vec::len).unwrap_or(usize::MAX);
    (forms, audit)
}

#[test]
fn a_pdf_that_cannot_be_written_registers_nothing() {
    let cli = Cli::new();
    cli.add_zhang();
    // On the post today, so the unit's batch has someone to print for.
    cli.ok_json(&["person", "edit", "S0001", "--start", "2026-11-27", "--json"]);
    let before = counts(&cli);
    for (target, needle) in [("/dev/full", "is not a regular file"), ("/no/such/folder/re-sign.pdf", "does not exist")] {
        let out = cli.run(&["--lang", "en", "form", "batch", "commitment", "--unit", "机要室", "--out", target]);
        assert_eq!(out.status.code(), Some(2), "{target}: {}", stderr(&out));
        assert!(stderr(&out).contains(needle), "{target}: {}", stderr(&out));
        let out = cli.run(&["--lang", "en", "form", "render", "review", "--person", "S0001", "--out", target]);
        assert_eq!(out.status.code(), Some(2), "{target}");
    }
    // A folder that exists but cannot take the file (a file of that name is a folder).
    let dir = cli.db.with_file_name("taken.pdf");
    std::fs::create_dir(&dir).unwrap();
    let out = cli.run(&["--lang", "zh-CN", "form", "render", "review", "--person", "S0001", "--out", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("不是普通文件"), "{}", stderr(&out));
    assert_eq!(counts(&cli), before, "no form registered, no audit entry");
    assert!(!Path::new("/no/such/folder").exists(), "no folder made silently");

    // A reprint gives the same form again, marked as a copy of the same number and code, and
    // uses no number.
    let pdf = cli.db.with_file_name("review.pdf");
    let issued = cli.ok_json(&["form", "render", "review", "--person", "S0001", "--out", pdf.to_str().unwrap(), "--json"]);
    let again = cli.db.with_file_name("review-copy.pdf");
    let number = issued["forms"][0]["number"].as_str().unwrap();
    cli.ok_json(&["form", "reprint", number, "--out", again.to_str().unwrap(), "--json"]);
    let (original, copy) = (super::forms::pdf_text(&pdf), super::forms::pdf_text(&again));
    assert!(!original.contains("COPY"), "{original}");
    let code = issued["forms"][0]["verification_code"].as_str().unwrap();
    for words in ["副本/COPY", number, code, "张三"] {
        assert!(copy.contains(words), "{words} not in the copy: {copy}");
    }
    assert_eq!(counts(&cli).0, before.0 + 1);
}

#[test]
fn a_scan_must_be_a_regular_pdf_jpeg_or_png_file() {
    let cli = Cli::new();
    cli.add_zhang();
    let pdf = cli.db.with_file_name("c.pdf");
    let issued = cli.ok_json(&["form", "render", "commitment", "--person", "S0001", "--out", pdf.to_str().unwrap(), "--json"]);
    let number = issued["forms"][0]["number"].as_str().unwrap().to_owned();
    let before = counts(&cli);
    let fifo = cli.db.with_file_name("fifo.pdf");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let text = cli.db.with_file_name("notes.pdf");
    std::fs::write(&text, "not a scan").unwrap();
    let big = cli.db.with_file_name("big.pdf");
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(51 * 1024 * 1024).unwrap();
    for (scan, needle) in [
        ("/dev/zero", "is not a regular file"),
        (fifo.to_str().unwrap(), "is not a regular file"),
        (text.to_str().unwrap(), "must be a PDF, JPEG or PNG"),
        (big.to_str().unwrap(), "larger than 50 MB"),
        (cli.db.parent().unwrap().to_str().unwrap(), "is not a regular file"),
    ] {
        let out = cli.run(&["--lang", "en", "form", "received", &number, "--scan", scan]);
        assert_eq!(out.status.code(), Some(2), "{scan}");
        assert!(stderr(&out).contains(needle), "{scan}: {}", stderr(&out));
    }
    assert_eq!(counts(&cli), before);
    let scans = cli.db.with_file_name("scans");
    assert!(!scans.exists() || std::fs::read_dir(&scans).unwrap().next().is_none(), "no scan left behind");

    // A PNG named .pdf is kept as what it is.
    let png = cli.db.with_file_name("scan.pdf");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n0000").unwrap();
    let form = cli.ok_json(&["form", "received", &number, "--scan", png.to_str().unwrap(), "--json"]);
    let kept = form["scan_path"].as_str().unwrap();
    assert!(kept.starts_with(&format!("scans/{number}-")) && kept.ends_with(".png"), "{kept}");
    assert!(!scans.exists(), "kept inside the register, not beside it");
    let copy = cli.db.with_file_name("back.png");
    assert_eq!(cli.ok_json(&["form", "scan", &number, "--out", copy.to_str().unwrap(), "--json"])["kind"], "png");
    assert_eq!(std::fs::read(&copy).unwrap(), b"\x89PNG\r\n\x1a\n0000");
}

#[test]
fn scans_an_older_version_kept_as_files_move_into_the_register_at_the_next_start() {
    if sqlite_only("scan files an older version kept beside the register file") {
        return;
    }
    let cli = Cli::new();
    cli.add_zhang();
    let pdf = cli.db.with_file_name("c.pdf");
    let issued = cli.ok_json(&["form", "render", "commitment", "--person", "S0001", "--out", pdf.to_str().unwrap(), "--json"]);
    let number = issued["forms"][0]["number"].as_str().unwrap().to_owned();
    let png = cli.db.with_file_name("scan.png");
    let bytes = b"\x89PNG\r\n\x1a\n0000";
    std::fs::write(&png, bytes).unwrap();
    let form = cli.ok_json(&["form", "received", &number, "--scan", png.to_str().unwrap(), "--json"]);
    // As an older version left it: the scan not in the register but in `scans/`, under the
    // temporary name of a write it recorded and stopped before renaming, with a stray
    // temporary file of a write it never recorded beside it.
    let status = Command::new("sqlite3").arg(&cli.db).arg("DELETE FROM form_scan;").status().expect("sqlite3 is installed");
    assert!(status.success());
    let kept = cli.db.with_file_name(form["scan_path"].as_str().unwrap());
    std::fs::create_dir(kept.parent().unwrap()).unwrap();
    let name = kept.file_name().unwrap().to_string_lossy().into_owned();
    let recorded = kept.with_file_name(format!(".{name}.partial-4242"));
    std::fs::write(&recorded, bytes).unwrap();
    let stray = kept.with_file_name(format!(".{number}-deadbeef.png.partial-4243"));
    std::fs::write(&stray, b"\x89PNG").unwrap();
    cli.ok_json(&["form", "list", "--json"]);
    assert!(!kept.parent().unwrap().exists(), "moved into the register; no file and no scans folder left");
    let verified = cli.ok_json(&["form", "verify", issued["forms"][0]["verification_code"].as_str().unwrap(), "--json"]);
    assert_eq!(verified["scan_matches"], true);
    let copy = cli.db.with_file_name("back.png");
    cli.ok_json(&["form", "scan", &number, "--out", copy.to_str().unwrap(), "--json"]);
    assert_eq!(std::fs::read(&copy).unwrap(), bytes);
}

/// A unit of 600 people, registered in-process (600 `person add` processes would take minutes).
fn unit_of_600(cli: &Cli) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let store = super::backend::open_store(&cli.db, cli.server.as_ref()).await;
        let office = Office::new(store, cli.db.display().to_string())
            .with_today(NaiveDate::from_ymd_opt(2026, 11, 27))
            .with_account(Some(clearance_tracker_lib::office::SignedIn::admin("王芳")));
        for i in 0..600u32 {
            let input = PersonInput {
                name: format!("测试人员{i}"),
                staff_no: format!("{}", 1000 + i),
                id_number: super::right_person::valid_id(i),
                unit: "机要室".into(),
                level: "general".into(),
                start_date: NaiveDate::from_ymd_opt(2026, 1, 5),
                ..PersonInput::default()
            };
            office.add_person(&input).await.unwrap();
        }
        office.store().close().await;
    });
}

/// While a 600-page batch renders, another clerk's process reads and writes: it is not held
/// up by the batch (it finishes while the batch is still rendering), and the batch's numbers
/// are still gap-free after the other clerk's form took one.
#[test]
fn a_batch_for_600_people_does_not_hold_up_another_clerk() {
    let cli = Cli::new();
    unit_of_600(&cli);
    let out_pdf = cli.db.with_file_name("re-sign.pdf");
    let mut batch = cli
        .command()
        .args(["--today", "2026-11-27", "--lang", "en", "form", "batch", "commitment", "--unit", "机要室", "--out"])
        .arg(&out_pdf)
        .args(["--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    // The other clerk: a read, a write and a form of their own while the batch renders.
    cli.ok_json(&["person", "list", "--search", "1001", "--json"]);
    cli.ok_json(&["person", "edit", "1001", "--post", "保密员", "--json"]);
    let single = cli.db.with_file_name("single.pdf");
    let own = cli.ok_json(&["form", "render", "review", "--person", "1002", "--out", single.to_str().unwrap(), "--json"]);
    assert!(batch.try_wait().unwrap().is_none(), "the other clerk finished while the batch was still rendering");
    let out = batch.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let issued: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let forms = issued["forms"].as_array().unwrap();
    assert_eq!(forms.len(), 600);
    // The other clerk's form took number 1 while the batch rendered; the batch was numbered
    // again after it, without a gap.
    assert_eq!(own["forms"][0]["number"], "2026-0001");
    let numbers: Vec<&str> = forms.iter().map(|f| f["number"].as_str().unwrap()).collect();
    assert_eq!(numbers.first(), Some(&"2026-0002"));
    assert_eq!(numbers.last(), Some(&"2026-0601"));
    assert!(out_pdf.is_file());
}
