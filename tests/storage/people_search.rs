//! The people table's search and pager on registers larger than a page (issue 15): the total is
//! exact up to the threshold and "N+" past it, and a search finds exactly the people whose name,
//! pinyin, initials, staff number or ID number start with what was typed, in name order.

use chrono::NaiveDate;
use clearance_domain::id_card::check_char;
use clearance_domain::level::default_levels;
use clearance_domain::person::{IdFormat, PersonId, PersonInput, PersonRules};
use clearance_domain::register::{PeopleQuery, SortKey};
use clearance_domain::search::{fold, SearchKeys};

use crate::register;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

/// Adds people by (name, staff number) in one transaction, as an import does; each has a valid
/// resident ID number of their own, and their unit is one of three by turn.
async fn fill(r: &crate::Register, people: &[(String, String)]) -> Vec<PersonId> {
    let levels = default_levels();
    let rules = PersonRules { levels: &levels, id_format: IdFormat::PrcResidentId, default_start_days: 30 };
    let mut tx = r.office.store().begin().await.unwrap();
    let mut ids = Vec::new();
    for (i, (name, staff_no)) in people.iter().enumerate() {
        let body = format!("{:06}19{:02}0{}1{}{:03}", 110101 + i / 1000, 60 + i % 40, 1 + i % 9, i % 3, i % 1000);
        let input = PersonInput {
            name: name.clone(),
            staff_no: staff_no.clone(),
            id_number: format!("{body}{}", check_char(&body).unwrap()),
            unit: ["机要室", "档案室", "保卫处"][i % 3].into(),
            level: "general".into(),
            start_date: Some(today()),
            ..Default::default()
        };
        let valid = input.validate(&rules, today(), today()).unwrap();
        ids.push(tx.insert_person(&valid, today()).await.unwrap());
    }
    tx.commit().await.unwrap();
    ids
}

const SURNAMES: &[&str] = &["张", "王", "李", "赵", "周", "徐", "谢", "欧阳", "单", "曾"];
const GIVEN: &[&str] = &["三", "伟", "芳", "喆", "堃", "思", "雨", "明月", "杰", "秀英", "X"];

#[tokio::test]
async fn the_total_is_exact_up_to_the_threshold_and_said_to_be_more_past_it() {
    let r = register().await;
    let people: Vec<(String, String)> =
        (0..1_100).map(|i| (format!("{}{}", SURNAMES[i % SURNAMES.len()], GIVEN[i % 7]), format!("S{i:05}"))).collect();
    fill(&r, &people).await;
    let page = |q: PeopleQuery| {
        let office = r.office.clone();
        async move { office.people(&q).await.unwrap() }
    };
    let threshold = PeopleQuery::EXACT_TOTAL_UP_TO;
    assert_eq!(threshold, 1_000);

    let all = page(PeopleQuery::default()).await;
    assert_eq!((all.rows.len(), all.total, all.total_exact), (50, threshold, false), "1–50 of 1,000+");
    let json = serde_json::to_value(&all).unwrap();
    assert_eq!((json["total"].as_u64(), json["total_exact"].as_bool()), (Some(1_000), Some(false)), "what people list --json says");

    // A page past the threshold counts to its own end: still "more" while more follow it.
    let deep = page(PeopleQuery { offset: 1_000, ..Default::default() }).await;
    assert_eq!((deep.rows.len(), deep.total, deep.total_exact), (50, 1_050, false));
    let last = page(PeopleQuery { offset: 1_050, ..Default::default() }).await;
    assert_eq!((last.rows.len(), last.total, last.total_exact), (50, 1_100, true), "the last page knows the end");
    let beyond = page(PeopleQuery { offset: 1_080, ..Default::default() }).await;
    assert_eq!((beyond.rows.len(), beyond.total, beyond.total_exact), (20, 1_100, true));

    // Below the threshold every count is exact: a unit, a search, a search of one page or less.
    let unit = page(PeopleQuery { unit: Some("机要室".into()), ..Default::default() }).await;
    assert_eq!((unit.rows.len(), unit.total, unit.total_exact), (50, 367, true));
    let staff = page(PeopleQuery { search: "s001".into(), ..Default::default() }).await;
    assert_eq!((staff.total, staff.total_exact), (100, true));
    let few = page(PeopleQuery { search: "s0100".into(), ..Default::default() }).await;
    assert_eq!((few.rows.len(), few.total, few.total_exact), (10, 10, true));
    let none = page(PeopleQuery { search: "nobody".into(), ..Default::default() }).await;
    assert_eq!((none.rows.len(), none.total, none.total_exact), (0, 0, true));
    // A broad search: "z" is 张, 赵, 周 and 曾 (440 people), under the threshold.
    let z = page(PeopleQuery { search: "z".into(), ..Default::default() }).await;
    assert_eq!((z.total, z.total_exact), (440, true));

    // A search past the threshold: "1,000+" whichever way the store counts it.
    let broad = page(PeopleQuery { search: "s0".into(), ..Default::default() }).await;
    assert_eq!((broad.rows.len(), broad.total, broad.total_exact), (50, threshold, false));
    let filtered = page(PeopleQuery { search: "s0".into(), level: Some("general".into()), ..Default::default() }).await;
    assert_eq!((filtered.total, filtered.total_exact), (threshold, false));
    let by_unit = page(PeopleQuery { search: "s0".into(), sort: SortKey::Unit, ..Default::default() }).await;
    assert_eq!((by_unit.total, by_unit.total_exact), (threshold, false));

    // Archived people leave the count (and come back with "include archived").
    let archived = page(PeopleQuery { search: "S0000".into(), ..Default::default() }).await;
    let mut tx = r.office.store().begin().await.unwrap();
    for p in &archived.rows[..4] {
        tx.set_archived(p.id, Some((today(), "调离"))).await.unwrap();
    }
    tx.commit().await.unwrap();
    let after = page(PeopleQuery { search: "S0000".into(), ..Default::default() }).await;
    assert_eq!((archived.total, after.total), (10, 6));
    let with = page(PeopleQuery { search: "S0000".into(), include_archived: true, ..Default::default() }).await;
    assert_eq!(with.total, 10);
}

/// Everyone matching `typed` by the rules of the search (prefixes of the folded name, the full
/// pinyin, the initials, the staff number, the ID number or the ID number's end), in name order.
fn expected(everyone: &[(PersonId, String, String, String, bool)], typed: &str, descending: bool, archived: bool) -> Vec<PersonId> {
    let q = fold(typed);
    if q.is_empty() {
        let mut all: Vec<_> = everyone.iter().filter(|p| archived || !p.4).collect();
        all.sort_by(|a, b| (SearchKeys::for_name(&a.1).full, a.0).cmp(&(SearchKeys::for_name(&b.1).full, b.0)));
        if descending {
            all.reverse();
        }
        return all.into_iter().map(|p| p.0).collect();
    }
    let upper = clearance_domain::fullwidth::to_ascii(&q).to_uppercase();
    let reversed: String = upper.chars().rev().collect();
    let mut found: Vec<(String, PersonId)> = everyone
        .iter()
        .filter(|p| archived || !p.4)
        .filter(|(_, name, staff, id_number, _)| {
            let keys = SearchKeys::for_name(name);
            let id_reversed: String = id_number.chars().rev().collect();
            keys.folded.starts_with(&q)
                || keys.full.starts_with(&q)
                || keys.initials.starts_with(&q)
                || staff.starts_with(&upper)
                || id_number.starts_with(&upper)
                || id_reversed.starts_with(&reversed)
        })
        .map(|p| (SearchKeys::for_name(&p.1).full, p.0))
        .collect();
    found.sort();
    if descending {
        found.reverse();
    }
    found.into_iter().map(|(_, id)| id).collect()
}

#[tokio::test]
async fn a_search_finds_whom_it_found_before_in_name_order_page_by_page() {
    let r = register().await;
    let mut people: Vec<(String, String)> = (0..260)
        .map(|i| (format!("{}{}", SURNAMES[i % SURNAMES.len()], GIVEN[(i / 3) % GIVEN.len()]), format!("S{:04}", 7 * i + 3)))
        .collect();
    people.extend(
        [("张喆", "1"), ("王堃", "1024"), ("Mary-Ann O'Neil", "10"), ("阿依古丽·买买提", "102"), ("zhang wei", "A7")]
            .map(|(n, s)| (n.to_owned(), s.to_owned())),
    );
    let ids = fill(&r, &people).await;
    // Some archived: left out unless asked for.
    let mut tx = r.office.store().begin().await.unwrap();
    for id in ids.iter().step_by(9) {
        tx.set_archived(*id, Some((today(), "调离"))).await.unwrap();
    }
    tx.commit().await.unwrap();
    let everyone: Vec<(PersonId, String, String, String, bool)> = r
        .office
        .store()
        .people_matching(&PeopleQuery { include_archived: true, ..Default::default() }, today())
        .await
        .unwrap()
        .into_iter()
        .map(|p| (p.id, p.name, p.staff_no, p.id_number, p.archived.is_some()))
        .collect();
    assert_eq!(everyone.len(), 265);

    let queries = [
        "z",
        "zs",
        "zx",
        "zhang",
        "zhangw",
        "Zhang Wei",
        "张",
        "张喆",
        "喆",
        "堃",
        "wk",
        "x",
        "oy",
        "ouyang",
        "shan",
        "zeng",
        "1",
        "10",
        "1024",
        "１０２４",
        "Ｓ00",
        "s00",
        "s0",
        "mary",
        "mao",
        "aygl",
        "1101",
        "x011",
        "*",
        "[",
        "nobody",
        "",
    ];
    for typed in queries {
        for descending in [false, true] {
            for include_archived in [false, true] {
                let want = expected(&everyone, typed, descending, include_archived);
                let mut got = Vec::new();
                let mut offset = 0;
                loop {
                    let q = PeopleQuery {
                        search: typed.into(),
                        sort: SortKey::Name,
                        descending,
                        include_archived,
                        offset,
                        limit: 20,
                        ..Default::default()
                    };
                    let page = r.office.people(&q).await.unwrap();
                    assert!(page.total_exact, "{typed}: under the threshold");
                    assert_eq!(page.total as usize, want.len(), "{typed} (descending {descending}, archived {include_archived})");
                    got.extend(page.rows.iter().map(|p| p.id));
                    if page.rows.len() < 20 {
                        break;
                    }
                    offset += 20;
                }
                assert_eq!(got, want, "{typed} (descending {descending}, archived {include_archived})");
                // The same search with a filter (another way through the store) finds the same.
                let filtered = r
                    .office
                    .people(&PeopleQuery {
                        search: typed.into(),
                        level: Some("general".into()),
                        descending,
                        include_archived,
                        limit: 500,
                        ..Default::default()
                    })
                    .await
                    .unwrap();
                assert_eq!(filtered.rows.iter().map(|p| p.id).collect::<Vec<_>>(), want, "{typed} with a level filter");
            }
        }
    }
    // What each rare or numeric search finds, by name (王堃 is among the archived).
    let names = |typed: &str| {
        let office = r.office.clone();
        let typed = typed.to_owned();
        async move {
            office
                .people(&PeopleQuery { search: typed, include_archived: true, ..Default::default() })
                .await
                .unwrap()
                .rows
                .into_iter()
                .map(|p| p.name)
                .collect::<Vec<_>>()
        }
    };
    assert!(names("喆").await.is_empty(), "no name starts with 喆");
    assert!(names("张喆").await.iter().all(|n| n == "张喆"));
    assert!(names("王堃").await.iter().all(|n| n == "王堃"));
    assert_eq!(names("1024").await, ["王堃"]);
    assert_eq!(names("１０２４").await, ["王堃"], "full-width digits find the staff number");
    let one = r.office.people(&PeopleQuery { search: "1".into(), include_archived: true, ..Default::default() }).await.unwrap();
    assert_eq!((one.total, one.total_exact), (265, true), "“1”: staff number 1 and every ID number (110…)");
}
