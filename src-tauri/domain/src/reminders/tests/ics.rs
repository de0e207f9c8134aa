//! The calendar export: structure, escaping, CRLF, folding at 75 octets without splitting a
//! character, and UIDs that stay the same from one export to the next.

use std::collections::HashMap;

use super::super::ics::{escape_into, fold_into, ics, IcsOptions, DEFAULT_UID_DOMAIN};
use super::*;

fn names() -> HashMap<PersonId, String> {
    [(ZHANG, "张伟".to_owned())].into_iter().collect()
}

fn export(list: &[Obligation], lang: Lang, stamp: DateTime<Utc>) -> String {
    let names = names();
    let opts = IcsOptions { calendar_name: "保密提醒", lang, stamp, uid_domain: DEFAULT_UID_DOMAIN, sources: true };
    ics(list, |id| names.get(&id).map(String::as_str), &opts)
}

/// The content lines: folded lines joined back (RFC 5545 §3.1: remove every CRLF followed by a
/// space).
fn unfold(text: &str) -> Vec<String> {
    text.replace("\r\n ", "").split("\r\n").filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

fn values<'a>(lines: &'a [String], name: &str) -> Vec<&'a str> {
    lines.iter().filter_map(|l| l.strip_prefix(name).and_then(|rest| rest.strip_prefix(':'))).collect()
}

/// Back from the trip on Thu 2 Oct 2025: the report (due Thu 9 Oct) and the passport (due Mon
/// 13 Oct, expiring 31 May 2034).
fn trip_list() -> Vec<Obligation> {
    let (doc, trip) = returned(d(2025, 10, 2));
    travel(&[trip], &[doc], d(2025, 10, 2))
}

#[test]
fn a_calendar_with_one_all_day_event_per_obligation() {
    let list = trip_list();
    let text = export(&list, Lang::ZhCn, at(d(2025, 10, 2), 1));
    assert!(text.starts_with(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Clearance Tracker//Reminders//ZH-CN\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:保密提醒\r\n"
    ));
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    let lines = unfold(&text);
    assert_eq!(values(&lines, "BEGIN"), ["VCALENDAR", "VEVENT", "VALARM", "VEVENT", "VALARM", "VEVENT", "VALARM"]);
    assert_eq!(
        values(&lines, "UID"),
        ["trip:10:report@clearance-tracker", "document:1:return:trip:10@clearance-tracker", "document:1:expiry@clearance-tracker"]
    );
    assert_eq!(values(&lines, "DTSTAMP"), ["20251002T010000Z"; 3]);
    assert_eq!(values(&lines, "DTSTART;VALUE=DATE"), ["20251009", "20251013", "20340531"]);
    assert_eq!(values(&lines, "DTEND;VALUE=DATE"), ["20251010", "20251014", "20340601"]);
    assert_eq!(values(&lines, "SUMMARY"), ["张伟:回国(境)报告", "张伟:证件交回", "张伟:证件有效期届满"]);
    assert_eq!(values(&lines, "CATEGORIES"), ["回国(境)报告", "证件交回", "证件有效期届满"]);
    // The passport's warning starts six months before 31 May 2034: 30 Nov 2033, 182 days.
    assert_eq!(values(&lines, "TRIGGER"), ["-P7D", "-P7D", "-P182D"]);
    assert_eq!(values(&lines, "ACTION"), ["DISPLAY"; 3]);
    // The event's description, then the alarm's (the summary).
    let descriptions = values(&lines, "DESCRIPTION");
    assert_eq!(descriptions.len(), 6);
    assert!(descriptions[0]
        .starts_with("到期日:2025-10-09\\n依据:条例第五十二条\\;单位规定:回国(境)后 7 日内报告\\n规则:travel.report\\n提前 7 天提醒"));
    assert_eq!(descriptions[1], "张伟:回国(境)报告");

    let text = export(&list, Lang::En, at(d(2025, 10, 2), 1));
    let lines = unfold(&text);
    assert!(lines.contains(&"PRODID:-//Clearance Tracker//Reminders//EN".to_owned()));
    assert_eq!(values(&lines, "SUMMARY")[0], "张伟: Post-trip report");
    assert!(values(&lines, "DESCRIPTION")[0].starts_with(
        "Due: 2025-10-09\\nSource: Implementing Regulation art. 52\\; unit rule: report within 7 days of the return\\nRule: travel.report"
    ));
}

#[test]
fn every_line_ends_in_crlf_and_no_line_is_longer_than_75_octets() {
    let mut list = trip_list();
    list.extend(life(&on_duty("general"), d(2026, 3, 1)));
    let long = "上岗前保密教育培训及保密承诺书签订、保密审查登记表填写与涉密载体清退情况的年度复核确认(含补充说明)";
    list.push(item("person:42:on_duty:long", 42, ReminderKind::RecurringStep, d(2026, 5, 1), 30).named(long, "A step with a long name"));
    for lang in [Lang::ZhCn, Lang::En] {
        let text = export(&list, lang, at(d(2026, 3, 1), 0));
        assert!(!text.replace("\r\n", "").contains(['\r', '\n']), "a bare CR or LF");
        for line in text.split_terminator("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        assert!(text.split_terminator("\r\n").any(|l| l.starts_with(' ')), "something was folded");
        // Unfolding gives the long name back whole.
        let lines = unfold(&text);
        if lang == Lang::ZhCn {
            assert!(values(&lines, "SUMMARY").contains(&format!("张伟:{long}").as_str()));
        }
        assert_eq!(values(&lines, "BEGIN").iter().filter(|v| **v == "VEVENT").count(), list.len());
    }
}

#[test]
fn folding_cuts_between_characters_never_inside_one() {
    // "A" and 60 three-octet characters: 181 octets. The first line may hold 75; 75 and 74 fall
    // inside the 25th character, so it ends after the 24th (1 + 72 = 73 octets). Continuations
    // hold a space and at most 74: 24 characters (72 octets) fit, the 25th would not. Then the
    // last 12 characters.
    let line = format!("A{}", "保".repeat(60));
    let mut out = String::new();
    fold_into(&mut out, &line);
    let physical: Vec<&str> = out.split_terminator("\r\n").collect();
    assert_eq!(physical.iter().map(|l| l.len()).collect::<Vec<_>>(), [73, 73, 37]);
    assert_eq!(physical[0], format!("A{}", "保".repeat(24)));
    assert_eq!(physical[1], format!(" {}", "保".repeat(24)));
    assert_eq!(physical[2], format!(" {}", "保".repeat(12)));
    assert_eq!(out.replace("\r\n ", ""), format!("{line}\r\n"));
    // A four-octet character (an emoji) at the boundary: 73 ASCII octets then 😀 (74–77).
    let mut out = String::new();
    fold_into(&mut out, &format!("{}😀b", "x".repeat(73)));
    assert_eq!(out, format!("{}\r\n 😀b\r\n", "x".repeat(73)));
    // ASCII: exactly 75 stays one line; 80 folds after 75.
    let mut out = String::new();
    fold_into(&mut out, &"x".repeat(75));
    assert_eq!(out, format!("{}\r\n", "x".repeat(75)));
    let mut out = String::new();
    fold_into(&mut out, &"x".repeat(80));
    assert_eq!(out, format!("{}\r\n {}\r\n", "x".repeat(75), "x".repeat(5)));
}

#[test]
fn text_values_escape_backslash_semicolon_comma_and_line_breaks() {
    let mut out = String::new();
    escape_into(&mut out, "a,b;c\\d\r\ne\rf\ng\u{7}h\ti");
    assert_eq!(out, "a\\,b\\;c\\\\d\\ne\\nf\\ng h\ti");

    let mut o = item("person:42:on_duty:x", 42, ReminderKind::RecurringStep, d(2026, 3, 10), 30);
    o.due.citation.zh = "法第四十五条;条例第五十二条,单位规定\\附件\n第二行".into();
    let names = names();
    let opts = IcsOptions {
        calendar_name: "保密办, 一处; 提醒",
        lang: Lang::ZhCn,
        stamp: at(d(2026, 3, 1), 0),
        uid_domain: DEFAULT_UID_DOMAIN,
        sources: true,
    };
    let lines = unfold(&ics([&o], |id| names.get(&id).map(String::as_str), &opts));
    assert_eq!(values(&lines, "X-WR-CALNAME"), ["保密办\\, 一处\\; 提醒"]);
    assert!(values(&lines, "DESCRIPTION")[0].contains("依据:法第四十五条\\;条例第五十二条\\,单位规定\\\\附件\\n第二行\\n规则:test.rule"));
}

#[test]
fn uids_stay_the_same_across_exports_so_a_new_import_updates_the_events() {
    let p = on_duty("general");
    // Exported on Sun 1 Mar 2026, and again on Fri 20 Mar after the training of that day moved its
    // due date from 12 Mar 2026 to 22 Mar 2027: same UIDs, the event of the same UID moves.
    let first = export(&life(&p, d(2026, 3, 1)), Lang::ZhCn, at(d(2026, 3, 1), 0));
    let mut p = p;
    p.trainings.push(training(d(2026, 3, 20), 8));
    let mut later = life(&p, d(2026, 3, 20));
    later.reverse();
    let second = export(&later, Lang::ZhCn, at(d(2026, 3, 20), 0));
    let uids = |text: &str| {
        let lines = unfold(text);
        let mut v: Vec<String> = values(&lines, "UID").into_iter().map(str::to_owned).collect();
        v.sort();
        v
    };
    assert_eq!(uids(&first), uids(&second));
    assert_eq!(
        uids(&first),
        [
            "person:42:on_duty:commitment_resign@clearance-tracker",
            "person:42:on_duty:re_review@clearance-tracker",
            "person:42:on_duty:recurring_training@clearance-tracker",
            "person:42:on_duty:training_hours@clearance-tracker",
        ]
    );
    let event_of = |text: &str, uid: &str| -> Vec<String> {
        let lines = unfold(text);
        let start = lines.iter().position(|l| l == &format!("UID:{uid}")).unwrap();
        lines[start..].iter().take_while(|l| *l != "END:VEVENT").cloned().collect()
    };
    let uid = "person:42:on_duty:recurring_training@clearance-tracker";
    assert!(event_of(&first, uid).contains(&"DTSTART;VALUE=DATE:20260312".to_owned()));
    assert!(event_of(&second, uid).contains(&"DTSTART;VALUE=DATE:20270322".to_owned()));
    // The same export twice is the same text.
    assert_eq!(first, export(&life(&on_duty("general"), d(2026, 3, 1)), Lang::ZhCn, at(d(2026, 3, 1), 0)));
}

#[test]
fn a_date_past_the_loaded_calendar_says_so_and_a_lead_of_zero_alarms_on_the_day() {
    // The general re-review is due Mon 11 Mar 2030, counted with weekends only.
    let list = life(&on_duty("general"), d(2026, 3, 1));
    let lines = unfold(&export(&list, Lang::En, at(d(2026, 3, 1), 0)));
    let descriptions = values(&lines, "DESCRIPTION");
    let beyond: Vec<&&str> = descriptions.iter().filter(|d| d.contains("beyond the loaded holiday calendar")).collect();
    assert_eq!(beyond.len(), 1);
    assert!(beyond[0].starts_with("Due: 2030-03-11"));

    let o = item("x", 42, ReminderKind::TripReturn, d(2026, 3, 10), 0);
    let lines = unfold(&export(&[o], Lang::En, at(d(2026, 3, 1), 0)));
    assert_eq!(values(&lines, "TRIGGER"), ["PT0S"]);
    assert!(values(&lines, "DESCRIPTION")[0].ends_with("\\nReminder on the day"));
    let o = item("z", 42, ReminderKind::TripReturn, d(2026, 3, 10), 1);
    let lines = unfold(&export(&[o], Lang::En, at(d(2026, 3, 1), 0)));
    assert_eq!(values(&lines, "TRIGGER"), ["-P1D"]);
    assert!(values(&lines, "DESCRIPTION")[0].ends_with("\\nReminder 1 day ahead"));
    // A person the register does not name is shown by id.
    let o = item("y", 7, ReminderKind::TripReturn, d(2026, 3, 10), 7);
    let lines = unfold(&export(&[o], Lang::ZhCn, at(d(2026, 3, 1), 0)));
    assert_eq!(values(&lines, "SUMMARY"), ["人员 7:按期回国(境)"]);
}

mod properties {
    use proptest::prelude::*;

    use super::super::super::ics::{escape_into, fold_into};

    /// Text as people type it into names and notes, and worse: CJK, emoji, the characters TEXT
    /// escapes, line breaks, control characters, anything.
    fn text() -> impl Strategy<Value = String> {
        let ch = prop_oneof![
            prop::char::range(' ', '~'),
            prop::char::range('\u{4e00}', '\u{9fff}'),
            prop::char::range('\u{1f300}', '\u{1faff}'),
            prop::sample::select(vec![';', ',', '\\', '\n', '\r', '\t', '\u{7}', '\u{a0}', '\u{200d}', '\u{fe0f}']),
            any::<char>(),
        ];
        prop::collection::vec(ch, 0..300).prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #[test]
        fn folded_lines_fit_75_octets_split_no_character_and_unfold_to_the_escaped_line(
            name in "[A-Z]{1,12}(-[A-Z]{1,8})?",
            value in text(),
        ) {
            let mut line = format!("{name}:");
            escape_into(&mut line, &value);
            prop_assert!(!line.contains('\r') && !line.contains('\n'), "escaped text holds no line break");
            let mut out = String::new();
            fold_into(&mut out, &line);

            let bytes = out.as_bytes();
            prop_assert!(bytes.ends_with(b"\r\n"));
            let physical: Vec<&[u8]> = bytes[..bytes.len() - 2].split(|b| *b == b'\n').map(|l| l.strip_suffix(b"\r").unwrap_or(l)).collect();
            for (n, l) in physical.iter().enumerate() {
                prop_assert!(l.len() <= 75, "line {} has {} octets", n, l.len());
                prop_assert!(std::str::from_utf8(l).is_ok(), "line {} splits a UTF-8 sequence", n);
                prop_assert_eq!(n > 0, l.first() == Some(&b' '), "continuations, and only they, start with a space");
                prop_assert!(n == 0 || l.len() > 1, "no continuation is empty");
            }
            // RFC 5545 §3.1: unfolding removes each CRLF followed by one space.
            prop_assert_eq!(out.replace("\r\n ", ""), format!("{line}\r\n"));
        }
    }
}
