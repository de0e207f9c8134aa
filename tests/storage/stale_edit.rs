//! Several clerks on one register (issue 16): an edit made from a page loaded before another
//! clerk's change is refused, with who changed the record and when, and nothing is written; the
//! first clerk's change is kept. Two offices on one register, each its own pool (on SQLite two
//! windows on one file; on PostgreSQL two clerks on the server).

use chrono::NaiveDate;
use clearance_domain::person::PersonInput;
use clearance_domain::travel::trip::{ApprovalLevel, TripDecisionInput};
use clearance_domain::travel::{TripInput, TripKind, TripState};
use clearance_domain::Lang;
use clearance_tracker_lib::office::{Office, TripAction};

use super::{admin, audit_count, register, who, zhang_san, Register};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A second clerk, 李娜, on the same register through a pool of her own.
async fn li_na(r: &Register) -> Office {
    Office::new(r.open_again().await, "the same register").with_today(Some(day(2026, 11, 27))).with_account(admin("李娜"))
}

/// The edit dialog's input: the ID number left empty (the window shows it masked).
fn edited(change: impl FnOnce(&mut PersonInput)) -> PersonInput {
    let mut input = PersonInput { id_number: String::new(), ..zhang_san() };
    change(&mut input);
    input
}

#[tokio::test]
async fn an_edit_from_a_stale_page_is_refused_with_who_and_when_and_the_first_edit_is_kept() {
    let r = register().await;
    r.office.add_person(&zhang_san()).await.unwrap();
    let id = who(&r.office, "S0001").await;
    let second = li_na(&r).await;

    // Both open the person's page.
    let mine = r.office.person_detail(id).await.unwrap();
    let hers = second.person_detail(id).await.unwrap();
    assert_eq!(mine.version, hers.version);

    // 李娜 saves first.
    second.update_person_at(id, &edited(|p| p.unit = "保密办".into()), Some(hers.version)).await.unwrap();

    // 王芳 saves from the page she loaded before: refused, nothing written.
    let entries = audit_count(&r).await;
    let e = r.office.update_person_at(id, &edited(|p| p.post = "主任".into()), Some(mine.version)).await.unwrap_err();
    assert_eq!(e.code(), "record.stale");
    let en = e.to_api(Lang::En).message;
    let zh = e.to_api(Lang::ZhCn).message;
    assert!(en.starts_with("Changed by 李娜 at ") && en.contains("reload"), "{en}");
    assert!(zh.starts_with("李娜 已于 ") && zh.contains("重新载入"), "{zh}");
    // The time is the clerk's local time today (HH:MM).
    let at = en.trim_start_matches("Changed by 李娜 at ").split(' ').next().unwrap();
    assert!(at.len() == 5 && at.as_bytes()[2] == b':', "{en}");
    assert_eq!(audit_count(&r).await, entries, "a refused edit has no audit entry");
    let now = r.office.person(id).await.unwrap();
    assert_eq!((now.unit.as_str(), now.post.as_str()), ("保密办", "机要员"), "李娜's edit kept, 王芳's not written");

    // Reloaded, the edit goes through (and moves the version on).
    let reloaded = r.office.person_detail(id).await.unwrap();
    assert_eq!(reloaded.version, mine.version + 1);
    assert_eq!(reloaded.person.unit, "保密办");
    r.office.update_person_at(id, &edited(|p| p.post = "主任".into()), Some(reloaded.version)).await.unwrap();
    assert_eq!(r.office.person_detail(id).await.unwrap().version, reloaded.version + 1);

    // The CLI's edit (no version: it reads and writes in one go) is never refused as stale, and
    // still makes pages loaded before it stale.
    second.update_person(id, &edited(|p| p.notes = "来自命令行".into())).await.unwrap();
    let e = r.office.update_person_at(id, &edited(|p| p.phone = "010-65123456".into()), Some(reloaded.version + 1)).await.unwrap_err();
    assert_eq!(e.code(), "record.stale");
}

#[tokio::test]
async fn archiving_or_regrading_makes_an_open_edit_stale() {
    let r = register().await;
    r.office.add_person(&zhang_san()).await.unwrap();
    let id = who(&r.office, "S0001").await;
    let second = li_na(&r).await;

    let page = r.office.person_detail(id).await.unwrap();
    second.set_level(id, "important", day(2026, 11, 27), "岗位调整").await.unwrap();
    let e = r.office.update_person_at(id, &edited(|p| p.post = "主任".into()), Some(page.version)).await.unwrap_err();
    assert_eq!(e.code(), "record.stale");
    assert!(e.to_api(Lang::En).message.starts_with("Changed by 李娜 at "));

    let page = r.office.person_detail(id).await.unwrap();
    second.archive(id, "调离").await.unwrap();
    let e = r.office.update_person_at(id, &edited(|p| p.post = "主任".into()), Some(page.version)).await.unwrap_err();
    assert_eq!(e.code(), "record.stale", "the stale page is told first, before 'archived'");
}

#[tokio::test]
async fn a_trip_step_from_a_stale_page_is_refused_and_the_other_clerks_step_kept() {
    let r = register().await;
    r.office.add_person(&PersonInput { level: "general".into(), ..zhang_san() }).await.unwrap();
    let zhang = who(&r.office, "S0001").await;
    let trip = TripInput {
        destinations: vec!["jp".into()],
        purpose: "探亲".into(),
        kind: Some(TripKind::Private),
        planned_departure: Some(day(2026, 12, 20)),
        planned_return: Some(day(2026, 12, 24)),
        document: None,
        notes: String::new(),
    };
    let id = r.office.request_trip(zhang, &trip, day(2026, 11, 25)).await.unwrap().trip.id;
    let second = li_na(&r).await;

    let mine = r.office.trip_view(id).await.unwrap();
    let hers = second.trip_view(id).await.unwrap();
    let approve = TripAction::Approve {
        decision: TripDecisionInput {
            by: "李处长".into(),
            date: day(2026, 11, 27),
            level: ApprovalLevel::Standard,
            personnel_opinion: "同意".into(),
            secrecy_office_opinion: "同意".into(),
            reason: String::new(),
        },
    };
    second.act_on_trip_at(id, &approve, Some(hers.version)).await.unwrap();

    let entries = audit_count(&r).await;
    let withdraw = TripAction::Withdraw { date: day(2026, 11, 27), reason: "行程取消".into() };
    let e = r.office.act_on_trip_at(id, &withdraw, Some(mine.version)).await.unwrap_err();
    assert_eq!(e.code(), "record.stale");
    assert!(e.to_api(Lang::En).message.starts_with("Changed by 李娜 at "), "{}", e.to_api(Lang::En).message);
    assert_eq!(audit_count(&r).await, entries);
    let now = r.office.trip_view(id).await.unwrap();
    assert_eq!(now.state, TripState::Approved, "李娜's approval kept");
    assert_eq!(now.version, mine.version + 1);
}

/// What the window's refresh (src-tauri/register_watch.rs) is told: on the server a notification
/// of every committed write, with its last audit entry's number (never of a rolled-back one); on
/// a file the audit trail's head moving on.
#[tokio::test]
async fn another_clerks_write_is_announced_to_the_windows_watching() {
    let r = register().await;
    let second = li_na(&r).await;
    let head = r.office.store().audit_head_seq().await.unwrap();
    let listener = r.office.store().listen_for_changes().await.unwrap();
    assert_eq!(listener.is_some(), r.server.is_some(), "a listener on the server only");

    second.add_person(&zhang_san()).await.unwrap();
    let after = r.office.store().audit_head_seq().await.unwrap();
    assert!(after > head, "the head moves on: {head} -> {after}");

    if let Some(mut listener) = listener {
        let note = tokio::time::timeout(std::time::Duration::from_secs(10), listener.recv()).await.expect("notified").unwrap();
        assert_eq!(note.payload(), after.to_string());
        // A refused write (a duplicate staff number) notifies nothing.
        second.add_person(&zhang_san()).await.unwrap_err();
        let none = tokio::time::timeout(std::time::Duration::from_millis(500), listener.recv()).await;
        assert!(none.is_err(), "no notification of a write that did not land");
    }
}
