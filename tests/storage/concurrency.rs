//! Several clerks at once on one register (issue 16): 8 clerks, each an office on a pool of its
//! own, issue forms, add people and acknowledge reminders at the same time. Afterwards: form
//! numbers of the year run 1, 2, 3 … with no duplicate and no gap, the audit trail is one
//! unbroken chain, every write was either done or refused with a message, and nothing was lost
//! (the register's counts are the successes').
//!
//! On PostgreSQL (`CLEARANCE_TRACKER_TEST_PG`) it runs for `CLEARANCE_TRACKER_CONCURRENCY_SECS`
//! seconds (30 unless set); on SQLite (8 pools on one file) a shorter run (4 s unless set).
//! Every clerk is its own operator: on the server its own login role (`CREATE ROLE … LOGIN`,
//! member of `ct_clerk`, connecting with its password: the server says who it is), on SQLite its
//! own account.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use clearance_domain::form::FormKind;
use clearance_domain::person::{PersonId, PersonInput};
use clearance_domain::Lang;
use clearance_tracker_lib::office::Office;
use clearance_tracker_lib::store::{self, FormsQuery, ServerOptions};

use super::backend::on_server;
use super::{admin, audit_count, register, Register};

const CLERKS: usize = 8;

fn run_for() -> Duration {
    let default = if on_server() { 30 } else { 4 };
    let secs = std::env::var("CLEARANCE_TRACKER_CONCURRENCY_SECS").ok().and_then(|s| s.trim().parse().ok()).unwrap_or(default);
    Duration::from_secs(secs)
}

/// A valid resident ID number, different for every `k`: born `k` days after 1 Jan 1950.
fn id_number(k: u32) -> String {
    let born = NaiveDate::from_ymd_opt(1950, 1, 1).unwrap() + chrono::Days::new(u64::from(k % 20_000));
    let first17 = format!("110105{}{:03}", born.format("%Y%m%d"), 100 + k / 20_000);
    let check = clearance_domain::id_card::check_char(&first17).unwrap();
    format!("{first17}{check}")
}

fn person(clerk: usize, n: u32) -> PersonInput {
    let k = n * CLERKS as u32 + clerk as u32;
    PersonInput {
        name: format!("办事员{clerk}录入{n}"),
        staff_no: format!("C{clerk}-{n:05}"),
        id_number: id_number(k),
        unit: format!("单位{clerk}"),
        post: "干事".into(),
        level: "general".into(),
        ..Default::default()
    }
}

/// What one clerk did: successes by kind, and the refusals' messages.
#[derive(Default, Debug)]
struct Tally {
    forms: u64,
    people: u64,
    acks: u64,
    refused: BTreeMap<String, u64>,
}

/// Clerk `me`'s office on a pool of its own: on the server connected as a login role of its own.
async fn clerk_office(r: &Register, me: usize) -> Office {
    match &r.server {
        Some(db) => {
            let role = format!("ct_conc_{}_{me}", std::process::id());
            let password = format!("Baomi-2026-{me}");
            db.psql(&format!("CREATE ROLE {role} LOGIN PASSWORD '{password}'; GRANT ct_clerk TO {role}")).unwrap();
            let options = ServerOptions::from_url(&db.url_as(&role, &password)).unwrap();
            // A clerk works as of the real day (only an administrator may fix another "today").
            let office = Office::new(store::open_server(options).await.unwrap(), format!("clerk {me}"));
            let who = office.server_operator().await.unwrap();
            assert_eq!(who.name, role, "the server says who the clerk is");
            office.with_account(Some(who))
        }
        None => Office::new(r.open_again().await, format!("clerk {me}")).with_account(admin(&format!("办事员{me}"))),
    }
}

async fn clerk(office: Office, me: usize, until: Instant) -> Tally {
    let mut t = Tally::default();
    // The clerk's own person, added before the start: forms are issued about them.
    let mine = office.resolve_person(&format!("C{me}-{:05}", 0)).await.unwrap();
    let mut added: Vec<PersonId> = vec![mine];
    let mut n = 1u32;
    let mut round = 0u64;
    while Instant::now() < until {
        let outcome = match round % 3 {
            0 => office.issue_form(FormKind::Commitment, mine, None, None).await.map(|_| t.forms += 1),
            1 => office.add_person(&person(me, n)).await.map(|p| {
                n += 1;
                added.push(p.id);
                t.people += 1;
            }),
            _ => {
                // One of the onboarding reminders of someone this clerk added (each has three).
                let id = added[(round as usize / 3) % added.len()];
                let step = ["security_review", "initial_training", "commitment"][(round as usize / 3) % 3];
                office.acknowledge_reminder(&format!("person:{}:onboarding:{step}", id.get()), "已电话提醒").await.map(|_| t.acks += 1)
            }
        };
        if let Err(e) = outcome {
            let api = e.to_api(Lang::En);
            assert!(!api.message.trim().is_empty() && api.message != api.code, "a refusal without a message: {api:?}");
            *t.refused.entry(format!("{}: {}", api.code, api.message)).or_default() += 1;
        }
        round += 1;
    }
    t
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn eight_clerks_at_once_lose_nothing_and_keep_one_chain_and_gap_free_form_numbers() {
    let r = register().await;
    for me in 0..CLERKS {
        r.office.add_person(&person(me, 0)).await.unwrap();
    }
    let people_before = r.office.store().person_count().await.unwrap();
    let entries_before = audit_count(&r).await;

    let until = Instant::now() + run_for();
    let mut tasks = Vec::new();
    for me in 0..CLERKS {
        let office = clerk_office(&r, me).await;
        tasks.push(tokio::spawn(clerk(office, me, until)));
    }
    let mut total = Tally::default();
    for task in tasks {
        let t = task.await.expect("a clerk panicked");
        total.forms += t.forms;
        total.people += t.people;
        total.acks += t.acks;
        for (k, v) in t.refused {
            *total.refused.entry(k).or_default() += v;
        }
    }
    eprintln!("8 clerks, {:?}: {total:?}", run_for());
    assert!(total.forms > 0 && total.people > 0 && total.acks > 0, "every kind of write got through: {total:?}");
    // A refusal is the register's "another clerk is writing: try again", nothing else.
    for refusal in total.refused.keys() {
        assert!(refusal.starts_with("store.busy") || refusal.starts_with("server.busy"), "an unexpected refusal: {refusal}");
    }

    // Form numbers of the year: 1 … N, no duplicate, no gap, N the forms issued.
    let page = r.office.store().issued_forms(&FormsQuery { limit: 100_000, ..Default::default() }).await.unwrap();
    let mut numbers: Vec<(i32, u32)> = page.rows.iter().map(|f| (f.number.year(), f.number.seq())).collect();
    numbers.sort_unstable();
    let years: std::collections::BTreeSet<i32> = numbers.iter().map(|n| n.0).collect();
    for year in years {
        let seqs: Vec<u32> = numbers.iter().filter(|n| n.0 == year).map(|n| n.1).collect();
        let expected: Vec<u32> = (1..=seqs.len() as u32).collect();
        assert_eq!(seqs, expected, "the form numbers of {year} run 1 … N with no gap and no duplicate");
    }
    assert_eq!(numbers.len() as u64, total.forms, "every form issued is in the register, and only those");

    // People: the successes, no more, no fewer.
    assert_eq!(r.office.store().person_count().await.unwrap(), people_before + total.people as i64);
    // One audit entry per write done.
    assert_eq!(audit_count(&r).await - entries_before, (total.forms + total.people + total.acks) as i64);
    // One unbroken chain.
    let verified = r.office.verify_audit().await.unwrap();
    assert_eq!(verified.first_broken, None, "{verified:?}");
    assert_eq!(verified.entries, audit_count(&r).await);
}
