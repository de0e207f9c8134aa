//! The Training screen's list of past sessions (with their attendees and hours) and its
//! "everyone of this unit / level" choice of attendees.

use chrono::NaiveDate;
use clearance_domain::access::Operation;
use clearance_domain::lifecycle::Stage;
use clearance_domain::person::{PersonId, PersonSummary};
use clearance_domain::register::PeopleQuery;
use clearance_domain::FieldError;
use serde::Serialize;
use ts_rs::TS;

use super::Office;
use crate::error::AppResult;

/// The most people "everyone of this unit / level" chooses at once.
pub const MAX_PICK: u32 = 2000;

/// Sessions on one page of the list, at most.
pub const MAX_SESSIONS_PAGE: u32 = 100;

/// Who attended a session, as the list names them.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SessionAttendee {
    pub id: PersonId,
    pub name: String,
    pub staff_no: String,
    pub unit: String,
}

/// One past session: when, what, how many class hours, who recorded it and who attended.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct TrainingSessionRow {
    #[ts(type = "number")]
    pub id: i64,
    pub date: NaiveDate,
    pub topic: String,
    pub hours: u32,
    pub category: String,
    pub recorded_by: String,
    pub attendees: Vec<SessionAttendee>,
}

/// A page of past sessions, newest first, and how many there are in all.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct TrainingSessionsPage {
    pub rows: Vec<TrainingSessionRow>,
    pub total: u32,
}

impl Office {
    /// Past sessions, newest first, `limit` (at most [`MAX_SESSIONS_PAGE`]) from `offset`.
    pub async fn training_sessions(&self, offset: u32, limit: u32) -> AppResult<TrainingSessionsPage> {
        self.allow(Operation::Read).await?;
        let (sessions, total) = self.store.training_sessions(offset, limit.clamp(1, MAX_SESSIONS_PAGE)).await?;
        let ids: Vec<i64> = sessions.iter().map(|s| s.id).collect();
        let mut attendees = self.store.training_attendees(&ids).await?;
        let rows = sessions
            .into_iter()
            .map(|s| {
                let (mine, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut attendees).into_iter().partition(|a| a.session_id == s.id);
                attendees = rest;
                TrainingSessionRow {
                    id: s.id,
                    date: s.date,
                    topic: s.topic,
                    hours: u32::try_from(s.hours).unwrap_or(0),
                    category: s.category,
                    recorded_by: s.recorded_by,
                    attendees: mine
                        .into_iter()
                        .map(|a| SessionAttendee { id: a.person, name: a.name, staff_no: a.staff_no, unit: a.unit })
                        .collect(),
                }
            })
            .collect();
        Ok(TrainingSessionsPage { rows, total })
    }

    /// Everyone the query's filters match who can attend a session (not archived, not
    /// released), in the query's order: the Training screen's "everyone of this unit / level".
    /// Refused, naming the count, when more than [`MAX_PICK`] match.
    pub async fn people_pick(&self, query: &PeopleQuery) -> AppResult<Vec<PersonSummary>> {
        self.allow(Operation::Read).await?;
        let query = PeopleQuery { include_archived: false, ..query.clone() };
        let page = self.store.people_up_to(&query, None, MAX_PICK + 1).await?;
        let rows: Vec<PersonSummary> = page.rows.into_iter().filter(|p| p.stage != Some(Stage::Released)).collect();
        if rows.len() > MAX_PICK as usize {
            return Err(FieldError::new("attendees", "training.too_many").with("count", page.total).with("max", MAX_PICK).into());
        }
        Ok(rows)
    }
}
