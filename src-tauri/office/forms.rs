//! Sign-off forms (issue 6): issuing a form fills it from the register, numbers it, renders it
//! and records it in the issued-forms register in one transaction; the signed copy is marked
//! received (with its scan); a verification code finds the form again and checks its hash.

use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

use chrono::{Datelike, NaiveDate};
use clearance_domain::access::Operation;
use clearance_domain::audit::Change;
use clearance_domain::calendar::HolidayCalendar;
use clearance_domain::form::FormNumber;
use clearance_domain::id_card::Sex;
use clearance_domain::lifecycle::{
    decommissioning_options, obligations, record_step, step_completed_by_form, DepartureKind, ObligationKind,
};
use clearance_domain::person::{Person, PersonId};
use clearance_domain::policy::{Policy, StepDef};
use clearance_domain::register::PeopleQuery;
use clearance_domain::terms::{AuditAction, AuditEntity};
use clearance_domain::travel::document::{DocumentKind, MovementKind};
use clearance_domain::travel::trip::ApprovalLevel;
use clearance_domain::travel::{TripId, TripKind};
use clearance_domain::FieldError;
use clearance_domain::Lang;
use clearance_forms as forms;
use clearance_forms::{content_hash, normalize_code, verification_code, FormData, FormKind, FormRenderer, Rendered};
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::form_settings::{FORM_LANGUAGE, OFFICE_NAME, OFFICE_NAME_EN};
use super::scans::{keep_scan, read_scan, ReadScan};
use super::{not_archived, Office, TripView};
use crate::error::{AppError, AppResult};
use crate::store::files::PendingFile;
use crate::store::{FormsPage, FormsQuery, IssuedForm, NewIssuedForm};

mod register;

/// One renderer per process: the fonts and the parsed templates are loaded once and shared by
/// every window command and CLI call (an `Office` is cloned per command; the renderer is not).
pub(super) static RENDERER: LazyLock<Arc<FormRenderer>> = LazyLock::new(|| Arc::new(FormRenderer::new()));

/// Every kind of form, each filled from what the register holds (a travel form from its trip).
pub const ISSUABLE: [FormKind; 7] = [
    FormKind::Review,
    FormKind::Commitment,
    FormKind::Departure,
    FormKind::TravelApproval,
    FormKind::TravelReport,
    FormKind::DocumentReceipt,
    FormKind::RegisterList,
];

/// A newly issued form (or batch) and its PDF.
#[derive(Debug, Clone)]
pub struct IssuedPdf {
    pub forms: Vec<IssuedForm>,
    pub pdf: Vec<u8>,
    /// The office's template failed and the shipped one printed the form: why.
    pub template_warning: Option<String>,
    /// Where the PDF was saved, when a file was asked for; the error when it was written but
    /// could not take its name after the forms were registered (they stay registered: print
    /// them again from the register).
    pub saved: Option<Result<PathBuf, String>>,
}

impl IssuedPdf {
    /// The numbers issued, as a clerk reads them: `2026-0007`, or `2026-0007 – 2026-0606`.
    pub fn numbers_text(&self) -> String {
        match self.forms.as_slice() {
            [] => String::new(),
            [one] => one.number.to_string(),
            [first, .., last] => format!("{} – {}", first.number, last.number),
        }
    }

    /// Where the PDF asked for was saved; when the forms were registered but the file could not
    /// take its name, an error that says so (and that they can be printed again).
    pub fn saved_file(&self, target: &Path) -> AppResult<PathBuf> {
        match &self.saved {
            Some(Ok(path)) => Ok(path.clone()),
            Some(Err(detail)) => Err(FieldError::general("form.saved_elsewhere_failed")
                .with("numbers", self.numbers_text())
                .with("path", target.display())
                .with("detail", detail)
                .into()),
            None => Err(render_error("no file was asked for")),
        }
    }
}

/// Times the numbers of a batch are read again after another clerk took them meanwhile.
const ISSUE_ATTEMPTS: usize = 5;

/// The file a PDF is to be saved as: an existing regular file (replaced) or a new one in an
/// existing folder. Nothing else — a folder is never made silently, a device is never written.
pub fn check_target(target: &Path) -> AppResult<()> {
    if target.exists() && !target.is_file() {
        return Err(FieldError::new("path", "file.not_a_file").with("path", target.display()).into());
    }
    match target.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) if !dir.is_dir() => Err(FieldError::new("path", "file.no_folder").with("path", dir.display()).into()),
        _ => Ok(()),
    }
}

pub fn save_failed(target: &Path, e: &std::io::Error) -> AppError {
    FieldError::new("path", "form.save_failed").with("path", target.display()).with("detail", e).into()
}

/// What `form verify` reports: the issued form found by its code, and whether the content the
/// register kept still hashes to the code printed on the paper.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct FormVerification {
    pub form: IssuedForm,
    /// The stored content re-hashed gives the stored hash, and the hash gives the code.
    pub hash_matches: bool,
    /// The attached scan's file still has the hash recorded when it was attached (`None`: no scan).
    pub scan_matches: Option<bool>,
}

pub fn render_error(e: impl std::fmt::Display) -> AppError {
    AppError::Render(e.to_string())
}

/// Renders off the async executor: compiling a form is CPU-bound (FORMS.md pitfall 6).
async fn render(renderer: Arc<FormRenderer>, kind: FormKind, data: Vec<FormData>) -> AppResult<Rendered> {
    tokio::task::spawn_blocking(move || renderer.render_batch(kind, &data)).await.map_err(render_error)?.map_err(render_error)
}

fn form_sex(sex: Option<Sex>) -> Option<forms::Sex> {
    sex.map(|s| match s {
        Sex::Male => forms::Sex::Male,
        Sex::Female => forms::Sex::Female,
    })
}

fn not_empty(s: &str) -> Option<String> {
    Some(s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// The stage the register list prints, from what the register stores of a person.
fn stage_of(p: &Person, today: NaiveDate) -> (forms::Bilingual, Option<NaiveDate>) {
    match &p.archived {
        Some(a) => (forms::Bilingual::new("已归档", "Archived"), Some(a.on)),
        None if p.start_date > today => (forms::Bilingual::new("待上岗", "Not yet on post"), Some(p.registered_on)),
        None => (forms::Bilingual::new("在岗", "On duty"), Some(p.start_date)),
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn issued_change(form: &IssuedForm) -> Change {
    Change {
        action: AuditAction::FormIssue,
        entity: AuditEntity::Form,
        entity_id: form.number.to_string(),
        person_id: form.person_id,
        old: None,
        new: Some(json!({
            "kind": form.kind.id(),
            "template_version": form.template_version,
            "issued_on": form.issued_on,
            "content_hash": form.content_hash,
            "verification_code": form.verification_code,
        })),
    }
}

impl Office {
    /// The language the office prints its forms in (bilingual until chosen).
    async fn form_language(&self) -> AppResult<forms::LanguageMode> {
        let chosen = self.store.setting(FORM_LANGUAGE).await?;
        Ok(chosen.and_then(|s| forms::LanguageMode::parse(&s)).unwrap_or(forms::LanguageMode::Bilingual))
    }

    async fn form_header(&self, number: String, operator: &str) -> AppResult<forms::FormHeader> {
        let store = self.store();
        let office_name = store.setting(OFFICE_NAME).await?.and_then(|s| not_empty(&s)).unwrap_or_else(|| "保密办公室".to_owned());
        let office_name_en = match store.setting(OFFICE_NAME_EN).await? {
            Some(s) => not_empty(&s),
            None => Some("Secrecy Office".to_owned()),
        };
        let language = self.form_language().await?;
        Ok(forms::FormHeader {
            office_name,
            office_name_en,
            form_number: number,
            issue_date: self.today(),
            rule_citation: None,
            language,
            officer: not_empty(operator),
            // The trail's newest entry as the form is made: the paper anchors the chain up to it.
            chain_head: Some(self.chain_head().await?.short),
        })
    }

    /// The person as a form prints them; the phone's extension in the words of the form's
    /// language (`转 8012` on a Chinese or bilingual form, `ext. 8012` on an English one).
    fn form_person(&self, p: &Person, language: forms::LanguageMode) -> forms::Person {
        let level = self
            .levels()
            .iter()
            .find(|l| l.id == p.level)
            .map(|l| forms::Bilingual::new(l.name_zh.clone(), l.name_en.clone()))
            .unwrap_or_else(|| forms::Bilingual::new(p.level.0.clone(), p.level.0.clone()));
        forms::Person {
            name: p.name.clone(),
            staff_no: p.staff_no.clone(),
            id_number: not_empty(&p.id_number),
            sex: form_sex(p.sex),
            birth_date: p.birth_date,
            unit: p.unit.clone(),
            post: p.post.clone(),
            level,
            phone: not_empty(&clearance_domain::identifiers::phone_shown(
                &p.phone,
                if language == forms::LanguageMode::En { Lang::En } else { Lang::ZhCn },
            )),
            photo: None,
        }
    }

    /// The body of a person's form of `kind`, from what the register stores: the person, their
    /// lifecycle (steps done, departure, decommissioning period) and events. `previous` is the
    /// date the person's last commitment came back signed, if any.
    async fn form_body(
        &self,
        kind: FormKind,
        p: &Person,
        previous: Option<NaiveDate>,
        trip: Option<&TripView>,
    ) -> AppResult<forms::FormBody> {
        let language = self.form_language().await?;
        let person = self.form_person(p, language);
        let today = self.today();
        let policy = self.policy().await?;
        let cal = self.calendar(&policy);
        let record = self.store.lifecycle_record(p).await?;
        let done = |step: &StepDef| -> forms::StepRecord {
            let last = record.steps.iter().filter(|r| r.step_id == step.id && r.done_on <= today).max_by_key(|r| r.done_on);
            let on = record.completions(step, today).into_iter().max();
            forms::StepRecord {
                step: forms::Bilingual::new(step.name_zh.clone(), step.name_en.clone()),
                done_on: on,
                recorded_by: last.map(|r| r.recorded_by.clone()),
                note: last.and_then(|r| not_empty(&r.note)),
            }
        };
        match kind {
            FormKind::Review => {
                let events = self.store.personal_events(p.id).await?;
                // The photo box prints the person's photo when the register has one.
                let photo = self.photo_image(p.id).await?.and_then(forms::Photo::new);
                Ok(forms::FormBody::Review(forms::ReviewForm {
                    person: forms::Person { photo, ..person },
                    registered_on: p.registered_on,
                    planned_start: Some(p.start_date),
                    steps: policy.onboarding.iter().map(done).collect(),
                    personal_events: events
                        .iter()
                        .map(|e| match e.action_taken.trim() {
                            "" => format!("{} {}", e.date, e.kind),
                            action => format!("{} {}:{action}", e.date, e.kind),
                        })
                        .collect(),
                    personnel_opinion: None,
                    secrecy_office_opinion: None,
                    notes: not_empty(&p.notes),
                }))
            }
            FormKind::Commitment => {
                // Onboarding, or on duty by an override with the commitment still unsigned: the
                // onboarding commitment (上岗), not the periodic re-sign (在岗).
                let onboarding = record.signs_for_onboarding(&policy, FormKind::Commitment, today);
                let occasion = if onboarding { forms::CommitmentOccasion::Onboarding } else { forms::CommitmentOccasion::OnDuty };
                // The next re-sign: the open recurring obligation completed by this form.
                let next_due = obligations(&record, &policy, &cal, today)
                    .into_iter()
                    .find(|o| o.kind == ObligationKind::Recurring && o.form == Some(FormKind::Commitment))
                    .map(|o| o.due.date);
                Ok(forms::FormBody::Commitment(forms::CommitmentForm {
                    person,
                    occasion,
                    on_duty_since: record.state.on_duty_since.or(Some(p.start_date)),
                    previous_signed_on: previous,
                    next_due,
                }))
            }
            FormKind::Departure => {
                let Some(departure) = record.state.departure.clone() else {
                    return Err(FieldError::new("kind", "form.no_departure").into());
                };
                // Before the period starts, the notice gives the policy's default (upper bound).
                let (start, end, receiving) = match &record.state.decommissioning {
                    Some(d) => (d.start, d.end(), d.receiving_organisation.clone()),
                    None => {
                        let options = decommissioning_options(&record, &policy, &cal, departure.date)?;
                        (departure.date, options.max_end, None)
                    }
                };
                let step_on = |id: &str| policy.departure.iter().find(|s| s.id == id).and_then(|s| done(s).done_on);
                Ok(forms::FormBody::Departure(forms::DepartureForm {
                    person,
                    departure_kind: match departure.kind {
                        DepartureKind::LeavePost => forms::DepartureKind::LeavePost,
                        DepartureKind::LeaveOrganisation => forms::DepartureKind::Resignation,
                    },
                    departure_date: departure.date,
                    decommissioning_start: start,
                    decommissioning_end: end,
                    receiving_organisation: receiving,
                    reminder_talk_on: step_on("reminder_talk"),
                    access_revoked_on: step_on("access_revoked"),
                    returned_items: departure
                        .items
                        .iter()
                        .map(|i| forms::ReturnedItem {
                            description: match i.classification.trim() {
                                "" => i.item.clone(),
                                c => format!("{}({c})", i.item),
                            },
                            identifier: not_empty(&i.number),
                            quantity: None,
                            returned_on: i.returned_on,
                            received_by: not_empty(&i.received_by),
                        })
                        .collect(),
                }))
            }
            FormKind::TravelApproval | FormKind::TravelReport | FormKind::DocumentReceipt => {
                let Some(view) = trip else { return Err(FieldError::new("trip", "form.trip_required").with("kind", kind.id()).into()) };
                if kind == FormKind::DocumentReceipt && view.document.is_none() {
                    return Err(FieldError::new("trip", "form.trip_no_document").into());
                }
                Ok(travel_body(kind, person, view, &policy, &cal))
            }
            FormKind::RegisterList => Err(FieldError::new("kind", "form.register_list_person").into()),
        }
    }

    /// Numbers, renders and registers forms: every form of the batch is registered with its
    /// PDF, or none is.
    ///
    /// The rendering (seconds for a unit's 600 re-signs) happens outside the write transaction,
    /// so other clerks are never held up by it: the numbers are read first, the forms rendered
    /// with them, the PDF written beside `out` (a file that cannot be written refuses the whole
    /// issue before anything is registered), and then one short transaction registers them —
    /// unless another clerk took those numbers meanwhile, in which case it is done again with
    /// the next ones (numbers stay gap-free). The PDF takes its name once the forms are in the
    /// register.
    async fn issue(
        &self,
        kind: FormKind,
        bodies: Vec<(Option<&Person>, forms::FormBody)>,
        trip: Option<TripId>,
        out: Option<&Path>,
    ) -> AppResult<IssuedPdf> {
        let operator = self.operator().await?;
        let today = self.today();
        let year = today.year();
        if let Some(target) = out {
            check_target(target)?;
        }
        for _ in 0..ISSUE_ATTEMPTS {
            let first = self.store.next_form_seq(year).await?;
            let mut numbers = Vec::with_capacity(bodies.len());
            let mut data = Vec::with_capacity(bodies.len());
            for (i, (_, body)) in bodies.iter().enumerate() {
                let number = u32::try_from(i)
                    .ok()
                    .and_then(|i| first.checked_add(i))
                    .and_then(|seq| FormNumber::new(year, seq))
                    .ok_or_else(|| render_error(format!("no form number left in {year}")))?;
                let header = self.form_header(number.to_string(), &operator).await?;
                data.push(FormData { header, body: body.clone() });
                numbers.push(number);
            }
            let rendered = render(self.renderer_for(kind).await?, kind, data.clone()).await?;
            let mut new_forms = Vec::with_capacity(data.len());
            for (((person, _), number), (form, stamp)) in bodies.iter().zip(&numbers).zip(data.iter().zip(&rendered.forms)) {
                new_forms.push(NewIssuedForm {
                    number: *number,
                    kind,
                    person_id: person.map(|p| p.id),
                    trip_id: trip,
                    template_version: rendered.template_version.clone(),
                    issued_on: today,
                    operator: operator.clone(),
                    content_hash: stamp.content_hash.clone(),
                    verification_code: stamp.verification_code.clone(),
                    content: serde_json::to_string(form).map_err(render_error)?,
                });
            }
            let pending = match out {
                Some(target) => Some(PendingFile::write(target, &rendered.pdf).map_err(|e| save_failed(target, &e))?),
                None => None,
            };
            let registered = self
                .write(async |tx| {
                    if tx.next_form_seq(year).await? != first {
                        return Ok((None, Vec::new()));
                    }
                    let mut rows = Vec::with_capacity(new_forms.len());
                    let mut changes = Vec::with_capacity(new_forms.len());
                    for new in &new_forms {
                        let row = tx.insert_issued_form(new).await?;
                        changes.push(issued_change(&row));
                        rows.push(row);
                    }
                    Ok((Some(rows), changes))
                })
                .await?;
            // Numbers taken by another clerk meanwhile: the partial file goes, and again.
            let Some(forms) = registered else { continue };
            let saved = pending.map(|p| p.commit().map_err(|e| e.to_string()));
            let warning = rendered.fallback_error.as_ref().map(ToString::to_string);
            return Ok(IssuedPdf { forms, pdf: rendered.pdf, template_warning: warning, saved });
        }
        Err(crate::store::StoreError::Database(sqlx::Error::PoolTimedOut).into())
    }

    /// The date the person's last commitment came back signed.
    async fn last_signed_commitment(&self, p: &Person) -> AppResult<Option<NaiveDate>> {
        let query = FormsQuery { returned: Some(true), voided: Some(false), person_id: Some(p.id), offset: 0, limit: 500 };
        let page = self.store().issued_forms(&query).await?;
        Ok(page.rows.iter().filter(|f| f.kind == FormKind::Commitment).filter_map(|f| f.received_on).max())
    }

    /// Issues one form of `kind` about a person (a travel form about one of their trips).
    /// Issues one form of `kind` about a person (a travel form about one of their trips), its
    /// PDF written to `out` when given.
    pub async fn issue_form(&self, kind: FormKind, person: PersonId, trip: Option<TripId>, out: Option<&Path>) -> AppResult<IssuedPdf> {
        self.allow(Operation::IssueForms).await?;
        let (person, body) = self.person_form_body(kind, person, trip).await?;
        self.issue(kind, vec![(Some(&person), body)], trip, out).await
    }

    /// The person and the body of their form of `kind` as it would be issued today (a travel
    /// form about one of their trips): what an issue registers and a draft shows.
    async fn person_form_body(&self, kind: FormKind, person: PersonId, trip: Option<TripId>) -> AppResult<(Person, forms::FormBody)> {
        if kind == FormKind::RegisterList {
            return Err(FieldError::new("kind", "form.register_list_person").into());
        }
        let person = self.person(person).await?;
        not_archived(&person)?;
        let previous = self.last_signed_commitment(&person).await?;
        let view = match trip {
            Some(id) => {
                let view = self.trip_view(id).await?;
                if view.trip.person != person.id {
                    return Err(FieldError::new("trip", "form.trip_other_person").into());
                }
                Some(view)
            }
            None => None,
        };
        let body = self.form_body(kind, &person, previous, view.as_ref()).await?;
        Ok((person, body))
    }

    /// The annual re-sign (or any person form of `kind`) for every person of `unit` on their
    /// post today: one PDF, one form a page, each registered, all in one transaction.
    pub async fn issue_batch(&self, kind: FormKind, unit: &str, out: Option<&Path>) -> AppResult<IssuedPdf> {
        self.allow(Operation::IssueForms).await?;
        if kind == FormKind::RegisterList {
            return Err(FieldError::new("kind", "form.register_list_person").into());
        }
        let today = self.today();
        let ids = self.store.active_people_of_unit(unit.trim(), today).await?;
        if ids.is_empty() {
            return Err(FieldError::new("unit", "form.unit_empty").with("unit", unit.trim()).into());
        }
        let mut people = Vec::with_capacity(ids.len());
        for id in ids {
            people.push(self.person(id).await?);
        }
        let mut bodies = Vec::with_capacity(people.len());
        for p in &people {
            let previous = self.last_signed_commitment(p).await?;
            bodies.push((Some(p), self.form_body(kind, p, previous, None).await?));
        }
        self.issue(kind, bodies, None, out).await
    }

    /// The register list of the people `query` selects (every page of it), registered as one form.
    pub async fn issue_register_list(&self, query: &PeopleQuery, filter: Option<String>, out: Option<&Path>) -> AppResult<IssuedPdf> {
        self.allow(Operation::IssueForms).await?;
        let today = self.today();
        let levels = self.levels();
        let mut rows = Vec::new();
        let mut q = PeopleQuery { offset: 0, limit: PeopleQuery::MAX_LIMIT, ..query.clone() };
        loop {
            let page = self.store().people(&q).await?;
            let n = page.rows.len() as u32;
            for s in &page.rows {
                let p = self.person(s.id).await?;
                let (stage, since) = stage_of(&p, today);
                let level = levels
                    .iter()
                    .find(|l| l.id == p.level)
                    .map(|l| forms::Bilingual::new(l.name_zh.clone(), l.name_en.clone()))
                    .unwrap_or_default();
                rows.push(forms::RegisterRow {
                    staff_no: p.staff_no.clone(),
                    name: p.name.clone(),
                    sex: form_sex(p.sex),
                    unit: p.unit.clone(),
                    post: p.post.clone(),
                    level,
                    stage,
                    since,
                    next_due: None,
                    note: not_empty(&p.notes),
                });
            }
            q.offset += n;
            if n == 0 || q.offset >= page.total {
                break;
            }
        }
        let body =
            forms::FormBody::RegisterList(forms::RegisterListForm { filter: filter.and_then(|f| not_empty(&f)), as_of: today, rows });
        self.issue(FormKind::RegisterList, vec![(None, body)], None, out).await
    }

    pub async fn issued_forms(&self, query: &FormsQuery) -> AppResult<FormsPage> {
        self.allow(Operation::Read).await?;
        Ok(self.store().issued_forms(query).await?)
    }

    async fn stored_form(&self, number: FormNumber) -> AppResult<(IssuedForm, FormData)> {
        let not_found = || AppError::from(FieldError::new("number", "form.not_found").with("value", number));
        let form = self.store().issued_form(number).await?.ok_or_else(not_found)?;
        let content = self.store().issued_form_content(number).await?.ok_or_else(not_found)?;
        let data: FormData = serde_json::from_str(&content)
            .map_err(|e| AppError::Store(crate::store::StoreError::Corrupt(format!("form {}: {e}", form.number))))?;
        Ok((form, data))
    }

    /// The stored content re-hashed, compared with the hash and code recorded at issue.
    fn hash_matches(form: &IssuedForm, data: &FormData) -> bool {
        let hash = content_hash(form.kind, &form.template_version, &data.header, &data.body);
        hex::encode(hash) == form.content_hash && verification_code(&hash) == form.verification_code && data.kind() == form.kind
    }

    /// The PDF of an issued form, rendered again from the content the register kept. Refused
    /// when the template that renders it now is not the one that rendered it then, or the
    /// content no longer hashes to the printed code: the copy would not match the paper.
    pub async fn form_pdf(&self, number: FormNumber) -> AppResult<(IssuedForm, Vec<u8>)> {
        self.allow(Operation::Read).await?;
        let (form, data) = self.stored_form(number).await?;
        if !Self::hash_matches(&form, &data) {
            return Err(FieldError::general("form.hash_mismatch").with("value", form.number).into());
        }
        let rendered = render(self.renderer_for(form.kind).await?, form.kind, vec![data]).await?;
        if rendered.forms[0].content_hash != form.content_hash {
            return Err(FieldError::general("form.template_changed")
                .with("value", form.number)
                .with("version", &form.template_version)
                .into());
        }
        Ok((form, rendered.pdf))
    }

    /// The pages of an issued form as SVG images, for the preview before saving or printing.
    pub async fn form_preview_svg(&self, number: FormNumber) -> AppResult<Vec<String>> {
        self.allow(Operation::Read).await?;
        let (form, data) = self.stored_form(number).await?;
        let renderer = self.renderer_for(form.kind).await?;
        tokio::task::spawn_blocking(move || renderer.render_svg(&data)).await.map_err(render_error)?.map_err(render_error)
    }

    /// Finds the issued form printed with `code` (as typed or scanned) and checks its hash.
    pub async fn verify_form(&self, code: &str) -> AppResult<FormVerification> {
        self.allow(Operation::Read).await?;
        let normal = normalize_code(code).ok_or_else(|| FieldError::new("code", "form.code_invalid").with("value", code.trim()))?;
        let found = self.store().issued_forms_by_code(&normal).await?;
        let form = found.into_iter().next().ok_or_else(|| FieldError::new("code", "form.code_unknown").with("value", &normal))?;
        let (form, data) = self.stored_form(form.number).await?;
        let hash_matches = Self::hash_matches(&form, &data);
        let scan_matches = match &form.scan_sha256 {
            Some(sha) => {
                let kept = self.scan_of(form.number).await?;
                Some(kept.is_some_and(|k| &sha256_hex(&k.bytes) == sha))
            }
            None => None,
        };
        Ok(FormVerification { form, hash_matches, scan_matches })
    }

    /// Marks the signed copy of a form received on `on`, and attaches its scan (PDF, JPEG or
    /// PNG), kept inside the register with its SHA-256 in the same transaction as the record.
    pub async fn form_received(&self, number: FormNumber, on: NaiveDate, scan: Option<&Path>) -> AppResult<IssuedForm> {
        self.allow(Operation::IssueForms).await?;
        let today = self.today();
        if on > today {
            return Err(FieldError::new("received_on", "form.received_future").with("today", today).into());
        }
        // The scan is checked before anything is written; it and the record naming it are
        // committed together: a refusal or a crash never leaves a scan the register does not know.
        let read = match scan {
            Some(path) => {
                let path = path.to_path_buf();
                let (bytes, ext) = tokio::task::spawn_blocking(move || read_scan(&path)).await.map_err(render_error)??;
                Some(ReadScan::new(number, bytes, ext))
            }
            None => None,
        };
        let policy = self.policy().await?;
        let operator = self.operator().await?;
        self.write(async |tx| {
            let recorded = read.as_ref().map(|r| (r.name.as_str(), r.sha256.as_str()));
            let (received, changes) = register::receive(tx, number, on, recorded, &policy, &operator, today, false).await?;
            if let Some(read) = &read {
                keep_scan(tx, number, read).await?;
            }
            Ok((received, changes))
        })
        .await
    }
}

/// A travel document kind as the forms print it, in Chinese and English.
fn document_kind(kind: DocumentKind) -> forms::Bilingual {
    match kind {
        DocumentKind::Passport => forms::Bilingual::new("护照", "Passport"),
        DocumentKind::HkMacaoPermit => forms::Bilingual::new("往来港澳通行证", "Mainland Travel Permit for Hong Kong and Macao"),
        DocumentKind::TaiwanPermit => forms::Bilingual::new("往来台湾通行证", "Mainland Travel Permit for Taiwan"),
        DocumentKind::Other => forms::Bilingual::new("其他证件", "Other travel document"),
    }
}

fn document_label(kind: DocumentKind, number: &str) -> String {
    let name = document_kind(kind);
    format!("{} {} {number}", name.zh, name.en)
}

/// A travel form's body from the trip page's view: the trip as recorded, its decision,
/// briefing, report and the document's checkout and return for this trip.
fn travel_body(kind: FormKind, person: forms::Person, view: &TripView, policy: &Policy, cal: &HolidayCalendar) -> forms::FormBody {
    let t = &view.trip;
    let trip = forms::Trip {
        destinations: view.destinations.iter().map(|c| forms::Bilingual::new(c.name_zh.clone(), c.name_en.clone())).collect(),
        purpose: t.purpose.clone(),
        kind: match t.kind {
            TripKind::Official => forms::TripKind::Official,
            TripKind::Private => forms::TripKind::Private,
        },
        planned_departure: t.planned_departure,
        planned_return: view.current_return,
        actual_departure: t.departed,
        actual_return: t.returned,
        travel_document: view.document.as_ref().map(|d| document_label(d.kind, &d.number)),
    };
    let opinion = |text: &str, by: &str, on: NaiveDate| {
        (!text.trim().is_empty()).then(|| forms::Opinion { text: text.to_owned(), by: not_empty(by), on: Some(on) })
    };
    match kind {
        FormKind::TravelApproval => forms::FormBody::TravelApproval(forms::TravelApprovalForm {
            person,
            trip,
            higher_approval: view.required_approval.level == ApprovalLevel::Higher,
            personnel_opinion: t.decision.as_ref().and_then(|d| opinion(&d.personnel_opinion, "", d.date)),
            secrecy_office_opinion: t.decision.as_ref().and_then(|d| opinion(&d.secrecy_office_opinion, "", d.date)),
            approval: t.decision.as_ref().map(|d| forms::Approval {
                approver: d.by.clone(),
                decision: if d.approved { forms::Decision::Approved } else { forms::Decision::Refused },
                on: d.date,
                reason: not_empty(&d.reason),
            }),
            briefing: t.briefing.as_ref().map(|b| forms::Briefing { on: b.date, by: b.by.clone(), topics: b.note.clone() }),
        }),
        FormKind::TravelReport => forms::FormBody::TravelReport(forms::TravelReportForm {
            person,
            trip,
            itinerary: vec![],
            contacts: vec![],
            incidents: None,
            document_returned_on: view.document.as_ref().and_then(|d| {
                d.movements.iter().filter(|m| m.kind == MovementKind::ReturnedToCustody && m.trip == Some(t.id)).map(|m| m.date).max()
            }),
            // The rule's date whether or not the report is in yet.
            due_by: t.returned.map(|back| policy.travel.report.due_from(back, cal).date),
            reported_on: t.report.as_ref().map(|r| r.date),
            secrecy_office_opinion: t.report.as_ref().and_then(|r| opinion(&r.note, &r.by, r.date)),
        }),
        _ => {
            let movement = |kind: MovementKind| {
                view.document.as_ref().and_then(|d| {
                    d.movements.iter().rev().find(|m| m.kind == kind && m.trip == Some(t.id)).map(|m| forms::DocumentMovement {
                        on: m.date,
                        officer: not_empty(&m.by),
                        note: not_empty(&m.counterpart),
                    })
                })
            };
            forms::FormBody::DocumentReceipt(forms::DocumentReceiptForm {
                person,
                document: view
                    .document
                    .as_ref()
                    .map(|d| forms::TravelDocument {
                        kind: document_kind(d.kind),
                        number: d.number.clone(),
                        issued_on: Some(d.issued),
                        expires_on: Some(d.expires),
                        safe_box: not_empty(&d.location),
                    })
                    // Refused before this point when the trip names no document.
                    .unwrap_or_else(|| forms::TravelDocument {
                        kind: forms::Bilingual::new("", ""),
                        number: String::new(),
                        issued_on: None,
                        expires_on: None,
                        safe_box: None,
                    }),
                trip: Some(trip),
                checkout: movement(MovementKind::CheckedOut),
                due_back: view.document_due.as_ref().map(|d| d.date),
                returned: movement(MovementKind::ReturnedToCustody),
            })
        }
    }
}
