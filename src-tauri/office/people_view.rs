//! The people table's stage and next due item, kept on the person row so the table sorts and
//! pages by them with an index on a register of 200,000 people (docs/performance.md).
//!
//! The next due item is the reminders' own: the obligations come from the same sources the
//! dashboard reads (`reminders::sources`: the lifecycle rules, the travel rules, the unreturned
//! signed copies), and the item is the earliest of them, ties broken as the dashboard sorts
//! (kind, then key). Acknowledgements and snoozes hold a reminder back from the dashboard's list
//! but do not change what is due, so they do not change the item either.
//!
//! Consistency: the values are computed together with the reminders' projection
//! (office/projection.rs), from one computation of each person's obligations: in the transaction
//! of every write that touches the person ([`refresh_touched`]), when the day moves past the
//! interval the person's obligations hold for, and in the projection's full rebuild after a
//! change of policy or holiday calendar ([`Office::ensure_people_view`]). A write about more than
//! [`MAX_ONE_BY_ONE`] people (a large import) marks both stale instead, in the same transaction.

use std::sync::Arc;

use chrono::NaiveDate;
use clearance_domain::audit::Change;
use clearance_domain::calendar::HolidayCalendar;
use clearance_domain::policy::Policy;
use clearance_domain::reminders::Obligation;

use super::Office;
use crate::error::AppResult;
use crate::store::people_view::StoredDue;
use crate::store::Tx;

/// A write about more people than this marks the projection stale rather than recomputing them
/// one by one inside its transaction (the next list makes one pass over the register).
pub const MAX_ONE_BY_ONE: usize = 500;

/// What the projections are computed for: the day, the policy and its holiday calendar.
pub(super) struct ViewBasis {
    pub today: NaiveDate,
    pub policy: Arc<Policy>,
    pub cal: HolidayCalendar,
}

/// The earliest obligation, ties broken as the dashboard sorts them.
pub(super) fn next_of(obligations: Vec<Obligation>) -> Option<StoredDue> {
    let o = obligations.into_iter().min_by(|a, b| a.due.date.cmp(&b.due.date).then(a.kind.cmp(&b.kind)).then(a.key.cmp(&b.key)))?;
    Some(StoredDue {
        date: o.due.date,
        lead_days: o.lead_days,
        kind: crate::store::projection::kind_text(o.kind),
        key: o.key,
        what_zh: o.name_zh.into_owned(),
        what_en: o.name_en.into_owned(),
    })
}

/// Recomputes, inside the write's transaction, every person its audit entries name: their
/// people-table columns and their reminders' projection, from one computation
/// (office/projection.rs).
pub(super) async fn refresh_touched(tx: &mut Tx, changes: &[Change], basis: &ViewBasis) -> AppResult<()> {
    super::projection::refresh_touched(tx, changes, basis).await
}

impl Office {
    pub(super) async fn people_view_basis(&self) -> AppResult<ViewBasis> {
        let policy = self.policy().await?;
        let cal = self.calendar(&policy);
        Ok(ViewBasis { today: self.today(), policy, cal })
    }

    /// Makes the people table's next due items current for today: they are computed with the
    /// reminders' projection, whose people with an ended interval are computed again (or which
    /// is rebuilt after a change of policy: in the background in the window). A register open
    /// read-only shows what was stored.
    pub async fn ensure_people_view(&self) -> AppResult<()> {
        if self.store.is_read_only() {
            return Ok(());
        }
        self.ensure_projection(self.today()).await?;
        Ok(())
    }
}
