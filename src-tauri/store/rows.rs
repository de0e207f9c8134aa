//! Database rows and their conversion to the domain's types.

use chrono::NaiveDate;
use clearance_domain::id_card::mask;
use clearance_domain::id_card::Sex;
use clearance_domain::level::{level_at, LevelChange, LevelId};
use clearance_domain::person::{Archival, Person, PersonId, PersonSummary};

use super::StoreError;

#[derive(sqlx::FromRow)]
pub(super) struct PersonRow {
    pub id: i64,
    pub name: String,
    pub staff_no: String,
    pub id_number: String,
    pub sex: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub unit: String,
    pub post: String,
    pub level: String,
    pub start_date: NaiveDate,
    pub phone: String,
    pub notes: String,
    pub registered_on: NaiveDate,
    pub archived_on: Option<NaiveDate>,
    pub archive_reason: Option<String>,
}

pub(super) const PERSON_COLUMNS: &str = "id, name, staff_no, id_number, sex, birth_date, unit, post, level, start_date, \
     phone, notes, registered_on, archived_on, archive_reason";

#[derive(sqlx::FromRow)]
pub(super) struct LevelChangeRow {
    pub level: String,
    pub effective: NaiveDate,
    pub reason: String,
}

impl From<LevelChangeRow> for LevelChange {
    fn from(r: LevelChangeRow) -> Self {
        LevelChange { level: LevelId(r.level), effective: r.effective, reason: r.reason }
    }
}

pub(super) fn sex_text(sex: Option<Sex>) -> Option<&'static str> {
    sex.map(|s| match s {
        Sex::Male => "male",
        Sex::Female => "female",
    })
}

fn parse_sex(text: Option<&str>) -> Result<Option<Sex>, StoreError> {
    match text {
        None => Ok(None),
        Some("male") => Ok(Some(Sex::Male)),
        Some("female") => Ok(Some(Sex::Female)),
        Some(other) => Err(StoreError::Corrupt(format!("sex {other:?}"))),
    }
}

impl PersonRow {
    pub fn into_person(self, level_history: Vec<LevelChange>, today: NaiveDate) -> Result<Person, StoreError> {
        let level = level_at(&level_history, today).cloned().unwrap_or(LevelId(self.level));
        Ok(Person {
            id: PersonId::from_stored(self.id),
            sex: parse_sex(self.sex.as_deref())?,
            name: self.name,
            staff_no: self.staff_no,
            id_number: self.id_number,
            birth_date: self.birth_date,
            unit: self.unit,
            post: self.post,
            level,
            start_date: self.start_date,
            phone: self.phone,
            notes: self.notes,
            registered_on: self.registered_on,
            archived: self.archived_on.map(|on| Archival { on, reason: self.archive_reason.unwrap_or_default() }),
            level_history,
        })
    }

    pub fn into_summary(self) -> PersonSummary {
        PersonSummary {
            id: PersonId::from_stored(self.id),
            id_number_masked: mask(&self.id_number),
            name: self.name,
            staff_no: self.staff_no,
            unit: self.unit,
            post: self.post,
            level: LevelId(self.level),
            start_date: self.start_date,
            archived: self.archived_on.is_some(),
            stage: None,
            on_duty_since: None,
            next_due: None,
        }
    }
}
