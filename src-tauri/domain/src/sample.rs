//! A realistic sample register so a newcomer sees the app working: sixty people of a research
//! institute, Chinese names, every level, several units. Deterministic, so screenshots and tests
//! are repeatable.

use chrono::{Datelike, Days, Months, NaiveDate};

use crate::calendar::HolidayCalendar;
use crate::id_card::check_char;
use crate::level::{LevelChange, LevelId};
use crate::lifecycle::{
    advance, DepartureKind, LifecycleState, PersonRecord, Stage, StepRecord, TrainingAttendance, TrainingSession, Transition,
};
use crate::person::PersonId;
use crate::person::PersonInput;
use crate::policy::{Policy, StepDef};
use crate::travel::document::Handling;
use crate::travel::trip::{ApprovalLevel, TripCorrectionInput, TripDecisionInput, TripExtensionInput};
use crate::travel::{DocumentId, DocumentInput, DocumentKind, EarlyCheckout, TravelDocument, Traveller, Trip, TripId, TripInput, TripKind};

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

/// A sample person's level change (a post re-graded), by index in [`sample_people`].
#[derive(Debug, Clone)]
pub struct SampleLevelChange {
    pub person: usize,
    pub change: LevelChange,
}

/// The sample register's travel: documents and trips of sample people (by index in
/// [`sample_people`]). Ids are provisional (`DocumentId(1..)`, `TripId(1..)`, in list order):
/// storage gives the real ones, and the references between the records follow them.
#[derive(Debug, Clone, Default)]
pub struct SampleTravel {
    pub documents: Vec<(usize, TravelDocument)>,
    pub trips: Vec<(usize, Trip)>,
    pub level_changes: Vec<SampleLevelChange>,
}

const SAMPLE_OPERATOR: &str = "样例";
const SAMPLE_APPROVER: &str = "李建国(保密委员会)";

/// Travel as an office has it on any day, relative to `today` so every screen shows something on
/// first look: a trip in every state (requested, approved — its dates corrected once —, briefed,
/// document out early for a visa appointment, abroad — one extended, one overdue —, back, reported,
/// closed, withdrawn, refused), passports in the safe and out, one awaiting hand-in, a permit
/// expiring within the warning period; and one person's post re-graded. Every record goes through
/// the travel rules; a step the rules refuse (it should not happen) leaves that record out.
pub fn sample_travel(
    people: &[PersonInput],
    history: &SampleHistory,
    policy: &Policy,
    cal: &HolidayCalendar,
    today: NaiveDate,
) -> SampleTravel {
    let rules = &policy.travel;
    let ago = |n: u64| today.checked_sub_days(Days::new(n)).unwrap_or(today);
    let ahead = |n: u64| today.checked_add_days(Days::new(n)).unwrap_or(today);
    // People on duty for a while, at a level that does not need the higher approval.
    let on_duty: Vec<usize> = people
        .iter()
        .zip(&history.records)
        .enumerate()
        .filter(|(_, (p, r))| {
            r.state.stage == Stage::OnDuty
                && !rules.higher_approval_levels.iter().any(|l| l.0 == p.level)
                && p.start_date.is_some_and(|s| s < ago(200))
        })
        .map(|(i, _)| i)
        .collect();
    let decommissioning = history.records.iter().position(|r| r.state.stage == Stage::Decommissioning);
    let mut out = SampleTravel::default();
    let mut next_doc = 0i64;
    let mut next_trip = 0i64;
    let levels_of = |i: usize| -> Vec<LevelChange> {
        let p = &people[i];
        let registered_on = sample_registered_on(p, today);
        let start = p.start_date.unwrap_or(today);
        vec![LevelChange { level: LevelId(p.level.clone()), effective: registered_on.min(start), reason: String::new() }]
    };
    // A passport (or permit) registered and handed in on `registered`, valid ten years from issue.
    let mut document = |i: usize, kind: DocumentKind, number: String, registered: NaiveDate, expires: Option<NaiveDate>, hand_in: bool| {
        next_doc += 1;
        let issued = registered.checked_sub_days(Days::new(20)).unwrap_or(registered);
        let input = DocumentInput {
            kind,
            number,
            issued: Some(issued),
            expires: Some(expires.unwrap_or_else(|| issued.checked_add_months(Months::new(120)).unwrap_or(issued))),
            notes: String::new(),
        };
        let doc =
            TravelDocument::register(DocumentId(next_doc), PersonId(i as i64 + 1), &input, registered, SAMPLE_OPERATOR, today).ok()?;
        if !hand_in {
            return Some(doc);
        }
        let h = Handling { date: registered, by: SAMPLE_OPERATOR, counterpart: &people[i].name, today };
        doc.hand_in(&h, &format!("保险柜1-{next_doc}号格"), rules).ok()
    };
    struct Plan {
        to: &'static [&'static str],
        purpose: &'static str,
        kind: TripKind,
        requested: u64,
        departure: NaiveDate,
        ret: NaiveDate,
    }
    let mut trip = |i: usize, doc: &TravelDocument, plan: &Plan| {
        next_trip += 1;
        let input = TripInput {
            destinations: plan.to.iter().map(|c| (*c).to_owned()).collect(),
            purpose: plan.purpose.to_owned(),
            kind: Some(plan.kind),
            planned_departure: Some(plan.departure),
            planned_return: Some(plan.ret),
            document: Some(doc.id),
            notes: String::new(),
        };
        Trip::request(TripId(next_trip), doc.person, &input, ago(plan.requested), std::slice::from_ref(doc), rules, today)
            .ok()
            .map(|t| (i, t))
    };
    let decision = |on: NaiveDate, reason: &str| TripDecisionInput {
        by: SAMPLE_APPROVER.to_owned(),
        date: on,
        level: ApprovalLevel::Standard,
        personnel_opinion: "同意".to_owned(),
        secrecy_office_opinion: if reason.is_empty() { "同意,行前接受保密提醒".to_owned() } else { "不同意".to_owned() },
        reason: reason.to_owned(),
    };
    let h = |date: NaiveDate, counterpart: &'static str| Handling { date, by: SAMPLE_OPERATOR, counterpart, today };
    let traveller_levels: Vec<Vec<LevelChange>> = (0..people.len()).map(levels_of).collect();
    let traveller = |i: usize| Traveller { person: PersonId(i as i64 + 1), levels: &traveller_levels[i], decommissioning: None };

    // Each scenario: the traveller's passport and their trip, as far as the trip has gone.
    let plans: [Plan; 10] = [
        Plan { to: &["JP"], purpose: "赴日本旅游", kind: TripKind::Private, requested: 2, departure: ahead(6), ret: ahead(13) },
        Plan {
            to: &["SG"],
            purpose: "参加新加坡国际学术会议",
            kind: TripKind::Official,
            requested: 12,
            departure: ahead(10),
            ret: ahead(16),
        },
        Plan { to: &["KR"], purpose: "探亲", kind: TripKind::Private, requested: 20, departure: ahead(5), ret: ahead(12) },
        Plan { to: &["US"], purpose: "学术交流访问", kind: TripKind::Official, requested: 30, departure: ahead(14), ret: ahead(28) },
        Plan { to: &["FR", "DE"], purpose: "欧洲探亲旅游", kind: TripKind::Private, requested: 40, departure: ago(5), ret: ahead(5) },
        Plan { to: &["TH"], purpose: "旅游", kind: TripKind::Private, requested: 45, departure: ago(14), ret: ago(4) },
        Plan { to: &["AU"], purpose: "商务洽谈", kind: TripKind::Official, requested: 60, departure: ago(33), ret: ago(22) },
        Plan { to: &["GB"], purpose: "参加培训", kind: TripKind::Official, requested: 150, departure: ago(120), ret: ago(110) },
        Plan { to: &["NZ"], purpose: "旅游", kind: TripKind::Private, requested: 25, departure: ahead(15), ret: ahead(22) },
        Plan { to: &["CA"], purpose: "探亲", kind: TripKind::Private, requested: 50, departure: ago(20), ret: ago(2) },
    ];
    for (k, plan) in plans.iter().enumerate() {
        let Some(&i) = on_duty.get(k) else { break };
        let Some(doc) = document(i, DocumentKind::Passport, format!("E{:08}", 30_000_000 + i * 7919), ago(400), None, true) else {
            continue;
        };
        let Some((i, requested)) = trip(i, &doc, plan) else { continue };
        let name: &'static str = "本人";
        let approved = |t: &Trip, days: u64| t.approve(&decision(ago(days), ""), &traveller(i), rules, today).ok();
        let result: Option<(TravelDocument, Trip)> = (|| match k {
            0 => Some((doc.clone(), requested.clone())),
            1 => {
                // Approved, then the departure moved by two days (the conference's new dates).
                let t = approved(&requested, 6)?;
                let fix = TripCorrectionInput {
                    planned_departure: ahead(12),
                    planned_return: ahead(18),
                    reason: "会议日程调整,主办方通知推迟两天".to_owned(),
                };
                let t = t.correct_dates(&fix, SAMPLE_OPERATOR, &traveller(i), rules, cal, ago(3)).ok()?;
                Some((doc.clone(), t))
            }
            2 => Some((doc.clone(), approved(&requested, 14)?.brief(ago(3), SAMPLE_OPERATOR, "行前保密提醒谈话", today).ok()?)),
            3 => {
                // Out for the visa appointment, three weeks before the check-out window opens.
                let t = approved(&requested, 25)?.brief(ago(21), SAMPLE_OPERATOR, "行前保密提醒谈话", today).ok()?;
                let early = EarlyCheckout {
                    reason: "赴美国驻华使馆办理签证面签,须提交护照原件".to_owned(),
                    approver: SAMPLE_APPROVER.to_owned(),
                };
                doc.check_out_with(&t, &h(ago(20), name), Some(&early), rules, cal).ok()
            }
            _ => {
                let (brief, out, depart) = match k {
                    4 => (12, 10, 5),
                    5 => (20, 16, 14),
                    6 => (40, 35, 33),
                    7 => (125, 122, 120),
                    9 => (25, 22, 20),
                    _ => (0, 0, 0),
                };
                let t = approved(&requested, plan.requested - 5)?;
                if k == 8 {
                    return Some((doc.clone(), t.withdraw(ago(8), SAMPLE_OPERATOR, "家中有事,行程取消", today).ok()?));
                }
                let t = t.brief(ago(brief), SAMPLE_OPERATOR, "行前保密提醒谈话", today).ok()?;
                let (d, t) = doc.check_out(&t, &h(ago(out), name), rules, cal).ok()?;
                let t = t.depart(ago(depart), rules, today).ok()?;
                match k {
                    4 => {
                        let ext = TripExtensionInput {
                            date: ago(2),
                            new_return: ahead(9),
                            reason: "会议延期,须延长停留".to_owned(),
                            approver: SAMPLE_APPROVER.to_owned(),
                        };
                        Some((d, t.extend(&ext, today).ok()?))
                    }
                    5 => Some((d, t.return_home(ago(3), today).ok()?)),
                    6 | 7 => {
                        let t = t.return_home(plan.ret, today).ok()?;
                        let t = t.receive_report(plan.ret + Days::new(4), SAMPLE_OPERATOR, "行程顺利,无异常情况", today).ok()?;
                        let d = d.return_to_custody(Some(&t), &h(plan.ret + Days::new(5), name), "").ok()?;
                        if k == 6 {
                            return Some((d, t));
                        }
                        Some((d.clone(), t.close(plan.ret + Days::new(10), SAMPLE_OPERATOR, Some(&d), rules, today).ok()?))
                    }
                    // Abroad past the planned return, nothing heard: overdue.
                    _ => Some((d, t)),
                }
            }
        })();
        let (doc, t) = result.unwrap_or((doc, requested));
        out.documents.push((i, doc));
        out.trips.push((i, t));
    }
    // Refused: someone in the decommissioning period asks to travel.
    if let Some(i) = decommissioning.or_else(|| on_duty.get(plans.len()).copied()) {
        if let Some(doc) = document(i, DocumentKind::Passport, format!("E{:08}", 40_000_000 + i * 7919), ago(500), None, true) {
            let plan =
                Plan { to: &["JP"], purpose: "旅游", kind: TripKind::Private, requested: 15, departure: ahead(20), ret: ahead(27) };
            if let Some((i, t)) = trip(i, &doc, &plan) {
                let refusal = decision(ago(10), "处于脱密期,出境旅游不予批准");
                let t = t.refuse(&refusal, rules, today).unwrap_or(t);
                out.trips.push((i, t));
            }
            out.documents.push((i, doc));
        }
    }
    // A new passport not handed in yet; a Hong Kong/Macao permit that expires in three months.
    if let Some(&i) = on_duty.get(plans.len() + 1) {
        if let Some(doc) = document(i, DocumentKind::Passport, format!("E{:08}", 50_000_000 + i * 7919), ago(3), None, false) {
            out.documents.push((i, doc));
        }
    }
    if let Some(&i) = on_duty.get(plans.len() + 2) {
        if let Some(doc) =
            document(i, DocumentKind::HkMacaoPermit, format!("C{:08}", 60_000_000 + i * 7919), ago(700), Some(ahead(90)), true)
        {
            out.documents.push((i, doc));
        }
    }
    // A post re-graded two months ago.
    if let Some(&i) = on_duty.get(plans.len() + 3) {
        let to = if people[i].level == "important" { "general" } else { "important" };
        if policy.levels.iter().any(|l| l.id.0 == to) {
            out.level_changes.push(SampleLevelChange {
                person: i,
                change: LevelChange {
                    level: LevelId(to.to_owned()), effective: ago(60), reason: "岗位调整:调入机要岗位".to_owned()
                },
            });
        }
    }
    out
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

    #[test]
    fn the_sample_travel_has_a_trip_in_every_state_and_documents_in_and_out() {
        use crate::travel::{DocumentStatus, TripState};
        // Two days of the year: late November, and Chinese New Year (holidays around the dates).
        for today in [NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(), NaiveDate::from_ymd_opt(2026, 2, 17).unwrap()] {
            let policy = Policy::builtin("prc-2024").unwrap();
            let cal = HolidayCalendar::builtin(&policy.calendar).unwrap();
            let people = sample_people(today);
            let history = sample_history(&people, &policy, &cal, today);
            let travel = sample_travel(&people, &history, &policy, &cal, today);
            let states: HashSet<TripState> = travel.trips.iter().map(|(_, t)| t.state()).collect();
            for state in [
                TripState::Requested,
                TripState::Approved,
                TripState::Refused,
                TripState::Briefed,
                TripState::DocumentOut,
                TripState::Departed,
                TripState::Returned,
                TripState::Reported,
                TripState::Closed,
                TripState::Withdrawn,
            ] {
                assert!(states.contains(&state), "{today}: no {state:?} trip in {states:?}");
            }
            // One abroad past the planned return; one extended; one with its dates corrected.
            assert!(travel.trips.iter().any(|(_, t)| t.is_overdue(today)));
            assert!(travel.trips.iter().any(|(_, t)| !t.extensions.is_empty()));
            assert!(travel.trips.iter().any(|(_, t)| !t.corrections.is_empty()));
            let status = |s: DocumentStatus| travel.documents.iter().filter(|(_, d)| d.status == s).count();
            assert!(status(DocumentStatus::InCustody) >= 4);
            assert!(status(DocumentStatus::CheckedOut) >= 3);
            assert_eq!(status(DocumentStatus::AwaitingHandIn), 1);
            let early: Vec<_> = travel.documents.iter().filter(|(_, d)| d.out_early().is_some()).collect();
            assert_eq!(early.len(), 1, "one document out early for a visa appointment");
            assert_eq!(travel.level_changes.len(), 1);
            // Every record is a traveller's own, and every trip's document is one of the list.
            for (i, t) in &travel.trips {
                assert_eq!(t.person.0, *i as i64 + 1);
                let doc = t.document.and_then(|d| travel.documents.iter().find(|(_, x)| x.id == d));
                assert!(doc.is_some_and(|(j, _)| j == i));
            }
        }
    }
}
