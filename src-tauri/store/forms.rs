//! The issued-forms register: every printed form, its number, content hash and verification
//! code, and whether the signed copy came back (with its scan).

use chrono::NaiveDate;
use clearance_domain::form::{FormKind, FormNumber};
use clearance_domain::person::PersonId;
use clearance_domain::travel::TripId;
use serde::Serialize;
use ts_rs::TS;

use super::db::{self, query, Conn};
use super::{Result, Store, StoreError, Tx};

/// One issued form as the register lists it (the content it printed is kept apart: see
/// [`Store::issued_form_content`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct IssuedForm {
    pub number: FormNumber,
    pub kind: FormKind,
    pub person_id: Option<PersonId>,
    /// The person's name and staff number today (the printed ones are in the content).
    pub person_name: Option<String>,
    pub staff_no: Option<String>,
    pub trip_id: Option<TripId>,
    pub template_version: String,
    pub issued_on: NaiveDate,
    pub operator: String,
    pub content_hash: String,
    pub verification_code: String,
    pub received_on: Option<NaiveDate>,
    /// The scan of the signed copy, relative to the database's folder.
    pub scan_path: Option<String>,
    pub scan_sha256: Option<String>,
    /// The day the form was voided (its number stays used; the paper is no longer valid).
    pub voided_on: Option<NaiveDate>,
    /// Why it was voided, as the operator wrote it.
    pub void_reason: Option<String>,
    /// Who voided it.
    pub voided_by: Option<String>,
}

impl IssuedForm {
    /// What the register knows of the form's paper: out, back signed, or voided.
    pub fn state(&self) -> FormState {
        if self.voided_on.is_some() {
            FormState::Voided
        } else if self.received_on.is_some() {
            FormState::Received
        } else {
            FormState::Outstanding
        }
    }
}

/// Where an issued form stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum FormState {
    /// Issued, its signed copy not back yet.
    Outstanding,
    /// The signed copy came back.
    Received,
    /// Voided: the number is used, the paper is no longer valid.
    Voided,
}

/// A form about to be registered.
#[derive(Debug, Clone)]
pub struct NewIssuedForm {
    pub number: FormNumber,
    pub kind: FormKind,
    pub person_id: Option<PersonId>,
    pub trip_id: Option<TripId>,
    pub template_version: String,
    pub issued_on: NaiveDate,
    pub operator: String,
    pub content_hash: String,
    pub verification_code: String,
    /// The form's data as rendered, JSON.
    pub content: String,
}

/// Which issued forms to list.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, TS)]
#[ts(export)]
pub struct FormsQuery {
    /// `Some(true)`: only those whose signed copy came back; `Some(false)`: only those still out
    /// (neither back nor voided).
    #[serde(default)]
    pub returned: Option<bool>,
    /// `Some(true)`: only voided forms; `Some(false)`: none of them.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub voided: Option<bool>,
    #[serde(default)]
    pub person_id: Option<PersonId>,
    #[serde(default)]
    pub offset: u32,
    /// At most 500; 0 means 100.
    #[serde(default)]
    pub limit: u32,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct FormsPage {
    pub rows: Vec<IssuedForm>,
    pub total: i64,
}

#[derive(sqlx::FromRow)]
struct IssuedFormRow {
    // BIGINT on PostgreSQL (INTEGER on SQLite): read as i64 on both.
    year: i64,
    seq: i64,
    kind: String,
    person_id: Option<i64>,
    person_name: Option<String>,
    staff_no: Option<String>,
    trip_id: Option<i64>,
    template_version: String,
    issued_on: NaiveDate,
    operator: String,
    content_hash: String,
    verification_code: String,
    received_on: Option<NaiveDate>,
    scan_path: Option<String>,
    scan_sha256: Option<String>,
    voided_on: Option<NaiveDate>,
    void_reason: Option<String>,
    voided_by: Option<String>,
}

impl TryFrom<IssuedFormRow> for IssuedForm {
    type Error = StoreError;

    fn try_from(r: IssuedFormRow) -> Result<Self> {
        let number = i32::try_from(r.year)
            .ok()
            .zip(u32::try_from(r.seq).ok())
            .and_then(|(year, seq)| FormNumber::new(year, seq))
            .ok_or_else(|| StoreError::Corrupt(format!("issued form {}-{}", r.year, r.seq)))?;
        let kind = r.kind.parse::<FormKind>().map_err(|e| StoreError::Corrupt(format!("issued form {number}: {e}")))?;
        Ok(IssuedForm {
            number,
            kind,
            person_id: r.person_id.map(PersonId::from_stored),
            person_name: r.person_name,
            staff_no: r.staff_no,
            trip_id: r.trip_id.map(TripId::from_stored),
            template_version: r.template_version,
            issued_on: r.issued_on,
            operator: r.operator,
            content_hash: r.content_hash,
            verification_code: r.verification_code,
            received_on: r.received_on,
            scan_path: r.scan_path,
            scan_sha256: r.scan_sha256,
            voided_on: r.voided_on,
            void_reason: r.void_reason,
            voided_by: r.voided_by,
        })
    }
}

const SELECT: &str = "SELECT f.year, f.seq, f.kind, f.person_id, p.name AS person_name, p.staff_no, f.trip_id, f.template_version, \
     f.issued_on, f.operator, f.content_hash, f.verification_code, f.received_on, f.scan_path, f.scan_sha256, \
     f.voided_on, f.void_reason, f.voided_by FROM issued_form f LEFT JOIN person p ON p.id = f.person_id";

async fn by_number(conn: &mut Conn<'_>, number: FormNumber) -> Result<Option<IssuedForm>> {
    let row: Option<IssuedFormRow> =
        conn.fetch_optional(query(format!("{SELECT} WHERE f.year = ? AND f.seq = ?")).bind(number.year()).bind(number.seq())).await?;
    row.map(IssuedForm::try_from).transpose()
}

fn push_filters(q: &mut db::Query, query: &FormsQuery) {
    q.push(" WHERE 1 = 1");
    match query.returned {
        Some(true) => {
            q.push(" AND f.received_on IS NOT NULL");
        }
        Some(false) => {
            q.push(" AND f.received_on IS NULL AND f.voided_on IS NULL");
        }
        None => {}
    }
    match query.voided {
        Some(true) => {
            q.push(" AND f.voided_on IS NOT NULL");
        }
        Some(false) => {
            q.push(" AND f.voided_on IS NULL");
        }
        None => {}
    }
    if let Some(id) = query.person_id {
        q.push(" AND f.person_id = ").push_bind(id.get());
    }
}

/// The next sequence number of `year` (1 for the year's first form).
async fn next_seq(conn: &mut Conn<'_>, year: i32) -> Result<u32> {
    let max: Option<i64> = conn.scalar(query("SELECT max(seq) FROM issued_form WHERE year = ?").bind(year)).await?;
    u32::try_from(max.unwrap_or(0) + 1).map_err(|_| StoreError::Corrupt(format!("form numbers of {year} past {max:?}")))
}

impl Store {
    /// The next sequence number of `year`, read before a batch is rendered: only a guess (the
    /// write transaction reads it again, [`Tx::next_form_seq`], and registers the batch only
    /// when it is unchanged), so rendering never holds up the other writers.
    pub async fn next_form_seq(&self, year: i32) -> Result<u32> {
        let mut c = self.read().await?;
        next_seq(&mut c.conn(), year).await
    }

    /// People of `unit` not archived and already on their post on `today`, by name.
    pub async fn active_people_of_unit(&self, unit: &str, today: NaiveDate) -> Result<Vec<PersonId>> {
        let ids: Vec<i64> = self
            .db
            .scalars(
                query("SELECT id FROM person WHERE unit = ? AND archived_on IS NULL AND start_date <= ? ORDER BY name_pinyin, id")
                    .bind(unit)
                    .bind(today),
            )
            .await?;
        Ok(ids.into_iter().map(PersonId::from_stored).collect())
    }

    /// Every scan the register records (`scans/NAME`), to tell a scan of an interrupted write
    /// that was recorded from one that was not.
    pub async fn scan_paths(&self) -> Result<Vec<String>> {
        Ok(self.db.scalars(query("SELECT scan_path FROM issued_form WHERE scan_path IS NOT NULL")).await?)
    }

    /// Issued forms, newest first.
    pub async fn issued_forms(&self, query: &FormsQuery) -> Result<FormsPage> {
        let mut c = self.read().await?;
        let mut conn = c.conn();
        let mut count = db::query("SELECT count(*) FROM issued_form f");
        push_filters(&mut count, query);
        let total: i64 = conn.scalar(count).await?;
        let mut q = db::query(SELECT);
        push_filters(&mut q, query);
        let limit = if query.limit == 0 { 100 } else { query.limit.min(500) };
        q.push(" ORDER BY f.year DESC, f.seq DESC LIMIT ").push_bind(limit);
        q.push(" OFFSET ").push_bind(query.offset);
        let rows: Vec<IssuedFormRow> = conn.fetch_all(q).await?;
        Ok(FormsPage { rows: rows.into_iter().map(IssuedForm::try_from).collect::<Result<_>>()?, total })
    }

    pub async fn issued_form(&self, number: FormNumber) -> Result<Option<IssuedForm>> {
        let mut c = self.read().await?;
        by_number(&mut c.conn(), number).await
    }

    /// The forms printed with this verification code (normally one).
    pub async fn issued_forms_by_code(&self, code: &str) -> Result<Vec<IssuedForm>> {
        let rows: Vec<IssuedFormRow> =
            self.db.fetch_all(query(format!("{SELECT} WHERE f.verification_code = ? ORDER BY f.year, f.seq")).bind(code)).await?;
        rows.into_iter().map(IssuedForm::try_from).collect()
    }

    /// The data a form was rendered from (JSON), to hash it again or print it again.
    pub async fn issued_form_content(&self, number: FormNumber) -> Result<Option<String>> {
        Ok(self
            .db
            .scalar_optional(query("SELECT content FROM issued_form WHERE year = ? AND seq = ?").bind(number.year()).bind(number.seq()))
            .await?)
    }
}

impl Tx {
    /// The next sequence number of `year`, read inside the write transaction (the only writer:
    /// `BEGIN IMMEDIATE` on a file, the writers' advisory lock on the server): the numbers a
    /// batch was rendered with are still free exactly when this is the first of them.
    pub async fn next_form_seq(&mut self, year: i32) -> Result<u32> {
        next_seq(&mut self.conn(), year).await
    }

    pub async fn insert_issued_form(&mut self, f: &NewIssuedForm) -> Result<IssuedForm> {
        let mut conn = self.conn();
        conn.execute(
            query(
                "INSERT INTO issued_form (number, year, seq, kind, person_id, trip_id, template_version, issued_on, operator, \
                 content_hash, verification_code, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(f.number.to_string())
            .bind(f.number.year())
            .bind(f.number.seq())
            .bind(f.kind.id())
            .bind(f.person_id.map(PersonId::get))
            .bind(f.trip_id.map(TripId::get))
            .bind(&f.template_version)
            .bind(f.issued_on)
            .bind(&f.operator)
            .bind(&f.content_hash)
            .bind(&f.verification_code)
            .bind(&f.content),
        )
        .await
        .map_err(|e| match &e {
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                StoreError::Duplicate { field: "form_number", value: f.number.to_string() }
            }
            _ => StoreError::Database(e),
        })?;
        by_number(&mut conn, f.number).await?.ok_or_else(|| StoreError::NotFound(f.number.to_string()))
    }

    pub async fn issued_form(&mut self, number: FormNumber) -> Result<Option<IssuedForm>> {
        by_number(&mut self.conn(), number).await
    }

    /// Records the signed copy's return, and its scan when one is attached.
    pub async fn set_form_received(&mut self, number: FormNumber, on: NaiveDate, scan: Option<(&str, &str)>) -> Result<IssuedForm> {
        let mut conn = self.conn();
        conn.execute(
            query(
                "UPDATE issued_form SET received_on = ?, scan_path = coalesce(?, scan_path), scan_sha256 = coalesce(?, scan_sha256) \
                 WHERE year = ? AND seq = ?",
            )
            .bind(on)
            .bind(scan.map(|s| s.0))
            .bind(scan.map(|s| s.1))
            .bind(number.year())
            .bind(number.seq()),
        )
        .await?;
        by_number(&mut conn, number).await?.ok_or_else(|| StoreError::NotFound(number.to_string()))
    }

    /// Voids a form on `on` for `reason` by `by`. Only a form not voided yet changes: voiding is
    /// never overwritten (the caller checks first; this is the register's own guard).
    pub async fn set_form_voided(&mut self, number: FormNumber, on: NaiveDate, reason: &str, by: &str) -> Result<IssuedForm> {
        let mut conn = self.conn();
        conn.execute(
            query("UPDATE issued_form SET voided_on = ?, void_reason = ?, voided_by = ? WHERE year = ? AND seq = ? AND voided_on IS NULL")
                .bind(on)
                .bind(reason)
                .bind(by)
                .bind(number.year())
                .bind(number.seq()),
        )
        .await?;
        by_number(&mut conn, number).await?.ok_or_else(|| StoreError::NotFound(number.to_string()))
    }
}
