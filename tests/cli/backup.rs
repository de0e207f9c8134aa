//! `backup` and `restore` on the command line: the round trip, refusals with exit code 2 and the
//! register unchanged, the automatic backup for a scheduled task, the settings.

use std::path::Path;
use std::process::Command;

use sha2::{Digest, Sha256};

use super::{sqlite_only, Cli};

fn digest(path: &Path) -> Vec<u8> {
    Sha256::digest(std::fs::read(path).unwrap()).to_vec()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn add(cli: &Cli, staff_no: &str, i: u32) {
    cli.ok_json(&[
        "person",
        "add",
        "--name",
        "李四",
        "--staff-no",
        staff_no,
        "--id-number",
        &super::right_person::valid_id(i),
        "--unit",
        "档案室",
        "--level",
        "general",
        "--json",
    ]);
}

#[test]
fn a_backup_restores_the_register_as_it_was() {
    if sqlite_only("backup files of the register file") {
        return;
    }
    let cli = Cli::new();
    cli.add_zhang();
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("周五.db");
    let report = cli.ok_json(&["backup", "--out", file.to_str().unwrap(), "--json"]);
    assert_eq!(report["path"], file.to_str().unwrap());
    assert_eq!(report["people"], 1);
    assert_eq!(report["sha256"].as_str().unwrap(), hex::encode(digest(&file)));

    // The same name again is refused: a backup never overwrites a file.
    let again = cli.run(&["--lang", "en", "backup", "--out", file.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("already exists"), "{}", stderr(&again));

    add(&cli, "S0002", 2);
    assert_eq!(cli.ok_json(&["person", "list", "--json"])["total"], 2);
    let restored = cli.run(&["--lang", "zh-CN", "restore", file.to_str().unwrap()]);
    assert!(restored.status.success(), "{}", stderr(&restored));
    assert!(stdout(&restored).contains("已从") && stdout(&restored).contains("before-restore-"), "{}", stdout(&restored));

    let people = cli.ok_json(&["person", "list", "--json"]);
    assert_eq!(people["total"], 1);
    assert_eq!(people["rows"][0]["staff_no"], "S0001");
    let verified = cli.ok_json(&["audit", "verify", "--json"]);
    assert_eq!(verified["first_broken"], serde_json::Value::Null);
    let trail = cli.ok_json(&["audit", "list", "--json", "--limit", "1"]);
    assert_eq!(trail[0]["action"], "register.restore");
    assert!(trail[0]["new"].as_str().unwrap().contains(&report["sha256"].as_str().unwrap()[..16]));
    // The register before the restore is beside it, and holds the second person.
    let kept: Vec<_> = std::fs::read_dir(cli.db.parent().unwrap())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("register.db.before-restore-"))
        .collect();
    assert_eq!(kept.len(), 1);
    let before = cli.command_on(&kept[0].path()).args(["--read-only", "person", "list", "--json"]).output().unwrap();
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&before.stdout).unwrap()["total"], 2);
}

#[test]
fn restore_refuses_what_is_not_a_backup_with_exit_code_2_and_changes_nothing() {
    if sqlite_only("backup files of the register file") {
        return;
    }
    let cli = Cli::new();
    cli.add_zhang();
    let out = tempfile::tempdir().unwrap();
    let text = out.path().join("名册.csv");
    std::fs::write(&text, "姓名,工号\n张三,1\n").unwrap();
    let good = out.path().join("good.db");
    cli.ok_json(&["backup", "--out", good.to_str().unwrap(), "--json"]);
    let newer = out.path().join("newer.db");
    std::fs::copy(&good, &newer).unwrap();
    let status = Command::new("sqlite3")
        .arg(&newer)
        .arg(
            "INSERT INTO _sqlx_migrations (version, description, installed_on, success, checksum, execution_time) \
             VALUES (20991231000000, 'future', '2099-12-31', 1, x'00', 0);",
        )
        .status()
        .expect("sqlite3 is installed by scripts/install-deps.sh");
    assert!(status.success());
    // Fold the WAL into the file, so the file alone says whether anything changed.
    let _ = Command::new("sqlite3").arg(&cli.db).arg("PRAGMA wal_checkpoint(TRUNCATE);").output();
    let before = digest(&cli.db);
    for (file, words) in [(&text, "is not a Clearance Tracker register or backup"), (&newer, "newer Clearance Tracker")] {
        let out = cli.run(&["--lang", "en", "restore", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{file:?}");
        assert!(stderr(&out).contains(words) && stderr(&out).contains("nothing was changed"), "{}", stderr(&out));
        assert_eq!(digest(&cli.db), before, "{file:?}: the register is unchanged");
    }
    let missing = cli.run(&["--lang", "zh-CN", "restore", out.path().join("没有.db").to_str().unwrap()]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("找不到") && stderr(&missing).contains("未作任何更改"), "{}", stderr(&missing));
    assert_eq!(digest(&cli.db), before);
}

#[test]
fn backup_auto_takes_the_days_backup_once_and_keeps_the_last_n() {
    if sqlite_only("backup files of the register file") {
        return;
    }
    let cli = Cli::new();
    // A register holding only its first account is backed up like any other: the account is
    // part of it.
    let first = cli.run(&["--lang", "en", "backup", "auto"]);
    assert!(first.status.success() && stdout(&first).contains("Backed up"), "{}", stdout(&first));
    cli.add_zhang();
    let settings = cli.ok_json(&["backup", "settings", "--keep", "2", "--json"]);
    assert_eq!(settings["keep"], 2);
    assert_eq!(settings["custom_folder"], false);
    let folder = cli.db.parent().unwrap().join("backups");
    assert_eq!(settings["folder"], folder.to_str().unwrap());
    for today in ["2026-12-01", "2026-12-02", "2026-12-03"] {
        let out = cli.run_on(today, &["backup", "auto", "--json"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(report["automatic"], true);
        let again = cli.run_on(today, &["backup", "auto", "--json"]);
        assert_eq!(stdout(&again).trim(), "null", "once a day");
    }
    let mut names: Vec<String> =
        std::fs::read_dir(&folder).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names[0].starts_with("register-auto-20261202-") && names[1].starts_with("register-auto-20261203-"), "{names:?}");
    let status = cli.run(&["--lang", "en", "backup", "status"]);
    let text = stdout(&status);
    assert!(text.contains("Last backup:") && text.contains("succeeded") && text.contains("kept: 2"), "{text}");

    let refused = cli.run(&["--lang", "zh-CN", "backup", "settings", "--folder", "relative/dir"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).contains("完整路径"), "{}", stderr(&refused));
}
