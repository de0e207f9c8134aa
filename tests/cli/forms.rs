//! `form …`: PDFs read back with poppler's `pdftotext`, and the issued-forms register.

use std::path::Path;
use std::process::Command;

use super::Cli;

/// The PDF's text with whitespace removed (table cells wrap where the layout did).
pub(super) fn pdf_text(path: &Path) -> String {
    let out = Command::new("pdftotext").arg("-enc").arg("UTF-8").arg(path).arg("-").output().expect("pdftotext (poppler-utils)");
    assert!(out.status.success(), "pdftotext: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().chars().filter(|c| !c.is_whitespace()).collect()
}

fn pdf_pages(path: &Path) -> usize {
    let out = Command::new("pdfinfo").arg(path).output().expect("pdfinfo");
    let info = String::from_utf8(out.stdout).unwrap();
    info.lines().find_map(|l| l.strip_prefix("Pages:")).map(|n| n.trim().parse().unwrap()).expect("Pages:")
}

fn add_li(cli: &Cli) {
    cli.ok_json(&[
        "person",
        "add",
        "--name",
        "李喆堃",
        "--staff-no",
        "S0002",
        "--id-number",
        "110105198001010016",
        "--unit",
        "机要室",
        "--level",
        "important",
        "--start",
        "2026-11-27",
        "--json",
    ]);
}

#[test]
fn render_writes_a_registered_pdf_with_the_name_staff_number_and_form_number() {
    let cli = Cli::new();
    cli.add_zhang();
    let out = cli.db.with_file_name("commitment.pdf");
    let issued = cli.ok_json(&["form", "render", "commitment", "--person", "S0001", "--out", out.to_str().unwrap(), "--json"]);
    let form = &issued["forms"][0];
    assert_eq!(form["number"], "2026-0001");
    assert_eq!(form["kind"], "commitment");
    let text = pdf_text(&out);
    for expected in ["张三", "S0001", "2026-0001", "机要室", form["verification_code"].as_str().unwrap()] {
        assert!(text.contains(expected), "{expected} not in the PDF: {text}");
    }
    assert!(text.contains("2026年11月27日"), "issue date printed: {text}");

    let review = cli.db.with_file_name("review.pdf");
    let issued = cli.ok_json(&["form", "render", "review", "--person", "S0001", "--out", review.to_str().unwrap(), "--json"]);
    assert_eq!(issued["forms"][0]["number"], "2026-0002");
    let text = pdf_text(&review);
    assert!(text.contains("张三") && text.contains("2026-0002") && text.contains("S0001"), "{text}");
}

#[test]
fn forms_without_stored_data_and_unknown_people_exit_2_and_register_nothing() {
    let cli = Cli::new();
    cli.add_zhang();
    let out = cli.db.with_file_name("x.pdf");
    for args in [
        ["form", "render", "departure", "--person", "S0001", "--out", out.to_str().unwrap()],
        ["form", "render", "commitment", "--person", "S9999", "--out", out.to_str().unwrap()],
    ] {
        let run = cli.run(&args);
        assert_eq!(run.status.code(), Some(2), "{args:?}");
        assert!(!String::from_utf8_lossy(&run.stderr).trim().is_empty());
    }
    assert!(!out.exists());
    let list = cli.ok_json(&["form", "list", "--json"]);
    assert_eq!(list["total"], 0);
}

#[test]
fn received_with_a_scan_then_verify_by_the_printed_code() {
    let cli = Cli::new();
    cli.add_zhang();
    let out = cli.db.with_file_name("c.pdf");
    let issued = cli.ok_json(&["form", "render", "commitment", "--person", "S0001", "--out", out.to_str().unwrap(), "--json"]);
    let code = issued["forms"][0]["verification_code"].as_str().unwrap().to_owned();

    let outstanding = cli.ok_json(&["form", "list", "--outstanding", "--json"]);
    assert_eq!(outstanding["total"], 1);

    // The signed paper, scanned back as a PDF (here: the printed one).
    let received = cli.ok_json(&["form", "received", "2026-0001", "--scan", out.to_str().unwrap(), "--json"]);
    assert_eq!(received["received_on"], "2026-11-27");
    assert_eq!(received["scan_sha256"].as_str().unwrap().len(), 64);
    assert!(cli.db.parent().unwrap().join(received["scan_path"].as_str().unwrap()).exists());
    assert_eq!(cli.ok_json(&["form", "list", "--returned", "--json"])["total"], 1);

    let v = cli.ok_json(&["form", "verify", code.to_lowercase().as_str(), "--json"]);
    assert_eq!(v["form"]["number"], "2026-0001");
    assert_eq!(v["hash_matches"], true);
    assert_eq!(v["scan_matches"], true);
    let text = cli.run(&["--lang", "en", "form", "verify", code.as_str()]);
    assert!(text.status.success());
    assert!(String::from_utf8_lossy(&text.stdout).contains("The content matches the code"));

    let bad = cli.run(&["--lang", "en", "form", "verify", "ZZZZZ-ZZZZZ"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("No form was issued"));
}

#[test]
fn batch_is_one_pdf_with_a_page_per_person_of_the_unit() {
    let cli = Cli::new();
    cli.ok_json(&[
        "person",
        "add",
        "--name",
        "张三",
        "--staff-no",
        "S0001",
        "--id-number",
        "440304198506171238",
        "--unit",
        "机要室",
        "--level",
        "core",
        "--start",
        "2026-11-27",
        "--json",
    ]);
    add_li(&cli);
    let out = cli.db.with_file_name("batch.pdf");
    let issued = cli.ok_json(&["form", "batch", "commitment", "--unit", "机要室", "--out", out.to_str().unwrap(), "--json"]);
    assert_eq!(issued["forms"].as_array().unwrap().len(), 2);
    assert_eq!(pdf_pages(&out), 2);
    let text = pdf_text(&out);
    for expected in ["张三", "S0001", "2026-0001", "李喆堃", "S0002", "2026-0002"] {
        assert!(text.contains(expected), "{expected} not in the batch PDF");
    }
    assert_eq!(cli.run(&["form", "batch", "commitment", "--unit", "无此单位", "--out", "/tmp/none.pdf"]).status.code(), Some(2));

    let list = cli.db.with_file_name("list.pdf");
    let issued = cli.ok_json(&["form", "register-list", "--unit", "机要室", "--out", list.to_str().unwrap(), "--json"]);
    assert_eq!(issued["forms"][0]["number"], "2026-0003");
    let text = pdf_text(&list);
    for expected in ["张三", "S0001", "李喆堃", "S0002", "2026-0003"] {
        assert!(text.contains(expected), "{expected} not in the register list");
    }
}
