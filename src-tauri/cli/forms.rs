//! `form …`: issue sign-off forms to PDF files and keep the issued-forms register.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::Subcommand;
use clearance_domain::form::{FormKind, FormNumber};
use clearance_domain::register::PeopleQuery;
use clearance_domain::travel::TripId;
use clearance_domain::FieldError;
use serde_json::json;

use super::args::term;
use super::output::{self, Printer};
use crate::error::AppResult;
use crate::office::{check_target, save_failed, IssuedPdf, Office};
use crate::store::files::PendingFile;
use crate::store::{FormsQuery, IssuedForm};

#[derive(Subcommand, Debug)]
pub enum FormCommand {
    /// Issue one form about a person: number it, register it and write its PDF.
    Render {
        /// review, commitment, departure, travel-approval, travel-report or document-receipt.
        #[arg(value_parser = term::<FormKind>(&[]))]
        kind: FormKind,
        /// The person's staff number (or #ID for the register's internal id).
        #[arg(long)]
        person: String,
        /// The trip a travel form is about.
        #[arg(long)]
        trip: Option<TripId>,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
        /// Write a draft to look at (样稿 / DRAFT, no number): nothing is issued or registered.
        #[arg(long)]
        draft: bool,
        #[arg(long)]
        json: bool,
    },
    /// Issue a form for every person of a unit on their post (the annual re-sign): one PDF,
    /// one form a page, each registered; all or nothing.
    Batch {
        #[arg(value_parser = term::<FormKind>(&[]))]
        kind: FormKind,
        #[arg(long)]
        unit: String,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// What every form prints in its header: the office's name (Chinese, English) and the
    /// print language; without options, shows them and the office's templates.
    Settings {
        #[arg(long = "office-name")]
        office_name: Option<String>,
        /// Empty prints the Chinese name only.
        #[arg(long = "office-name-en")]
        office_name_en: Option<String>,
        /// bilingual, zh-CN or en.
        #[arg(long)]
        language: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Use the office's own template (a copy of a shipped one, edited) for KIND; it is compiled
    /// with sample data first and refused with its line if it does not compile.
    Template {
        #[arg(value_parser = term::<FormKind>(&[]))]
        kind: FormKind,
        file: PathBuf,
        /// Printed on the form and recorded in the register (default `KIND-custom`).
        #[arg(long)]
        version: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Go back to the shipped template for KIND.
    TemplateClear {
        #[arg(value_parser = term::<FormKind>(&[]))]
        kind: FormKind,
        #[arg(long)]
        json: bool,
    },
    /// Print a shipped template, to copy and edit.
    TemplateExport {
        #[arg(value_parser = term::<FormKind>(&[]))]
        kind: FormKind,
    },
    /// Print the register list (people filtered as in `person list`), registered as a form.
    RegisterList {
        #[arg(long)]
        search: Option<String>,
        #[arg(long)]
        level: Option<String>,
        #[arg(long)]
        unit: Option<String>,
        /// Include archived people.
        #[arg(long)]
        archived: bool,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// The issued-forms register, newest first.
    List {
        /// Only forms whose signed copy came back.
        #[arg(long, conflicts_with_all = ["outstanding", "voided"])]
        returned: bool,
        /// Only forms whose signed copy has not come back (voided forms are not outstanding).
        #[arg(long, conflicts_with = "voided")]
        outstanding: bool,
        /// Only voided forms.
        #[arg(long)]
        voided: bool,
        /// Only this person's forms (staff number, or #ID).
        #[arg(long)]
        person: Option<String>,
        #[arg(long, default_value_t = 100)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
    /// Mark the signed copy of a form received, optionally attaching its scan (PDF/JPEG/PNG).
    /// Several numbers mark them all on one day, each its own entry, or none when any is refused.
    Received {
        /// The form's number, e.g. 2026-0001 (or several).
        #[arg(required = true, num_args = 1..)]
        numbers: Vec<String>,
        /// The day it came back (default: today).
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::cli::args::date_arg)]
        on: Option<NaiveDate>,
        #[arg(long, value_name = "FILE")]
        scan: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Print a copy of an issued form from the content the register kept: marked 副本 / COPY
    /// with the same number and code (已作废 / VOID and the reason when it was voided); nothing
    /// is issued, the copy is recorded in the audit trail.
    Reprint {
        /// The form's number, e.g. 2026-0001.
        number: String,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Write the scan attached to a form (kept inside the register, encrypted with it) to FILE,
    /// after checking it still has the SHA-256 recorded when it was attached. The copy written
    /// is not encrypted: keep it where the register's own files are kept, or remove it after use.
    Scan {
        /// The form's number, e.g. 2026-0001.
        number: String,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Void an issued form: its number stays used, the register and the audit trail keep why.
    Void {
        /// The form's number, e.g. 2026-0001.
        number: String,
        /// Why it is voided (required).
        #[arg(long)]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// Find an issued form by the code printed on it and check its hash (exit 2 if it does not match).
    Verify {
        code: String,
        #[arg(long)]
        json: bool,
    },
}

fn line(f: &IssuedForm, out: &Printer) -> String {
    let who = match (&f.person_name, &f.staff_no) {
        (Some(n), Some(s)) => format!("{n} ({s})"),
        _ => "—".to_owned(),
    };
    let received = match (f.voided_on, f.received_on) {
        (Some(d), _) => format!("{} {d}", out.text("cli.voided")),
        (None, Some(d)) => format!("{} {d}", out.text("cli.received")),
        (None, None) => out.text("cli.not_returned").to_owned(),
    };
    format!("{}  {:<16}  {}  {}  {}  {}", f.number, f.kind.id(), f.issued_on, f.verification_code, who, received)
}

/// Prints what was issued. The PDF was written before the forms were registered; when it could
/// not take its name after that, the forms are listed and the command fails saying so.
fn issued(issued: &IssuedPdf, out_path: &Path, json: bool, out: &Printer) -> AppResult<()> {
    let saved = issued.saved_file(out_path);
    if let Some(w) = &issued.template_warning {
        eprintln!("{}", output::for_terminal(&format!("{} {w}", out.text("cli.the_office_s_template_failed_the_shipped"))));
    }
    let value = json!({ "path": out_path.display().to_string(), "forms": issued.forms, "template_warning": issued.template_warning });
    out.json_or(&value, json, || {
        let mut text: Vec<String> = issued.forms.iter().map(|f| line(f, out)).collect();
        if saved.is_ok() {
            text.push(format!("→ {}", out_path.display()));
        }
        text.join("\n")
    });
    saved.map(|_| ())
}

pub async fn run(office: &Office, cmd: FormCommand, out: &Printer) -> AppResult<()> {
    match cmd {
        FormCommand::Render { kind, person, trip, out: path, draft: true, json } => {
            check_target(&path)?;
            let pdf = office.draft_pdf(kind, office.resolve_person(&person).await?, trip).await?;
            PendingFile::write(&path, &pdf).and_then(PendingFile::commit).map_err(|e| save_failed(&path, &e))?;
            out.json_or(&json!({ "path": path.display().to_string(), "draft": true }), json, || {
                format!("{}\n→ {}", out.text("cli.draft_written"), path.display())
            });
            Ok(())
        }
        FormCommand::Render { kind, person, trip, out: path, draft: false, json } => {
            issued(&office.issue_form(kind, office.resolve_person(&person).await?, trip, Some(&path)).await?, &path, json, out)
        }
        FormCommand::Batch { kind, unit, out: path, json } => {
            issued(&office.issue_batch(kind, &unit, Some(&path)).await?, &path, json, out)
        }
        FormCommand::Reprint { number, out: path, json } => {
            let form = office.reprint_form(FormNumber::parse(&number)?, &path).await?;
            out.json_or(&json!({ "path": path.display().to_string(), "form": form, "copy": true }), json, || {
                format!("{}\n{}\n→ {}", line(&form, out), out.text("cli.copy_written"), path.display())
            });
            Ok(())
        }
        FormCommand::Scan { number, out: path, json } => {
            check_target(&path)?;
            let number = FormNumber::parse(&number)?;
            let scan = office.form_scan(number).await?;
            PendingFile::write(&path, &scan.bytes).and_then(PendingFile::commit).map_err(|e| save_failed(&path, &e))?;
            let value = json!({ "path": path.display().to_string(), "number": number, "kind": scan.kind, "bytes": scan.bytes.len(), "sha256": scan.sha256 });
            out.json_or(&value, json, || format!("{} {number}  SHA-256 {}\n→ {}", out.text("cli.scan"), scan.sha256, path.display()));
            Ok(())
        }
        FormCommand::Void { number, reason, json } => {
            let form = office.void_form(FormNumber::parse(&number)?, &reason).await?;
            out.json_or(&form, json, || {
                format!("{}\n{} {}", line(&form, out), out.text("cli.void_reason"), form.void_reason.as_deref().unwrap_or(""))
            });
            Ok(())
        }
        FormCommand::Settings { office_name, office_name_en, language, json } => {
            let settings = if office_name.is_none() && office_name_en.is_none() && language.is_none() {
                office.form_settings().await?
            } else {
                let current = office.form_settings().await?;
                office
                    .set_form_header(
                        office_name.as_deref().unwrap_or(&current.office_name),
                        office_name_en.as_deref().unwrap_or(&current.office_name_en),
                        language.as_deref().unwrap_or(&current.language),
                    )
                    .await?
            };
            out.json_or(&settings, json, || {
                let mut lines = vec![format!("{} / {} ({})", settings.office_name, settings.office_name_en, settings.language)];
                lines.extend(settings.templates.iter().map(|t| format!("{}: {} ({})", t.kind, t.version, t.path)));
                lines.join("\n")
            });
            Ok(())
        }
        FormCommand::Template { kind, file, version, json } => {
            let settings = office.load_form_template(kind, &file.display().to_string(), version.as_deref().unwrap_or("")).await?;
            out.json_or(&settings, json, || format!("{}: {}", kind.id(), file.display()));
            Ok(())
        }
        FormCommand::TemplateClear { kind, json } => {
            let settings = office.clear_form_template(kind).await?;
            out.json_or(&settings, json, || kind.id().to_owned());
            Ok(())
        }
        FormCommand::TemplateExport { kind } => {
            output::write_out(clearance_forms::shipped_template(kind));
            Ok(())
        }
        FormCommand::RegisterList { search, level, unit, archived, out: path, json } => {
            let mut filter = Vec::new();
            filter.extend(unit.as_ref().map(|u| format!("{} {u}", out.text("cli.unit_2"))));
            filter.extend(level.as_ref().map(|l| format!("{} {l}", out.text("cli.level_2"))));
            filter.extend(search.as_ref().map(|s| format!("{} {s}", out.text("cli.search"))));
            let query =
                PeopleQuery { search: search.unwrap_or_default(), level, unit, include_archived: archived, ..PeopleQuery::default() };
            let list = office.issue_register_list(&query, Some(filter.join("; ")), Some(&path)).await?;
            issued(&list, &path, json, out)
        }
        FormCommand::List { returned, outstanding, voided, person, limit, json } => {
            let person_id = match person {
                Some(key) => Some(office.resolve_person(&key).await?),
                None => None,
            };
            let query = FormsQuery {
                returned: if returned {
                    Some(true)
                } else if outstanding {
                    Some(false)
                } else {
                    None
                },
                voided: voided.then_some(true),
                person_id,
                offset: 0,
                limit,
            };
            let page = office.issued_forms(&query).await?;
            out.json_or(&page, json, || {
                let mut text: Vec<String> = page.rows.iter().map(|f| line(f, out)).collect();
                text.push(format!("{} {}", page.total, out.text("cli.forms")));
                text.join("\n")
            });
            Ok(())
        }
        FormCommand::Received { numbers, on, scan, json } if numbers.len() > 1 => {
            if scan.is_some() {
                return Err(FieldError::new("scan", "form.scan_one_form").into());
            }
            let numbers = numbers.iter().map(|n| FormNumber::parse(n)).collect::<Result<Vec<_>, _>>()?;
            let forms = office.forms_received(&numbers, on.unwrap_or_else(|| office.today())).await?;
            out.json_or(&forms, json, || forms.iter().map(|f| line(f, out)).collect::<Vec<_>>().join("\n"));
            Ok(())
        }
        FormCommand::Received { numbers, on, scan, json } => {
            let number = numbers.first().map(String::as_str).unwrap_or_default();
            let form = office.form_received(FormNumber::parse(number)?, on.unwrap_or_else(|| office.today()), scan.as_deref()).await?;
            out.json_or(&form, json, || {
                let mut text = line(&form, out);
                if let (Some(p), Some(h)) = (&form.scan_path, &form.scan_sha256) {
                    text.push_str(&format!("\n{} {p}  SHA-256 {h}", out.text("cli.scan")));
                }
                text
            });
            Ok(())
        }
        FormCommand::Verify { code, json } => {
            let v = office.verify_form(&code).await?;
            out.json_or(&v, json, || {
                let mut text = vec![line(&v.form, out), format!("SHA-256 {}", v.form.content_hash)];
                text.push(
                    if v.hash_matches {
                        out.text("cli.the_content_matches_the_code")
                    } else {
                        out.text("cli.the_content_does_not_match_the_code")
                    }
                    .to_owned(),
                );
                match v.scan_matches {
                    Some(true) => text.push(out.text("cli.the_scan_is_intact").to_owned()),
                    Some(false) => text.push(out.text("cli.the_scan_was_altered_or_is_missing").to_owned()),
                    None => {}
                }
                text.join("\n")
            });
            if !v.hash_matches {
                return Err(FieldError::general("form.hash_mismatch").with("value", v.form.number).into());
            }
            Ok(())
        }
    }
}
