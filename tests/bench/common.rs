//! What the benchmarks share: a register of N people with Chinese names, generated
//! deterministically (the same people on every run).

use chrono::NaiveDate;
use clearance_domain::id_card::check_char;
use clearance_domain::level::default_levels;
use clearance_domain::person::{IdFormat, PersonInput, PersonRules};
use clearance_tracker_lib::store::Store;

pub const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
pub const GIVEN: &str = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建国红文斌宇浩凯健俊帆帅旭宁龙林欣晨阳博雪琳婷倩雯颖佳怡思梦雨嘉瑶涵轩睿泽豪然";
pub const UNITS: &[&str] = &["科研一部", "科研二部", "科研三部", "机要室", "档案室", "信息中心", "办公室", "保卫处", "财务处", "人事处"];

pub struct Lcg(pub u64);
impl Lcg {
    pub fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

/// Inserts `people` people, all starting on 27 Nov 2026, in one transaction.
pub async fn fill(store: &Store, people: usize) {
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
