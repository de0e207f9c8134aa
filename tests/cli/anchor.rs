//! `audit verify --head`: the trail checked against the audit chain's head printed on a form
//! (read back from the PDF with pdftotext), after a Python script with sqlite3 rewrote the whole
//! chain — every hash recomputed with the same algorithm and signed again with the register's own
//! key — after its newest entries were cut off and after every entry was deleted; a forged
//! signature; a head that cannot be read.

use std::process::{Command, Output};

use serde_json::Value;

use super::{sqlite_only, Cli};

/// The system Python, whose `cryptography` (python3-cryptography) signs with Ed25519.
const PYTHON: &str = "/usr/bin/python3";

/// Rewrites the trail as someone with the file and its key would: entry `seq`'s operator changed,
/// then every hash recomputed in order (the domain's algorithm: SHA-256 of the JSON array of the
/// fields) and every entry signed again with the register's key.
const REWRITE: &str = r#"
import hashlib, json, sqlite3, sys
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
db = sqlite3.connect(sys.argv[1])
edit, operator = int(sys.argv[2]), sys.argv[3]
db.executescript("DROP TRIGGER IF EXISTS audit_log_no_update;")
key = Ed25519PrivateKey.from_private_bytes(db.execute("SELECT secret FROM audit_key").fetchone()[0])
prev = "0" * 64
rows = db.execute("SELECT seq, at, operator, action, entity, entity_id, person_id, old, new, as_of FROM audit_log ORDER BY seq").fetchall()
for seq, at, op, action, entity, entity_id, person_id, old, new, as_of in rows:
    if seq == edit:
        op = operator
    content = [seq, at, op, action, entity, entity_id, person_id, old, new, prev]
    if as_of is not None:
        content.append({"as_of": as_of})
    digest = hashlib.sha256(json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()).hexdigest()
    signature = key.sign(b"clearance-tracker audit entry v1\n" + digest.encode()).hex()
    db.execute("UPDATE audit_log SET operator = ?, prev_hash = ?, hash = ?, signature = ? WHERE seq = ?",
               (op, prev, digest, signature, seq))
    prev = digest
db.commit()
"#;

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn sqlite(cli: &Cli, sql: &str) {
    cli.behind(sql);
}

/// 张三 and a level change, then a commitment form for him: the head printed on it.
fn with_a_form(cli: &Cli) -> String {
    cli.add_zhang();
    cli.ok_json(&["person", "set-level", "S0001", "--level", "general", "--effective", "2026-11-27", "--reason", "regraded", "--json"]);
    let pdf = cli.db.with_file_name("commitment.pdf");
    cli.ok_json(&["form", "render", "commitment", "--person", "S0001", "--out", pdf.to_str().unwrap(), "--json"]);
    let text = Command::new("pdftotext").arg(&pdf).arg("-").output().expect("pdftotext (poppler-utils)");
    let text = String::from_utf8(text.stdout).unwrap();
    text.lines().find(|l| l.contains("审计链")).unwrap_or_else(|| panic!("no head on the form:\n{text}")).to_owned()
}

/// `#12·…` → 12.
fn seq_of(head: &str) -> i64 {
    let after = head.split_once('#').unwrap().1;
    after.split(|c: char| !c.is_ascii_digit()).next().unwrap().parse().unwrap()
}

fn verify(cli: &Cli, head: Option<&str>) -> (Output, Value) {
    let mut args = vec!["--lang", "en", "audit", "verify", "--json"];
    if let Some(h) = head {
        args.extend(["--head", h]);
    }
    let out = cli.run(&args);
    let value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out, value)
}

#[test]
fn the_head_printed_on_a_form_verifies_typed_back_any_way() {
    let cli = Cli::new();
    let printed = with_a_form(&cli);
    let (out, v) = verify(&cli, Some(&printed));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(v["intact"], true, "{v}");
    assert_eq!(v["printed"]["outcome"], "matches");
    assert_eq!(v["signed_from"], 1);
    assert!(v["key_fingerprint"].as_str().is_some_and(|f| f.len() == 19));
    // In words, typed from paper in capitals with spaces for the dots.
    let typed = printed.split_once('#').unwrap().1.replace('·', " ").to_uppercase();
    let out = cli.run(&["--lang", "en", "audit", "verify", "--head", &typed]);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("The audit chain is intact"), "{said}");
    assert!(said.contains(&format!("Matches the printed head #{}", seq_of(&printed))), "{said}");
    assert!(said.contains("Every entry is signed with the register's key"), "{said}");
    // Chinese too.
    let out = cli.run(&["--lang", "zh-CN", "audit", "verify", "--head", &printed]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("与打印的审计链头"), "{}", String::from_utf8_lossy(&out.stdout));
    // A head that cannot be read is refused, nothing checked.
    let out = cli.run(&["--lang", "en", "audit", "verify", "--head", "form 3f9a"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is not an audit chain head"), "{}", stderr(&out));
}

#[test]
fn a_chain_rewritten_by_a_script_with_the_key_is_found_by_the_printed_head() {
    if sqlite_only("a Python script with sqlite3 rewrites the file") {
        return;
    }
    let cli = Cli::new();
    let printed = with_a_form(&cli);
    let seq = seq_of(&printed);
    let script = Command::new(PYTHON).args(["-c", REWRITE]).arg(&cli.db).args(["2", "某人"]).output().unwrap();
    assert!(script.status.success(), "{}", String::from_utf8_lossy(&script.stderr));
    // Every hash recomputed and signed with the register's key: on its own it verifies.
    let (_, alone) = verify(&cli, None);
    assert_eq!(alone["intact"], true, "the script used the same algorithm: {alone}");
    assert_eq!(alone["first_broken"], Value::Null);
    // The paper says otherwise, and where.
    let (out, v) = verify(&cli, Some(&printed));
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(v["intact"], false);
    assert_eq!(v["printed"]["outcome"], "rewritten");
    let said = stderr(&out);
    assert!(
        said.contains(&format!("The entry #{seq} printed on a form ("))
            && said.contains("no longer matches: the trail was rewritten at or before it"),
        "{said}"
    );
}

#[test]
fn the_newest_entries_cut_off_and_a_trail_emptied_are_named() {
    let cli = Cli::new();
    let printed = with_a_form(&cli);
    let seq = seq_of(&printed);
    sqlite(&cli, &format!("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq >= {};", seq - 1));
    let (out, v) = verify(&cli, Some(&printed));
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(v["printed"]["outcome"], "removed");
    let said = stderr(&out);
    assert!(said.contains(&format!("The trail ends at #{} but a form printed #{seq}", seq - 2)), "{said}");
    assert!(said.contains("its newest entries were removed"), "{said}");

    sqlite(&cli, "DELETE FROM audit_log;");
    let (out, v) = verify(&cli, None);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(v["entries"], 0);
    assert_eq!(v["emptied"], true);
    assert_eq!(v["intact"], false);
    assert_eq!(v["first_broken"], 1, "not \"0 entries, intact\"");
    assert!(stderr(&out).contains("The audit trail was emptied: it has no entries although people are registered (1)"), "{}", stderr(&out));
}

#[test]
fn a_forged_signature_is_named() {
    let cli = Cli::new();
    with_a_form(&cli);
    // Entry 3 given entry 2's signature: a signature, but not of this entry.
    sqlite(
        &cli,
        "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET signature = (SELECT signature FROM audit_log WHERE seq = 2) WHERE seq = 3;",
    );
    let (out, v) = verify(&cli, None);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(v["signature_fault"], 3);
    assert_eq!(v["first_broken"], Value::Null);
    assert!(stderr(&out).contains("Entry #3's signature does not match: written without the register's key"), "{}", stderr(&out));
}
