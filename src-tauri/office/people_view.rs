//! The people table's stage and next due item, kept on the person row so the table sorts and
//! pages by them with an index on a register of 200,000 people (docs/performance.md).
//!
//! The next due item is the reminders' own: the obligations come from the same sources the
//! dashboard reads (`reminders::sources`: the lifecycle rules, the travel rules, the unreturned
//! signed copies), and the item is the earliest of them, ties broken as the dashboard sorts
//! (kind, then key). Acknowledgements and snoozes hold a reminder back from the dashboard's list
//! but do not change what is due, so they do not change the item either.
//!
//! Consistency, two ways:
//! - every write goes through [`Office::write`], which recomputes the people its audit entries
//!   name in the same transaction ([`refresh_touched`]); a write about more than
//!   [`MAX_ONE_BY_ONE`] people (a large import) marks the projection stale instead, in the same
//!   transaction;
//! - what the rules derive also depends on the day (a training-hours year ends, a dated level
//!   change takes effect) and on the policy: the setting [`PEOPLE_VIEW_BASIS`] names the day and
//!   policy of the last full pass, and the people list makes a new pass first when they changed
//!   ([`Office::ensure_people_view`]), writing only the rows that differ.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use clearance_domain::audit::Change;
use clearance_domain::calendar::HolidayCalendar;
use clearance_domain::lifecycle::{PersonRecord, Stage};
use clearance_domain::person::PersonId;
use clearance_domain::policy::Policy;
use clearance_domain::reminders::{sources, Obligation, ReminderKind};
use clearance_domain::travel::{TravelDocument, Trip};
use sha2::{Digest, Sha256};

use super::Office;
use crate::error::AppResult;
use crate::store::people_view::{PeopleViewRow, StoredDue, PEOPLE_VIEW_BASIS};
use crate::store::Tx;

/// A write about more people than this marks the projection stale rather than recomputing them
/// one by one inside its transaction (the next list makes one pass over the register).
pub const MAX_ONE_BY_ONE: usize = 500;

/// Held while a full pass runs.
static PASS: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// What the projection is computed for: the day, the policy and its holiday calendar.
pub(super) struct ViewBasis {
    pub today: NaiveDate,
    pub policy: Arc<Policy>,
    pub cal: HolidayCalendar,
}

impl ViewBasis {
    /// The day, the policy (all of it) and the app version (its holiday calendars).
    fn key(&self) -> String {
        let policy = serde_json::to_string(&*self.policy).unwrap_or_default();
        let digest = Sha256::digest(format!("{}\n{}\n{policy}", env!("CARGO_PKG_VERSION"), self.policy.calendar).as_bytes());
        format!("{}|{}", self.today, hex::encode(&digest[..12]))
    }
}

/// Every open obligation of one supervised person, from the sources the dashboard reads.
fn person_obligations(
    id: PersonId,
    record: &PersonRecord,
    trips: &[Trip],
    documents: &[TravelDocument],
    forms: &[(String, NaiveDate)],
    basis: &ViewBasis,
) -> Vec<Obligation> {
    let mut out = Vec::new();
    sources::lifecycle_obligations(id, record, &basis.policy, &basis.cal, basis.today, &mut out);
    if !trips.is_empty() || !documents.is_empty() {
        sources::travel_obligations(id, trips, documents, &basis.policy.travel, &basis.cal, basis.today, &mut out);
    }
    for (number, issued_on) in forms {
        out.push(sources::unreturned_form(id, number, *issued_on, &basis.policy));
    }
    out
}

/// The earliest obligation, ties broken as the dashboard sorts them.
fn next_of(obligations: Vec<Obligation>) -> Option<StoredDue> {
    let o = obligations.into_iter().min_by(|a, b| a.due.date.cmp(&b.due.date).then(a.kind.cmp(&b.kind)).then(a.key.cmp(&b.key)))?;
    Some(StoredDue {
        date: o.due.date,
        lead_days: o.lead_days,
        kind: kind_text(o.kind),
        key: o.key,
        what_zh: o.name_zh.into_owned(),
        what_en: o.name_en.into_owned(),
    })
}

fn kind_text(kind: ReminderKind) -> String {
    match serde_json::to_value(kind) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// Recomputes, inside the write's transaction, every person its audit entries name.
pub(super) async fn refresh_touched(tx: &mut Tx, changes: &[Change], basis: &ViewBasis) -> AppResult<()> {
    let mut ids: Vec<PersonId> = changes.iter().filter_map(|c| c.person_id).collect();
    ids.sort();
    ids.dedup();
    if ids.len() > MAX_ONE_BY_ONE {
        tx.invalidate_people_view().await?;
        return Ok(());
    }
    for id in ids {
        let Some(person) = tx.person(id, basis.today).await? else { continue };
        let record = tx.lifecycle_record(&person).await?;
        let supervised = person.archived.is_none() && record.state.stage != Stage::Released;
        let due = if supervised {
            let trips = tx.trips_of(id).await?;
            let documents = tx.travel_documents_of(id).await?;
            let forms = tx.unreturned_forms_of(id).await?;
            next_of(person_obligations(id, &record, &trips, &documents, &forms, basis))
        } else {
            None
        };
        let row = PeopleViewRow { stage: record.state.stage, on_duty_since: record.state.on_duty_since, due };
        tx.set_people_view(id, &row).await?;
    }
    Ok(())
}

impl Office {
    pub(super) async fn people_view_basis(&self) -> AppResult<ViewBasis> {
        let policy = self.policy().await?;
        let cal = self.calendar(&policy);
        Ok(ViewBasis { today: self.today(), policy, cal })
    }

    /// Every person's projection computed afresh, read table by table as the dashboard reads.
    async fn compute_people_view(&self, basis: &ViewBasis) -> AppResult<HashMap<PersonId, PeopleViewRow>> {
        let mut out: HashMap<PersonId, PeopleViewRow> = self
            .store
            .stages()
            .await?
            .into_iter()
            .map(|(id, stage, on_duty_since)| (id, PeopleViewRow { stage, on_duty_since, due: None }))
            .collect();
        let mut travel: HashMap<PersonId, (Vec<Trip>, Vec<TravelDocument>)> = HashMap::new();
        for t in self.store.trips().await? {
            travel.entry(t.person).or_default().0.push(t);
        }
        for d in self.store.travel_documents().await? {
            travel.entry(d.person).or_default().1.push(d);
        }
        let mut forms: HashMap<PersonId, Vec<(String, NaiveDate)>> = HashMap::new();
        for (person, number, issued_on) in self.store.unreturned_forms().await? {
            forms.entry(person).or_default().push((number, issued_on));
        }
        for s in self.store.supervised().await? {
            let (trips, documents) = travel.remove(&s.id).unwrap_or_default();
            let mine = forms.remove(&s.id).unwrap_or_default();
            let due = next_of(person_obligations(s.id, &s.record, &trips, &documents, &mine, basis));
            out.insert(s.id, PeopleViewRow { stage: s.record.state.stage, on_duty_since: s.record.state.on_duty_since, due });
        }
        Ok(out)
    }

    /// Makes the projection current for today and the policy in force, when it is not: one pass
    /// over the register, writing only the people whose values changed. A register open
    /// read-only shows what was stored (the states are still today's). Should a
    /// write land during the pass, the pass starts again (at most three times); should it fail,
    /// the list shows what was stored.
    pub async fn ensure_people_view(&self) -> AppResult<()> {
        if self.store.is_read_only() {
            return Ok(());
        }
        let basis = self.people_view_basis().await?;
        let key = basis.key();
        if self.store.setting(PEOPLE_VIEW_BASIS).await?.as_deref() == Some(key.as_str()) {
            return Ok(());
        }
        // One pass at a time (the window starts one at launch; a list asked for meanwhile waits
        // for it rather than making its own), then checked again.
        let _one = PASS.lock().await;
        if self.store.setting(PEOPLE_VIEW_BASIS).await?.as_deref() == Some(key.as_str()) {
            return Ok(());
        }
        for _ in 0..3 {
            let seq = self.store.last_audit_seq().await?;
            let computed = self.compute_people_view(&basis).await?;
            let stored = self.store.people_view().await?;
            let changed: Vec<(PersonId, &PeopleViewRow)> =
                stored.iter().filter_map(|(id, old)| computed.get(id).filter(|new| *new != old).map(|new| (*id, new))).collect();
            let mut tx = self.store.begin().await?;
            if tx.last_audit_seq().await? != seq {
                continue; // dropped: rolled back
            }
            for (id, row) in changed {
                tx.set_people_view(id, row).await?;
            }
            tx.set_setting(PEOPLE_VIEW_BASIS, &key).await?;
            tx.commit().await?;
            return Ok(());
        }
        Ok(())
    }
}
