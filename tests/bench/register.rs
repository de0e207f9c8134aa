//! Benchmark: search-as-you-type and the first page of the people table on a register of
//! 200,000 people. Run with `cargo bench --bench register` (release build); `-- --people N` to
//! change the size. Prints p50/p95/max per kind of query; the figures are kept in
//! docs/performance.md. Not a timed test: nothing here fails on a slow machine.
//! `--server postgres://…` (or `CLEARANCE_TRACKER_BENCH_PG`): the register then also moved to a
//! fresh database on that PostgreSQL server and the same screens measured there (tests/bench/server.rs).

use std::time::{Duration, Instant};

use clearance_domain::register::{PeopleQuery, SortKey};
use clearance_tracker_lib::store::db::Backend;
use clearance_tracker_lib::store::{self, OpenOptions, Store};

#[path = "common.rs"]
mod common;
use common::{fill, GIVEN, SURNAMES, UNITS};
#[path = "server.rs"]
mod server;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// Prints the figures of `queries` on `store`; returns the median and the p95 in ms.
async fn measure(store: &Store, label: &str, queries: &[PeopleQuery]) -> (f64, f64) {
    let verbose = std::env::args().any(|a| a == "--verbose");
    let mut times = Vec::new();
    let mut slowest: Vec<(Duration, String)> = Vec::new();
    for round in 0..3 {
        for q in queries {
            let start = Instant::now();
            let page = match before().filter(|_| store.backend() == Backend::Sqlite) {
                Some(pool) => before_people(pool, q).await,
                None => store.people(q).await.unwrap(),
            };
            let took = start.elapsed();
            if round > 0 {
                times.push(took);
                if verbose {
                    let total = format!("{}{}", page.total, if page.total_exact { "" } else { "+" });
                    slowest.push((
                        took,
                        format!(
                            "{:?}/{:?}/{:?} {:?}{} → {} rows of {total}",
                            q.search,
                            q.level,
                            q.unit,
                            q.sort,
                            if q.descending { " desc" } else { "" },
                            page.rows.len()
                        ),
                    ));
                }
            }
            std::hint::black_box(page);
        }
    }
    if verbose {
        slowest.sort_by_key(|s| std::cmp::Reverse(s.0));
        for (took, what) in slowest.iter().take(4) {
            println!("    {:>7.2} ms  {what}", took.as_secs_f64() * 1e3);
        }
    }
    times.sort();
    println!(
        "{label:<34} n={:<4} p50={:>7.2} ms  p95={:>7.2} ms  max={:>7.2} ms",
        times.len(),
        percentile(&times, 0.5).as_secs_f64() * 1e3,
        percentile(&times, 0.95).as_secs_f64() * 1e3,
        times.last().unwrap().as_secs_f64() * 1e3
    );
    (percentile(&times, 0.5).as_secs_f64() * 1e3, percentile(&times, 0.95).as_secs_f64() * 1e3)
}

/// `--before`: the queries as they were before issue 15 (the search as a UNION of the prefix
/// lookups inside `id IN (…)`, every match counted, the start-date and level + unit indexes as
/// they were, SQLite's default 2 MB cache), run on the same register for a before/after
/// comparison. (The search's own indexes keep their extra columns: the old query uses them as it
/// used the narrower ones.)
static BEFORE: std::sync::OnceLock<sqlx::SqlitePool> = std::sync::OnceLock::new();

fn before() -> Option<&'static sqlx::SqlitePool> {
    BEFORE.get()
}

async fn before_people(pool: &sqlx::SqlitePool, query: &PeopleQuery) -> clearance_domain::register::PeoplePage {
    use sqlx::{QueryBuilder, Sqlite};
    fn filters(qb: &mut QueryBuilder<Sqlite>, query: &PeopleQuery) {
        qb.push(" WHERE 1 = 1");
        if !query.include_archived {
            qb.push(" AND archived_on IS NULL");
        }
        if let Some(level) = query.level.as_deref() {
            qb.push(" AND level = ").push_bind(level.to_owned());
        }
        if let Some(unit) = query.unit.as_deref() {
            qb.push(" AND unit = ").push_bind(unit.to_owned());
        }
        let folded = clearance_domain::search::fold(&query.search);
        if !folded.is_empty() {
            let lower = format!("{folded}*");
            let upper = format!("{}*", folded.to_uppercase());
            let reversed = format!("{}*", folded.to_uppercase().chars().rev().collect::<String>());
            qb.push(" AND id IN (SELECT id FROM person WHERE name_folded GLOB ").push_bind(lower.clone());
            qb.push(" UNION SELECT id FROM person WHERE name_pinyin GLOB ").push_bind(lower.clone());
            qb.push(" UNION SELECT id FROM person WHERE name_initials GLOB ").push_bind(lower);
            qb.push(" UNION SELECT id FROM person WHERE staff_no GLOB ").push_bind(upper.clone());
            qb.push(" UNION SELECT id FROM person WHERE id_number GLOB ").push_bind(upper);
            qb.push(" UNION SELECT id FROM person WHERE id_reversed GLOB ").push_bind(reversed);
            qb.push(")");
        }
    }
    let order = match query.sort {
        SortKey::Name => "name_pinyin",
        SortKey::StaffNo => "staff_no",
        SortKey::Unit => "unit",
        SortKey::Level => "level",
        SortKey::StartDate => "start_date",
        SortKey::Stage => "stage_rank",
        SortKey::NextDue => "coalesce(due_date, '9999-12-31')",
    };
    let dir = if query.descending { "DESC" } else { "ASC" };
    let mut count = QueryBuilder::<Sqlite>::new("SELECT count(*) FROM person");
    filters(&mut count, query);
    let total: i64 = count.build_query_scalar().fetch_one(pool).await.unwrap();
    let mut qb = QueryBuilder::<Sqlite>::new(
        "SELECT id, name, staff_no, id_number, sex, birth_date, unit, post, level, start_date, phone, notes, registered_on, \
         archived_on, archive_reason, stage_rank, on_duty_since, due_date, due_lead, due_kind, due_zh, due_en FROM person",
    );
    filters(&mut qb, query);
    qb.push(format!(" ORDER BY {order} {dir}, name_pinyin {dir}, id {dir} LIMIT "));
    qb.push_bind(i64::from(query.clamped_limit())).push(" OFFSET ").push_bind(i64::from(query.offset));
    let rows: Vec<sqlx::sqlite::SqliteRow> = qb.build().fetch_all(pool).await.unwrap();
    std::hint::black_box(&rows);
    clearance_domain::register::PeoplePage { rows: Vec::new(), total: total as u32, total_exact: true }
}

fn search(text: String) -> PeopleQuery {
    PeopleQuery { search: text, ..Default::default() }
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let people = args.iter().position(|a| a == "--people").and_then(|i| args.get(i + 1)).and_then(|n| n.parse().ok()).unwrap_or(200_000);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.db");
    let store = store::open(OpenOptions::new(&path)).await.unwrap();
    let start = Instant::now();
    fill(&store, people).await;
    println!("filled {people} people in {:.1} s", start.elapsed().as_secs_f64());
    // `--encrypted`: the same register encrypted in place (SQLCipher), to compare with the plain one.
    let key = args.iter().any(|a| a == "--encrypted").then(|| store::Key::passphrase("bench passphrase 2026".into()));
    if let Some(key) = &key {
        let start = Instant::now();
        store.encrypt_in_place(key).await.unwrap();
        println!("encrypted in place in {:.1} s", start.elapsed().as_secs_f64());
    }
    reopen(&path, key.clone()).await;
    if args.iter().any(|a| a == "--before") && key.is_none() {
        let pool = sqlx::sqlite::SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(sqlx::sqlite::SqliteConnectOptions::new().filename(&path))
            .await
            .unwrap();
        sqlx::raw_sql(
            "DROP INDEX person_start_date; CREATE INDEX person_start_date ON person (start_date); \
             DROP INDEX person_level_unit; CREATE INDEX person_level_unit ON person (level, unit, name_pinyin); \
             PRAGMA optimize=0x10002;",
        )
        .execute(&pool)
        .await
        .unwrap();
        let _ = BEFORE.set(pool);
        println!("--before: the queries, count and index as they were before issue 15");
    }

    let surnames: Vec<char> = SURNAMES.chars().collect();
    let given: Vec<char> = GIVEN.chars().collect();
    // What a clerk types, keystroke by keystroke.
    let name_prefixes: Vec<_> = (0..40)
        .map(|i| {
            search(format!(
                "{}{}",
                surnames[i * 3 % surnames.len()],
                if i % 2 == 0 { String::new() } else { given[i % given.len()].to_string() }
            ))
        })
        .collect();
    let initials: Vec<_> =
        ["z", "zs", "zw", "lj", "wf", "cj", "ly", "hm", "zyx", "lh", "wjg", "x"].iter().map(|s| search(s.to_string())).collect();
    let pinyin: Vec<_> =
        ["zhang", "zhangwei", "li", "liuyang", "chen", "wangf", "huang", "zhao"].iter().map(|s| search(s.to_string())).collect();
    let staff: Vec<_> = (0..40).map(|i| search(format!("S{:0width$}", (i * 4999) % 200_000, width = 3 + i % 5))).collect();
    let first_pages: Vec<_> = [SortKey::Name, SortKey::StaffNo, SortKey::Unit, SortKey::Level, SortKey::StartDate]
        .iter()
        .flat_map(|&sort| [false, true].map(move |descending| PeopleQuery { sort, descending, ..Default::default() }))
        .collect();
    let filtered: Vec<_> = ["core", "important", "general"]
        .iter()
        .flat_map(|l| {
            UNITS.iter().take(4).map(move |u| PeopleQuery { level: Some(l.to_string()), unit: Some(u.to_string()), ..Default::default() })
        })
        .collect();

    let screens: [(&str, &[PeopleQuery]); 6] = [
        ("search: name prefix (张, 王芳)", name_prefixes.as_slice()),
        ("search: pinyin initials (zs)", initials.as_slice()),
        ("search: full pinyin (zhangwei)", pinyin.as_slice()),
        ("search: staff number prefix", staff.as_slice()),
        ("first page of the table, each sort", first_pages.as_slice()),
        ("first page, level + unit filter", filtered.as_slice()),
    ];
    let mut on_file = Vec::new();
    for (label, queries) in screens {
        on_file.push(measure(&store, label, queries).await);
    }
    // `--keep FILE`: a copy of the generated register, to look at query plans with sqlite3.
    if let Some(keep) = args.iter().position(|a| a == "--keep").and_then(|i| args.get(i + 1)) {
        let mut conn =
            <sqlx::SqliteConnection as sqlx::Connection>::connect_with(&sqlx::sqlite::SqliteConnectOptions::new().filename(&path))
                .await
                .unwrap();
        sqlx::query("VACUUM INTO ?").bind(keep).execute(&mut conn).await.unwrap();
        println!("kept a copy in {keep}");
    }
    on_file.extend(people_view(&store, &dir.path().join("bench.db")).await);

    // `--server URL` (or CLEARANCE_TRACKER_BENCH_PG): the same register moved to the office
    // server (issue 16), the same screens measured there, both side by side.
    if let Some(url) = server::server_url(&args) {
        let (on_server, db) = server::copy_to_server(&store, &url, "register").await;
        println!("-- the same screens on the office server (PostgreSQL)");
        let mut figures = Vec::new();
        for (label, queries) in screens {
            figures.push(measure(&on_server, label, queries).await);
        }
        figures.extend(people_view(&on_server, std::path::Path::new("office server")).await);
        let labels = screens.iter().map(|s| s.0).chain(["page sorted by stage / next due", "office: pinyin initials (window)"]);
        let rows: Vec<_> = labels.zip(on_file.iter().zip(&figures)).map(|(l, (f, s))| (l.to_owned(), *f, *s)).collect();
        server::side_by_side(&rows);
        on_server.close().await;
        drop(db);
    }
    person_page(&store, &dir.path().join("bench.db"), people).await;

    if !args.iter().any(|a| a == "--no-backup") {
        backup_and_restore(&store, &dir.path().join("bench.db"), people).await;
    }
}

/// The person page as the window opens it: the person with their history in words
/// (`person_get`), the lifecycle panel (`lifecycle_get`), the travel panel (`person_travel`) and
/// the photograph (`person_photo_get`), one after the other (the window asks for them together;
/// the sum is the upper bound). Twenty people spread over the register are first given a history
/// through the office: an edit, a step recorded, a level change, a passport handed in.
async fn person_page(store: &Store, path: &std::path::Path, people: usize) {
    use clearance_domain::person::PersonInput;
    use clearance_domain::travel::{DocumentInput, DocumentKind};
    let office = clearance_tracker_lib::office::Office::new(store.clone(), path.display().to_string())
        .with_account(Some(clearance_tracker_lib::office::SignedIn::admin("基准测试")));
    let today = office.today();
    let mut ids = Vec::new();
    for i in 0..20 {
        let staff_no = format!("S{:07}", 1 + i * (people / 20));
        let id = office.resolve_person(&staff_no).await.unwrap();
        let p = office.person(id).await.unwrap();
        let input = PersonInput {
            name: p.name.clone(),
            staff_no: p.staff_no.clone(),
            id_number: String::new(),
            sex: p.sex,
            birth_date: p.birth_date,
            unit: p.unit.clone(),
            post: "保密员".into(),
            level: p.level.0.clone(),
            start_date: Some(p.start_date),
            phone: p.phone.clone(),
            notes: p.notes.clone(),
        };
        office.update_person(id, &input).await.unwrap();
        office.record_step(id, "security_review", today, "").await.unwrap();
        let level = if p.level.as_str() == "core" { "important" } else { "core" };
        office.set_level(id, level, today, "岗位调整").await.unwrap();
        let passport = DocumentInput {
            kind: DocumentKind::Passport,
            number: format!("E{:08}", 10_000_000 + i),
            issued: Some(today - chrono::Days::new(400)),
            expires: Some(today + chrono::Days::new(3000)),
            notes: String::new(),
        };
        office.add_document(id, &passport, today, Some(("保险柜1-3号格", &p.name))).await.unwrap();
        ids.push(id);
    }
    let mut times = Vec::new();
    let mut parts = [Duration::ZERO; 4];
    for round in 0..3 {
        for &id in &ids {
            let start = Instant::now();
            let detail = office.person_detail(id).await.unwrap();
            let t1 = start.elapsed();
            let lifecycle = office.lifecycle(id).await.unwrap();
            let t2 = start.elapsed();
            let travel = office.person_travel(id).await.unwrap();
            let t3 = start.elapsed();
            let photo = office.person_photo(id).await.unwrap();
            let took = start.elapsed();
            if round > 0 {
                for (part, d) in parts.iter_mut().zip([t1, t2 - t1, t3 - t2, took - t3]) {
                    *part += d;
                }
            }
            assert!(detail.history.len() >= 4 && !travel.documents.is_empty());
            std::hint::black_box((detail, lifecycle, travel, photo));
            if round > 0 {
                times.push(took);
            }
        }
    }
    times.sort();
    println!(
        "{:<34} n={:<4} p50={:>7.2} ms  p95={:>7.2} ms  max={:>7.2} ms",
        "person page (detail+lifecycle+travel)",
        times.len(),
        percentile(&times, 0.5).as_secs_f64() * 1e3,
        percentile(&times, 0.95).as_secs_f64() * 1e3,
        times.last().unwrap().as_secs_f64() * 1e3
    );
    let n = times.len() as f64;
    println!(
        "    mean per part: detail + history {:.2} ms, lifecycle {:.2} ms, travel {:.2} ms, photo {:.2} ms",
        parts[0].as_secs_f64() * 1e3 / n,
        parts[1].as_secs_f64() * 1e3 / n,
        parts[2].as_secs_f64() * 1e3 / n,
        parts[3].as_secs_f64() * 1e3 / n
    );
}

/// The register opened again (by another store, as the app does at start) to its first page of
/// people: for an encrypted register this includes deriving its key from the passphrase.
async fn reopen(path: &std::path::Path, key: Option<store::Key>) {
    for _ in 0..3 {
        let start = Instant::now();
        let other = store::open(OpenOptions::new(path).key(key.clone())).await.unwrap();
        std::hint::black_box(other.people(&PeopleQuery::default()).await.unwrap());
        println!(
            "opened{} to the first page of people in {:.0} ms",
            if key.is_some() { " (encrypted, key derived)" } else { "" },
            start.elapsed().as_secs_f64() * 1e3
        );
        other.close().await;
    }
}

/// The People table's stage and next due item (issue 13): the first list of a day makes one
/// pass over the register (here the first ever: every row written), then pages sorted by stage
/// or by next due are index walks.
/// Returns the figures (median, p95 in ms) of the stage / next due pages and of the office's
/// initials.
async fn people_view(store: &Store, path: &std::path::Path) -> [(f64, f64); 2] {
    let office = clearance_tracker_lib::office::Office::new(store.clone(), path.display().to_string())
        .with_account(Some(clearance_tracker_lib::office::SignedIn::admin("基准测试")));
    let start = Instant::now();
    office.ensure_people_view().await.unwrap();
    println!("people view: first pass over the register in {:.2} s", start.elapsed().as_secs_f64());
    for _ in 0..3 {
        let start = Instant::now();
        office.ensure_people_view().await.unwrap();
        println!("people view: already current, checked in {:.2} ms", start.elapsed().as_secs_f64() * 1e3);
    }
    // The next day: the whole register derived again, only the rows that changed written.
    let tomorrow = office.today().succ_opt().unwrap();
    let next_day = office.clone().with_today(Some(tomorrow));
    let start = Instant::now();
    next_day.ensure_people_view().await.unwrap();
    println!("people view: the next day's pass in {:.2} s", start.elapsed().as_secs_f64());
    let pages: Vec<_> = [SortKey::Stage, SortKey::NextDue]
        .iter()
        .flat_map(|&sort| {
            [0u32, 50, 5_000]
                .into_iter()
                .flat_map(move |offset| [false, true].map(move |descending| PeopleQuery { sort, descending, offset, ..Default::default() }))
        })
        .collect();
    let sorted = measure(store, "page sorted by stage / next due", &pages).await;

    // What the window asks: `Office::people` (the access check and the projection's currency
    // check before the store's page), the pinyin-initials keystrokes again.
    let mut times = Vec::new();
    for round in 0..3 {
        for typed in ["z", "zs", "zw", "lj", "wf", "cj", "ly", "hm", "zyx", "lh", "wjg", "x"] {
            let start = Instant::now();
            std::hint::black_box(office.people(&search(typed.to_owned())).await.unwrap());
            if round > 0 {
                times.push(start.elapsed());
            }
        }
    }
    times.sort();
    println!(
        "{:<34} n={:<4} p50={:>7.2} ms  p95={:>7.2} ms  max={:>7.2} ms",
        "office: pinyin initials (window)",
        times.len(),
        percentile(&times, 0.5).as_secs_f64() * 1e3,
        percentile(&times, 0.95).as_secs_f64() * 1e3,
        times.last().unwrap().as_secs_f64() * 1e3
    );
    [sorted, (percentile(&times, 0.5).as_secs_f64() * 1e3, percentile(&times, 0.95).as_secs_f64() * 1e3)]
}

/// The whole register backed up (copy, full integrity check, audit chain, SHA-256 of the file)
/// and restored from that backup (checks again, keeps the register aside, replaces it, records
/// the restore). A register's trail holds at least an entry per person: they are added first.
async fn backup_and_restore(store: &Store, path: &std::path::Path, people: usize) {
    use clearance_domain::audit::Change;
    use clearance_domain::terms::{AuditAction, AuditEntity};
    let start = Instant::now();
    let mut tx = store.begin().await.unwrap();
    let at = chrono::Utc::now();
    for i in 1..=people {
        let change = Change {
            action: AuditAction::PersonAdd,
            entity: AuditEntity::Person,
            entity_id: i.to_string(),
            person_id: None,
            old: None,
            new: Some(serde_json::json!({ "staff_no": format!("S{i:07}") })),
        };
        tx.audit(&change, "基准测试", at).await.unwrap();
    }
    tx.commit().await.unwrap();
    println!("audit trail of {people} entries in {:.1} s", start.elapsed().as_secs_f64());

    let office = clearance_tracker_lib::office::Office::new(store.clone(), path.display().to_string())
        .with_account(Some(clearance_tracker_lib::office::SignedIn::admin("基准测试")));
    let out = tempfile::tempdir().unwrap();
    let start = Instant::now();
    let report = office.backup(Some(out.path().to_str().unwrap())).await.unwrap();
    println!(
        "backup: {:.2} s ({:.0} MB, {} people, {} audit entries verified)",
        start.elapsed().as_secs_f64(),
        report.bytes as f64 / 1e6,
        report.people,
        report.audit_entries
    );
    let start = Instant::now();
    let restored = office.restore(&report.path).await.unwrap();
    println!("restore: {:.2} s ({} people)", start.elapsed().as_secs_f64(), restored.people);
}
