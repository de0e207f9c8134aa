//! `migrate --from FILE --to postgres://…` (issue 16): the sample register, and a generated
//! register of 20,000 people, moved to a fresh database on the test server: every table's rows,
//! the forms' content, the scans' bytes and the audit chain (hashes and signatures) the same on
//! both sides, the chain verified there by `audit verify`; a register that holds records refused
//! in words with nothing written; the file's bytes unchanged. On PostgreSQL only (the test server
//! is `CLEARANCE_TRACKER_TEST_PG`); the file is a SQLite register whichever backend the suite runs
//! on.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;
use sha2::{Digest, Sha256};

use super::backend::{psql, ServerDb};
use super::{server_only, Cli, BIN};

#[allow(dead_code)]
#[path = "../bench/common.rs"]
mod common;

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The register file's bytes (and its write-ahead log's, if one is left), hashed.
fn file_digest(db: &Path) -> Vec<u8> {
    let mut h = Sha256::new();
    for side in ["", "-wal"] {
        if let Ok(bytes) = std::fs::read(format!("{}{side}", db.display())) {
            h.update(&bytes);
        }
    }
    h.finalize().to_vec()
}

/// One query's answer from the file (sqlite3) and from the server (psql), one row a line.
fn both(cli: &Cli, server: &ServerDb, sqlite: &str, postgres: &str) -> (String, String) {
    let out = Command::new("sqlite3").arg("-readonly").arg(&cli.db).arg(sqlite).output().expect("sqlite3");
    assert!(out.status.success(), "sqlite3 {sqlite}: {}", stderr(&out));
    let file = String::from_utf8_lossy(&out.stdout).trim_end().to_owned();
    let on_server = psql(&server.url, postgres).unwrap_or_else(|e| panic!("psql {postgres}: {e}"));
    (file, on_server)
}

fn sha(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// A roster of `people` people with Chinese names, as the benchmarks generate them
/// (tests/bench/common.rs: the same people on every run), as a CSV the import reads.
fn roster_of(people: usize) -> String {
    use clearance_domain::id_card::check_char;
    let surnames: Vec<char> = common::SURNAMES.chars().collect();
    let given: Vec<char> = common::GIVEN.chars().collect();
    let mut rng = common::Lcg(42);
    let mut text = String::from("姓名,工号,身份证号,部门,密级,上岗日期\n");
    for i in 0..people {
        let mut name = String::new();
        name.push(surnames[rng.next(surnames.len())]);
        for _ in 0..1 + rng.next(2) {
            name.push(given[rng.next(given.len())]);
        }
        let birth = format!("{}{:02}{:02}", 1960 + rng.next(45), 1 + rng.next(12), 1 + rng.next(28));
        let body = format!("{:06}{birth}{:03}", 110000 + (i / 1000) * 7, i % 1000);
        let unit = common::UNITS[rng.next(common::UNITS.len())];
        let level = ["核心", "重要", "一般", "一般", "一般"][rng.next(5)];
        text += &format!("{name},S{:07},{body}{},{unit},{level},2026-11-27\n", i + 1, check_char(&body).unwrap());
    }
    text
}

/// Moves the file of `cli` to `server`; the report.
fn migrate(cli: &Cli, server: &ServerDb) -> Value {
    let out = cli.run(&["--lang", "en", "migrate", "--from", cli.db.to_str().unwrap(), "--to", &server.url, "--json"]);
    assert!(out.status.success(), "migrate: {}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

/// Everything the issue names, the same on both sides: each table's rows, the forms (number,
/// content and its hash), the scans' bytes, the audit chain entry by entry with its signatures,
/// and the signing key.
fn same_on_both_sides(cli: &Cli, server: &ServerDb, report: &Value) {
    let tables = report["tables"].as_array().expect("tables");
    assert!(tables.len() >= 15, "{report}");
    for t in tables {
        assert_eq!(t["source_rows"], t["target_rows"], "{t}");
        let name = t["table"].as_str().unwrap();
        let (file, on_server) = both(cli, server, &format!("SELECT count(*) FROM {name}"), &format!("SELECT count(*) FROM {name}"));
        assert_eq!(file, on_server, "{name}");
        assert_eq!(file, t["source_rows"].to_string(), "{name}");
    }
    let (file, on_server) = both(
        cli,
        server,
        "SELECT number || '|' || content_hash || '|' || hex(CAST(content AS BLOB)) FROM issued_form ORDER BY id",
        "SELECT number || '|' || content_hash || '|' || upper(encode(convert_to(content, 'UTF8'), 'hex')) FROM issued_form ORDER BY id",
    );
    assert_eq!(sha(&file), sha(&on_server), "the forms' content");
    let (file, on_server) = both(
        cli,
        server,
        "SELECT form_id || '|' || sha256 || '|' || hex(bytes) FROM form_scan ORDER BY form_id",
        "SELECT form_id || '|' || sha256 || '|' || upper(encode(bytes, 'hex')) FROM form_scan ORDER BY form_id",
    );
    assert_eq!(sha(&file), sha(&on_server), "the scans' bytes");
    let chain = "SELECT seq || '|' || prev_hash || '|' || hash || '|' || coalesce(signature, '') FROM audit_log ORDER BY seq";
    let (file, on_server) = both(cli, server, chain, chain);
    assert!(!file.is_empty());
    assert_eq!(file, on_server, "the audit chain");
    let (file, on_server) = both(cli, server, "SELECT hex(secret) FROM audit_key", "SELECT upper(encode(secret, 'hex')) FROM audit_key");
    assert_eq!(file, on_server, "the signing key");

    // `audit verify` on the server, as its administrator: intact, at the file's head.
    let out = Command::new(BIN)
        .args(["--db", &server.url, "--lang", "en", "audit", "verify", "--json"])
        .env_remove("CLEARANCE_TRACKER_DB")
        .env_remove("CLEARANCE_TRACKER_USER")
        .env_remove("CLEARANCE_TRACKER_PASSWORD_FILE")
        .output()
        .unwrap();
    assert!(out.status.success(), "audit verify on the server: {}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["intact"], true, "{v}");
    assert_eq!(report["intact"], true);
}

#[test]
fn the_sample_register_moves_whole_and_a_register_with_records_is_refused() {
    if server_only("migrate moves a register file to the office server") {
        return;
    }
    let cli = Cli::new_file();
    cli.ok_json(&["sample", "--json"]);
    // A form with its signed copy's scan, so bytes travel too.
    let pdf = cli.db.with_file_name("c.pdf");
    let issued = cli.ok_json(&["form", "render", "commitment", "--person", "S2026001", "--out", pdf.to_str().unwrap(), "--json"]);
    let number = issued["forms"][0]["number"].as_str().unwrap().to_owned();
    let png = cli.db.with_file_name("scan.png");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n0123456789").unwrap();
    cli.ok_json(&["form", "received", &number, "--scan", png.to_str().unwrap(), "--json"]);

    let before = file_digest(&cli.db);
    let server = ServerDb::create().expect("a test server");
    let report = migrate(&cli, &server);
    assert_eq!(report["people"], 60, "{report}");
    assert_eq!((report["forms"].as_i64(), report["scans"].as_i64()), (Some(1), Some(1)), "{report}");
    assert!(report["audit_entries"].as_i64().is_some_and(|n| n > 60), "{report}");
    let words = report["message"].as_str().unwrap();
    assert!(
        words.starts_with("Moved to the office server") && words.contains("60 people") && words.contains("The file was not changed"),
        "{words}"
    );
    same_on_both_sides(&cli, &server, &report);
    assert_eq!(file_digest(&cli.db), before, "the file's bytes are unchanged");

    // The server's register now holds records: a second move is refused in words, nothing written.
    let entries = psql(&server.url, "SELECT count(*) FROM audit_log").unwrap();
    let out = cli.run(&["--lang", "en", "migrate", "--from", cli.db.to_str().unwrap(), "--to", &server.url]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("already holds records") && stderr(&out).contains("nothing was changed"), "{}", stderr(&out));
    let out = cli.run(&["--lang", "zh-CN", "migrate", "--from", cli.db.to_str().unwrap(), "--to", &server.url]);
    assert!(stderr(&out).contains("已有记录") && stderr(&out).contains("未作任何更改"), "{}", stderr(&out));
    assert_eq!(psql(&server.url, "SELECT count(*) FROM audit_log").unwrap(), entries);
    assert_eq!(file_digest(&cli.db), before);

    // A file given as the target is refused before anything is opened.
    let out = cli.run(&["--lang", "en", "migrate", "--from", cli.db.to_str().unwrap(), "--to", "other.db"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("must be the office server's address"), "{}", stderr(&out));
}

/// 20,000 generated people (the benchmarks' names, imported), then a few changes through the
/// CLI so the chain and the forms have entries of several kinds: moved whole, identical on both
/// sides.
#[test]
fn a_generated_register_of_20000_people_moves_whole() {
    if server_only("migrate moves a register file to the office server") {
        return;
    }
    let people: usize = std::env::var("MIGRATE_PEOPLE").ok().and_then(|v| v.parse().ok()).unwrap_or(20_000);
    let cli = Cli::new_file();
    // Imported as an office would bring its roster in (every person with the entry that added
    // them, so the trail accounts for every record).
    let roster = cli.db.with_file_name("名册.csv");
    std::fs::write(&roster, roster_of(people)).unwrap();
    let out = cli.run(&["--lang", "en", "import", "roster", roster.to_str().unwrap(), "--json"]);
    assert!(out.status.success(), "import: {}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
    cli.ok_json(&["person", "set-level", "S0000001", "--level", "general", "--effective", "2026-11-27", "--reason", "调整", "--json"]);
    cli.ok_json(&["person", "archive", "S0000002", "--reason", "调离", "--json"]);
    let pdf = cli.db.with_file_name("c.pdf");
    let issued = cli.ok_json(&["form", "render", "commitment", "--person", "S0000003", "--out", pdf.to_str().unwrap(), "--json"]);
    let number = issued["forms"][0]["number"].as_str().unwrap().to_owned();
    let png = cli.db.with_file_name("scan.png");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\nscan of the signed copy").unwrap();
    cli.ok_json(&["form", "received", &number, "--scan", png.to_str().unwrap(), "--json"]);

    let before = file_digest(&cli.db);
    let server = ServerDb::create().expect("a test server");
    let started = std::time::Instant::now();
    let report = migrate(&cli, &server);
    eprintln!("migrate of {people} people: {:?} ({} rows)", started.elapsed(), report["rows"]);
    assert_eq!(report["people"].as_u64(), Some(people as u64), "{report}");
    same_on_both_sides(&cli, &server, &report);
    assert_eq!(file_digest(&cli.db), before, "the file's bytes are unchanged");
    // The copied ids go on: the next person added on the server gets the next id.
    let next = psql(&server.url, "SELECT nextval(pg_get_serial_sequence('person', 'id'))").unwrap();
    assert_eq!(next, (people + 1).to_string());
}
