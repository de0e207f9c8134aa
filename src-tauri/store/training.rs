//! Past training sessions with their attendees, newest first (the Training screen's list).

use chrono::NaiveDate;
use clearance_domain::person::PersonId;

use super::db::query;
use super::{Result, Store};

/// One recorded session as stored, with how many attended.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub id: i64,
    pub date: NaiveDate,
    pub topic: String,
    pub hours: i64,
    pub category: String,
    pub recorded_by: String,
    pub attendees: i64,
}

/// An attendee of a session: who, as a list names them.
#[derive(Debug, Clone)]
pub struct AttendeeRow {
    pub session_id: i64,
    pub person: PersonId,
    pub name: String,
    pub staff_no: String,
    pub unit: String,
}

impl Store {
    /// A page of sessions, newest first (by date, then the latest recorded), and how many there
    /// are in all.
    pub async fn training_sessions(&self, offset: u32, limit: u32) -> Result<(Vec<SessionRow>, u32)> {
        let mut c = self.read().await?;
        let mut conn = c.conn();
        let total: i64 = conn.scalar(query("SELECT count(*) FROM training_session")).await?;
        let rows: Vec<SessionRow> = conn
            .fetch_all(
                query(
                    "SELECT s.id, s.date, s.topic, s.hours, s.category, s.recorded_by, \
             (SELECT count(*) FROM training_attendance a WHERE a.session_id = s.id) AS attendees \
             FROM training_session s ORDER BY s.date DESC, s.id DESC LIMIT ? OFFSET ?",
                )
                .bind(i64::from(limit))
                .bind(i64::from(offset)),
            )
            .await?;
        Ok((rows, u32::try_from(total).unwrap_or(u32::MAX)))
    }

    /// The attendees of the sessions `ids`, by session, each session's in name order.
    pub async fn training_attendees(&self, ids: &[i64]) -> Result<Vec<AttendeeRow>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut q = query(
            "SELECT a.session_id, p.id, p.name, p.staff_no, p.unit FROM training_attendance a \
             JOIN person p ON p.id = a.person_id WHERE a.session_id IN (",
        );
        q.push_binds(ids.iter().copied()).push(") ORDER BY a.session_id, p.name_pinyin, p.id");
        let rows: Vec<(i64, i64, String, String, String)> = self.db.fetch_all(q).await?;
        Ok(rows
            .into_iter()
            .map(|(session_id, id, name, staff_no, unit)| AttendeeRow {
                session_id,
                person: PersonId::from_stored(id),
                name,
                staff_no,
                unit,
            })
            .collect())
    }
}
