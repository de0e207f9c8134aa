//! The people table's stage and next due item (kept on the person row in the same transaction as
//! every write, made current for a new day or policy before a list), sorted in SQL; the Training
//! screen's list of past sessions and its "everyone of this unit".

use std::collections::HashMap;

use chrono::NaiveDate;
use clearance_domain::deadline::DueState;
use clearance_domain::lifecycle::{Stage, TrainingSession, Transition};
use clearance_domain::person::{PersonId, PersonInput, PersonSummary};
use clearance_domain::register::{PeopleQuery, SortKey};
use clearance_tracker_lib::office::ReminderFilter;

use super::{li_si, register, who, zhang_san};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn everyone(sort: SortKey, descending: bool) -> PeopleQuery {
    PeopleQuery { sort, descending, limit: 500, ..Default::default() }
}

async fn row(office: &clearance_tracker_lib::office::Office, staff_no: &str) -> PersonSummary {
    let page = office.people(&PeopleQuery { search: staff_no.into(), include_archived: true, ..Default::default() }).await.unwrap();
    page.rows.into_iter().find(|r| r.staff_no == staff_no).unwrap()
}

#[tokio::test]
async fn the_next_due_item_is_the_one_the_dashboard_lists_first() {
    let r = register().await;
    r.office.load_sample().await.unwrap();
    let page = r.office.people(&everyone(SortKey::Name, false)).await.unwrap();
    assert_eq!(page.rows.len(), 60);
    let board = r.office.reminder_board(None, &ReminderFilter::default()).await.unwrap();
    let mut first: HashMap<PersonId, (NaiveDate, String)> = HashMap::new();
    for row in &board.rows {
        let e = first.entry(row.person_id).or_insert((row.due_date, row.what_zh.clone()));
        if row.due_date < e.0 {
            *e = (row.due_date, row.what_zh.clone());
        }
    }
    let mut compared = 0;
    for p in &page.rows {
        assert!(p.stage.is_some(), "{} has a stage", p.name);
        let shown = first.get(&p.id);
        match (&p.next_due, shown) {
            // Within its lead time, the item is on the dashboard, and nothing there is earlier.
            (Some(due), Some((date, what))) if due.state.is_some() => {
                assert_eq!((due.date, &due.what_zh), (*date, what), "{}", p.name);
                compared += 1;
            }
            (Some(due), Some((date, _))) => assert!(due.date <= *date, "{}: nothing on the dashboard is earlier", p.name),
            (Some(due), None) => assert_eq!(due.state, None, "{}: an item in its lead time is on the dashboard", p.name),
            (None, None) => {}
            (None, Some(_)) => panic!("{} is on the dashboard with nothing due in the table", p.name),
        }
    }
    assert!(compared > 10, "the sample has people with items within their lead time ({compared})");
    // Someone's overdue item shows as overdue, with its days.
    assert!(page.rows.iter().any(|p| p.next_due.as_ref().is_some_and(|d| d.state == Some(DueState::Overdue) && d.days_overdue > 0)));
}

#[tokio::test]
async fn the_table_sorts_by_next_due_and_by_stage_across_pages() {
    let r = register().await;
    r.office.load_sample().await.unwrap();
    let all = r.office.people(&everyone(SortKey::NextDue, false)).await.unwrap().rows;
    let dates: Vec<Option<NaiveDate>> = all.iter().map(|p| p.next_due.as_ref().map(|d| d.date)).collect();
    let mut sorted = dates.clone();
    // Nothing due sorts after every date.
    sorted.sort_by_key(|d| d.unwrap_or(NaiveDate::MAX));
    assert_eq!(dates, sorted);
    assert!(dates.iter().filter(|d| d.is_some()).count() > 30);

    // The second page of 10 continues the first, in the same order.
    let page = |offset| PeopleQuery { sort: SortKey::NextDue, offset, limit: 10, ..Default::default() };
    let second = r.office.people(&page(10)).await.unwrap();
    assert_eq!(second.total, 60);
    let ids: Vec<PersonId> = second.rows.iter().map(|p| p.id).collect();
    assert_eq!(ids, all[10..20].iter().map(|p| p.id).collect::<Vec<_>>());

    let reversed = r.office.people(&everyone(SortKey::NextDue, true)).await.unwrap().rows;
    assert_eq!(reversed.iter().rev().map(|p| p.id).collect::<Vec<_>>(), all.iter().map(|p| p.id).collect::<Vec<_>>());

    let by_stage = r.office.people(&everyone(SortKey::Stage, false)).await.unwrap().rows;
    let stages: Vec<Stage> = by_stage.iter().map(|p| p.stage.unwrap()).collect();
    let mut in_order = stages.clone();
    in_order.sort();
    assert_eq!(stages, in_order, "in lifecycle order, onboarding first");
    assert!(stages.contains(&Stage::Onboarding) && stages.contains(&Stage::OnDuty));
    // The stage filter reads the same column.
    let on_duty = r.office.people(&PeopleQuery { stage: Some(Stage::OnDuty), limit: 500, ..Default::default() }).await.unwrap();
    assert_eq!(on_duty.total as usize, stages.iter().filter(|s| **s == Stage::OnDuty).count());
}

#[tokio::test]
async fn every_write_keeps_the_persons_row_current_in_its_transaction() {
    let r = register().await;
    r.office.add_person(&zhang_san()).await.unwrap();
    // Registered 27 Nov 2026: the onboarding steps are due by the planned start, 27 Dec 2026.
    let p = row(&r.office, "S0001").await;
    assert_eq!(p.stage, Some(Stage::Onboarding));
    assert_eq!(p.on_duty_since, None);
    let due = p.next_due.unwrap();
    assert_eq!(due.date, day(2026, 12, 27));
    assert_eq!(due.state, Some(DueState::Upcoming));

    let id = who(&r.office, "S0001").await;
    let today = day(2026, 11, 27);
    for step in ["security_review", "initial_training", "commitment"] {
        r.office.record_step(id, step, today, "").await.unwrap();
    }
    r.office.advance(id, &Transition::StartDuty { date: today, override_reason: None }).await.unwrap();
    let p = row(&r.office, "S0001").await;
    assert_eq!(p.stage, Some(Stage::OnDuty));
    assert_eq!(p.on_duty_since, Some(today), "the start date replaces the planned one");
    let due = p.next_due.expect("on duty: a recurring item");
    assert!(due.date > today, "nothing left of the onboarding: the next item is a recurring one ({:?})", due);
    // The same item as the person page's earliest obligation.
    let view = r.office.lifecycle(id).await.unwrap();
    let earliest = view.obligations.iter().map(|o| o.due.date).min().unwrap();
    assert_eq!(due.date, earliest);

    r.office.archive(id, "调离").await.unwrap();
    let p = row(&r.office, "S0001").await;
    assert!(p.archived);
    assert_eq!(p.next_due, None, "an archived person is reminded of nothing");
    assert_eq!(p.stage, Some(Stage::OnDuty));
}

#[tokio::test]
async fn a_new_day_is_counted_before_the_table_is_shown() {
    let r = register().await;
    r.office.add_person(&zhang_san()).await.unwrap();
    // A month and a day later, without any write: the onboarding steps are a day overdue.
    let later = r.office.clone().with_today(Some(day(2026, 12, 28)));
    let due = row(&later, "S0001").await.next_due.unwrap();
    assert_eq!(due.state, Some(DueState::Overdue));
    assert_eq!(due.days_overdue, 1);
    // A register open read-only shows what was stored, with the day's states (the server's
    // register opened again: read-only is the file's way).
    let store = match &r.server {
        None => clearance_tracker_lib::store::open(clearance_tracker_lib::store::OpenOptions::new(&r.path).read_only(true)).await.unwrap(),
        Some(_) => r.open_again().await,
    };
    let ro = clearance_tracker_lib::office::Office::new(store, r.path.display().to_string())
        .with_today(Some(day(2026, 12, 27)))
        .with_account(crate::admin("王芳"));
    let due = row(&ro, "S0001").await.next_due.unwrap();
    assert_eq!(due.state, Some(DueState::Due));
}

#[tokio::test]
async fn the_training_screen_lists_past_sessions_newest_first_with_attendees_and_hours() {
    let r = register().await;
    r.office.add_person(&zhang_san()).await.unwrap();
    r.office.add_person(&li_si()).await.unwrap();
    let (a, b) = (who(&r.office, "S0001").await, who(&r.office, "S0002").await);
    let older = TrainingSession { date: day(2026, 10, 9), topic: "保密法".into(), hours: 3, category: "security".into() };
    let newer = TrainingSession { date: day(2026, 11, 20), topic: "涉密载体管理".into(), hours: 2, category: "security".into() };
    r.office.add_training(&older, &[a, b]).await.unwrap();
    r.office.add_training(&newer, &[b]).await.unwrap();

    let page = r.office.training_sessions(0, 20).await.unwrap();
    assert_eq!(page.total, 2);
    let topics: Vec<&str> = page.rows.iter().map(|s| s.topic.as_str()).collect();
    assert_eq!(topics, ["涉密载体管理", "保密法"], "newest first");
    assert_eq!(page.rows[1].hours, 3);
    let names: Vec<&str> = page.rows[1].attendees.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["李四", "张三"], "by pinyin");
    assert_eq!(page.rows[0].attendees.len(), 1);
    assert_eq!(page.rows[0].recorded_by, "王芳");

    let second = r.office.training_sessions(1, 1).await.unwrap();
    assert_eq!((second.total, second.rows.len()), (2, 1));
    assert_eq!(second.rows[0].topic, "保密法");
}

#[tokio::test]
async fn everyone_of_a_unit_is_chosen_but_not_the_archived() {
    let r = register().await;
    r.office.add_person(&zhang_san()).await.unwrap();
    r.office.add_person(&li_si()).await.unwrap();
    let other = PersonInput {
        name: "王五".into(),
        staff_no: "S0003".into(),
        id_number: "11010519491231002X".into(),
        unit: "综合处".into(),
        ..zhang_san()
    };
    r.office.add_person(&other).await.unwrap();
    let unit = |u: &str| PeopleQuery { unit: Some(u.into()), ..Default::default() };
    let chosen = r.office.people_pick(&unit("机要室")).await.unwrap();
    let mut staff: Vec<&str> = chosen.iter().map(|p| p.staff_no.as_str()).collect();
    staff.sort();
    assert_eq!(staff, ["S0001", "S0002"]);
    r.office.archive(who(&r.office, "S0002").await, "调离").await.unwrap();
    let chosen = r.office.people_pick(&PeopleQuery { include_archived: true, ..unit("机要室") }).await.unwrap();
    assert_eq!(chosen.iter().map(|p| p.staff_no.as_str()).collect::<Vec<_>>(), ["S0001"]);
    let core = r.office.people_pick(&PeopleQuery { level: Some("core".into()), ..Default::default() }).await.unwrap();
    assert_eq!(core.len(), 2, "张三 and 王五 are core");
}
