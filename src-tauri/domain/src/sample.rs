//! A realistic sample register so a newcomer sees the app working: sixty people of a research
//! institute, Chinese names, every level, several units. Deterministic, so screenshots and tests
//! are repeatable.

use chrono::{Datelike, Days, NaiveDate};

use crate::calendar::HolidayCalendar;
use crate::id_card::check_char;
use crate::level::{LevelChange, LevelId};
use crate::lifecycle::{advance, DepartureKind, LifecycleState, PersonRecord, StepRecord, TrainingAttendance, TrainingSession, Transition};
use crate::person::PersonInput;
use crate::policy::{Policy, StepDef};

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

/// When a sample person was entered in the register: a month before their start, as an office
/// does when someone is appointed (never after today).
pub fn sample_registered_on(p: &PersonInput, today: NaiveDate) -> NaiveDate {
    p.start_date.and_then(|s| s.checked_sub_days(Days::new(30))).map_or(today, |d| d.min(today))
}

/// What a sample person has done so far, as the office would have recorded it.
#[derive(Debug, Clone)]
pub struct SampleRecord {
    pub steps: Vec<StepRecord>,
    pub state: LifecycleState,
}

/// A training session and the sample people (by index) who attended it.
#[derive(Debug, Clone)]
pub struct SampleSession {
    pub session: TrainingSession,
    pub attendees: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct SampleHistory {
    /// One per sample person, in the order of [`sample_people`].
    pub records: Vec<SampleRecord>,
    pub sessions: Vec<SampleSession>,
}

/// The sample people's lifecycle up to `today`, under `policy`: most are on duty with their
/// onboarding done and their recurring steps kept up (a few have let one lapse, a few missed a
/// training session); those starting soon are onboarding; a few are leaving or in their
/// decommissioning period. Every transition goes through [`advance`], so the states are ones the
/// rules allow; the dashboard then shows a realistic mix of what is due.
pub fn sample_history(people: &[PersonInput], policy: &Policy, cal: &HolidayCalendar, today: NaiveDate) -> SampleHistory {
    let category = policy.on_duty.iter().find_map(|s| s.training_category.clone());
    let mut sessions: Vec<SampleSession> = Vec::new();
    if let (Some(category), Some(first)) = (&category, people.iter().filter_map(|p| p.start_date).min()) {
        // Office-wide sessions every March and September since the earliest start.
        for year in first.year()..=today.year() {
            for (month, half_zh) in [(3, "上半年"), (9, "下半年")] {
                let Some(date) = NaiveDate::from_ymd_opt(year, month, 15).filter(|d| *d <= today) else { continue };
                sessions.push(SampleSession {
                    session: TrainingSession {
                        date,
                        topic: format!("{year}年{half_zh}保密教育培训"),
                        hours: 6,
                        category: category.clone(),
                    },
                    attendees: Vec::new(),
                });
            }
        }
    }
    let records = people
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let start = p.start_date.unwrap_or(today);
            let level = LevelId(p.level.clone());
            let registered_on = sample_registered_on(p, today);
            let mut record = PersonRecord {
                registered_on,
                planned_start: start,
                level_history: vec![LevelChange { level: level.clone(), effective: registered_on.min(start), reason: String::new() }],
                state: LifecycleState::onboarding(),
                steps: Vec::new(),
                trainings: Vec::new(),
            };
            let done = |id: &str, on: NaiveDate| StepRecord {
                step_id: id.to_owned(),
                done_on: on,
                recorded_by: "样例".to_owned(),
                note: String::new(),
            };
            if start > today {
                // Starting soon: the review done for every other one.
                if i % 2 == 0 {
                    if let Some(step) = policy.onboarding.first() {
                        record.steps.push(done(&step.id, today.checked_sub_days(Days::new(3)).unwrap_or(today)));
                    }
                }
                return SampleRecord { steps: record.steps, state: record.state };
            }
            for (k, step) in policy.onboarding.iter().enumerate() {
                let on = start.checked_sub_days(Days::new(21 - 7 * k as u64)).unwrap_or(start);
                record.steps.push(done(&step.id, on));
            }
            let Ok(on_duty) = advance(&record, &Transition::StartDuty { date: start, override_reason: None }, policy, cal, today) else {
                return SampleRecord { steps: record.steps, state: record.state };
            };
            record.state = on_duty.state;
            // Who leaves: one in fifteen is leaving now, three left ten months ago.
            let leaves_on = match i % 60 {
                7 | 22 | 37 | 52 if start < today - Days::new(400) => Some((today - Days::new(12), false)),
                13 | 25 | 45 if start < today - Days::new(330) => Some((today - Days::new(300), true)),
                _ => None,
            };
            let until = leaves_on.map_or(today, |(d, _)| d);
            // Recurring steps kept up, each done a few days before it fell due; one in seven has
            // let the latest one lapse.
            for step in policy.on_duty.iter().filter(|s| s.training_category.is_none()) {
                let Some(rule) = policy.recurrence(step, &level) else { continue };
                let mut last = record.last_completion(step, policy, until);
                while let Some(prev) = last {
                    let due = rule.due_from(prev, cal).date;
                    let lapsed = i % 7 == 3 && due > until - Days::new(45);
                    if due > until || lapsed {
                        break;
                    }
                    let on = due - Days::new((i % 5) as u64);
                    record.steps.push(done(&step.id, on));
                    last = Some(on);
                }
            }
            for s in sessions.iter_mut() {
                // One in nine missed the autumn sessions.
                let missed = i % 9 == 4 && s.session.date.month() == 9;
                if s.session.date >= start && s.session.date <= until && !missed {
                    s.attendees.push(i);
                    record.trainings.push(TrainingAttendance {
                        date: s.session.date,
                        hours: s.session.hours,
                        category: s.session.category.clone(),
                        topic: s.session.topic.clone(),
                    });
                }
            }
            if let Some((date, all_done)) = leaves_on {
                let kind = if all_done { DepartureKind::LeaveOrganisation } else { DepartureKind::LeavePost };
                if let Ok(departed) = advance(&record, &Transition::Depart { kind, date }, policy, cal, today) {
                    record.state = departed.state;
                    let steps: Vec<&StepDef> = policy.departure.iter().take(if all_done { usize::MAX } else { 1 }).collect();
                    for step in steps {
                        record.steps.push(done(&step.id, date));
                    }
                    if all_done {
                        let request = Transition::StartDecommissioning { period: None, receiving_organisation: None };
                        if let Ok(decommissioning) = advance(&record, &request, policy, cal, today) {
                            record.state = decommissioning.state;
                        }
                    }
                }
            }
            SampleRecord { steps: record.steps, state: record.state }
        })
        .collect();
    sessions.retain(|s| !s.attendees.is_empty());
    SampleHistory { records, sessions }
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

    #[test]
    fn the_sample_history_is_mostly_on_duty_with_a_few_reminders_due() {
        use crate::lifecycle::Stage;
        use crate::reminders::{reminders, sources};
        let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let policy = Policy::builtin("prc-2024").unwrap();
        let cal = HolidayCalendar::builtin(&policy.calendar).unwrap();
        let people = sample_people(today);
        let history = sample_history(&people, &policy, &cal, today);
        let count = |stage: Stage| history.records.iter().filter(|r| r.state.stage == stage).count();
        // Five start in the next weeks (every twelfth), four are leaving, three in decommissioning.
        assert_eq!(count(Stage::Onboarding), 5);
        assert_eq!(count(Stage::Departing), 4);
        assert_eq!(count(Stage::Decommissioning), 3);
        assert_eq!(count(Stage::OnDuty), 48);
        assert!(history.sessions.iter().all(|s| !s.attendees.is_empty() && s.session.date <= today));

        let mut obligations = Vec::new();
        for (i, (p, r)) in people.iter().zip(&history.records).enumerate() {
            let registered_on = sample_registered_on(p, today);
            let record = PersonRecord {
                registered_on,
                planned_start: p.start_date.unwrap(),
                level_history: vec![LevelChange { level: LevelId(p.level.clone()), effective: registered_on, reason: String::new() }],
                state: r.state.clone(),
                steps: r.steps.clone(),
                trainings: history
                    .sessions
                    .iter()
                    .filter(|s| s.attendees.contains(&i))
                    .map(|s| TrainingAttendance {
                        date: s.session.date,
                        hours: s.session.hours,
                        category: s.session.category.clone(),
                        topic: String::new(),
                    })
                    .collect(),
            };
            sources::lifecycle_obligations(crate::person::PersonId(i as i64 + 1), &record, &policy, &cal, today, &mut obligations);
        }
        let listed = reminders(&obligations, &[], today);
        let overdue = listed.iter().filter(|r| r.state == crate::deadline::DueState::Overdue).count();
        // Some overdue (the lapses and the departures' steps), but a register an office keeps up.
        assert!((3..=30).contains(&overdue), "{overdue} overdue");
        assert!(listed.len() < 120, "{} reminders", listed.len());
    }
}
