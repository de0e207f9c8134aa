//! Benchmark: search-as-you-type and the first page of the people table on a register of
//! 200,000 people. Run with `cargo bench --bench register` (release build); `-- --people N` to
//! change the size. Prints p50/p95/max per kind of query; the figures are kept in
//! docs/performance.md. Not a timed test: nothing here fails on a slow machine.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use clearance_domain::id_card::check_char;
use clearance_domain::level::default_levels;
use clearance_domain::person::{IdFormat, PersonInput, PersonRules};
use clearance_domain::register::{PeopleQuery, SortKey};
use clearance_tracker_lib::store::{self, OpenOptions, Store};

const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const GIVEN: &str = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建国红文斌宇浩凯健俊帆帅旭宁龙林欣晨阳博雪琳婷倩雯颖佳怡思梦雨嘉瑶涵轩睿泽豪然";
const UNITS: &[&str] = &["科研一部", "科研二部", "科研三部", "机要室", "档案室", "信息中心", "办公室", "保卫处", "财务处", "人事处"];

struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

async fn fill(store: &Store, people: usize) {
    let surnames: Vec<char> = SURNAMES.chars().collect();
    let given: Vec<char> = GIVEN.chars().collect();
    let levels = default_levels();
    let rules = PersonRules { levels: &levels, id_format: IdFormat::PrcResidentId, default_start_days: 30 };
    let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let mut rng = Lcg(42);
    let mut tx = store.begin().await.unwrap();
    for i in 0..people {
        let mut name = String::new();
        name.push(surnames[rng.next(surnames.len())]);
        for _ in 0..1 + rng.next(2) {
            name.push(given[rng.next(given.len())]);
        }
        let birth = NaiveDate::from_ymd_opt(1960 + rng.next(45) as i32, 1 + rng.next(12) as u32, 1 + rng.next(28) as u32).unwrap();
        // Area code and sequence spread so the 200,000 numbers are unique.
        let body = format!("{:06}{}{:03}", 110000 + (i / 1000) * 7, birth.format("%Y%m%d"), i % 1000);
        let input = PersonInput {
            name,
            staff_no: format!("S{:07}", i + 1),
            id_number: format!("{body}{}", check_char(&body).unwrap()),
            unit: UNITS[rng.next(UNITS.len())].into(),
            level: ["core", "important", "general", "general", "general"][rng.next(5)].into(),
            start_date: Some(today),
            ..Default::default()
        };
        let valid = input.validate(&rules, today, today).unwrap();
        tx.insert_person(&valid, today).await.unwrap();
    }
    tx.commit().await.unwrap();
    store.optimize().await.unwrap();
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

async fn measure(store: &Store, label: &str, queries: &[PeopleQuery]) {
    let mut times = Vec::new();
    for round in 0..3 {
        for q in queries {
            let start = Instant::now();
            let page = store.people(q).await.unwrap();
            let took = start.elapsed();
            std::hint::black_box(page);
            if round > 0 {
                times.push(took);
            }
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
}

fn search(text: String) -> PeopleQuery {
    PeopleQuery { search: text, ..Default::default() }
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let people = args.iter().position(|a| a == "--people").and_then(|i| args.get(i + 1)).and_then(|n| n.parse().ok()).unwrap_or(200_000);
    let dir = tempfile::tempdir().unwrap();
    let store = store::open(OpenOptions::new(dir.path().join("bench.db"))).await.unwrap();
    let start = Instant::now();
    fill(&store, people).await;
    println!("filled {people} people in {:.1} s", start.elapsed().as_secs_f64());

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

    measure(&store, "search: name prefix (张, 王芳)", &name_prefixes).await;
    measure(&store, "search: pinyin initials (zs)", &initials).await;
    measure(&store, "search: full pinyin (zhangwei)", &pinyin).await;
    measure(&store, "search: staff number prefix", &staff).await;
    measure(&store, "first page of the table, each sort", &first_pages).await;
    measure(&store, "first page, level + unit filter", &filtered).await;
}
