//! The reminders' projection (issue 15): every supervised person's open obligations kept in
//! `reminder_projection`, so the dashboard is an indexed range read on a register of 200,000
//! people instead of the whole derivation on every call (docs/performance.md).
//!
//! A projection, never the truth: the records are. It stays equal to the full recomputation
//! ([`Office::register_obligations`], the reference `reminders check` compares with) in three ways:
//!
//! - **every write** goes through [`Office::write`], which recomputes the people its audit entries
//!   name in the same transaction ([`refresh_person`]): one computation of a person's obligations
//!   writes both the people table's next due item and the person's projection rows and interval;
//! - **the day moves on**: each person's rows come with the interval of as-of days they provably
//!   hold for (`reminders::projection`: bounded by the dates in their records, the year's end and
//!   their due dates). [`Office::ensure_projection`] recomputes the people whose interval has
//!   ended (an indexed count, then an indexed read of who), in one transaction; more than
//!   [`MAX_ROLLOVER`] of them (1 January) make a full rebuild instead;
//! - **the basis changes**: the setting `reminders.projection.basis` names the policy and
//!   holiday calendar the rows were computed with ([`basis_key`]). Another policy, a new holiday
//!   calendar (a new app version), a projection never built (a register from before it), a
//!   restore, or a write about more than [`MAX_ONE_BY_ONE`] people (an import) → a full rebuild
//!   ([`Office::rebuild_projection`]),
//!   in the background in the window (with its progress shown), at once in the CLI. Until it is
//!   done [`Office::ensure_projection`] answers false and the callers use the full recomputation:
//!   nothing is ever wrong, only slower.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use chrono::NaiveDate;
use clearance_domain::access::Operation;
use clearance_domain::lifecycle::Stage;
use clearance_domain::person::PersonId;
use clearance_domain::policy::Policy;
use clearance_domain::reminders::projection::{project, PersonRecords};
use clearance_domain::reminders::Obligation;
use clearance_domain::travel::{TravelDocument, Trip};
use clearance_domain::Lang;
use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::people_view::{next_of, ViewBasis, MAX_ONE_BY_ONE};
use super::Office;
use crate::error::AppResult;
use crate::store::people_view::PeopleViewRow;
use crate::store::projection::{ProjectionInterval, ProjectionRow};
use crate::store::Tx;

/// More people than this with an ended interval (1 January: nearly everyone) are computed by a
/// full rebuild, table by table, rather than one by one in the reader's call.
const MAX_ROLLOVER: i64 = 5_000;

/// People written per transaction by a rebuild (the window's writes wait at most one batch).
const BATCH: usize = 2_000;

/// Held while a rebuild runs: one at a time.
static REBUILD: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// A background rebuild was started and has not ended.
static RUNNING: AtomicBool = AtomicBool::new(false);

/// Where a background rebuild reports its progress (the window's event); set once by the
/// window. Without it (the CLI, the tests) a stale projection is rebuilt at once, in the call.
type ProgressSink = Arc<dyn Fn(RebuildProgress) + Send + Sync>;
static BACKGROUND: OnceLock<ProgressSink> = OnceLock::new();

/// How far a rebuild has gone: what the window's progress line shows.
#[derive(Debug, Clone, Copy, Serialize, TS)]
#[ts(export)]
pub struct RebuildProgress {
    /// People computed so far, of `total`.
    pub done: u64,
    pub total: u64,
    /// The rebuild ended (built or given up: the dashboard computes in full meanwhile).
    pub finished: bool,
}

/// Rebuilds of a stale projection run in the background from now on, reporting to `sink` (the
/// window, once at start).
pub fn rebuild_in_background(sink: impl Fn(RebuildProgress) + Send + Sync + 'static) {
    let _ = BACKGROUND.set(Arc::new(sink));
}

/// What `reminders rebuild` did.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ProjectionRebuilt {
    /// Supervised people computed.
    pub people: u64,
    /// Rows written (open obligations).
    pub rows: u64,
    /// The projection is built for the policy in force (false: the policy changed meanwhile, or
    /// writes kept landing; the next reader tries again).
    pub built: bool,
}

/// What `reminders check` found.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ProjectionCheck {
    pub as_of: NaiveDate,
    /// The stored projection is for the policy in force.
    pub built: bool,
    /// People whose stored rows were compared (their interval holds on `as_of`).
    pub people_compared: u64,
    /// People whose interval does not hold on `as_of` (recomputed on that day when it is today).
    pub people_not_holding: u64,
    pub rows_compared: u64,
    /// Every difference, in the office's language.
    pub differences: Vec<String>,
}

impl ProjectionCheck {
    pub fn is_equal(&self) -> bool {
        self.built && self.differences.is_empty()
    }
}

/// The policy (all of it) and the app version (its holiday calendars): what the rows were
/// computed with. Not the day: the intervals answer for that.
pub(super) fn basis_key(policy: &Policy) -> String {
    let text = serde_json::to_string(policy).unwrap_or_default();
    let digest = Sha256::digest(format!("{}\n{}\n{text}", env!("CARGO_PKG_VERSION"), policy.calendar).as_bytes());
    hex::encode(&digest[..16])
}

/// The rows of one person's obligations.
fn rows_of(obligations: &[Obligation], unit: &str) -> Vec<ProjectionRow> {
    obligations.iter().map(|o| ProjectionRow::of(o, unit)).collect()
}

/// Recomputes one person inside `tx`: the people table's stage and next due item, and the
/// projection's rows and interval (removed for someone archived, released or gone). One
/// computation of the obligations feeds both.
pub(super) async fn refresh_person(tx: &mut Tx, id: PersonId, basis: &ViewBasis) -> AppResult<()> {
    let Some(person) = tx.person(id, basis.today).await? else {
        tx.delete_projection(id).await?;
        return Ok(());
    };
    let record = tx.lifecycle_record(&person).await?;
    let supervised = person.archived.is_none() && record.state.stage != Stage::Released;
    let due = if supervised {
        let trips = tx.trips_of(id).await?;
        let documents = tx.travel_documents_of(id).await?;
        let forms = tx.unreturned_forms_of(id).await?;
        let records = PersonRecords { id, record: &record, trips: &trips, documents: &documents, forms: &forms };
        let p = project(records, &basis.policy, &basis.cal, basis.today);
        tx.replace_projection(id, &rows_of(&p.obligations, &person.unit), p.valid_from, p.valid_until).await?;
        next_of(p.obligations)
    } else {
        tx.delete_projection(id).await?;
        None
    };
    let row = PeopleViewRow { stage: record.state.stage, on_duty_since: record.state.on_duty_since, due };
    tx.set_people_view(id, &row).await?;
    Ok(())
}

/// Recomputes, inside the write's transaction, every person its audit entries name; a write
/// about more than [`MAX_ONE_BY_ONE`] people marks the projection unbuilt instead.
pub(super) async fn refresh_touched(tx: &mut Tx, changes: &[clearance_domain::audit::Change], basis: &ViewBasis) -> AppResult<()> {
    let mut ids: Vec<PersonId> = changes.iter().filter_map(|c| c.person_id).collect();
    ids.sort();
    ids.dedup();
    if ids.len() > MAX_ONE_BY_ONE {
        tx.invalidate_people_view().await?;
        tx.invalidate_projection().await?;
        return Ok(());
    }
    for id in ids {
        refresh_person(tx, id, basis).await?;
    }
    Ok(())
}

fn say(lang: Lang, zh: String, en: String) -> String {
    match lang {
        Lang::ZhCn => zh,
        Lang::En => en,
    }
}

impl Office {
    /// True when the stored projection holds on `as_of` for every supervised person, after
    /// making it current where it can: on today, on a register open for writing, the people
    /// whose interval ended are computed again (one transaction); a projection built for another
    /// policy or holiday calendar, or never built, is rebuilt (in the background in the window:
    /// false until it is done). False → the caller computes in full. Costs two indexed counts
    /// when the projection is current. The caller has checked the operator's rights.
    pub(crate) async fn ensure_projection(&self, as_of: NaiveDate) -> AppResult<bool> {
        // When current: the policy (cached), its digest, a setting and two index counts; the
        // holiday calendar is read only when someone is to be computed.
        let key = basis_key(&*self.policy().await?);
        let built = self.store.projection_basis().await?.as_deref() == Some(key.as_str());
        let ended = if built { self.store.projection_not_holding(as_of).await? } else { i64::MAX };
        if ended == 0 {
            return Ok(true);
        }
        if as_of != self.today() || self.store.is_read_only() {
            return Ok(false);
        }
        if !built || ended > MAX_ROLLOVER {
            // Another policy or holiday calendar, never built, or most people's intervals ended
            // at once (1 January): a full rebuild, which reads table by table.
            if let Some(sink) = BACKGROUND.get() {
                if RUNNING.compare_exchange(false, true, Ordering::SeqCst, Ordering::SeqCst).is_ok() {
                    let office = self.clone();
                    let sink = sink.clone();
                    tokio::spawn(async move {
                        let report = |done, total| sink(RebuildProgress { done, total, finished: false });
                        if let Err(e) = office.rebuild(&report).await {
                            eprintln!("Clearance Tracker: the reminders' projection was not rebuilt: {e}");
                        }
                        RUNNING.store(false, Ordering::SeqCst);
                        sink(RebuildProgress { done: 0, total: 0, finished: true });
                    });
                }
                return Ok(false);
            }
            if !self.rebuild(&|_, _| {}).await?.built {
                return Ok(false);
            }
            return Ok(self.store.projection_not_holding(as_of).await? == 0);
        }
        // The day moved past some people's intervals: those are computed again.
        let basis = self.people_view_basis().await?;
        let mut tx = self.store.begin().await?;
        if tx.projection_basis().await?.as_deref() != Some(key.as_str()) {
            return Ok(false); // a rebuild began meanwhile
        }
        for id in tx.projection_not_holding(as_of).await? {
            refresh_person(&mut tx, id, &basis).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// Rebuilds the projection from the records for today and the policy in force, reporting
    /// `progress(people done, people in all)`.
    pub async fn rebuild_projection(&self, progress: impl Fn(u64, u64) + Sync) -> AppResult<ProjectionRebuilt> {
        self.allow(Operation::Reminders).await?;
        self.rebuild(&progress).await
    }

    /// The rebuild, without the rights check (a reader's [`Office::ensure_projection`] starts it).
    /// Read table by table (as the full recomputation reads), written in batches of [`BATCH`]
    /// people, each its own transaction; the basis is forgotten first and set last, after the
    /// people that writes named meanwhile are computed again, so a rebuild cut short leaves the
    /// projection marked unbuilt.
    async fn rebuild(&self, progress: &(dyn Fn(u64, u64) + Sync)) -> AppResult<ProjectionRebuilt> {
        let _one = REBUILD.lock().await;
        let basis = self.people_view_basis().await?;
        let key = basis_key(&basis.policy);
        let seq = self.store.last_audit_seq().await?;
        let mut tx = self.store.begin().await?;
        tx.clear_projection().await?;
        tx.commit().await?;

        let mut views: HashMap<PersonId, PeopleViewRow> = self
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
        let supervised = self.store.supervised().await?;
        let total = supervised.len() as u64;
        progress(0, total);
        let (mut people, mut rows) = (0u64, 0u64);
        for batch in supervised.chunks(BATCH) {
            let (Some(first), Some(last)) = (batch.first(), batch.last()) else { continue };
            let mut written = Vec::new();
            let mut intervals = Vec::with_capacity(batch.len());
            for s in batch {
                let (trips, documents) = travel.remove(&s.id).unwrap_or_default();
                let mine = forms.remove(&s.id).unwrap_or_default();
                let records = PersonRecords { id: s.id, record: &s.record, trips: &trips, documents: &documents, forms: &mine };
                let p = project(records, &basis.policy, &basis.cal, basis.today);
                written.extend(rows_of(&p.obligations, &s.unit));
                intervals.push(ProjectionInterval { person: s.id, valid_from: p.valid_from, valid_until: p.valid_until });
                views.insert(
                    s.id,
                    PeopleViewRow { stage: s.record.state.stage, on_duty_since: s.record.state.on_duty_since, due: next_of(p.obligations) },
                );
            }
            rows += written.len() as u64;
            // Supervised people come by id: the batch is the ids first..=last (nobody else has rows).
            let mut tx = self.store.begin().await?;
            tx.replace_projection_range(first.id, last.id, &written, &intervals).await?;
            tx.commit().await?;
            people += batch.len() as u64;
            progress(people, total);
        }
        // The people table's next due items: only the rows that differ are written.
        let stored = self.store.people_view().await?;
        let changed: Vec<(PersonId, &PeopleViewRow)> =
            stored.iter().filter_map(|(id, old)| views.get(id).filter(|new| *new != old).map(|new| (*id, new))).collect();
        let mut tx = self.store.begin().await?;
        tx.set_people_views(&changed).await?;
        // Writes that landed meanwhile recomputed their people, but a batch read before them may
        // have written over that: they are computed again, now that no write can interleave.
        for id in tx.people_audited_after(seq).await? {
            refresh_person(&mut tx, id, &basis).await?;
        }
        let built = basis_key(&*self.policy().await?) == key;
        if built {
            tx.set_projection_basis(&key).await?;
        }
        tx.commit().await?;
        Ok(ProjectionRebuilt { people, rows, built })
    }

    /// Compares the stored projection, for the people whose interval holds on `as_of` (default
    /// today), with the full recomputation of every supervised person's obligations on that day,
    /// and words every difference: an obligation missing or extra, a due date or another field
    /// stored otherwise, a supervised person never computed, rows of someone not supervised.
    pub async fn check_projection(&self, as_of: Option<NaiveDate>) -> AppResult<ProjectionCheck> {
        self.allow(Operation::Read).await?;
        let as_of = as_of.unwrap_or_else(|| self.today());
        let lang = self.lang().await;
        let built = self.store.projection_basis().await?.as_deref() == Some(basis_key(&*self.policy().await?).as_str());
        let reference = self.register_obligations(as_of).await?;
        let intervals: HashMap<PersonId, _> = self.store.projection_intervals().await?.into_iter().map(|i| (i.person, i)).collect();
        let mut stored: BTreeMap<PersonId, Vec<ProjectionRow>> = BTreeMap::new();
        for r in self.store.projection_rows().await? {
            stored.entry(PersonId::from_stored(r.person_id)).or_default().push(r);
        }
        let mut computed: BTreeMap<PersonId, Vec<&Obligation>> = reference.people.keys().map(|id| (*id, Vec::new())).collect();
        for o in &reference.obligations {
            computed.entry(o.person).or_default().push(o);
        }
        let mut check =
            ProjectionCheck { as_of, built, people_compared: 0, people_not_holding: 0, rows_compared: 0, differences: Vec::new() };
        if !built {
            check.differences.push(say(
                lang,
                "提醒索引尚未按现行政策建立(运行 reminders rebuild 重建)".to_owned(),
                "The reminders' projection is not built for the policy in force (run `reminders rebuild`)".to_owned(),
            ));
        }
        let label = |id: PersonId| match reference.people.get(&id) {
            Some(w) => super::audit::person_label(&w.name, &w.staff_no, lang),
            None => format!("#{id}"),
        };
        for (id, obligations) in &computed {
            let Some(interval) = intervals.get(id) else {
                check.differences.push(say(
                    lang,
                    format!("{}:从未计算(索引中没有此人)", label(*id)),
                    format!("{}: never computed (not in the projection)", label(*id)),
                ));
                continue;
            };
            if !interval.holds_on(as_of) {
                check.people_not_holding += 1;
                continue;
            }
            check.people_compared += 1;
            let unit = reference.people.get(id).map(|w| w.unit.as_str()).unwrap_or_default();
            let want: BTreeMap<&str, ProjectionRow> = obligations.iter().map(|o| (o.key.as_str(), ProjectionRow::of(o, unit))).collect();
            let have: BTreeMap<&str, &ProjectionRow> = stored.get(id).into_iter().flatten().map(|r| (r.key.as_str(), r)).collect();
            check.rows_compared += have.len() as u64;
            for (k, w) in &want {
                let what = match lang {
                    Lang::ZhCn => &w.name_zh,
                    Lang::En => &w.name_en,
                };
                match have.get(k) {
                    None => check.differences.push(say(
                        lang,
                        format!("{}:“{what}”应于 {} 到期,索引中缺少", label(*id), w.due_date),
                        format!("{}: “{what}” is due {} but missing from the projection", label(*id), w.due_date),
                    )),
                    Some(h) if h.due_date != w.due_date => check.differences.push(say(
                        lang,
                        format!("{}:“{what}”索引中的到期日为 {},完整计算为 {}", label(*id), h.due_date, w.due_date),
                        format!("{}: “{what}” stored due {}, computed due {}", label(*id), h.due_date, w.due_date),
                    )),
                    Some(h) if *h != w => {
                        let fields = differing_fields(h, w, lang);
                        check.differences.push(say(
                            lang,
                            format!("{}:“{what}”(到期日 {})索引中的{}与完整计算不同", label(*id), w.due_date, fields),
                            format!("{}: “{what}” (due {}) stored with another {} than computed", label(*id), w.due_date, fields),
                        ));
                    }
                    Some(_) => {}
                }
            }
            for (k, h) in &have {
                if !want.contains_key(k) {
                    let what = match lang {
                        Lang::ZhCn => &h.name_zh,
                        Lang::En => &h.name_en,
                    };
                    check.differences.push(say(
                        lang,
                        format!("{}:“{what}”(到期日 {})在索引中,但已不是待办事项", label(*id), h.due_date),
                        format!("{}: “{what}” (due {}) is in the projection but is not open", label(*id), h.due_date),
                    ));
                }
            }
        }
        // Rows or intervals of people the reminders do not cover (archived, released, gone).
        let mut strays: Vec<PersonId> = stored.keys().chain(intervals.keys()).filter(|id| !computed.contains_key(id)).copied().collect();
        strays.sort();
        strays.dedup();
        for id in strays {
            let who = match self.store.person(id, self.today()).await? {
                Some(p) => super::audit::person_label(&p.name, &p.staff_no, lang),
                None => format!("#{id}"),
            };
            let n = stored.get(&id).map_or(0, Vec::len);
            check.differences.push(say(
                lang,
                format!("{who}:不在督办范围(已归档、已解密或已删除),索引中仍有 {n} 条提醒"),
                format!("{who}: not supervised (archived, released or gone), yet {n} reminder(s) in the projection"),
            ));
        }
        Ok(check)
    }
}

/// The fields, other than the due date, in which a stored row differs from the computed one.
fn differing_fields(h: &ProjectionRow, w: &ProjectionRow, lang: Lang) -> String {
    let mut out: Vec<&str> = Vec::new();
    let mut field = |differs: bool, zh: &'static str, en: &'static str| {
        if differs {
            out.push(if lang == Lang::ZhCn { zh } else { en });
        }
    };
    field(h.kind != w.kind || h.kind_rank != w.kind_rank, "类别", "kind");
    field(h.subject_type != w.subject_type || h.subject_id != w.subject_id, "对象", "subject");
    field(h.step_id != w.step_id, "步骤", "step");
    field(h.name_zh != w.name_zh || h.name_en != w.name_en, "名称", "name");
    field(h.lead_days != w.lead_days || h.starts_on != w.starts_on, "提前提醒天数", "lead time");
    field(h.rule_id != w.rule_id || h.citation_zh != w.citation_zh || h.citation_en != w.citation_en, "依据", "rule");
    field(h.beyond_calendar != w.beyond_calendar, "节假日历范围", "holiday-calendar range");
    field(h.unit != w.unit, "部门", "unit");
    field(h.handle != w.handle || h.person_id != w.person_id, "编号", "handle");
    out.join(if lang == Lang::ZhCn { "、" } else { ", " })
}
