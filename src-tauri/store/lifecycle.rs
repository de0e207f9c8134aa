//! The lifecycle: each person's stage and state, steps done, training sessions and attendance,
//! reportable personal events.

use chrono::NaiveDate;
use clearance_domain::lifecycle::{LifecycleState, PersonRecord, PersonalEvent, Stage, StepRecord, TrainingAttendance, TrainingSession};
use clearance_domain::person::{Person, PersonId};
use sqlx::SqliteConnection;

use super::{Result, Store, StoreError, Tx};

fn stage_text(stage: Stage) -> &'static str {
    match stage {
        Stage::Onboarding => "onboarding",
        Stage::OnDuty => "on_duty",
        Stage::Departing => "departing",
        Stage::Decommissioning => "decommissioning",
        Stage::Released => "released",
    }
}

async fn state(conn: &mut SqliteConnection, id: PersonId) -> Result<LifecycleState> {
    let json: Option<String> =
        sqlx::query_scalar("SELECT state FROM lifecycle WHERE person_id = ?").bind(id.get()).fetch_optional(&mut *conn).await?;
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

async fn record(conn: &mut SqliteConnection, person: &Person) -> Result<PersonRecord> {
    let state = state(conn, person.id).await?;
    let steps: Vec<StepRow> =
        sqlx::query_as("SELECT step_id, done_on, recorded_by, note FROM step_record WHERE person_id = ? ORDER BY done_on, id")
            .bind(person.id.get())
            .fetch_all(&mut *conn)
            .await?;
    let trainings: Vec<TrainingRow> = sqlx::query_as(
        "SELECT s.date, s.hours, s.category, s.topic FROM training_attendance a JOIN training_session s ON s.id = a.session_id \
         WHERE a.person_id = ? ORDER BY s.date, s.id",
    )
    .bind(person.id.get())
    .fetch_all(&mut *conn)
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

async fn events(conn: &mut SqliteConnection, id: PersonId) -> Result<Vec<PersonalEvent>> {
    let rows: Vec<EventRow> =
        sqlx::query_as("SELECT kind, date, action_taken, recorded_by FROM personal_event WHERE person_id = ? ORDER BY date, id")
            .bind(id.get())
            .fetch_all(conn)
            .await?;
    Ok(rows
        .into_iter()
        .map(|r| PersonalEvent { kind: r.kind, date: r.date, action_taken: r.action_taken, recorded_by: r.recorded_by })
        .collect())
}

impl Store {
    /// What the lifecycle rules read about `person`.
    pub async fn lifecycle_record(&self, person: &Person) -> Result<PersonRecord> {
        let mut conn = self.pool.acquire().await?;
        record(&mut conn, person).await
    }

    pub async fn personal_events(&self, id: PersonId) -> Result<Vec<PersonalEvent>> {
        let mut conn = self.pool.acquire().await?;
        events(&mut conn, id).await
    }

    /// Rows in each table of the lifecycle (for tests and checks that a refusal wrote nothing).
    pub async fn lifecycle_row_count(&self) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "SELECT (SELECT count(*) FROM lifecycle) + (SELECT count(*) FROM step_record) + (SELECT count(*) FROM training_session) \
             + (SELECT count(*) FROM training_attendance) + (SELECT count(*) FROM personal_event)",
        )
        .fetch_one(&self.pool)
        .await?)
    }
}

impl Tx {
    pub async fn lifecycle_record(&mut self, person: &Person) -> Result<PersonRecord> {
        record(&mut self.tx, person).await
    }

    /// Writes a person's lifecycle state whole (the stage column follows it).
    pub async fn save_lifecycle(&mut self, id: PersonId, state: &LifecycleState) -> Result<()> {
        let json = serde_json::to_string(state).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        sqlx::query(
            "INSERT INTO lifecycle (person_id, stage, state) VALUES (?, ?, ?) \
             ON CONFLICT (person_id) DO UPDATE SET stage = excluded.stage, state = excluded.state",
        )
        .bind(id.get())
        .bind(stage_text(state.stage))
        .bind(json)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    pub async fn insert_step(&mut self, id: PersonId, step: &StepRecord) -> Result<()> {
        sqlx::query("INSERT INTO step_record (person_id, step_id, done_on, recorded_by, note) VALUES (?, ?, ?, ?, ?)")
            .bind(id.get())
            .bind(&step.step_id)
            .bind(step.done_on)
            .bind(&step.recorded_by)
            .bind(&step.note)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    /// A session and its attendees; returns the session's id.
    pub async fn insert_training(&mut self, session: &TrainingSession, recorded_by: &str, attendees: &[PersonId]) -> Result<i64> {
        let sid: i64 = sqlx::query_scalar(
            "INSERT INTO training_session (date, topic, hours, category, recorded_by) VALUES (?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(session.date)
        .bind(&session.topic)
        .bind(i64::from(session.hours))
        .bind(&session.category)
        .bind(recorded_by)
        .fetch_one(&mut *self.tx)
        .await?;
        for p in attendees {
            sqlx::query("INSERT OR IGNORE INTO training_attendance (session_id, person_id) VALUES (?, ?)")
                .bind(sid)
                .bind(p.get())
                .execute(&mut *self.tx)
                .await?;
        }
        Ok(sid)
    }

    pub async fn insert_personal_event(&mut self, id: PersonId, event: &PersonalEvent) -> Result<()> {
        sqlx::query("INSERT INTO personal_event (person_id, kind, date, action_taken, recorded_by) VALUES (?, ?, ?, ?, ?)")
            .bind(id.get())
            .bind(&event.kind)
            .bind(event.date)
            .bind(&event.action_taken)
            .bind(&event.recorded_by)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }
}
