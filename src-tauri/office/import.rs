//! Importing the office's roster: every row checked by the rules first, then all of it written in
//! one transaction with one audit entry per person and one for the import — or, when any row is
//! at fault, nothing, and every fault reported with its row and column.

use std::collections::HashMap;
use std::path::Path;

use chrono::Utc;
use clearance_domain::access::Operation;
use clearance_domain::audit::Change;
use clearance_domain::import::{match_columns, read_rows, ColumnMatch, RosterRow, RowFault};
use clearance_domain::level::LevelChange;
use clearance_domain::lifecycle::Stage;
use clearance_domain::person::{Person, PersonId, PersonInput};
use clearance_domain::roster::RosterField;
use clearance_domain::terms::{AuditAction, AuditEntity};
use clearance_domain::{FieldError, Lang};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::people::person_change;
use super::roster_file::{read_bytes, read_roster};
use super::Office;
use crate::error::AppResult;

/// How to read the file and what to do with people already in the register.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[ts(export)]
pub struct ImportOptions {
    /// The workbook's sheet (default: the first).
    #[serde(default)]
    pub sheet: Option<String>,
    /// Corrections of the column matching: a column (its header, letter or number) and the field
    /// it fills, or none to leave it out.
    #[serde(default)]
    pub map: Vec<ColumnChoice>,
    /// A CSV file's encoding (`utf-8`, `gb18030`); default: detected.
    #[serde(default)]
    pub encoding: Option<String>,
    /// Check everything, write nothing (the preview).
    #[serde(default)]
    pub dry_run: bool,
    /// People already in the register (by staff number or ID number) have their details updated
    /// where the file differs; without it, they are faults.
    #[serde(default)]
    pub update: bool,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct ColumnChoice {
    pub column: String,
    pub field: Option<RosterField>,
}

/// A fault as the office reads it: row and column as in the spreadsheet, and why.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ImportFault {
    /// The spreadsheet's row number (0: the file as a whole).
    pub row: usize,
    /// Who the row is about, as the file names them (`张三 1024`), when it does.
    pub who: Option<String>,
    pub column: Option<String>,
    pub message: String,
}

/// One person of the file, as the preview lists them.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ImportPreviewRow {
    pub row: usize,
    pub name: String,
    pub staff_no: String,
    pub unit: String,
    pub level: String,
    pub stage: Stage,
    /// Already in the register: updated (with `update`), else a fault.
    pub existing: bool,
}

/// What an import found and did.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ImportReport {
    pub file_name: String,
    pub sha256: String,
    pub sheets: Vec<String>,
    pub sheet: Option<String>,
    pub encoding: Option<String>,
    pub columns: Vec<ColumnMatch>,
    /// People in the file (rows with anything in them).
    pub rows: usize,
    pub preview: Vec<ImportPreviewRow>,
    pub faults: Vec<ImportFault>,
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Whether the register was changed (not for a dry run, never with a fault).
    pub written: bool,
}

/// People in the register by staff number and by ID number.
struct Known {
    by_staff_no: HashMap<String, PersonId>,
    by_id_number: HashMap<String, PersonId>,
}

impl Known {
    fn of(&self, row: &RosterRow) -> Option<PersonId> {
        self.by_staff_no.get(row.person.staff_no()).or_else(|| self.by_id_number.get(row.person.id_number())).copied()
    }
}

/// Each row's name and staff number as the file has them (whatever else is wrong with the row),
/// so a fault says who it is about.
fn who_by_row(table: &clearance_domain::import::Table) -> HashMap<usize, String> {
    let column = |field: RosterField| table.headers.iter().position(|h| RosterField::match_header(h) == Some(field));
    let (name, staff) = (column(RosterField::Name), column(RosterField::StaffNo));
    let text = |cells: &Vec<clearance_domain::import::Cell>, i: Option<usize>| match i.and_then(|i| cells.get(i)) {
        Some(clearance_domain::import::Cell::Text(s)) => s.trim().to_owned(),
        Some(clearance_domain::import::Cell::Number(n)) if n.fract() == 0.0 => format!("{}", *n as i64),
        _ => String::new(),
    };
    table
        .rows
        .iter()
        .enumerate()
        .filter_map(|(i, cells)| {
            let who = format!("{} {}", text(cells, name), text(cells, staff)).trim().to_owned();
            (!who.is_empty()).then(|| (table.header_row + 1 + i, who))
        })
        .collect()
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

impl Office {
    /// Reads, checks and (unless a dry run, or any row is at fault) imports the roster at `path`.
    pub async fn import_roster(&self, path: &Path, options: &ImportOptions) -> AppResult<ImportReport> {
        self.allow(Operation::Import).await?;
        let today = self.today();
        let lang = self.lang().await;
        let policy = self.policy().await?;
        let cal = self.calendar(&policy);
        let operator = self.operator().await?;
        let bytes = {
            let path = path.to_path_buf();
            tokio::task::spawn_blocking(move || read_bytes(&path)).await.map_err(super::forms::render_error)??
        };
        let sha256 = sha256_hex(&bytes);
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let file = read_roster(path, &bytes, options.sheet.as_deref(), options.encoding.as_deref())?;
        let mut report = ImportReport {
            file_name: file_name.clone(),
            sha256: sha256.clone(),
            sheets: file.sheets,
            sheet: file.sheet,
            encoding: file.encoding,
            columns: Vec::new(),
            rows: 0,
            preview: Vec::new(),
            faults: Vec::new(),
            added: 0,
            updated: 0,
            unchanged: 0,
            written: false,
        };
        let who = who_by_row(&file.table);
        let words =
            |f: RowFault| ImportFault { row: f.row, who: who.get(&f.row).cloned(), column: f.column, message: f.error.message(lang) };
        let overrides: Vec<(String, Option<RosterField>)> = options.map.iter().map(|c| (c.column.clone(), c.field)).collect();
        let columns = match match_columns(&file.table.headers, &overrides) {
            Ok(c) => c,
            Err(faults) => {
                report.columns = file.table.headers.iter().enumerate().map(|(i, h)| unmatched(i, h)).collect();
                report.faults = faults.into_iter().map(words).collect();
                return Ok(report);
            }
        };
        if let Some(on) = self.store.import_of(&sha256).await? {
            report.columns = columns;
            report.faults.push(words(RowFault {
                row: 0,
                column: None,
                error: FieldError::general("import.already_imported").with("date", on),
            }));
            return Ok(report);
        }
        let rules = self.person_rules(&policy, today);
        let (rows, faults) = read_rows(&file.table, &columns, &rules, &policy, &cal, today, &operator);
        report.columns = columns;
        report.rows = rows.len() + faults.iter().map(|f| f.row).filter(|r| *r > 0).collect::<std::collections::BTreeSet<_>>().len();
        let mut faults: Vec<RowFault> = faults;
        let known = self.known_people().await?;
        let levels = policy.levels();
        for r in &rows {
            let existing = known.of(r);
            if existing.is_some() && !options.update {
                faults.push(RowFault {
                    row: r.row,
                    column: None,
                    error: FieldError::general("import.in_register").with("value", format!("{} {}", r.person.staff_no(), r.person.name())),
                });
            }
            if report.preview.len() < 200 {
                report.preview.push(ImportPreviewRow {
                    row: r.row,
                    name: r.person.name().to_owned(),
                    staff_no: r.person.staff_no().to_owned(),
                    unit: r.person.unit().to_owned(),
                    level: levels.iter().find(|l| &l.id == r.person.level()).map(|l| l.name(lang).to_owned()).unwrap_or_default(),
                    stage: r.state.stage,
                    existing: existing.is_some(),
                });
            }
        }
        faults.sort_by_key(|f| f.row);
        report.faults = faults.into_iter().map(words).collect();
        if rows.is_empty() && report.faults.is_empty() {
            report.faults.push(words(RowFault { row: 0, column: None, error: FieldError::general("import.empty") }));
        }
        if !report.faults.is_empty() || options.dry_run {
            // What the import would do: add the new people, and with `update` go over the others.
            report.added = rows.iter().filter(|r| known.of(r).is_none()).count();
            report.updated = if options.update { rows.len() - report.added } else { 0 };
            return Ok(report);
        }
        let (added, updated, unchanged) = self.write_roster(&rows, &known, today, &file_name, &sha256).await?;
        report.added = added;
        report.updated = updated;
        report.unchanged = unchanged;
        report.written = true;
        Ok(report)
    }

    async fn known_people(&self) -> AppResult<Known> {
        let keys = self.store.people_keys().await?;
        Ok(Known {
            by_staff_no: keys.iter().map(|(id, staff, _)| (staff.clone(), *id)).collect(),
            by_id_number: keys.iter().map(|(id, _, number)| (number.clone(), *id)).collect(),
        })
    }

    /// Every row in one transaction: new people with their history, people already in the
    /// register updated where the file differs (each change its own entry), and the import.
    async fn write_roster(
        &self,
        rows: &[RosterRow],
        known: &Known,
        today: chrono::NaiveDate,
        file_name: &str,
        sha256: &str,
    ) -> AppResult<(usize, usize, usize)> {
        let policy = self.policy().await?;
        self.write(async |tx| {
            let mut changes = Vec::with_capacity(rows.len() + 1);
            let (mut added, mut updated, mut unchanged) = (0, 0, 0);
            for r in rows {
                match known.of(r) {
                    None => {
                        let id = tx.insert_person(&r.person, r.registered_on).await?;
                        for step in &r.steps {
                            tx.insert_step(id, step).await?;
                        }
                        if r.state.stage != Stage::Onboarding {
                            tx.save_lifecycle(id, &r.state).await?;
                        }
                        let person = super::load_person(tx, id, today).await?;
                        changes.push(super::people::with_history(person_change(AuditAction::PersonAdd, None, &person), &r.state, &r.steps));
                        added += 1;
                    }
                    Some(id) => {
                        let old = super::load_person(tx, id, today).await?;
                        match update_from_row(tx, &old, r, &policy, today).await? {
                            Some(new_changes) => {
                                changes.extend(new_changes);
                                updated += 1;
                            }
                            None => unchanged += 1,
                        }
                    }
                }
            }
            changes.push(Change {
                action: AuditAction::RegisterImport,
                entity: AuditEntity::Register,
                entity_id: sha256.to_owned(),
                person_id: None,
                old: None,
                new: Some(json!({
                    "file": file_name,
                    "sha256": sha256,
                    "rows": rows.len(),
                    "added": added,
                    "updated": updated,
                    "imported_at": Utc::now(),
                })),
            });
            Ok(((added, updated, unchanged), changes))
        })
        .await
    }
}

/// The register's person made to say what the file says, field by field: the details through
/// the person rules (an edit), a different level as a dated change from today. `None` when
/// nothing differs.
async fn update_from_row(
    tx: &mut crate::store::Tx,
    old: &Person,
    r: &RosterRow,
    policy: &clearance_domain::policy::Policy,
    today: chrono::NaiveDate,
) -> AppResult<Option<Vec<Change>>> {
    super::not_archived(old)?;
    let mut changes = Vec::new();
    // Fields the file leaves empty keep the register's value.
    let keep = |file: &str, register: &str| if file.trim().is_empty() { register.to_owned() } else { file.to_owned() };
    let input = PersonInput {
        name: keep(&r.input.name, &old.name),
        staff_no: keep(&r.input.staff_no, &old.staff_no),
        id_number: keep(&r.input.id_number, &old.id_number),
        sex: r.input.sex.or(old.sex),
        birth_date: r.input.birth_date.or(old.birth_date),
        unit: keep(&r.input.unit, &old.unit),
        post: keep(&r.input.post, &old.post),
        level: old.level.0.clone(),
        start_date: r.input.start_date.or(Some(old.start_date)),
        phone: keep(&r.input.phone, &old.phone),
        notes: keep(&r.input.notes, &old.notes),
    };
    if input != old.to_input() {
        let rules = clearance_domain::person::PersonRules { levels: &policy.levels, id_format: policy.id_format, default_start_days: 0 };
        let valid = input.validate(&rules, old.registered_on, today)?;
        tx.update_person(old.id, &valid).await?;
        let new = super::load_person(tx, old.id, today).await?;
        changes.push(person_change(AuditAction::PersonEdit, Some(old), &new));
    }
    if r.person.level() != &old.level {
        let change = LevelChange { level: r.person.level().clone(), effective: today, reason: "名册导入 / imported roster".to_owned() };
        clearance_domain::level::validate_change(&old.level_history, change.level.as_str(), today, &change.reason, today, &policy.levels)?;
        tx.insert_level_change(old.id, &change).await?;
        tx.set_current_level(old.id, change.level.as_str()).await?;
        changes.push(Change {
            action: AuditAction::PersonLevel,
            entity: AuditEntity::Person,
            entity_id: old.id.to_string(),
            person_id: Some(old.id),
            old: Some(json!({ "level": old.level })),
            new: Some(json!({ "level": change.level, "effective": change.effective, "reason": change.reason })),
        });
    }
    Ok((!changes.is_empty()).then_some(changes))
}

/// A column left unmatched because the matching itself failed (shown in the report so the clerk
/// can fix it).
fn unmatched(i: usize, header: &str) -> ColumnMatch {
    ColumnMatch {
        column: i,
        letter: clearance_domain::import::column_letter(i),
        header: header.trim().to_owned(),
        field: RosterField::match_header(header),
    }
}

/// The report in words for the CLI (the window shows its own table).
pub fn report_lines(report: &ImportReport, lang: Lang) -> Vec<String> {
    report
        .faults
        .iter()
        .map(|f| {
            let place = match (f.row, &f.column, lang) {
                (0, _, _) => String::new(),
                (row, Some(c), Lang::ZhCn) => format!("第 {row} 行 [{c}]:"),
                (row, None, Lang::ZhCn) => format!("第 {row} 行:"),
                (row, Some(c), Lang::En) => format!("row {row} [{c}]: "),
                (row, None, Lang::En) => format!("row {row}: "),
            };
            format!("{place}{}", f.message)
        })
        .collect()
}
