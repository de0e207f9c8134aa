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
    // Kept inside the register: no file beside it; written out on request, the same bytes.
    assert!(!cli.db.parent().unwrap().join(received["scan_path"].as_str().unwrap()).exists());
    assert!(!cli.db.with_file_name("scans").exists());
    let copy = cli.db.with_file_name("copy-of-scan.pdf");
    let written = cli.ok_json(&["form", "scan", "2026-0001", "--out", copy.to_str().unwrap(), "--json"]);
    assert_eq!(written["sha256"], received["scan_sha256"]);
    assert_eq!(written["kind"], "pdf");
    assert_eq!(std::fs::read(&copy).unwrap(), std::fs::read(&out).unwrap());
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

/// The audit trail's actions, oldest first.
fn audit_actions(cli: &Cli) -> Vec<String> {
    let trail = cli.ok_json(&["audit", "list", "--limit", "500", "--json"]);
    let mut actions: Vec<String> = trail.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap().to_owned()).collect();
    actions.reverse();
    actions
}

#[test]
fn a_draft_uses_no_number_and_registers_nothing() {
    let cli = Cli::new();
    cli.add_zhang();
    let before = audit_actions(&cli);
    let draft = cli.db.with_file_name("draft.pdf");
    let out = cli.ok_json(&["form", "render", "commitment", "--person", "S0001", "--out", draft.to_str().unwrap(), "--draft", "--json"]);
    assert_eq!(out["draft"], true);
    let text = pdf_text(&draft);
    assert!(text.contains("样稿/DRAFT") && text.contains("张三"), "{text}");
    assert!(!text.contains("2026-0001"), "no number: {text}");
    assert_eq!(cli.ok_json(&["form", "list", "--json"])["total"], 0);
    assert_eq!(audit_actions(&cli), before, "nothing audited");
    // The first issued form takes the first number.
    let out = cli.db.with_file_name("issued.pdf");
    let issued = cli.ok_json(&["form", "render", "commitment", "--person", "S0001", "--out", out.to_str().unwrap(), "--json"]);
    assert_eq!(issued["forms"][0]["number"], "2026-0001");
    assert!(!pdf_text(&out).contains("DRAFT"));
}

#[test]
fn void_keeps_the_reason_and_a_reprint_is_a_marked_copy_of_the_same_number() {
    let cli = Cli::new();
    cli.add_zhang();
    let out = cli.db.with_file_name("c.pdf");
    let issued = cli.ok_json(&["form", "render", "commitment", "--person", "S0001", "--out", out.to_str().unwrap(), "--json"]);
    let code = issued["forms"][0]["verification_code"].as_str().unwrap().to_owned();

    // A copy of a form still valid: 副本 / COPY, the same number and code, nothing issued.
    let copy = cli.db.with_file_name("copy.pdf");
    let printed = cli.ok_json(&["form", "reprint", "2026-0001", "--out", copy.to_str().unwrap(), "--json"]);
    assert_eq!(printed["copy"], true);
    assert_eq!(printed["form"]["number"], "2026-0001");
    let text = pdf_text(&copy);
    assert!(text.contains("副本/COPY") && text.contains("2026-0001") && text.contains(&code), "{text}");
    assert!(!text.contains("VOID"), "{text}");
    assert_eq!(cli.ok_json(&["form", "list", "--json"])["total"], 1);

    // Refusals change nothing: an empty reason, an unknown number.
    for (args, said) in [
        (vec!["--lang", "en", "form", "void", "2026-0001", "--reason", "  "], "Reason is required"),
        (vec!["--lang", "en", "form", "void", "2026-0009", "--reason", "typo"], "No issued form numbered \"2026-0009\""),
    ] {
        let run = cli.run(&args);
        assert_eq!(run.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(stderr.contains(said), "{args:?}: {stderr}");
    }
    let before = audit_actions(&cli);

    // Voided, with its reason, by whom, in the register and the trail.
    let voided = cli.ok_json(&["form", "void", "2026-0001", "--reason", "姓名打错,已重新出具", "--json"]);
    assert_eq!(voided["voided_on"], "2026-11-27");
    assert_eq!(voided["void_reason"], "姓名打错,已重新出具");
    assert_eq!(voided["voided_by"], "王芳");
    let after = audit_actions(&cli);
    assert_eq!(after.len(), before.len() + 1);
    assert_eq!(after.last().map(String::as_str), Some("form.void"));
    let trail = cli.ok_json(&["audit", "list", "--limit", "1", "--json"]);
    assert!(trail.to_string().contains("姓名打错"), "{trail}");

    // Twice: refused, nothing changed.
    let run = cli.run(&["--lang", "en", "form", "void", "2026-0001", "--reason", "again"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("already voided on 2026-11-27"));
    assert_eq!(audit_actions(&cli).len(), after.len());

    // A voided form is neither outstanding nor can its copy be received.
    assert_eq!(cli.ok_json(&["form", "list", "--outstanding", "--json"])["total"], 0);
    assert_eq!(cli.ok_json(&["form", "list", "--voided", "--json"])["total"], 1);
    let run = cli.run(&["--lang", "en", "form", "received", "2026-0001"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("was voided on 2026-11-27"));

    // Its copy says so, with the reason.
    let text = pdf_text(&copy_of(&cli, "2026-0001", "void-copy.pdf"));
    for words in ["副本/COPY", "已作废/VOID", "姓名打错,已重新出具", "2026-0001"] {
        assert!(text.contains(words), "{words}: {text}");
    }
    let reprints = audit_actions(&cli).iter().filter(|a| *a == "form.reprint").count();
    assert_eq!(reprints, 2, "each copy is in the trail");
}

fn copy_of(cli: &Cli, number: &str, name: &str) -> std::path::PathBuf {
    let path = cli.db.with_file_name(name);
    cli.ok_json(&["form", "reprint", number, "--out", path.to_str().unwrap(), "--json"]);
    path
}

#[test]
fn several_copies_received_at_once_or_none() {
    let cli = Cli::new();
    cli.add_zhang();
    add_li(&cli);
    let out = cli.db.with_file_name("x.pdf");
    for person in ["S0001", "S0002", "S0001"] {
        cli.ok_json(&["form", "render", "review", "--person", person, "--out", out.to_str().unwrap(), "--json"]);
    }
    cli.ok_json(&["form", "void", "2026-0003", "--reason", "重复", "--json"]);
    let before = audit_actions(&cli);
    // One of them voided: none is marked, each refusal named.
    let run = cli.run(&["--lang", "en", "form", "received", "2026-0001", "2026-0003", "2026-0007"]);
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("2026-0003: Form 2026-0003 was voided"), "{stderr}");
    assert!(stderr.contains("2026-0007: No issued form"), "{stderr}");
    assert_eq!(audit_actions(&cli), before);
    assert_eq!(cli.ok_json(&["form", "list", "--returned", "--json"])["total"], 0);
    // The two still out: each its own entry.
    let done = cli.ok_json(&["form", "received", "2026-0001", "2026-0002", "--json"]);
    assert_eq!(done.as_array().map(Vec::len), Some(2));
    let after = audit_actions(&cli);
    assert_eq!(after[before.len()..].iter().filter(|a| *a == "form.received").count(), 2, "{after:?}");
    assert_eq!(cli.ok_json(&["form", "list", "--returned", "--json"])["total"], 2);
}

#[test]
fn a_phone_extension_prints_as_the_form_reads_it() {
    let cli = Cli::new();
    cli.add_zhang();
    cli.ok_json(&["person", "edit", "S0001", "--phone", "010-6512 3456 转 8012", "--json"]);
    let draft = cli.db.with_file_name("review-draft.pdf");
    let out = cli.run(&["form", "render", "review", "--person", "S0001", "--draft", "--out", draft.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = pdf_text(&draft);
    assert!(text.contains("010-65123456转8012"), "a Chinese form says 转 (the text read without spaces): {text}");
    assert!(!text.contains("ext."), "{text}");
}
