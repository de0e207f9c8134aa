//! The issued-forms register's own operations (issue 13): a draft looked at before issuing (no
//! number used, nothing registered, audited or written), a form voided with its reason, a copy
//! of an issued form printed again (marked as a copy of the same number), and several signed
//! copies marked received at once (each its own entry, all in one transaction or none).

use clearance_domain::access::Operation;
use clearance_domain::form::{check_receipt, check_void, void_reason};
use clearance_domain::{DomainError, Lang};
use clearance_forms::{Mark, VoidMark};

use super::*;
use crate::store::Tx;

/// Marks the signed copy of `number` received on `on` inside the caller's transaction: the
/// register's entry, the lifecycle step the form completes, and their audit entries. With
/// `once`, a copy already received is refused (several at once: each must still be out).
#[allow(clippy::too_many_arguments)]
pub(super) async fn receive(
    tx: &mut Tx,
    number: FormNumber,
    on: NaiveDate,
    scan: Option<(&str, &str)>,
    policy: &Policy,
    operator: &str,
    today: NaiveDate,
    once: bool,
) -> AppResult<(IssuedForm, Vec<Change>)> {
    let old = tx.issued_form(number).await?.ok_or_else(|| FieldError::new("number", "form.not_found").with("value", number))?;
    if once {
        if let (Some(back), None) = (old.received_on, old.voided_on) {
            return Err(FieldError::general("form.already_received").with("value", old.number).with("date", back).into());
        }
    }
    check_receipt(old.number, old.issued_on, old.voided_on, on, today)?;
    let new = tx.set_form_received(old.number, on, scan).await?;
    let mut changes = Vec::with_capacity(2);
    changes.push(Change {
        action: AuditAction::FormReceived,
        entity: AuditEntity::Form,
        entity_id: new.number.to_string(),
        person_id: new.person_id,
        old: Some(json!({ "received_on": old.received_on, "scan_sha256": old.scan_sha256 })),
        new: Some(json!({ "received_on": new.received_on, "scan_path": new.scan_path, "scan_sha256": new.scan_sha256 })),
    });
    // The signed copy completes the open step printed on its form (the commitment signed, the
    // annual re-sign, the review), recorded on the day it came back.
    if let Some(pid) = new.person_id {
        let person = tx.person(pid, today).await?;
        if let Some(person) = person.filter(|p| p.archived.is_none()) {
            let record = tx.lifecycle_record(&person).await?;
            if let Some(step) = step_completed_by_form(&record, policy, new.kind, on) {
                let note = format!("签字件 {} 已交回 / signed copy of form {} received", new.number, new.number);
                // A step the rules refuse on that day (before the person's stage began, say) is
                // left to be recorded by hand: the copy is still received.
                if let Ok(done) = record_step(&record, policy, &step.id, on, operator, &note, today) {
                    tx.insert_step(person.id, &done).await?;
                    changes.push(Change {
                        action: AuditAction::LifecycleStep,
                        entity: AuditEntity::Lifecycle,
                        entity_id: person.id.to_string(),
                        person_id: Some(person.id),
                        old: None,
                        new: Some(json!({ "step": done.step_id, "done_on": done.done_on, "note": done.note })),
                    });
                }
            }
        }
    }
    Ok((new, changes))
}

impl Office {
    /// The form of `kind` about a person as it would be issued today, with no number and
    /// "样稿 / DRAFT" across it. Nothing is numbered, registered, audited or written.
    async fn draft_data(&self, kind: FormKind, person: PersonId, trip: Option<TripId>) -> AppResult<FormData> {
        let (_, body) = self.person_form_body(kind, person, trip).await?;
        // A draft names whoever is at the keyboard, if anyone is yet.
        let operator = self.operator().await.unwrap_or_default();
        let header = self.form_header(String::new(), &operator).await?;
        Ok(FormData { header, body })
    }

    /// The pages of a draft (one SVG each, marked 样稿 / DRAFT), for the preview before issuing.
    pub async fn preview_form(&self, kind: FormKind, person: PersonId, trip: Option<TripId>) -> AppResult<Vec<String>> {
        self.allow(Operation::Read).await?;
        let data = self.draft_data(kind, person, trip).await?;
        let renderer = self.renderer_for(kind).await?;
        tokio::task::spawn_blocking(move || renderer.render_svg_marked(&data, Some(&Mark::Draft)))
            .await
            .map_err(render_error)?
            .map_err(render_error)
    }

    /// The PDF of a draft (to print it for checking, or save it where the clerk chose).
    pub async fn draft_pdf(&self, kind: FormKind, person: PersonId, trip: Option<TripId>) -> AppResult<Vec<u8>> {
        self.allow(Operation::Read).await?;
        let data = self.draft_data(kind, person, trip).await?;
        let renderer = self.renderer_for(kind).await?;
        let rendered = tokio::task::spawn_blocking(move || renderer.render_marked(&data, &Mark::Draft))
            .await
            .map_err(render_error)?
            .map_err(render_error)?;
        Ok(rendered.pdf)
    }

    /// Voids an issued form today, for `reason`: its number stays used, the register and the
    /// audit trail keep the day, the reason and who voided it, its copies print 已作废 / VOID.
    /// Refused (nothing changed) without a reason, for an unknown number, or a second time.
    pub async fn void_form(&self, number: FormNumber, reason: &str) -> AppResult<IssuedForm> {
        self.allow(Operation::IssueForms).await?;
        let reason = void_reason(reason)?;
        let today = self.today();
        let operator = self.operator().await?;
        self.write(async |tx| {
            let old = tx.issued_form(number).await?.ok_or_else(|| FieldError::new("number", "form.not_found").with("value", number))?;
            check_void(old.number, old.voided_on)?;
            let new = tx.set_form_voided(old.number, today, &reason, &operator).await?;
            let change = Change {
                action: AuditAction::FormVoid,
                entity: AuditEntity::Form,
                entity_id: new.number.to_string(),
                person_id: new.person_id,
                old: Some(json!({ "received_on": old.received_on })),
                new: Some(json!({ "voided_on": new.voided_on, "reason": new.void_reason })),
            };
            Ok((new, vec![change]))
        })
        .await
    }

    /// Prints an issued form again from the content the register kept, marked 副本 / COPY with
    /// the original's number and code (and 已作废 / VOID with the reason when it was voided),
    /// written to `out` whole or not at all. The copy is recorded in the audit trail; nothing
    /// is issued. Refused when the copy would not match the paper (see [`Office::form_pdf`]).
    pub async fn reprint_form(&self, number: FormNumber, out: &Path) -> AppResult<IssuedForm> {
        self.allow(Operation::IssueForms).await?;
        check_target(out)?;
        let (form, data) = self.stored_form(number).await?;
        if !Self::hash_matches(&form, &data) {
            return Err(FieldError::general("form.hash_mismatch").with("value", form.number).into());
        }
        let today = self.today();
        let void = form.voided_on.map(|on| VoidMark { on, reason: form.void_reason.clone().unwrap_or_default() });
        let mark = Mark::Copy { printed_on: today, void };
        let renderer = self.renderer_for(form.kind).await?;
        let rendered =
            tokio::task::spawn_blocking(move || renderer.render_marked(&data, &mark)).await.map_err(render_error)?.map_err(render_error)?;
        if rendered.forms[0].content_hash != form.content_hash {
            return Err(FieldError::general("form.template_changed")
                .with("value", form.number)
                .with("version", &form.template_version)
                .into());
        }
        let pending = PendingFile::write(out, &rendered.pdf).map_err(|e| save_failed(out, &e))?;
        let change = Change {
            action: AuditAction::FormReprint,
            entity: AuditEntity::Form,
            entity_id: form.number.to_string(),
            person_id: form.person_id,
            old: None,
            new: Some(json!({ "printed_on": today, "voided": form.voided_on.is_some() })),
        };
        self.write(async |_| Ok(((), vec![change]))).await?;
        pending.commit().map_err(|e| save_failed(out, &e))?;
        Ok(form)
    }

    /// Marks the signed copies of `numbers` received on `on`, each its own register entry,
    /// lifecycle step and audit entry, all in one transaction. When any of them cannot be
    /// marked (unknown, voided, already back, issued after `on`) none is, and the refusal names
    /// each form with its reason.
    pub async fn forms_received(&self, numbers: &[FormNumber], on: NaiveDate) -> AppResult<Vec<IssuedForm>> {
        self.allow(Operation::IssueForms).await?;
        let mut unique: Vec<FormNumber> = Vec::with_capacity(numbers.len());
        for n in numbers {
            if !unique.contains(n) {
                unique.push(*n);
            }
        }
        if unique.is_empty() {
            return Err(FieldError::general("form.batch_empty").into());
        }
        let today = self.today();
        if on > today {
            return Err(FieldError::new("received_on", "form.received_future").with("today", today).into());
        }
        let policy = self.policy().await?;
        let operator = self.operator().await?;
        self.write(async |tx| {
            let mut rows = Vec::with_capacity(unique.len());
            let mut changes = Vec::with_capacity(unique.len() * 2);
            let mut refused = Vec::new();
            for &number in &unique {
                match receive(tx, number, on, None, &policy, &operator, today, true).await {
                    Ok((row, mut entries)) => {
                        rows.push(row);
                        changes.append(&mut entries);
                    }
                    Err(AppError::Invalid(e)) => refused.extend(e.errors.iter().map(|f| {
                        FieldError::general("form.batch_item")
                            .with("number", number)
                            .with(&format!("reason.{}", Lang::ZhCn.tag()), f.message(Lang::ZhCn))
                            .with(&format!("reason.{}", Lang::En.tag()), f.message(Lang::En))
                    })),
                    Err(other) => return Err(other),
                }
            }
            if !refused.is_empty() {
                // Returned before the commit: the transaction rolls back, nothing is marked.
                return Err(DomainError { errors: refused }.into());
            }
            Ok((rows, changes))
        })
        .await
    }
}
