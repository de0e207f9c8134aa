//! The reminders' projection (issue 15) against the full recomputation: after 1,000 random
//! operations through the office's API on a generated register, with "today" moving forward over
//! about six months and a change of policy on the way, `check_projection` finds nothing on any of
//! several days; and a stored row edited behind the office's back IS found.
//!
//! The operations are drawn from a seeded generator: a failure prints its seed, and
//! `PROJECTION_SEED=<seed> cargo test --test storage projection` plays the same run again.

use chrono::{Days, NaiveDate};
use clearance_domain::form::FormKind;
use clearance_domain::lifecycle::{DepartureKind, ReturnedItem, Stage, TrainingSession, Transition};
use clearance_domain::person::{PersonId, PersonInput};
use clearance_domain::register::PeopleQuery;
use clearance_domain::travel::document::{DocumentId, DocumentInput, DocumentKind};
use clearance_domain::travel::trip::{ApprovalLevel, TripDecisionInput, TripExtensionInput};
use clearance_domain::travel::{TripId, TripInput, TripKind};
use clearance_tracker_lib::office::{DocumentAction, Movement, Office, ProjectionCheck, ReminderFilter, TripAction};

use super::board::edit_behind_the_office;
use super::{register, sqlite_only};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// xorshift64*: small, seeded, the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() {
            None
        } else {
            Some(&items[self.below(items.len())])
        }
    }
}

/// A valid 18-digit resident ID number (its check character computed).
fn id_number(serial: u32) -> String {
    let body = format!("110101198{}0617{:03}", serial % 10, serial % 1000);
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body.chars().zip(weights).map(|(c, w)| c.to_digit(10).unwrap() * w).sum();
    let check = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'][(sum % 11) as usize];
    format!("{body}{check}")
}

/// Names with what a register meets: rare characters (CJK extension B), a middle dot, Latin.
const NAMES: &[&str] = &["𠮷田", "龘", "欧阳·娜娜", "王𪚥", "Zoë Li", "买买提·艾力", "石磊", "钟"];
const UNITS: &[&str] = &["机要室", "档案室", "技术部", "办公室"];

fn plus(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n)).unwrap()
}

fn minus(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_sub_days(Days::new(n)).unwrap()
}

fn decision(date: NaiveDate) -> TripDecisionInput {
    TripDecisionInput {
        by: "李处长".into(),
        date,
        level: ApprovalLevel::Standard,
        personnel_opinion: "同意".into(),
        secrecy_office_opinion: "同意".into(),
        reason: String::new(),
    }
}

/// Someone departing, when there is anyone (departures and their checklist apply to them only).
async fn departing(office: &Office, rng: &mut Rng) -> Option<PersonId> {
    let query = PeopleQuery { stage: Some(Stage::Departing), limit: 1000, ..Default::default() };
    let people: Vec<PersonId> = office.people(&query).await.unwrap().rows.iter().map(|p| p.id).collect();
    rng.pick(&people).copied()
}

async fn check(office: &Office, as_of: NaiveDate, seed: u64, after: usize) -> ProjectionCheck {
    let c = office.check_projection(Some(as_of)).await.unwrap();
    assert!(
        c.is_equal(),
        "seed {seed}, after {after} operations, on {as_of}: the projection differs from the full recomputation:\n{}",
        c.differences.join("\n")
    );
    c
}

/// Everything the projection claims on the days around `today`: today (after it is made
/// current), days back and ahead, and the year's end when it is near.
async fn check_around(office: &Office, seed: u64, after: usize) -> u64 {
    office.ensure_people_view().await.unwrap();
    let today = office.today();
    let mut compared = check(office, today, seed, after).await.people_compared;
    for as_of in [minus(today, 9), plus(today, 1), plus(today, 17), day(2026, 12, 31), day(2027, 1, 1)] {
        compared += check(office, as_of, seed, after).await.people_compared;
    }
    compared
}

#[tokio::test]
async fn the_projection_equals_the_full_recomputation_after_random_operations() {
    let seed = std::env::var("PROJECTION_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x5EED_2026_1130_u64);
    eprintln!("projection: seed {seed} (PROJECTION_SEED={seed} to replay)");
    let mut rng = Rng(seed | 1);
    let r = register().await;
    let mut today = day(2026, 9, 1);
    let at = |d: NaiveDate| r.office.clone().with_today(Some(d));
    let office = at(today);
    office.load_sample().await.unwrap();
    let mut compared = check_around(&office, seed, 0).await;

    let mut serial = 100u32;
    let mut trips: Vec<TripId> = Vec::new();
    let mut documents: Vec<(DocumentId, PersonId)> = Vec::new();
    let mut forms = Vec::new();
    let mut policy_changed = false;
    let (mut tried, mut written) = ([0u32; 22], [0u32; 22]);
    const OPERATIONS: usize = 1_000;
    for n in 1..=OPERATIONS {
        // About six months in all (1 Sep 2026 to about the end of February 2027, across the
        // year's end): a day or two every eighth operation or so.
        if rng.chance(12) {
            today = plus(today, 1 + rng.below(2) as u64);
        }
        let office = at(today);
        let people: Vec<PersonId> = office
            .people(&PeopleQuery { include_archived: true, limit: 1000, ..Default::default() })
            .await
            .unwrap()
            .rows
            .iter()
            .map(|p| p.id)
            .collect();
        let Some(&person) = rng.pick(&people) else { continue };
        let policy = office.policy().await.unwrap();
        // The levels of the policy in force (the US policy's differ from the PRC one's).
        let levels: Vec<String> = office.levels().iter().map(|l| l.id.as_str().to_owned()).collect();
        let back = |rng: &mut Rng, days: usize| minus(today, rng.below(days) as u64);
        let kind = rng.below(22);
        let outcome = match kind {
            0 | 1 => {
                serial += 1;
                let name = format!("{}{}", NAMES[rng.below(NAMES.len())], serial);
                let input = PersonInput {
                    name,
                    staff_no: format!("R{serial:05}"),
                    id_number: id_number(serial),
                    unit: UNITS[rng.below(UNITS.len())].into(),
                    post: "干事".into(),
                    level: levels[rng.below(levels.len())].clone(),
                    start_date: rng.chance(50).then(|| plus(back(&mut rng, 60), rng.below(90) as u64)),
                    ..Default::default()
                };
                office.add_person(&input).await.map(|_| ())
            }
            2..=5 => {
                let stage = [Stage::Onboarding, Stage::OnDuty, Stage::Departing, Stage::Decommissioning][rng.below(4)];
                let steps: Vec<String> = policy.steps(stage).iter().map(|s| s.id.clone()).collect();
                let Some(step) = rng.pick(&steps) else { continue };
                office.record_step(person, step, back(&mut rng, 30), "").await.map(|_| ())
            }
            6 => {
                let reason = rng.chance(60).then(|| "急需上岗".to_owned());
                office.advance(person, &Transition::StartDuty { date: back(&mut rng, 5), override_reason: reason }).await.map(|_| ())
            }
            7 => {
                let kind = if rng.chance(50) { DepartureKind::LeavePost } else { DepartureKind::LeaveOrganisation };
                office.advance(person, &Transition::Depart { kind, date: plus(today, rng.below(20) as u64) }).await.map(|_| ())
            }
            8 => {
                let person = departing(&office, &mut rng).await.unwrap_or(person);
                let t = if rng.chance(80) {
                    // The departure steps done first (a checklist step also needs the items back).
                    let steps: Vec<String> = policy.steps(Stage::Departing).iter().map(|s| s.id.clone()).collect();
                    for step in steps {
                        let _ = office.record_step(person, &step, today, "").await;
                    }
                    Transition::StartDecommissioning { period: None, receiving_organisation: None }
                } else {
                    Transition::Release { date: today }
                };
                office.advance(person, &t).await.map(|_| ())
            }
            9 => {
                let person = departing(&office, &mut rng).await.unwrap_or(person);
                let item = ReturnedItem {
                    item: "涉密笔记本".into(),
                    classification: "秘密".into(),
                    number: format!("BJ-{serial}"),
                    received_by: if rng.chance(50) { "王芳".into() } else { String::new() },
                    returned_on: rng.chance(60).then(|| back(&mut rng, 10)),
                };
                office.set_returned_items(person, &[item]).await.map(|_| ())
            }
            10 => {
                let level = levels[rng.below(levels.len())].clone();
                office.set_level(person, &level, back(&mut rng, 40), "岗位调整").await.map(|_| ())
            }
            11 => {
                if rng.chance(70) {
                    office.archive(person, "调离").await.map(|_| ())
                } else {
                    office.unarchive(person).await.map(|_| ())
                }
            }
            12 => {
                serial += 1;
                let input = DocumentInput {
                    kind: if rng.chance(50) { DocumentKind::Passport } else { DocumentKind::HkMacaoPermit },
                    number: format!("E{serial:08}"),
                    issued: Some(day(2024, 1, 5)),
                    expires: Some(plus(today, 20 + rng.below(900) as u64)),
                    notes: String::new(),
                };
                let hand_in = rng.chance(60).then_some(("保险柜1号", "本人"));
                office.add_document(person, &input, back(&mut rng, 10), hand_in).await.map(|d| documents.push((d.id, person)))
            }
            13 => {
                let departure = plus(today, 1 + rng.below(40) as u64);
                let input = TripInput {
                    destinations: vec![["jp", "fr", "de", "sg"][rng.below(4)].into()],
                    purpose: "探亲".into(),
                    kind: Some(TripKind::Private),
                    planned_departure: Some(departure),
                    planned_return: Some(plus(departure, 1 + rng.below(20) as u64)),
                    document: documents.iter().find(|(_, p)| *p == person).filter(|_| rng.chance(70)).map(|(d, _)| *d),
                    notes: String::new(),
                };
                office.request_trip(person, &input, today).await.map(|v| trips.push(v.trip.id))
            }
            14..=16 => {
                let Some(&trip) = rng.pick(&trips) else { continue };
                let action = match rng.below(9) {
                    0 | 1 => TripAction::Approve { decision: decision(today) },
                    2 => TripAction::Brief { date: today, note: String::new() },
                    3 => TripAction::Depart { date: back(&mut rng, 3) },
                    4 => TripAction::Return { date: back(&mut rng, 3) },
                    5 => TripAction::Report { date: today, summary: "无异常".into() },
                    6 => TripAction::Extend {
                        extension: TripExtensionInput {
                            date: today,
                            new_return: plus(today, 1 + rng.below(15) as u64),
                            reason: "航班取消".into(),
                            approver: "李处长".into(),
                        },
                    },
                    7 => TripAction::Close { date: today },
                    _ => TripAction::Withdraw { date: today, reason: "行程取消".into() },
                };
                office.act_on_trip(trip, &action).await.map(|_| ())
            }
            17 => {
                let Some(&(doc, _)) = rng.pick(&documents) else { continue };
                let movement = Movement { date: back(&mut rng, 3), counterpart: "本人".into() };
                if rng.chance(40) {
                    let Some(&trip) = rng.pick(&trips) else { continue };
                    office.check_out_document(doc, trip, &movement).await.map(|_| ())
                } else {
                    let action = match rng.below(4) {
                        0 => DocumentAction::HandIn { location: "保险柜2号".into() },
                        1 => DocumentAction::Return { location: String::new() },
                        2 => DocumentAction::GiveBack { reason: "调离".into() },
                        _ => DocumentAction::Refused { note: "拒交".into() },
                    };
                    office.move_document(doc, &action, &movement).await.map(|_| ())
                }
            }
            18 => {
                let board = office.reminder_board(Some(today), &ReminderFilter::default()).await.unwrap();
                let Some(row) = rng.pick(&board.rows) else { continue };
                match rng.below(3) {
                    0 => office.acknowledge_reminder(&row.id, "已提醒").await.map(|_| ()),
                    1 => office.snooze_reminder(&row.id, plus(today, 1 + rng.below(20) as u64)).await.map(|_| ()),
                    _ => office.cancel_reminder_ack(&row.id).await.map(|_| ()),
                }
            }
            19 => {
                let attendees: Vec<PersonId> = (0..1 + rng.below(6)).filter_map(|_| rng.pick(&people).copied()).collect();
                let session = TrainingSession {
                    date: back(&mut rng, 10),
                    topic: "保密形势".into(),
                    hours: 1 + rng.below(6) as u32,
                    category: "security".into(),
                };
                office.add_training(&session, &attendees).await.map(|_| ())
            }
            20 => {
                // Rarely: a form's PDF takes a while in a debug build.
                if rng.chance(30) {
                    office
                        .issue_form(FormKind::Commitment, person, None, None)
                        .await
                        .map(|f| forms.extend(f.forms.into_iter().map(|f| f.number)))
                } else {
                    continue;
                }
            }
            _ => {
                let Some(&number) = rng.pick(&forms) else { continue };
                office.form_received(number, back(&mut rng, 5), None).await.map(|_| ())
            }
        };
        if let (8, Err(e)) = (kind, &outcome) {
            if std::env::var("PROJECTION_DEBUG").is_ok() {
                eprintln!("{kind}: {}", e.to_api(clearance_domain::Lang::En).message);
            }
        }
        tried[kind] += 1;
        if outcome.is_ok() {
            written[kind] += 1;
        }
        // Once, half way: another policy (every person's obligations change: a full rebuild).
        if n == OPERATIONS / 2 && !policy_changed {
            office.select_policy("us-nispom").await.unwrap();
            policy_changed = true;
        }
        if n % 100 == 0 {
            compared += check_around(&at(today), seed, n).await;
        }
    }
    eprintln!("projection: to {today}; operations tried by kind {tried:?}, written {written:?}; people compared {compared}");
    // Every kind of operation wrote something at least once (form 20 is drawn rarely).
    for (kind, n) in written.iter().enumerate() {
        assert!(*n > 0 || kind == 20, "seed {seed}: no operation of kind {kind} was accepted (tried {})", tried[kind]);
    }
    assert!(today >= day(2027, 1, 1), "seed {seed}: today ran only to {today}; the run should cross the year's end");
    assert!(compared > 1_000, "seed {seed}: the checks compared only {compared} people's rows");
}

#[tokio::test]
async fn a_projection_row_edited_behind_the_office_is_found() {
    let r = register().await;
    r.office.load_sample().await.unwrap();
    r.office.ensure_people_view().await.unwrap();
    let clean = r.office.check_projection(None).await.unwrap();
    assert!(clean.is_equal(), "{:?}", clean.differences);
    assert!(clean.people_compared > 0 && clean.rows_compared > 0);

    // One due date moved, one row removed, one row added for someone archived: three findings.
    edit_behind_the_office(
        &r,
        &[
            "UPDATE reminder_projection SET due_date = '2030-01-01' WHERE key = (SELECT key FROM reminder_projection ORDER BY key LIMIT 1)",
            "DELETE FROM reminder_projection WHERE key = (SELECT key FROM reminder_projection \
             WHERE person_id <> (SELECT person_id FROM reminder_projection ORDER BY key LIMIT 1) ORDER BY key LIMIT 1)",
        ],
    )
    .await;

    let found = r.office.check_projection(None).await.unwrap();
    assert!(!found.is_equal());
    assert_eq!(found.differences.len(), 2, "{:?}", found.differences);
    let lang_text = found.differences.join("\n");
    assert!(lang_text.contains("2030-01-01"), "the stored due date is named: {lang_text}");

    // A rebuild puts it right.
    let rebuilt = r.office.rebuild_projection(|_, _| {}).await.unwrap();
    assert!(rebuilt.built && rebuilt.people > 0 && rebuilt.rows > 0);
    assert!(r.office.check_projection(None).await.unwrap().is_equal());
}

#[tokio::test]
async fn an_import_of_many_people_marks_the_projection_unbuilt_and_the_next_reader_rebuilds_it() {
    let r = register().await;
    r.office.load_sample().await.unwrap();
    r.office.ensure_people_view().await.unwrap();
    assert!(r.office.check_projection(None).await.unwrap().is_equal());

    // 520 people: more than are recomputed one by one inside the import's transaction.
    let mut csv = String::from("姓名,工号,身份证号,部门,密级\n");
    for serial in 1000..1520u32 {
        csv.push_str(&format!("导入{serial},I{serial},{},技术部,general\n", id_number(serial)));
    }
    let file = r.path.with_file_name("roster.csv");
    std::fs::write(&file, csv).unwrap();
    let report = r.office.import_roster(&file, &Default::default()).await.unwrap();
    assert_eq!(report.added, 520, "{:?}", report.faults);

    let stale = r.office.check_projection(None).await.unwrap();
    assert!(!stale.built && !stale.is_equal(), "the import marked it unbuilt");
    r.office.ensure_people_view().await.unwrap();
    let fresh = r.office.check_projection(None).await.unwrap();
    assert!(fresh.is_equal(), "{:?}", fresh.differences);
    assert!(fresh.people_compared >= 520);
}

#[tokio::test]
async fn a_restore_marks_the_projection_unbuilt_and_the_restored_records_are_projected() {
    if sqlite_only("a restore of a backup file") {
        return;
    }
    let r = register().await;
    r.office.load_sample().await.unwrap();
    r.office.ensure_people_view().await.unwrap();
    let out = tempfile::tempdir().unwrap();
    let backup = r.office.backup(Some(out.path().to_str().unwrap())).await.unwrap();
    // Afterwards: someone archived (their rows leave the projection), then the backup restored.
    let people = r.office.people(&PeopleQuery::default()).await.unwrap();
    r.office.archive(people.rows[0].id, "调离").await.unwrap();
    r.office.restore(&backup.path).await.unwrap();

    assert!(!r.office.check_projection(None).await.unwrap().built, "the restore marked it unbuilt");
    r.office.ensure_people_view().await.unwrap();
    let check = r.office.check_projection(None).await.unwrap();
    assert!(check.is_equal(), "{:?}", check.differences);
    assert_eq!(check.people_compared as usize, people.total as usize, "the archived person is supervised again");
}
