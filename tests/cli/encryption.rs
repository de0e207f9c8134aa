//! The register's key on the command line (issue 14): a new register encrypted with
//! `--key-file` (or plain without, said on stderr), no key or a wrong one refused with nothing
//! changed, `key change`, `key encrypt` of a plain register, `key recovery` opening it, and the
//! raw bytes of the register and a backup with no name, ID number or SQLite header.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use super::{sqlite_only, Cli, ADMIN, BIN};

const PASSPHRASE: &str = "保密办公室 correct horse";

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, format!("{text}\n")).unwrap();
    path
}

fn keyed(cli: &Cli, key_file: &Path) -> Command {
    let mut command = cli.command();
    command.env("CLEARANCE_TRACKER_KEY_FILE", key_file).stdin(Stdio::null());
    command
}

fn run(mut command: Command, args: &[&str]) -> Output {
    command.args(["--lang", "en"]).args(args).output().unwrap()
}

fn ok(command: Command, args: &[&str]) -> Output {
    let out = run(command, args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn hides_everything(file: &Path) {
    for suffix in ["", "-wal"] {
        let Ok(bytes) = std::fs::read(format!("{}{suffix}", file.display())) else { continue };
        for needle in ["张三".as_bytes(), b"440304198506171238", b"SQLite format 3"] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "{}{suffix} shows {}",
                file.display(),
                String::from_utf8_lossy(needle)
            );
        }
    }
}

/// Each file's name, a hash of its bytes, and its modification time.
fn fingerprint(dir: &Path) -> Vec<(String, u64, std::time::SystemTime)> {
    use std::hash::{Hash, Hasher};
    let hash = |bytes: Vec<u8>| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        bytes.hash(&mut h);
        h.finish()
    };
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                hash(std::fs::read(e.path()).unwrap()),
                e.metadata().unwrap().modified().unwrap(),
            )
        })
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

fn add_zhang(command: Command) {
    ok(
        command,
        &[
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
        ],
    );
}

#[test]
fn a_register_made_with_a_key_file_is_encrypted_and_refuses_without_it() {
    if sqlite_only("the register file's encryption") {
        return;
    }
    let cli = Cli::without_account();
    let dir = cli.db.parent().unwrap().to_path_buf();
    let key = write(&dir, "key", PASSPHRASE);
    let out = ok(keyed(&cli, &key), &["account", "create", ADMIN, "--role", "admin"]);
    assert!(stderr(&out).contains("encrypted"), "{}", stderr(&out));
    add_zhang(keyed(&cli, &key));
    let backup = dir.join("copy.db");
    ok(keyed(&cli, &key), &["backup", "--out", backup.to_str().unwrap()]);
    hides_everything(&cli.db);
    hides_everything(&backup);
    let status = ok(keyed(&cli, &key), &["key", "status", "--json"]);
    let status: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(status["encrypted"], true);

    let before = fingerprint(&dir);
    // No key and no terminal: refused, with the way to give it.
    let mut none = cli.command();
    none.stdin(Stdio::null()).env_remove("CLEARANCE_TRACKER_KEY_FILE");
    let out = run(none, &["person", "list"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--key-file"), "{}", stderr(&out));
    // A wrong passphrase: refused, nothing changed.
    let wrong = write(&std::env::temp_dir(), &format!("wrong-key-{}", std::process::id()), "not the passphrase at all");
    let out = run(keyed(&cli, &wrong), &["person", "list"]);
    let _ = std::fs::remove_file(&wrong);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not right"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("hmac"), "SQLCipher's own log stays quiet: {}", stderr(&out));
    assert_eq!(fingerprint(&dir), before, "same files, bytes and times");

    let list = ok(keyed(&cli, &key), &["person", "list"]);
    assert!(String::from_utf8_lossy(&list.stdout).contains("张三"));
}

#[test]
fn a_register_made_without_a_key_file_is_plain_and_says_so() {
    if sqlite_only("the register file's encryption") {
        return;
    }
    let cli = Cli::without_account();
    let mut command = cli.command();
    command.stdin(Stdio::null());
    let out = ok(command, &["account", "create", ADMIN, "--role", "admin"]);
    assert!(stderr(&out).contains("not encrypted"), "{}", stderr(&out));
    let bytes = std::fs::read(&cli.db).unwrap();
    assert!(bytes.starts_with(b"SQLite format 3"));
}

#[test]
fn key_encrypt_then_change_then_recovery() {
    if sqlite_only("the register file's encryption") {
        return;
    }
    let cli = Cli::new();
    let dir = cli.db.parent().unwrap().to_path_buf();
    add_zhang(cli.command());
    let key = write(&dir, "key", PASSPHRASE);
    // A passphrase too short is refused, nothing changed.
    let short = write(&dir, "short", "short");
    let mut command = cli.command();
    command.stdin(Stdio::null());
    let out = run(command, &["key", "encrypt", "--new-key-file", short.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(std::fs::read(&cli.db).unwrap().starts_with(b"SQLite format 3"));

    ok(keyed(&cli, &key), &["key", "encrypt"]);
    hides_everything(&cli.db);
    let names: Vec<String> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    assert!(!names.iter().any(|n| n.contains("plain") || n.contains("encrypt")), "no copy left: {names:?}");
    let out = ok(keyed(&cli, &key), &["audit", "verify"]);
    assert!(out.status.success());

    let new = write(&dir, "new-key", "新的口令 battery staple horse");
    ok(keyed(&cli, &key), &["key", "change", "--new-key-file", new.to_str().unwrap()]);
    assert_eq!(run(keyed(&cli, &key), &["person", "list"]).status.code(), Some(2), "the old passphrase is refused");
    let out = ok(keyed(&cli, &new), &["key", "recovery"]);
    let recovery = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    assert_eq!(recovery.split_whitespace().count(), 25, "{recovery}");
    assert!(stderr(&out).contains("safe"), "{}", stderr(&out));
    let recovery_file = write(&dir, "recovery", &recovery.replace('\n', " "));
    let list = ok(keyed(&cli, &recovery_file), &["person", "list"]);
    assert!(String::from_utf8_lossy(&list.stdout).contains("张三"));
    let trail = ok(keyed(&cli, &new), &["audit", "list", "--json"]);
    let trail = String::from_utf8_lossy(&trail.stdout);
    for action in ["register.encrypt", "register.rekey", "register.recovery_key"] {
        assert!(trail.contains(action), "{action} in the trail");
    }
    assert!(!trail.contains(&recovery.replace('\n', " ")[..20]), "the key itself is never in the trail");
    let _ = BIN;
}
