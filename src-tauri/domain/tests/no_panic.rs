//! No input makes the rules panic: every parser and validator of the crate, fed arbitrary
//! Unicode — full-width forms, CJK of every plane, control and format characters, bidi
//! overrides, emoji, numbers and dates one character away from valid, pages of text — returns a
//! value or a refusal (a `FieldError`, `DomainError` or `PolicyError`), and what it accepts is
//! clean: no character nobody types, within the field's limit, in the register's dates.
//!
//! One `cargo test` generates 14,600 inputs in total: 20 properties, 17 of them with 800 cases
//! (13,600), the policy-file and calendar-file parsers (each case reads a whole file) with 500
//! and 300, the pages-of-text property with 200 (see `CASES`). Many cases go through several
//! validators (a trip's decision, briefing, extension and withdrawal; a document's four moves),
//! so the calls number several times that. In a debug build the file runs in about 15 s on two
//! cores.

use std::sync::LazyLock;

use chrono::NaiveDate;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{select, Index};

use clearance_domain::calendar::HolidayCalendar;
use clearance_domain::deadline::{Period, PeriodUnit};
use clearance_domain::id_card::{ResidentId, Sex};
use clearance_domain::identifiers;
use clearance_domain::level::{default_levels, parse_level, validate_change, LevelChange, LevelId};
use clearance_domain::lifecycle::{
    advance, record_step, validate_returned_items, DepartureKind, LifecycleState, PersonRecord, PersonalEvent, ReturnedItem, Stage,
    TrainingSession, Transition,
};
use clearance_domain::limits::{MAX_SESSION_HOURS, MIN_SESSION_HOURS, TEXT_FIELDS};
use clearance_domain::person::PersonId;
use clearance_domain::person::{IdFormat, PersonInput, PersonRules};
use clearance_domain::policy::Policy;
use clearance_domain::search::{fold, SearchKeys};
use clearance_domain::text::{self, is_unseen};
use clearance_domain::travel::countries;
use clearance_domain::travel::document::Handling;
use clearance_domain::travel::trip::{TripDecisionInput, TripExtensionInput};
use clearance_domain::travel::{
    ApprovalLevel, DocumentId, DocumentInput, DocumentKind, TravelDocument, TravelRules, Traveller, Trip, TripId, TripInput, TripKind,
};
use clearance_domain::{check_date, parse_date, DomainError};

/// Cases per property. Most properties are cheap; the file parsers read a whole policy or
/// calendar per case; the long-text property builds pages.
const CASES: u32 = 800;
const POLICY_CASES: u32 = 500;
const CALENDAR_CASES: u32 = 300;
const LONG_CASES: u32 = 200;

fn config(cases: u32) -> ProptestConfig {
    // No regression files: a failure prints its minimal input, which becomes a unit test.
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

// --- what the inputs are made of ------------------------------------------------------------

/// Characters a Chinese office's data holds, and characters that break naive text handling.
const TRICKY: &[char] = &[
    '\0',
    '\t',
    '\n',
    '\r',
    '\u{1B}',
    '\u{7F}',
    '\u{85}',
    '\u{AD}',
    '\u{200B}',
    '\u{200C}',
    '\u{200D}',
    '\u{200E}',
    '\u{200F}',
    '\u{202A}',
    '\u{202B}',
    '\u{202C}',
    '\u{202D}',
    '\u{202E}',
    '\u{2060}',
    '\u{2066}',
    '\u{2067}',
    '\u{2068}',
    '\u{2069}',
    '\u{FEFF}',
    '\u{3000}',
    '\u{A0}',
    '\u{2028}',
    '\u{2029}',
    '\u{3164}',
    '\u{FFFD}',
    '\u{FFFF}',
    '\u{FE0F}',
    '\u{E0100}',
    '\u{301}',
    '\u{10FFFF}',
    '\u{E000}',
    '·',
    '•',
    '－',
    '（',
    '）',
    '＋',
    '．',
    '／',
    'ｘ',
    'Ｘ',
    '年',
    '月',
    '日',
    '号',
    '-',
    '/',
    '.',
    ' ',
    'X',
    'x',
    '张',
    '王',
    '喆',
    '堃',
    '𠀀',
    '𪚥',
    '中',
    '😀',
    '👨',
    '🇨',
    '🇳',
    '=',
    '[',
    ']',
    '"',
    '\'',
    '#',
    '{',
    '}',
    ',',
    '\\',
];

fn tricky_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => select(TRICKY),
        3 => proptest::char::range('0', '9'),
        2 => proptest::char::range('\u{FF10}', '\u{FF19}'),
        1 => proptest::char::range('\u{FF01}', '\u{FF5E}'),
        1 => proptest::char::range('a', 'z'),
        1 => proptest::char::range('\u{4E00}', '\u{9FFF}'),
        1 => proptest::char::range('\u{20000}', '\u{2A6DF}'),
        1 => proptest::char::range('\u{0}', '\u{1F}'),
        2 => any::<char>(),
    ]
}

/// Valid values of the crate's fields, to be spoiled by one character.
const VALID: &[&str] = &[
    "440304198506171238",
    "11010519491231002X",
    "2024-03-01",
    "2024年3月1日",
    "2024/3/1",
    "20240301",
    "BJ-0001",
    "+86 (10) 6512-3456",
    "E12345678",
    "12 months",
    "5 working_days",
    "JP",
    "core",
    "张三",
    "阿依古丽·买买提",
];

/// A valid value with one character inserted, replaced or removed.
fn near_valid() -> impl Strategy<Value = String> {
    (select(VALID), any::<Index>(), tricky_char(), 0..3u8).prop_map(|(s, at, c, how)| {
        let mut chars: Vec<char> = s.chars().collect();
        let i = at.index(chars.len() + 1);
        match how {
            0 => chars.insert(i, c),
            1 if i < chars.len() => chars[i] = c,
            _ if i < chars.len() => {
                chars.remove(i);
            }
            _ => chars.push(c),
        }
        chars.into_iter().collect()
    })
}

/// Short text: mostly tricky characters, some of any kind, some nearly valid.
fn text_in() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => vec(tricky_char(), 0..40).prop_map(String::from_iter),
        3 => any::<String>(),
        2 => near_valid(),
    ]
}

/// Pages of text: a character repeated, or a tricky run repeated, up to 60,000 characters.
fn long_text() -> impl Strategy<Value = String> {
    prop_oneof![
        (tricky_char(), 1usize..60_000).prop_map(|(c, n)| std::iter::repeat_n(c, n).collect()),
        (vec(tricky_char(), 1..20), 1usize..3_000).prop_map(|(run, n)| run.iter().cycle().take(run.len() * n).collect()),
    ]
}

/// Any date chrono holds, mostly near the register's range.
fn date() -> impl Strategy<Value = NaiveDate> {
    prop_oneof![
        4 => (1890i32..2111, 1u32..=366).prop_map(|(y, o)| NaiveDate::from_yo_opt(y, o).unwrap_or(NaiveDate::MIN)),
        1 => any::<i32>().prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap_or(NaiveDate::MAX)),
        1 => select(vec![NaiveDate::MIN, NaiveDate::MAX]),
    ]
}

fn today() -> impl Strategy<Value = NaiveDate> {
    prop_oneof![4 => Just(d(2026, 3, 2)), 1 => date()]
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
}

// --- what accepted values must be -------------------------------------------------------------

fn clean(s: &str) -> bool {
    !s.chars().any(is_unseen)
}

fn in_register(date: NaiveDate) -> bool {
    (d(1900, 1, 1)..=d(2100, 12, 31)).contains(&date)
}

fn person_input() -> impl Strategy<Value = PersonInput> {
    let texts = (text_in(), text_in(), text_in(), text_in(), text_in(), text_in(), text_in(), text_in());
    let rest = (proptest::option::of(date()), proptest::option::of(date()), proptest::option::of(select(vec![Sex::Male, Sex::Female])));
    (texts, rest).prop_map(|((name, staff_no, id_number, unit, post, level, phone, notes), (birth_date, start_date, sex))| PersonInput {
        name,
        staff_no,
        id_number,
        sex,
        birth_date,
        unit,
        post,
        level,
        start_date,
        phone,
        notes,
    })
}

// Fixtures are built once: the shipped policy and calendar take milliseconds to read in debug.
static PRC: LazyLock<Policy> = LazyLock::new(|| Policy::builtin("prc-2024").expect("shipped policy"));
static CN: LazyLock<HolidayCalendar> = LazyLock::new(|| HolidayCalendar::builtin("cn").expect("shipped calendar"));
static RULES: LazyLock<TravelRules> = LazyLock::new(TravelRules::prc_default);
static PASSPORT: LazyLock<TravelDocument> = LazyLock::new(passport);
static REQUESTED: LazyLock<Trip> = LazyLock::new(requested_trip);

fn record() -> PersonRecord {
    PersonRecord {
        registered_on: d(2025, 3, 3),
        planned_start: d(2025, 4, 2),
        level_history: vec![LevelChange { level: LevelId("core".into()), effective: d(2025, 3, 3), reason: "post".into() }],
        state: LifecycleState::onboarding(),
        steps: vec![],
        trainings: vec![],
    }
}

fn passport() -> TravelDocument {
    let input = DocumentInput {
        kind: DocumentKind::Passport,
        number: "E12345678".into(),
        issued: Some(d(2024, 6, 1)),
        expires: Some(d(2034, 5, 31)),
        notes: String::new(),
    };
    let doc =
        TravelDocument::register(DocumentId::from_stored(1), PersonId::from_stored(1), &input, d(2025, 1, 10), "王保密", d(2026, 3, 2))
            .expect("fixture");
    let h = Handling { date: d(2025, 1, 10), by: "王保密", counterpart: "张三", today: d(2026, 3, 2) };
    doc.hand_in(&h, "保险柜1-3号格", &RULES).expect("fixture")
}

fn requested_trip() -> Trip {
    let input = TripInput {
        destinations: vec!["JP".into()],
        purpose: "探亲".into(),
        kind: Some(TripKind::Private),
        planned_departure: Some(d(2025, 9, 26)),
        planned_return: Some(d(2025, 10, 5)),
        document: Some(DocumentId::from_stored(1)),
        notes: String::new(),
    };
    Trip::request(
        TripId::from_stored(1),
        PersonId::from_stored(1),
        &input,
        d(2025, 9, 1),
        std::slice::from_ref(&*PASSPORT),
        &RULES,
        d(2026, 3, 2),
    )
    .expect("fixture")
}

/// Shipped file text with a stretch of characters replaced by `insert`.
fn mutated(text: &str, at: Index, cut: usize, insert: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let start = at.index(chars.len() + 1);
    let end = (start + cut).min(chars.len());
    chars[..start].iter().copied().chain(insert.chars()).chain(chars[end..].iter().copied()).collect()
}

fn file_text(builtin: &'static str) -> impl Strategy<Value = String> {
    prop_oneof![
        1 => any::<String>(),
        3 => (any::<Index>(), 0usize..30, text_in()).prop_map(move |(at, cut, insert)| mutated(builtin, at, cut, &insert)),
    ]
}

/// A refusal always says why.
fn gives_reasons<T>(r: &Result<T, DomainError>) -> bool {
    r.as_ref().err().is_none_or(|e| !e.errors.is_empty())
}

// --- the properties ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(CASES))]

    #[test]
    fn person_input_validates_or_refuses(p in person_input(), today in today(), free in any::<bool>(), days in any::<u64>()) {
        let levels = default_levels();
        let id_format = if free { IdFormat::FreeText } else { IdFormat::PrcResidentId };
        let rules = PersonRules { levels: &levels, id_format, default_start_days: days };
        match p.validate(&rules, today, today) {
            Ok(v) => {
                for s in [v.name(), v.staff_no(), v.id_number(), v.unit(), v.post(), v.phone(), v.notes()] {
                    prop_assert!(clean(s), "{s:?}");
                }
                prop_assert!(v.staff_no().is_ascii() && v.phone().is_ascii() && (free || v.id_number().is_ascii()));
                prop_assert!(v.birth_date().is_none_or(in_register));
            }
            Err(e) => prop_assert!(!e.errors.is_empty()),
        }
    }

    #[test]
    fn resident_ids_parse_or_refuse(raw in text_in(), today in today()) {
        if let Ok(id) = ResidentId::parse(&raw, today) {
            prop_assert_eq!(id.as_str().len(), 18);
            prop_assert!(id.as_str().bytes().all(|b| b.is_ascii_digit() || b == b'X'));
            prop_assert!(id.birth_date() <= today);
        }
    }

    #[test]
    fn text_validators_tidy_or_refuse(raw in text_in(), field in select(TEXT_FIELDS), required in any::<bool>()) {
        if let Ok(v) = text::check(field, &raw, required) {
            prop_assert!(clean(&v));
            prop_assert!(v.chars().count() <= field.max as usize);
            prop_assert!(!required || !v.is_empty());
            prop_assert!(field.multi_line || !v.contains('\n'));
        }
        for v in [text::operator_name(&raw), text::office_name(&raw), text::office_name_en(&raw)].into_iter().flatten() {
            prop_assert!(clean(&v));
        }
        let _ = text::shown(&raw);
    }

    #[test]
    fn typed_dates_parse_into_the_register_or_refuse(raw in text_in(), field in select(TEXT_FIELDS)) {
        if let Ok(date) = parse_date(field.name, &raw) {
            prop_assert!(in_register(date));
        }
    }

    #[test]
    fn dates_already_parsed_are_checked(date in date()) {
        prop_assert_eq!(check_date("date", date).is_ok(), in_register(date));
    }

    #[test]
    fn typed_numbers_normalise_or_refuse(raw in text_in()) {
        for v in [identifiers::staff_number(&raw), identifiers::phone_number(&raw), identifiers::document_number(&raw)].into_iter().flatten() {
            prop_assert!(v.is_ascii() && clean(&v), "{v:?}");
        }
        if let Ok(v) = identifiers::free_id_number(&raw) {
            prop_assert!(clean(&v) && !v.chars().any(|c| ('\u{FF01}'..='\u{FF5E}').contains(&c) || c == '\u{3000}'), "{v:?}");
        }
    }

    #[test]
    fn trip_requests_validate_or_refuse(
        destinations in vec(text_in(), 0..4),
        purpose in text_in(),
        notes in text_in(),
        kind in proptest::option::of(select(vec![TripKind::Official, TripKind::Private])),
        dates in (proptest::option::of(date()), proptest::option::of(date()), date(), today()),
        document in proptest::option::of(any::<i64>()),
    ) {
        let (planned_departure, planned_return, requested, today) = dates;
        let input = TripInput { destinations, purpose, kind, planned_departure, planned_return, document: document.map(DocumentId::from_stored), notes };
        let r = Trip::request(TripId::from_stored(1), PersonId::from_stored(1), &input, requested, std::slice::from_ref(&*PASSPORT), &RULES, today);
        prop_assert!(gives_reasons(&r));
        if let Ok(trip) = r {
            prop_assert!(clean(&trip.purpose) && clean(&trip.notes));
            prop_assert!(in_register(trip.planned_departure) && in_register(trip.planned_return));
        }
    }

    #[test]
    fn trip_steps_validate_or_refuse(texts in (text_in(), text_in(), text_in(), text_in()), dates in (date(), date(), today()), higher in any::<bool>()) {
        let (by, opinion, reason, note) = texts;
        let (date, new_return, today) = dates;
        let rules = &*RULES;
        let levels = vec![LevelChange { level: LevelId("general".into()), effective: d(2020, 1, 1), reason: "post".into() }];
        let traveller = Traveller { person: PersonId::from_stored(1), levels: &levels, decommissioning: None };
        let level = if higher { ApprovalLevel::Higher } else { ApprovalLevel::Standard };
        let decision = TripDecisionInput {
            by: by.clone(),
            date,
            level,
            personnel_opinion: opinion.clone(),
            secrecy_office_opinion: opinion,
            reason: reason.clone(),
        };
        let trip = &*REQUESTED;
        let _ = trip.refuse(&decision, rules, today);
        let _ = trip.withdraw(date, &by, &reason, today);
        if let Ok(approved) = trip.approve(&decision, &traveller, rules, today) {
            prop_assert!(clean(&approved.decision.as_ref().map(|d| d.by.clone()).unwrap_or_default()));
            let _ = approved.brief(date, &by, &note, today);
            let _ = approved.extend(&TripExtensionInput { date, new_return, reason, approver: by }, today);
        }
    }

    #[test]
    fn documents_register_and_move_or_refuse(
        texts in (text_in(), text_in(), text_in(), text_in(), text_in()),
        dates in (proptest::option::of(date()), proptest::option::of(date()), date(), today()),
    ) {
        let (number, notes, by, counterpart, location) = texts;
        let (issued, expires, registered, today) = dates;
        let input = DocumentInput { kind: DocumentKind::Passport, number, issued, expires, notes };
        let r = TravelDocument::register(DocumentId::from_stored(2), PersonId::from_stored(1), &input, registered, &by, today);
        prop_assert!(gives_reasons(&r));
        if let Ok(doc) = &r {
            prop_assert!(doc.number.is_ascii() && clean(&doc.notes));
            prop_assert!(in_register(doc.issued) && in_register(doc.expires));
        }
        let h = Handling { date: registered, by: &by, counterpart: &counterpart, today };
        let doc = &*PASSPORT;
        let _ = doc.hand_in(&h, &location, &RULES);
        let _ = doc.return_to_holder(&h, &location);
        let _ = doc.cancel(&h, &location);
        let _ = doc.refuse_to_return(&h, &counterpart);
    }

    #[test]
    fn training_sessions_validate_or_refuse(topic in text_in(), category in text_in(), hours in any::<u32>(), date in date(), today in today(), attendees in 0usize..3) {
        let category = if category.len() % 3 == 0 { "security".to_owned() } else { category };
        let session = TrainingSession { date, topic, hours, category };
        if let Ok(ok) = session.validate(&PRC, attendees, today) {
            prop_assert!((MIN_SESSION_HOURS..=MAX_SESSION_HOURS).contains(&ok.hours));
            prop_assert!(in_register(ok.date) && ok.date <= today);
            prop_assert!(clean(&ok.topic));
        }
    }

    #[test]
    fn personal_events_validate_or_refuse(kind in text_in(), action in text_in(), date in date(), today in today()) {
        let event = PersonalEvent { kind, date, action_taken: action, recorded_by: String::new() };
        if let Ok(ok) = event.validate(&record(), today) {
            prop_assert!(clean(&ok.kind) && clean(&ok.action_taken) && in_register(ok.date));
        }
    }

    #[test]
    fn returned_items_validate_or_refuse(lines in vec((text_in(), text_in(), text_in(), text_in(), proptest::option::of(date())), 0..4), today in today()) {
        let items: Vec<ReturnedItem> = lines
            .into_iter()
            .map(|(item, classification, number, received_by, returned_on)| ReturnedItem { item, classification, number, received_by, returned_on })
            .collect();
        if let Ok(ok) = validate_returned_items(&items, today) {
            prop_assert!(ok.iter().all(|i| clean(&i.item) && clean(&i.received_by)));
        }
    }

    #[test]
    fn transitions_and_steps_validate_or_refuse(texts in (text_in(), text_in(), text_in()), date in date(), today in today(), amount in any::<u32>(), unit in 0u8..4) {
        let (reason, operator, note) = texts;
        let (cal, policy) = (&*CN, &*PRC);
        let person = record();
        let _ = advance(&person, &Transition::StartDuty { date, override_reason: Some(reason.clone()) }, policy, cal, today);
        let _ = record_step(&person, policy, "security_review", date, &operator, &note, today);
        let mut departing = person.clone();
        departing.state.stage = Stage::OnDuty;
        departing.state.on_duty_since = Some(d(2025, 4, 1));
        if let Ok(a) = advance(&departing, &Transition::Depart { kind: DepartureKind::LeavePost, date }, policy, cal, today) {
            departing.state = a.state;
            let unit = [PeriodUnit::Days, PeriodUnit::WorkingDays, PeriodUnit::Months, PeriodUnit::Years][usize::from(unit)];
            let period = Some(Period::new(amount, unit));
            let start = Transition::StartDecommissioning { period, receiving_organisation: Some(reason) };
            let _ = advance(&departing, &start, policy, cal, today);
        }
    }

    #[test]
    fn levels_parse_and_change_or_refuse(raw in text_in(), reason in text_in(), effective in date(), today in today()) {
        let levels = default_levels();
        let _ = parse_level(&raw, &levels);
        let history = vec![LevelChange { level: LevelId("general".into()), effective: d(2024, 1, 1), reason: "post".into() }];
        if let Ok(change) = validate_change(&history, &raw, effective, &reason, today, &levels) {
            prop_assert!(clean(&change.reason) && in_register(change.effective));
        }
    }

    #[test]
    fn periods_parse_or_refuse(raw in text_in()) {
        if let Some(p) = Period::parse(&raw) {
            prop_assert_eq!(Period::parse(&p.to_string()), Some(p));
        }
    }

    #[test]
    fn countries_look_up_or_refuse(raw in text_in()) {
        if let Ok(code) = countries::parse_code(&raw) {
            prop_assert!(countries::get(&code).is_some());
        }
    }

    #[test]
    fn destinations_resolve_or_refuse_and_suggest_known_ones(raw in text_in()) {
        if let Ok(code) = countries::resolve(&raw) {
            prop_assert!(countries::get(&code).is_some());
        }
        for c in countries::suggest(&raw, 8) {
            prop_assert_eq!(countries::resolve(&c.code), Ok(c.code.clone()));
        }
    }

    #[test]
    fn a_phone_number_read_back_is_the_same(raw in text_in()) {
        if let Ok(stored) = clearance_domain::identifiers::phone_number(&raw) {
            for lang in [clearance_domain::Lang::ZhCn, clearance_domain::Lang::En] {
                let shown = clearance_domain::identifiers::phone_shown(&stored, lang);
                prop_assert_eq!(clearance_domain::identifiers::phone_number(&shown), Ok(stored.clone()));
            }
        }
    }

    #[test]
    fn search_keys_and_queries_fold_anything(raw in text_in()) {
        let _ = fold(&raw);
        let keys = SearchKeys::for_name(&raw);
        prop_assert!(!keys.folded.chars().any(char::is_whitespace));
    }
}

proptest! {
    #![proptest_config(config(POLICY_CASES))]

    #[test]
    fn policy_files_parse_or_refuse_with_a_position(text in prop_oneof![
        file_text(Policy::builtin_text("prc-2024").unwrap_or_default()),
        file_text(Policy::builtin_text("us-nispom").unwrap_or_default()),
    ]) {
        if let Err(e) = Policy::parse(&text) {
            prop_assert!(!e.code.is_empty());
            let _ = e.message(clearance_domain::Lang::ZhCn);
        }
    }
}

proptest! {
    #![proptest_config(config(CALENDAR_CASES))]

    #[test]
    fn calendar_files_parse_or_refuse_with_a_position(text in prop_oneof![
        file_text(HolidayCalendar::builtin_text("cn").unwrap_or_default()),
        file_text(HolidayCalendar::builtin_text("us").unwrap_or_default()),
    ]) {
        if let Ok(cal) = HolidayCalendar::parse(&text) {
            // A parsed calendar always finds a working day.
            let _ = cal.next_working_day(d(2025, 10, 1));
            let _ = cal.next_working_day(NaiveDate::MAX);
        }
    }
}

proptest! {
    #![proptest_config(config(LONG_CASES))]

    #[test]
    fn pages_of_text_are_refused_by_length_not_by_a_crash(page in long_text(), today in today()) {
        for field in TEXT_FIELDS {
            if let Ok(v) = text::check(*field, &page, false) {
                prop_assert!(v.chars().count() <= field.max as usize);
            }
        }
        let _ = ResidentId::parse(&page, today);
        let _ = parse_date("date", &page);
        let _ = identifiers::staff_number(&page);
        let _ = identifiers::document_number(&page);
        let _ = Period::parse(&page);
        let _ = countries::parse_code(&page);
        let _ = SearchKeys::for_name(&page);
        let levels = default_levels();
        let _ = parse_level(&page, &levels);
        let p = PersonInput { name: page.clone(), notes: page.clone(), id_number: page.clone(), ..PersonInput::default() };
        let rules = PersonRules { levels: &levels, id_format: IdFormat::PrcResidentId, default_start_days: 30 };
        prop_assert!(p.validate(&rules, today, today).is_err());
    }
}
