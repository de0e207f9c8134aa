//! A cleared person as the register holds them, and the checks an entry must pass.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::date::check_date;
use crate::error::{DomainError, Errors, FieldError};
use crate::id_card::{self, ResidentId, Sex};
use crate::level::{level_at, parse_level, LevelChange, LevelDef, LevelId};
use crate::limits::{NAME, NOTES, POST, REASON, UNIT};
use crate::search::SearchKeys;
use crate::{identifiers, text};

crate::ids::record_id! {
    /// A person in the register.
    PersonId
}

/// A person as someone types them at the command line: a staff number (`1024`, `BJ-0001`), or
/// the register's internal id written `#42`. A bare number is always a staff number — numeric
/// staff numbers are the most common kind, and reading `1` as "id 1" would act on someone else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PersonRef {
    Id(PersonId),
    StaffNo(String),
}

impl PersonRef {
    pub fn parse(text: &str) -> Result<PersonRef, FieldError> {
        let trimmed = text.trim();
        let refused = || FieldError::new("person", "person.reference").with("value", trimmed);
        if let Some(id) = trimmed.strip_prefix('#').or_else(|| trimmed.strip_prefix('＃')) {
            return match id.trim().parse::<i64>() {
                Ok(n) if n > 0 => Ok(PersonRef::Id(PersonId(n))),
                _ => Err(refused()),
            };
        }
        identifiers::staff_number(trimmed).map(PersonRef::StaffNo).map_err(|_| refused())
    }
}

impl std::fmt::Display for PersonRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PersonRef::Id(id) => write!(f, "#{id}"),
            PersonRef::StaffNo(no) => f.write_str(no),
        }
    }
}

/// How the register checks ID-document numbers: the PRC policy checks resident IDs; other
/// regimes keep whatever document number the office uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdFormat {
    PrcResidentId,
    FreeText,
}

/// What the rules need to know to check an entry.
pub struct PersonRules<'a> {
    pub levels: &'a [LevelDef],
    pub id_format: IdFormat,
    /// Days from registration to the planned start on the post when none is given.
    pub default_start_days: u64,
}

/// A person as typed into the add or edit dialog (or given to the CLI): raw text, not yet checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PersonInput {
    pub name: String,
    pub staff_no: String,
    pub id_number: String,
    pub sex: Option<Sex>,
    pub birth_date: Option<NaiveDate>,
    pub unit: String,
    pub post: String,
    /// Only read when adding: an edit changes the level through a dated level change.
    pub level: String,
    pub start_date: Option<NaiveDate>,
    pub phone: String,
    pub notes: String,
}

/// An entry that passed every check, normalised, with its search keys. Only
/// [`PersonInput::validate`] builds one, so whatever the store writes has passed the rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidPerson {
    pub(crate) name: String,
    pub(crate) staff_no: String,
    pub(crate) id_number: String,
    pub(crate) sex: Option<Sex>,
    pub(crate) birth_date: Option<NaiveDate>,
    pub(crate) unit: String,
    pub(crate) post: String,
    pub(crate) level: LevelId,
    pub(crate) start_date: NaiveDate,
    pub(crate) phone: String,
    pub(crate) notes: String,
    pub(crate) keys: SearchKeys,
}

impl ValidPerson {
    pub fn name(&self) -> &str {
        &self.name
    }
    pub fn staff_no(&self) -> &str {
        &self.staff_no
    }
    pub fn id_number(&self) -> &str {
        &self.id_number
    }
    pub fn sex(&self) -> Option<Sex> {
        self.sex
    }
    pub fn birth_date(&self) -> Option<NaiveDate> {
        self.birth_date
    }
    pub fn unit(&self) -> &str {
        &self.unit
    }
    pub fn post(&self) -> &str {
        &self.post
    }
    pub fn level(&self) -> &LevelId {
        &self.level
    }
    pub fn start_date(&self) -> NaiveDate {
        self.start_date
    }
    pub fn phone(&self) -> &str {
        &self.phone
    }
    pub fn notes(&self) -> &str {
        &self.notes
    }
    pub fn keys(&self) -> &SearchKeys {
        &self.keys
    }
}

/// A person in the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Person {
    pub id: PersonId,
    pub name: String,
    pub staff_no: String,
    pub id_number: String,
    pub sex: Option<Sex>,
    pub birth_date: Option<NaiveDate>,
    pub unit: String,
    pub post: String,
    /// The level in force today.
    pub level: LevelId,
    pub start_date: NaiveDate,
    pub phone: String,
    pub notes: String,
    pub registered_on: NaiveDate,
    pub archived: Option<Archival>,
    pub level_history: Vec<LevelChange>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Archival {
    pub on: NaiveDate,
    pub reason: String,
}

impl Person {
    pub fn level_on(&self, date: NaiveDate) -> Option<&LevelId> {
        level_at(&self.level_history, date)
    }

    /// The person as the edit dialog starts from.
    pub fn to_input(&self) -> PersonInput {
        PersonInput {
            name: self.name.clone(),
            staff_no: self.staff_no.clone(),
            id_number: self.id_number.clone(),
            sex: self.sex,
            birth_date: self.birth_date,
            unit: self.unit.clone(),
            post: self.post.clone(),
            level: self.level.0.clone(),
            start_date: Some(self.start_date),
            phone: self.phone.clone(),
            notes: self.notes.clone(),
        }
    }
}

/// A row of the people table: what a list may show (the ID number masked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PersonSummary {
    pub id: PersonId,
    pub name: String,
    pub staff_no: String,
    pub id_number_masked: String,
    pub unit: String,
    pub post: String,
    pub level: LevelId,
    pub start_date: NaiveDate,
    pub archived: bool,
    /// The lifecycle stage (the people table's column; absent where a list does not say).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub stage: Option<crate::lifecycle::Stage>,
    /// The day the person went on duty, once they have.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub on_duty_since: Option<NaiveDate>,
    /// The next due item, when the person has one open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub next_due: Option<crate::register::NextDue>,
}

impl From<&Person> for PersonSummary {
    fn from(p: &Person) -> Self {
        PersonSummary {
            id: p.id,
            name: p.name.clone(),
            staff_no: p.staff_no.clone(),
            id_number_masked: id_card::mask(&p.id_number),
            unit: p.unit.clone(),
            post: p.post.clone(),
            level: p.level.clone(),
            start_date: p.start_date,
            archived: p.archived.is_some(),
            stage: None,
            on_duty_since: None,
            next_due: None,
        }
    }
}

impl PersonInput {
    /// Checks every field and reports every fault at once. `registered_on` is the day the entry
    /// was (or is being) registered: the default planned start is counted from it.
    pub fn validate(&self, rules: &PersonRules, registered_on: NaiveDate, today: NaiveDate) -> Result<ValidPerson, DomainError> {
        let mut errors = Errors::default();
        let name = errors.take(text::required(NAME, &self.name));
        let staff_no = errors.take(identifiers::staff_number(&self.staff_no));
        let unit = errors.take(text::required(UNIT, &self.unit));
        let post = errors.take(text::optional(POST, &self.post));
        let level = errors.take(parse_level(&self.level, rules.levels));
        let phone = errors.take(identifiers::phone_number(&self.phone));
        let notes = errors.take(text::optional(NOTES, &self.notes));
        let given_birth = self.birth_date.and_then(|d| errors.take(check_date("birth_date", d)));
        let given_start = self.start_date.and_then(|d| errors.take(check_date("start_date", d)));

        let mut sex = self.sex;
        let mut birth_date = given_birth;
        let id_number = match rules.id_format {
            IdFormat::PrcResidentId => errors.take(ResidentId::parse(&self.id_number, today)).map(|id| {
                if given_birth.is_some_and(|d| d != id.birth_date()) {
                    errors.push(FieldError::new("birth_date", "birth_date.mismatch").with("expected", id.birth_date()));
                }
                if self.sex.is_some_and(|s| s != id.sex()) {
                    errors.push(FieldError::new("sex", "sex.mismatch"));
                }
                sex = Some(id.sex());
                birth_date = Some(id.birth_date());
                id.as_str().to_owned()
            }),
            IdFormat::FreeText => errors.take(identifiers::free_id_number(&self.id_number)),
        };
        if birth_date.is_some_and(|d| d > today) {
            errors.push(FieldError::new("birth_date", "birth_date.future"));
        }
        let start_date =
            given_start.unwrap_or_else(|| registered_on.checked_add_days(Days::new(rules.default_start_days)).unwrap_or(registered_on));

        errors.finish(|| {
            let name = name.unwrap_or_default();
            ValidPerson {
                keys: SearchKeys::for_name(&name),
                name,
                staff_no: staff_no.unwrap_or_default(),
                id_number: id_number.unwrap_or_default(),
                sex,
                birth_date,
                unit: unit.unwrap_or_default(),
                post: post.unwrap_or_default(),
                level: level.unwrap_or_else(|| LevelId(String::new())),
                start_date,
                phone: phone.unwrap_or_default(),
                notes: notes.unwrap_or_default(),
            }
        })
    }
}

/// Checks an archive or unarchive request against the person's state.
pub fn validate_archive(person: &Person, reason: &str) -> Result<String, DomainError> {
    if person.archived.is_some() {
        return Err(FieldError::general("person.archived").into());
    }
    Ok(text::required(REASON, reason)?)
}

pub fn validate_unarchive(person: &Person) -> Result<(), DomainError> {
    if person.archived.is_none() {
        return Err(FieldError::general("person.not_archived").into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::level::default_levels;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn input() -> PersonInput {
        PersonInput {
            name: " 张三 ".into(),
            staff_no: "bj-0001".into(),
            id_number: "440304198506171238".into(),
            unit: "保密办".into(),
            level: "core".into(),
            ..Default::default()
        }
    }

    fn check(p: &PersonInput) -> Result<ValidPerson, DomainError> {
        let levels = default_levels();
        let rules = PersonRules { levels: &levels, id_format: IdFormat::PrcResidentId, default_start_days: 30 };
        p.validate(&rules, d(2026, 11, 27), d(2026, 11, 27))
    }

    #[test]
    fn normalises_and_derives_from_the_id() {
        let v = check(&input()).unwrap();
        assert_eq!(v.name, "张三");
        assert_eq!(v.staff_no, "BJ-0001");
        assert_eq!(v.birth_date, Some(d(1985, 6, 17)));
        assert_eq!(v.sex, Some(Sex::Male));
        // 27 Nov 2026 + 30 days = 27 Dec 2026.
        assert_eq!(v.start_date, d(2026, 12, 27));
        assert_eq!(v.keys.initials, "zs");
    }

    #[test]
    fn reports_every_faulty_field_at_once() {
        let p = PersonInput { name: "  ".into(), id_number: "440304198506171230".into(), level: "top".into(), ..input() };
        let err = check(&p).unwrap_err();
        let fields: Vec<_> = err.errors.iter().filter_map(|e| e.field.as_deref()).collect();
        assert_eq!(fields, ["name", "level", "id_number"]);
        assert!(err.has("id_number.checksum"));
    }

    #[test]
    fn birth_date_and_sex_must_agree_with_the_id() {
        let p = PersonInput { birth_date: Some(d(1985, 6, 18)), sex: Some(Sex::Female), ..input() };
        let err = check(&p).unwrap_err();
        assert!(err.has("birth_date.mismatch") && err.has("sex.mismatch"));
    }

    #[test]
    fn free_text_documents_are_kept_as_typed() {
        let levels = default_levels();
        let rules = PersonRules { levels: &levels, id_format: IdFormat::FreeText, default_start_days: 30 };
        let p = PersonInput { id_number: "DL 1234-5678".into(), ..input() };
        assert_eq!(p.validate(&rules, d(2026, 1, 1), d(2026, 1, 1)).unwrap().id_number, "DL 1234-5678");
    }

    #[test]
    fn a_bare_number_is_a_staff_number_and_hash_names_an_internal_id() {
        assert_eq!(PersonRef::parse(" 1 "), Ok(PersonRef::StaffNo("1".into())));
        assert_eq!(PersonRef::parse("bj-0001"), Ok(PersonRef::StaffNo("BJ-0001".into())));
        assert_eq!(PersonRef::parse("#42"), Ok(PersonRef::Id(PersonId(42))));
        assert_eq!(PersonRef::parse("# 7"), Ok(PersonRef::Id(PersonId(7))));
        for bad in ["", "#", "#0", "#-3", "#abc", "张三", "A 1"] {
            assert_eq!(PersonRef::parse(bad).unwrap_err().code, "person.reference", "{bad:?}");
        }
    }

    #[test]
    fn numbers_typed_in_full_width_are_stored_as_ascii() {
        let p = PersonInput {
            id_number: "４４０３０４１９８５０６１７１２３８".into(),
            staff_no: "１０２４".into(),
            phone: "１３８ ００１３ ８０００".into(),
            ..input()
        };
        let v = check(&p).unwrap();
        assert_eq!(v.id_number, "440304198506171238");
        assert_eq!(v.staff_no, "1024");
        assert_eq!(v.phone, "138 0013 8000");
    }

    #[test]
    fn an_id_number_with_a_chinese_character_is_refused_not_a_crash() {
        let err = check(&PersonInput { id_number: "4403041985061712中8".into(), ..input() }).unwrap_err();
        assert!(err.has("id_number.character"));
        assert_eq!(err.message(crate::Lang::ZhCn), "身份证号码第 17 位“中”无效:前 17 位应为数字,末位为数字或 X");
    }

    #[test]
    fn names_with_invisible_characters_are_refused_and_rare_characters_kept() {
        let err = check(&PersonInput { name: "\u{202E}".into(), ..input() }).unwrap_err();
        assert_eq!((err.errors[0].field.as_deref(), err.code()), (Some("name"), "text.invisible"));
        assert!(check(&PersonInput { name: "张\u{200B}三".into(), ..input() }).unwrap_err().has("text.invisible"));
        assert!(check(&PersonInput { unit: "保密办\u{2066}".into(), ..input() }).unwrap_err().has("text.invisible"));
        for name in ["王喆", "李堃", "𠀀", "阿依古丽·买买提"] {
            assert_eq!(check(&PersonInput { name: name.into(), ..input() }).unwrap().name, name);
        }
        let err = check(&PersonInput { name: "张".repeat(101), ..input() }).unwrap_err();
        assert_eq!((err.code(), err.errors[0].params["max"].as_str()), ("too_long", "100"));
    }

    #[test]
    fn dates_outside_1900_to_2100_are_refused() {
        let levels = default_levels();
        let rules = PersonRules { levels: &levels, id_format: IdFormat::FreeText, default_start_days: 30 };
        let free = PersonInput { id_number: "DL 1".into(), ..input() };
        let p = PersonInput { birth_date: Some(d(26, 1, 1)), start_date: Some(d(2101, 1, 1)), ..free.clone() };
        let err = p.validate(&rules, d(2026, 1, 1), d(2026, 1, 1)).unwrap_err();
        let fields: Vec<_> = err.errors.iter().map(|e| (e.field.as_deref().unwrap_or(""), e.code.as_str())).collect();
        assert_eq!(fields, [("birth_date", "date.out_of_range"), ("start_date", "date.out_of_range")]);
        let p = PersonInput { birth_date: Some(d(1900, 1, 1)), start_date: Some(d(2100, 12, 31)), ..free };
        assert!(p.validate(&rules, d(2026, 1, 1), d(2026, 1, 1)).is_ok());
    }

    #[test]
    fn archive_reasons_are_checked_text() {
        let person = Person {
            id: PersonId(1),
            name: "张三".into(),
            staff_no: "1".into(),
            id_number: "440304198506171238".into(),
            sex: None,
            birth_date: None,
            unit: "保密办".into(),
            post: String::new(),
            level: LevelId("core".into()),
            start_date: d(2026, 1, 1),
            phone: String::new(),
            notes: String::new(),
            registered_on: d(2026, 1, 1),
            archived: None,
            level_history: vec![],
        };
        assert_eq!(validate_archive(&person, " 调离 ").unwrap(), "调离");
        assert_eq!(validate_archive(&person, "\u{FEFF}").unwrap_err().code(), "text.invisible");
        assert_eq!(validate_archive(&person, "").unwrap_err().code(), "required");
    }

    #[test]
    fn phone_and_staff_number_formats() {
        assert!(check(&PersonInput { phone: "+86 (10) 6512-3456".into(), ..input() }).is_ok());
        assert!(check(&PersonInput { phone: "call me".into(), ..input() }).unwrap_err().has("phone.format"));
        assert!(check(&PersonInput { staff_no: "A 1".into(), ..input() }).unwrap_err().has("staff_no.format"));
    }
}
