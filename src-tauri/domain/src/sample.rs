//! A realistic sample register so a newcomer sees the app working: sixty people of a research
//! institute, Chinese names, every level, several units. Deterministic, so screenshots and tests
//! are repeatable.

use chrono::{Datelike, Days, NaiveDate};

use crate::id_card::check_char;
use crate::person::PersonInput;

const NAMES: &[&str] = &[
    "张伟",
    "王芳",
    "李娜",
    "刘洋",
    "陈静",
    "杨帆",
    "赵磊",
    "黄敏",
    "周杰",
    "吴婷",
    "徐磊",
    "孙丽",
    "马骏",
    "朱琳",
    "胡斌",
    "郭欣",
    "何涛",
    "高雪",
    "林峰",
    "罗佳",
    "郑浩",
    "梁爽",
    "谢晨",
    "宋雨",
    "唐亮",
    "韩梅",
    "冯刚",
    "于洁",
    "董明",
    "萧然",
    "程远",
    "曹颖",
    "袁野",
    "邓超",
    "许诺",
    "傅强",
    "沈冰",
    "曾凡",
    "彭博",
    "吕薇",
    "苏航",
    "卢鹏",
    "蒋欣",
    "蔡琴",
    "贾宁",
    "丁一",
    "魏巍",
    "薛岚",
    "叶舟",
    "阎明",
    "余晖",
    "潘越",
    "杜鹃",
    "戴维",
    "夏雨",
    "钟声",
    "汪洋",
    "田甜",
    "任重",
    "欧阳明月",
];

const UNITS: &[(&str, &[&str])] = &[
    ("科研一部", &["研究员", "副研究员", "助理研究员", "工程师"]),
    ("科研二部", &["研究员", "高级工程师", "工程师"]),
    ("机要室", &["机要员", "机要主管"]),
    ("档案室", &["档案管理员", "档案主管"]),
    ("信息中心", &["网络管理员", "系统工程师", "安全审计员"]),
    ("办公室", &["主任", "文秘", "综合管理员"]),
];

const AREAS: &[&str] = &["110105", "110108", "310104", "440304", "320106", "510107", "420106", "610113"];

/// The sample people, registered `today`. Their planned start dates are spread around `today`
/// so the register shows people both about to start and long in post.
pub fn sample_people(today: NaiveDate) -> Vec<PersonInput> {
    NAMES
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let (unit, posts) = UNITS[i % UNITS.len()];
            let post = posts[(i / UNITS.len()) % posts.len()];
            // Roughly 1 core for 3 important and 6 general, as offices report.
            let level = match i % 10 {
                0 => "core",
                1..=3 => "important",
                _ => "general",
            };
            let birth = NaiveDate::from_ymd_opt(1965 + (i as i32 * 7) % 35, 1 + (i as u32 * 5) % 12, 1 + (i as u32 * 11) % 28)
                .unwrap_or(NaiveDate::MIN);
            let female = matches!(i % 4, 1 | 3);
            let sequence = 100 + (i as u32 * 2) % 800 + u32::from(!female);
            let body = format!("{}{}{:03}", AREAS[i % AREAS.len()], birth.format("%Y%m%d"), sequence);
            let id_number = format!("{body}{}", check_char(&body).unwrap_or('0'));
            // Most have been in post for up to four years; every twelfth starts in the next
            // weeks, so onboarding deadlines show up too.
            let start = if i % 12 == 5 {
                today.checked_add_days(Days::new(7 + (i as u64 % 20))).unwrap_or(today)
            } else {
                today.checked_sub_days(Days::new((i as u64 * 97) % 1500)).unwrap_or(today)
            };
            PersonInput {
                name: (*name).to_owned(),
                staff_no: format!("S{:04}{:03}", start.year().min(today.year()), i + 1),
                id_number,
                unit: unit.to_owned(),
                post: post.to_owned(),
                level: level.to_owned(),
                start_date: Some(start),
                phone: format!("138{:04}{:04}", 1000 + i * 37 % 9000, 2000 + i * 53 % 8000),
                ..Default::default()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::level::default_levels;
    use crate::person::{IdFormat, PersonRules};
    use std::collections::HashSet;

    #[test]
    fn every_sample_person_passes_validation_and_is_unique() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let levels = default_levels();
        let rules = PersonRules { levels: &levels, id_format: IdFormat::PrcResidentId, default_start_days: 30 };
        let people = sample_people(today);
        assert_eq!(people.len(), 60);
        let mut staff = HashSet::new();
        let mut ids = HashSet::new();
        for p in &people {
            let v = p.validate(&rules, today, today).unwrap_or_else(|e| panic!("{}: {e}", p.name));
            assert!(staff.insert(v.staff_no.clone()), "{}", v.staff_no);
            assert!(ids.insert(v.id_number.clone()), "{}", v.id_number);
        }
        let levels: HashSet<_> = people.iter().map(|p| p.level.as_str()).collect();
        assert_eq!(levels.len(), 3);
        let units: HashSet<_> = people.iter().map(|p| p.unit.as_str()).collect();
        assert!(units.len() >= 5);
    }
}
