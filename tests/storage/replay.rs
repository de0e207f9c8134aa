//! The trail replay (issue 14) on a real register file: what the office writes verifies clean;
//! an edit made with `sqlite3` on a data table — a person's field, a level history row, a
//! stage, a training record, a custody status, a photo, a form's receipt, a person deleted — is
//! named with the person and the field; a large register is replayed in one pass.

use std::process::Command;
use std::time::Instant;

use chrono::NaiveDate;
use clearance_domain::id_card::check_char;
use clearance_domain::lifecycle::TrainingSession;
use clearance_domain::person::PersonInput;
use clearance_domain::Lang;
use clearance_tracker_lib::office::ReplayReport;

use super::{register, zhang_san, Register};

/// An edit behind the app's back: with the sqlite3 shell on the file (foreign keys off, as that
/// shell has them), or with psql as the server's administrator, its triggers and foreign keys off
/// for the session (so a `DROP TRIGGER` of a guard needs nothing more there).
fn behind(r: &Register, sql: &str) {
    if let Some(db) = &r.server {
        if !sql.starts_with("DROP TRIGGER") {
            db.psql(&format!("SET session_replication_role = replica; {sql}")).unwrap_or_else(|e| panic!("psql {sql}: {e}"));
        }
        return;
    }
    let out = Command::new("sqlite3").arg(&r.path).arg(sql).output().expect("sqlite3 is installed");
    assert!(out.status.success(), "sqlite3 {sql}: {}", String::from_utf8_lossy(&out.stderr));
}

async fn replay(r: &Register) -> ReplayReport {
    r.office.clone().with_lang(Some(Lang::ZhCn)).replay_audit().await.unwrap()
}

fn fields(report: &ReplayReport) -> Vec<(String, String)> {
    report.differences.iter().map(|d| (d.person.clone(), d.field_code.clone())).collect()
}

/// A valid resident ID number, different for every `i` below 336,000.
fn id_number(i: u32) -> String {
    let body = format!("1101051990{:02}{:02}{:03}", 1 + (i / 1000) % 12, 1 + (i / 12000) % 28, i % 1000);
    format!("{body}{}", check_char(&body).unwrap())
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[tokio::test]
async fn what_the_office_writes_verifies_clean() {
    let r = register().await;
    r.office.load_sample().await.unwrap();
    let report = replay(&r).await;
    assert!(report.matches, "{:#?}", report.differences);
    assert!(report.unchecked.is_empty());
    assert!(report.records >= 60 && report.entries > 60);
}

#[tokio::test]
async fn each_direct_edit_is_named_with_the_person_and_the_field() {
    let r = register().await;
    r.office.load_sample().await.unwrap();
    assert!(replay(&r).await.matches);
    // One person each, so each difference is that person's.
    behind(&r, "UPDATE person SET unit = '伪造处' WHERE id = 1");
    behind(&r, "UPDATE level_change SET level = 'general' WHERE id = (SELECT min(id) FROM level_change WHERE person_id = 2)");
    behind(&r, "UPDATE lifecycle SET stage = 'released' WHERE person_id = (SELECT min(person_id) FROM lifecycle WHERE stage = 'on_duty' AND person_id > 2)");
    behind(&r, "UPDATE travel_document SET location = '3号柜' WHERE id = (SELECT max(id) FROM travel_document)");
    let report = replay(&r).await;
    let got = fields(&report);
    assert_eq!(got.len(), 4, "{got:#?}");
    assert!(got.contains(&("张伟(S2026001)".to_owned(), "unit".to_owned())), "{got:#?}");
    assert!(got.iter().any(|(_, f)| f == "level_history"), "{got:#?}");
    assert!(got.iter().any(|(_, f)| f == "stage"), "{got:#?}");
    assert!(got.iter().any(|(_, f)| f == "location"), "{got:#?}");
    let unit = report.differences.iter().find(|x| x.field_code == "unit").unwrap();
    assert_eq!((unit.table.as_str(), unit.field.as_str()), ("伪造处", "单位/部门"));
    let stage = report.differences.iter().find(|x| x.field_code == "stage").unwrap();
    assert_eq!((stage.table.as_str(), stage.trail.as_str(), stage.field.as_str()), ("已解除脱密", "在岗", "管理阶段"));
}

#[tokio::test]
async fn a_deleted_person_is_named_from_the_entry_that_added_them() {
    let r = register().await;
    r.office.add_person(&zhang_san()).await.unwrap();
    // Foreign keys are off in the sqlite3 shell: the rows go, as a careless edit would leave them.
    behind(&r, "DELETE FROM level_change; DELETE FROM person");
    let report = replay(&r).await;
    assert_eq!(report.differences.len(), 1, "{:#?}", report.differences);
    let gone = &report.differences[0];
    assert_eq!((gone.person.as_str(), gone.field_code.as_str()), ("张三(S0001)", "record"));
}

#[tokio::test]
async fn a_training_record_and_an_acknowledgement_added_without_an_entry_are_named() {
    let r = register().await;
    let p = r.office.add_person(&zhang_san()).await.unwrap();
    let session = TrainingSession { date: d(2026, 11, 20), topic: "保密法".into(), hours: 2, category: "security".into() };
    r.office.add_training(&session, &[p.id]).await.unwrap();
    assert!(replay(&r).await.matches);
    behind(
        &r,
        "INSERT INTO training_session (date, topic, hours, category, recorded_by) VALUES ('2026-11-21', '补录', 4, 'security', 'x')",
    );
    behind(&r, "INSERT INTO training_attendance (session_id, person_id) VALUES ((SELECT max(id) FROM training_session), 1)");
    behind(&r, "DROP TRIGGER reminder_ack_no_update");
    behind(&r, "INSERT INTO reminder_ack (key, due_date, kind, note, at, operator) VALUES ('person:1:onboarding:x', '2026-12-27', 'acknowledged', '', '2026-11-27T00:00:00Z', 'x')");
    let report = replay(&r).await;
    let got = fields(&report);
    assert_eq!(got.len(), 2, "{got:#?}");
    assert!(got.contains(&("张三(S0001)".to_owned(), "training".to_owned())), "{got:#?}");
    assert!(got.contains(&("张三(S0001)".to_owned(), "acknowledgement".to_owned())), "{got:#?}");
    assert!(report.differences.iter().all(|x| x.seq.is_none()), "no entry records them");
}

/// A few thousand people, each with a step and a level change, and one training session for all:
/// the replay reads the trail and the tables once each. The time is printed for
/// docs/performance.md (dev profile).
#[tokio::test]
async fn a_large_register_is_replayed_in_one_pass() {
    let r = register().await;
    let n: u32 = std::env::var("REPLAY_PEOPLE").ok().and_then(|v| v.parse().ok()).unwrap_or(600);
    let mut ids = Vec::new();
    for i in 0..n {
        let input = PersonInput { name: format!("测试{i}"), staff_no: format!("P{i:06}"), id_number: id_number(i), ..zhang_san() };
        let p = r.office.add_person(&input).await.unwrap();
        ids.push(p.id);
    }
    let session = TrainingSession { date: d(2026, 11, 20), topic: "保密法".into(), hours: 2, category: "security".into() };
    r.office.add_training(&session, &ids).await.unwrap();
    let started = Instant::now();
    let report = replay(&r).await;
    let elapsed = started.elapsed();
    assert!(report.matches, "{:#?}", &report.differences[..report.differences.len().min(5)]);
    eprintln!(
        "replay of {n} people, {} entries, {} records: {elapsed:?} ({} ms inside)",
        report.entries, report.records, report.elapsed_ms
    );
}
