//! Lists out (issue 12): the register of people (the roster's columns, so it imports again),
//! the reminders, trips, the custody register and the issued-forms register, each as the
//! screen filters it, turned into rows of words — never codes — and written as an Excel
//! workbook or CSV (`crate::spreadsheet`). The file is written beside its target and takes its
//! name in the same transaction that records the export in the audit trail: an export nobody
//! recorded is never left on disk, and a refused file records nothing.

use std::collections::HashMap;
use std::path::Path;

use chrono::{NaiveDate, Utc};
use clearance_domain::access::Operation;
use clearance_domain::audit::Change;
use clearance_domain::export::{roster_history, ExportFormat, ExportList};
use clearance_domain::id_card::mask;
use clearance_domain::identifiers::phone_shown;
use clearance_domain::level::LevelId;
use clearance_domain::person::PersonId;
use clearance_domain::policy::Policy;
use clearance_domain::register::PeopleQuery;
use clearance_domain::roster::RosterField;
use clearance_domain::terms::{AuditAction, AuditEntity, Term};
use clearance_domain::travel::countries;
use clearance_domain::travel::document::DocumentStatus;
use clearance_domain::travel::trip::TripState;
use clearance_domain::{FieldError, Lang};
use serde::{Deserialize, Serialize};
use serde_json::json;
use ts_rs::TS;

use super::{check_target, render_error, AuditFilter, Office, ReminderFilter};
use crate::error::{AppError, AppResult};
use crate::spreadsheet::{Cell, Sheet};
use crate::store::files::PendingFile;
use crate::store::{FormsQuery, StoreError};

/// Which list to export, with the filter its screen (or the CLI's list command) applies.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
#[serde(tag = "list", rename_all = "snake_case")]
pub enum ExportRequest {
    /// The People screen's search, filters and sort (every page, not only the one shown).
    People { query: PeopleQuery },
    /// The dashboard's reminders on `as_of` (default today).
    Reminders {
        filter: ReminderFilter,
        #[serde(default)]
        as_of: Option<NaiveDate>,
    },
    Trips {
        state: Option<TripState>,
        /// Only trips not finished (closed, refused or withdrawn): the Travel screen's default.
        #[serde(default)]
        open_only: bool,
        #[serde(default)]
        person: Option<PersonId>,
    },
    /// The custody register.
    Documents {
        status: Option<DocumentStatus>,
        #[serde(default)]
        person: Option<PersonId>,
    },
    /// The issued-forms register (every page).
    Forms { query: FormsQuery },
    /// The audit trail's entries the Audit screen's filters match (every page).
    Audit { filter: AuditFilter },
}

impl ExportRequest {
    pub fn list(&self) -> ExportList {
        match self {
            ExportRequest::People { .. } => ExportList::People,
            ExportRequest::Reminders { .. } => ExportList::Reminders,
            ExportRequest::Trips { .. } => ExportList::Trips,
            ExportRequest::Documents { .. } => ExportList::Documents,
            ExportRequest::Forms { .. } => ExportList::Forms,
            ExportRequest::Audit { .. } => ExportList::Audit,
        }
    }
}

/// An export written (what `export --json` prints and the window is told).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ExportDone {
    /// The file written.
    pub path: String,
    pub list: ExportList,
    pub format: ExportFormat,
    /// Rows below the header.
    pub rows: u32,
    /// Whole ID numbers were written (only when asked, for the register of people).
    pub id_numbers: bool,
}

fn save_failed(target: &Path, detail: impl std::fmt::Display) -> AppError {
    FieldError::new("path", "export.save_failed").with("path", target.display()).with("detail", detail).into()
}

/// Level names in `lang`: the policy in force's, then the shipped policies' (for a level an
/// earlier policy named); a level none names is shown by its id.
struct LevelNames(HashMap<LevelId, String>);

impl LevelNames {
    fn new(policy: &Policy, lang: Lang) -> LevelNames {
        let mut names = HashMap::new();
        let shipped: Vec<Policy> = Policy::builtin_ids().into_iter().filter_map(Policy::builtin).collect();
        for p in std::iter::once(policy).chain(shipped.iter()) {
            for l in &p.levels {
                names.entry(l.id.clone()).or_insert_with(|| l.name(lang).to_owned());
            }
        }
        LevelNames(names)
    }

    fn of(&self, id: &LevelId) -> String {
        self.0.get(id).cloned().unwrap_or_else(|| id.0.clone())
    }
}

fn word<T: Term>(t: T, lang: Lang) -> Cell {
    Cell::text(t.word(lang))
}

fn yes_no(b: bool, lang: Lang) -> Cell {
    Cell::text(match (b, lang) {
        (true, Lang::ZhCn) => "是",
        (false, Lang::ZhCn) => "否",
        (true, Lang::En) => "Yes",
        (false, Lang::En) => "No",
    })
}

fn headers(fields: &[&str], lang: Lang) -> Vec<String> {
    fields.iter().map(|f| clearance_domain::i18n::field_label(f, lang)).collect()
}

fn number(n: impl Into<f64>) -> Cell {
    Cell::Number(n.into())
}

impl Office {
    /// Writes `request`'s list as `format` to `target` and records the export (the list, the
    /// format, the rows, whether whole ID numbers were in it, the file; never the data). ID
    /// numbers are masked unless `include_id_numbers` (the register of people only). The
    /// target must be a regular file or a new one in an existing folder; one that cannot be
    /// written refuses the export before anything is recorded.
    pub async fn export_list(
        &self,
        request: &ExportRequest,
        format: ExportFormat,
        include_id_numbers: bool,
        target: &Path,
    ) -> AppResult<ExportDone> {
        self.allow(if matches!(request, ExportRequest::Audit { .. }) { Operation::Audit } else { Operation::Export }).await?;
        if include_id_numbers {
            self.allow(Operation::RevealId).await?;
        }
        let list = request.list();
        if include_id_numbers && list != ExportList::People {
            return Err(FieldError::new("include_id_numbers", "export.id_numbers_people_only").into());
        }
        let format = ExportFormat::for_file(target.extension().and_then(|e| e.to_str()), Some(format))?;
        check_target(target)?;
        if self.store.is_read_only() {
            return Err(StoreError::ReadOnly.into());
        }
        let operator = self.operator().await?;
        let lang = self.lang().await;
        let sheet = self.export_sheet(request, include_id_numbers, lang).await?;
        // An export of the trail says which entries it took (a person's, an operator's, …).
        let filter = match request {
            ExportRequest::Audit { filter } => Some(self.audit_filter_words(filter, lang).await?),
            _ => None,
        };
        let rows = sheet.rows.len();
        let bytes =
            tokio::task::spawn_blocking(move || sheet.write(format)).await.map_err(render_error)?.map_err(|e| save_failed(target, e))?;
        let partial = target.to_path_buf();
        let pending = tokio::task::spawn_blocking(move || PendingFile::write(&partial, &bytes))
            .await
            .map_err(render_error)?
            .map_err(|e| save_failed(target, e))?;
        let path = std::path::absolute(target).unwrap_or_else(|_| target.to_path_buf());
        let mut new = json!({
            "list": list.code(),
            "format": format.code(),
            "rows": rows,
            "id_numbers": include_id_numbers,
            "path": path.display().to_string(),
        });
        if let (Some(filter), Some(fields)) = (filter, new.as_object_mut()) {
            fields.insert("audit_filter".to_owned(), json!(filter));
        }
        let change = Change {
            action: AuditAction::RegisterExport,
            entity: AuditEntity::Register,
            entity_id: list.code().to_owned(),
            person_id: None,
            old: None,
            new: Some(new),
        };
        // The entry first, then the file takes its name, then the commit: a file that cannot be
        // named rolls the entry back, and a commit that fails takes the file away again unless
        // the entry reached the register after all.
        let mut tx = self.store.begin().await?;
        let entry = tx.audit(&change, &operator, Utc::now()).await?;
        let named = pending.commit().map_err(|e| save_failed(target, e))?;
        if let Err(e) = tx.commit().await {
            if !matches!(self.store.audit_entry_exists(&entry.hash).await, Ok(true)) {
                let _ = std::fs::remove_file(&named);
            }
            return Err(self.after_failed_commit(Some(&entry.hash), e).await);
        }
        let _ = self.store.optimize().await;
        Ok(ExportDone { path: named.display().to_string(), list, format, rows: rows as u32, id_numbers: include_id_numbers })
    }

    /// The rows of `request`'s list in `lang`, under headers in `lang`.
    pub async fn export_sheet(&self, request: &ExportRequest, id_numbers: bool, lang: Lang) -> AppResult<Sheet> {
        let (headers, rows) = match request {
            ExportRequest::People { query } => self.people_rows(query, id_numbers, lang).await?,
            ExportRequest::Reminders { filter, as_of } => self.reminder_rows(filter, *as_of, lang).await?,
            ExportRequest::Trips { state, open_only, person } => self.trip_rows(*state, *open_only, *person, lang).await?,
            ExportRequest::Documents { status, person } => self.document_rows(*status, *person, lang).await?,
            ExportRequest::Forms { query } => self.form_rows(query, lang).await?,
            ExportRequest::Audit { filter } => self.audit_rows(filter, lang).await?,
        };
        // The trail's head as the list is taken, under it (the export's own entry comes after).
        let foot = Some(clearance_domain::audit::head_line(&self.chain_head().await?, lang));
        Ok(Sheet { name: request.list().word(lang).to_owned(), headers, rows, foot })
    }

    /// The register with the roster's columns ([`RosterField`]), so it imports again.
    async fn people_rows(&self, query: &PeopleQuery, id_numbers: bool, lang: Lang) -> AppResult<(Vec<String>, Vec<Vec<Cell>>)> {
        let today = self.today();
        let policy = self.policy().await?;
        let levels = LevelNames::new(&policy, lang);
        let people = self.store.people_matching(query, today).await?;
        let mut rows = Vec::with_capacity(people.len());
        for p in people {
            let record = self.store.lifecycle_record(&p).await?;
            let h = roster_history(&record, &policy, today);
            let row = RosterField::ALL
                .iter()
                .map(|field| match field {
                    RosterField::Name => Cell::text(&p.name),
                    RosterField::StaffNo => Cell::text(&p.staff_no),
                    RosterField::IdNumber => Cell::text(if id_numbers { p.id_number.clone() } else { mask(&p.id_number) }),
                    RosterField::Sex => p.sex.map(|s| word(s, lang)).unwrap_or(Cell::Empty),
                    RosterField::BirthDate => Cell::date(p.birth_date),
                    RosterField::Unit => Cell::text(&p.unit),
                    RosterField::Post => Cell::text(&p.post),
                    RosterField::Level => Cell::text(levels.of(&p.level)),
                    RosterField::Phone => Cell::text(phone_shown(&p.phone, lang)),
                    // The day on the post: the day they went on duty, else the planned start.
                    RosterField::StartDate => Cell::Date(record.state.on_duty_since.unwrap_or(p.start_date)),
                    RosterField::Notes => Cell::text(&p.notes),
                    RosterField::Stage => h.stage.map(|s| word(s, lang)).unwrap_or(Cell::Empty),
                    RosterField::OnboardingDone => Cell::date(h.onboarding_done),
                    RosterField::LastTraining => Cell::date(h.last_training),
                    RosterField::LastReview => Cell::date(h.last_review),
                    RosterField::LastCommitment => Cell::date(h.last_commitment),
                    RosterField::DepartureDate => Cell::date(h.departure_date),
                    RosterField::DecommissioningEnd => Cell::date(h.decommissioning_end),
                })
                .collect();
            rows.push(row);
        }
        Ok((RosterField::ALL.iter().map(|f| f.header(lang)).collect(), rows))
    }

    async fn reminder_rows(
        &self,
        filter: &ReminderFilter,
        as_of: Option<NaiveDate>,
        lang: Lang,
    ) -> AppResult<(Vec<String>, Vec<Vec<Cell>>)> {
        // Every row the filter lists, whatever page the window showed.
        let board = self.reminder_list(as_of, &ReminderFilter { limit: None, ..filter.clone() }).await?;
        let fields = ["due_state", "due_date", "days_overdue", "staff_no", "name", "unit", "obligation", "kind", "rule"];
        let rows = board
            .rows
            .iter()
            .map(|r| {
                vec![
                    word(r.state, lang),
                    Cell::Date(r.due_date),
                    number(r.days_overdue as f64),
                    Cell::text(&r.staff_no),
                    Cell::text(&r.name),
                    Cell::text(&r.unit),
                    Cell::text(if lang == Lang::ZhCn { &r.what_zh } else { &r.what_en }),
                    word(r.kind, lang),
                    Cell::text(if lang == Lang::ZhCn { &r.citation.zh } else { &r.citation.en }),
                ]
            })
            .collect();
        Ok((headers(&fields, lang), rows))
    }

    async fn trip_rows(
        &self,
        state: Option<TripState>,
        open_only: bool,
        person: Option<PersonId>,
        lang: Lang,
    ) -> AppResult<(Vec<String>, Vec<Vec<Cell>>)> {
        let finished = |s: TripState| matches!(s, TripState::Closed | TripState::Refused | TripState::Withdrawn);
        let trips: Vec<_> = self.trips(state, person).await?.into_iter().filter(|t| !(open_only && finished(t.state))).collect();
        let fields = [
            "trip",
            "staff_no",
            "name",
            "destinations",
            "purpose",
            "kind",
            "state",
            "requested",
            "planned_departure",
            "planned_return",
            "new_return",
            "departed",
            "returned",
            "approver",
            "overdue",
            "obligation",
            "due",
            "notes",
        ];
        let separator = if lang == Lang::ZhCn { "、" } else { ", " };
        let rows = trips
            .iter()
            .map(|s| {
                let t = &s.trip;
                let places: Vec<String> = t
                    .destinations
                    .iter()
                    .map(|c| countries::get(c).map(|c| c.name(lang).to_owned()).unwrap_or_else(|| c.clone()))
                    .collect();
                vec![
                    number(t.id.get() as f64),
                    Cell::text(&s.staff_no),
                    Cell::text(&s.person_name),
                    Cell::text(places.join(separator)),
                    Cell::text(&t.purpose),
                    word(t.kind, lang),
                    word(s.state, lang),
                    Cell::Date(t.requested),
                    Cell::Date(t.planned_departure),
                    Cell::Date(t.planned_return),
                    Cell::date((s.current_return != t.planned_return).then_some(s.current_return)),
                    Cell::date(t.departed),
                    Cell::date(t.returned),
                    Cell::text(t.decision.as_ref().map(|d| d.by.clone()).unwrap_or_default()),
                    yes_no(s.overdue, lang),
                    s.next_due.as_ref().map(|o| word(o.kind, lang)).unwrap_or(Cell::Empty),
                    Cell::date(s.next_due.as_ref().map(|o| o.due.date)),
                    Cell::text(&t.notes),
                ]
            })
            .collect();
        Ok((headers(&fields, lang), rows))
    }

    async fn document_rows(
        &self,
        status: Option<DocumentStatus>,
        person: Option<PersonId>,
        lang: Lang,
    ) -> AppResult<(Vec<String>, Vec<Vec<Cell>>)> {
        let entries = self.documents(status).await?;
        let fields = [
            "document",
            "staff_no",
            "name",
            "kind",
            "number",
            "issued",
            "expires",
            "registered",
            "status",
            "location",
            "trip",
            "out_since",
            "early_reason",
            "early_approver",
            "due",
            "overdue",
            "expiring",
            "notes",
        ];
        let rows = entries
            .iter()
            .filter(|e| person.is_none_or(|p| e.document.person == p))
            .map(|e| {
                let d = &e.document;
                vec![
                    number(d.id.get() as f64),
                    Cell::text(&e.staff_no),
                    Cell::text(&e.person_name),
                    word(d.kind, lang),
                    Cell::text(&d.number),
                    Cell::Date(d.issued),
                    Cell::Date(d.expires),
                    Cell::Date(d.registered),
                    word(d.status, lang),
                    Cell::text(&d.location),
                    d.trip.map(|t| number(t.get() as f64)).unwrap_or(Cell::Empty),
                    Cell::date(e.out_since),
                    e.early.as_ref().map(|x| Cell::text(&x.reason)).unwrap_or(Cell::Empty),
                    e.early.as_ref().map(|x| Cell::text(&x.approver)).unwrap_or(Cell::Empty),
                    Cell::date(e.due.as_ref().map(|d| d.date)),
                    yes_no(e.overdue, lang),
                    yes_no(e.expiring, lang),
                    Cell::text(&d.notes),
                ]
            })
            .collect();
        Ok((headers(&fields, lang), rows))
    }

    /// Every issued form the query's filters match, newest first (all pages).
    async fn form_rows(&self, query: &FormsQuery, lang: Lang) -> AppResult<(Vec<String>, Vec<Vec<Cell>>)> {
        const PAGE: u32 = 500;
        let mut forms = Vec::new();
        loop {
            let page = self.issued_forms(&FormsQuery { offset: forms.len() as u32, limit: PAGE, ..query.clone() }).await?;
            let got = page.rows.len();
            forms.extend(page.rows);
            if got < PAGE as usize || forms.len() as i64 >= page.total {
                break;
            }
        }
        let fields = [
            "form_number",
            "kind",
            "staff_no",
            "name",
            "trip",
            "issued_on",
            "operator",
            "template_version",
            "verification_code",
            "received_on",
            "scan",
            "voided_on",
            "void_reason",
        ];
        let rows = forms
            .iter()
            .map(|f| {
                vec![
                    Cell::text(f.number.to_string()),
                    word(f.kind, lang),
                    Cell::text(f.staff_no.clone().unwrap_or_default()),
                    Cell::text(f.person_name.clone().unwrap_or_default()),
                    f.trip_id.map(|t| number(t.get() as f64)).unwrap_or(Cell::Empty),
                    Cell::Date(f.issued_on),
                    Cell::text(&f.operator),
                    Cell::text(&f.template_version),
                    Cell::text(&f.verification_code),
                    Cell::date(f.received_on),
                    yes_no(f.scan_path.is_some(), lang),
                    Cell::date(f.voided_on),
                    Cell::text(f.void_reason.clone().unwrap_or_default()),
                ]
            })
            .collect();
        Ok((headers(&fields, lang), rows))
    }
}

impl Office {
    /// The trail's entries `filter` matches, newest first, each as the Audit screen reads it:
    /// when (the office's local time), who, what in words, the person and the record, every
    /// change as `label: old → new`, the entry's hash.
    async fn audit_rows(&self, filter: &AuditFilter, lang: Lang) -> AppResult<(Vec<String>, Vec<Vec<Cell>>)> {
        let lines = self.audit_all_matching(filter).await?;
        let mut ids: Vec<PersonId> = lines.iter().filter_map(|l| l.person_id).collect();
        ids.sort();
        ids.dedup();
        let people = self.store.person_labels(&ids).await?;
        let fields =
            ["audit_seq", "audit_at", "operator", "audit_action", "name", "staff_no", "audit_record", "audit_changes", "audit_hash"];
        let separator = if lang == Lang::ZhCn { ":" } else { ": " };
        let rows = lines
            .iter()
            .map(|l| {
                let person = l.person_id.and_then(|id| people.get(&id));
                let changes: Vec<String> = l
                    .changes
                    .iter()
                    .map(|c| {
                        let value = match (&c.old, &c.new) {
                            (Some(old), Some(new)) => format!("{old} → {new}"),
                            (None, Some(new)) => new.clone(),
                            (Some(old), None) => format!("{old} → —"),
                            (None, None) => "—".to_owned(),
                        };
                        format!("{}{separator}{value}", c.label)
                    })
                    .collect();
                // An entry about no person (a setting, an import) is named by its record.
                let record = match (&l.record, person) {
                    (Some(r), _) => r.clone(),
                    (None, Some(_)) => String::new(),
                    (None, None) => l.subject.clone(),
                };
                vec![
                    number(l.seq as f64),
                    Cell::text(l.at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M:%S").to_string()),
                    Cell::text(&l.operator),
                    Cell::text(&l.action_text),
                    Cell::text(person.map(|p| p.name.clone()).unwrap_or_default()),
                    Cell::text(person.map(|p| p.staff_no.clone()).unwrap_or_default()),
                    Cell::text(record),
                    Cell::text(changes.join("\n")),
                    Cell::text(&l.hash),
                ]
            })
            .collect();
        Ok((headers(&fields, lang), rows))
    }
}
