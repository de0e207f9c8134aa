//! The lifecycle: each person's stage and state, steps done, training sessions and attendance,
//! reportable personal events.

use super::db::{query, Conn};
use super::{Result, Store, StoreError, Tx};
use chrono::NaiveDate;
use clearance_domain::lifecycle::{LifecycleState, PersonRecord, PersonalEvent, Stage, StepRecord, TrainingAttendance, TrainingSession};
use clearance_domain::person::{Person, PersonId};

fn stage_text(stage: Stage) -> &'static str {
    match stage {
        Stage::Onboarding => "onboarding",
        Stage::OnDuty => "on_duty",
        Stage::Departing => "departing",
        Stage::Decommissioning => "decommissioning",
        Stage::Released => "released",
    }
}

async fn state(conn: &mut Conn<'_>, id: PersonId) -> Result<LifecycleState> {
    let json: Option<String> = conn.scalar_optional(query("SELECT state FROM lifecycle WHERE person_id = ?").bind(id.get())).await?;
    match json {
        None => Ok(LifecycleState::onboarding()),
        Some(j) => serde_json::from_str(&j).map_err(|e| StoreError::Corrupt(format!("lifecycle of person {id}: {e}"))),
    }
}

#[derive(sqlx::FromRow)]
struct StepRow {
    step_id: String,
    done_on: NaiveDate,
    recorded_by: String,
    note: String,
}

#[derive(sqlx::FromRow)]
struct TrainingRow {
    date: NaiveDate,
    hours: i64,
    category: String,
    topic: String,
}

#[derive(sqlx::FromRow)]
struct EventRow {
    kind: String,
    date: NaiveDate,
    action_taken: String,
    recorded_by: String,
}

async fn record(conn: &mut Conn<'_>, person: &Person) -> Result<PersonRecord> {
    let state = state(conn, person.id).await?;
    let steps: Vec<StepRow> = conn
        .fetch_all(
            query("SELECT step_id, done_on, recorded_by, note FROM step_record WHERE person_id = ? ORDER BY done_on, id")
                .bind(person.id.get()),
        )
        .await?;
    let trainings: Vec<TrainingRow> = conn
        .fetch_all(
            query(
                "SELECT s.date, s.hours, s.category, s.topic FROM training_attendance a JOIN training_session s ON s.id = a.session_id \
                 WHERE a.person_id = ? ORDER BY s.date, s.id",
            )
            .bind(person.id.get()),
        )
        .await?;
    Ok(PersonRecord {
        registered_on: person.registered_on,
        planned_start: person.start_date,
        level_history: person.level_history.clone(),
        state,
        steps: steps
            .into_iter()
            .map(|r| StepRecord { step_id: r.step_id, done_on: r.done_on, recorded_by: r.recorded_by, note: r.note })
            .collect(),
        trainings: trainings
            .into_iter()
            .map(|r| TrainingAttendance { date: r.date, hours: r.hours.max(0) as u32, category: r.category, topic: r.topic })
            .collect(),
    })
}

async fn events(conn: &mut Conn<'_>, id: PersonId) -> Result<Vec<PersonalEvent>> {
    let rows: Vec<EventRow> = conn
        .fetch_all(
            query("SELECT kind, date, action_taken, recorded_by FROM personal_event WHERE person_id = ? ORDER BY date, id").bind(id.get()),
        )
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| PersonalEvent { kind: r.kind, date: r.date, action_taken: r.action_taken, recorded_by: r.recorded_by })
        .collect())
}

impl Store {
    /// What the lifecycle rules read about `person`.
    pub async fn lifecycle_record(&self, person: &Person) -> Result<PersonRecord> {
        let mut c = self.read().await?;
        record(&mut c.conn(), person).await
    }

    pub async fn personal_events(&self, id: PersonId) -> Result<Vec<PersonalEvent>> {
        let mut c = self.read().await?;
        events(&mut c.conn(), id).await
    }

    /// Rows in each table of the lifecycle (for tests and checks that a refusal wrote nothing).
    pub async fn lifecycle_row_count(&self) -> Result<i64> {
        Ok(self
            .db
            .scalar(query(
                "SELECT (SELECT count(*) FROM lifecycle) + (SELECT count(*) FROM step_record) + (SELECT count(*) FROM training_session) \
                 + (SELECT count(*) FROM training_attendance) + (SELECT count(*) FROM personal_event)",
            ))
            .await?)
    }
}

impl Tx {
    pub async fn lifecycle_record(&mut self, person: &Person) -> Result<PersonRecord> {
        record(&mut self.conn(), person).await
    }

    /// Writes a person's lifecycle state whole (the stage column follows it).
    pub async fn save_lifecycle(&mut self, id: PersonId, state: &LifecycleState) -> Result<()> {
        let json = serde_json::to_string(state).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        self.conn()
            .execute(
                query(
                    "INSERT INTO lifecycle (person_id, stage, state) VALUES (?, ?, ?) \
                     ON CONFLICT (person_id) DO UPDATE SET stage = excluded.stage, state = excluded.state",
                )
                .bind(id.get())
                .bind(stage_text(state.stage))
                .bind(json),
            )
            .await?;
        Ok(())
    }

    pub async fn insert_step(&mut self, id: PersonId, step: &StepRecord) -> Result<()> {
        self.conn()
            .execute(
                query("INSERT INTO step_record (person_id, step_id, done_on, recorded_by, note) VALUES (?, ?, ?, ?, ?)")
                    .bind(id.get())
                    .bind(&step.step_id)
                    .bind(step.done_on)
                    .bind(&step.recorded_by)
                    .bind(&step.note),
            )
            .await?;
        Ok(())
    }

    /// A session and its attendees; returns the session's id.
    pub async fn insert_training(&mut self, session: &TrainingSession, recorded_by: &str, attendees: &[PersonId]) -> Result<i64> {
        let mut conn = self.conn();
        let sid: i64 = conn
            .scalar(
                query("INSERT INTO training_session (date, topic, hours, category, recorded_by) VALUES (?, ?, ?, ?, ?) RETURNING id")
                    .bind(session.date)
                    .bind(&session.topic)
                    .bind(i64::from(session.hours))
                    .bind(&session.category)
                    .bind(recorded_by),
            )
            .await?;
        for p in attendees {
            // A person named twice attends once (the primary key (session_id, person_id)).
            conn.execute(
                query("INSERT INTO training_attendance (session_id, person_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
                    .bind(sid)
                    .bind(p.get()),
            )
            .await?;
        }
        Ok(sid)
    }

    pub async fn insert_personal_event(&mut self, id: PersonId, event: &PersonalEvent) -> Result<()> {
        self.conn()
            .execute(
                query("INSERT INTO personal_event (person_id, kind, date, action_taken, recorded_by) VALUES (?, ?, ?, ?, ?)")
                    .bind(id.get())
                    .bind(&event.kind)
                    .bind(event.date)
                    .bind(&event.action_taken)
                    .bind(&event.recorded_by),
            )
            .await?;
        Ok(())
    }
}
