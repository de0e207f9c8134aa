//! The operations the office performs, each one function shared by the window's commands and
//! the CLI: parse nothing, check with the domain's rules, write through the store in one
//! transaction together with its audit entry.

mod accounts;
mod audit;
mod backup;
mod chain_head;
mod check;
mod connection;
mod export;
mod form_settings;
mod forms;
mod import;
mod key;
mod lifecycle;
mod migrate;
mod passphrase;
mod people;
mod people_view;
mod photo;
mod policy;
mod projection;
mod recovery_sheet;
mod reminders;
mod replay;
mod roster_file;
mod roster_sheet;
mod row_version;
mod scans;
mod server_identity;
mod settings;
mod setup;
mod training;
mod travel;

use chrono::{Local, NaiveDate, Utc};
use clearance_domain::audit::Change;
use clearance_domain::level::LevelDef;
use clearance_domain::person::{Person, PersonId, PersonRules};
use clearance_domain::policy::Policy;
use clearance_domain::{FieldError, Lang};

pub use accounts::{AccountSummary, AccountView, SignedIn, DEFAULT_IDLE_LOCK_MINUTES, MAX_IDLE_LOCK_MINUTES};
pub use audit::mask_id_numbers;
pub use audit::{person_label, AuditDetail, AuditFilter, AuditPage};
pub use backup::{BackupReport, BackupSettings, LastBackup, RestoreReport, DEFAULT_KEEP, STALE_AFTER_DAYS};
pub use chain_head::{check_chain, AuditCheck, Finding, PrintedCheck};
pub use check::RegisterCheck;
pub use export::{ExportDone, ExportRequest};
pub use form_settings::{FormSettings, TemplateInfo};
pub use forms::{check_target, render_error, save_failed, FormVerification, IssuedPdf, ISSUABLE};
pub use import::{report_lines, ColumnChoice, ImportFault, ImportOptions, ImportPreviewRow, ImportReport};
pub use key::KeyStatus;
pub use lifecycle::{LifecycleView, StepView};
pub use migrate::MigrateReport;
pub use passphrase::{new_passphrase, MIN_PASSPHRASE_CHARS};
pub use people::PersonDetail;
pub use photo::{prepare_photo, read_photo_file, PhotoView, PreparedPhoto};
pub use policy::{read_policy_file, PolicyInfo};
pub use projection::{rebuild_in_background, ProjectionCheck, ProjectionRebuilt, RebuildProgress};
pub use reminders::{
    CalendarDayCount, NotificationText, ReminderAction, ReminderBoard, ReminderFilter, ReminderGroup, ReminderOffer, ReminderRow,
    RemindersDone, CALENDAR_DAYS, CALENDAR_ITEMS_PER_DAY,
};
pub use replay::{unchecked_words, ReplayReport};
pub use scans::MAX_SCAN_BYTES;
pub use server_identity::{is_wrong_password, login_refusal, server_unreachable, ServerLogin};
pub use settings::AppInfo;
pub use setup::{FirstStart, PolicyChoice, SetupOptions};
pub use training::{SessionAttendee, TrainingSessionRow, TrainingSessionsPage};
pub use travel::{ConflictView, DocumentAction, DocumentEntry, Movement, PersonTravel, Traveler, TripAction, TripSummary, TripView};

use crate::error::{AppError, AppResult};
use crate::store::{Store, Tx};

/// The register opened for one user of the app, with who they are and what day it is.
#[derive(Clone)]
pub struct Office {
    store: Store,
    db_path: String,
    /// Fixes "today" (the CLI's `--today`); otherwise the local calendar date.
    today: Option<NaiveDate>,
    /// The account signed in (and whether the session is locked), shared by every clone.
    session: accounts::SharedSession,
    /// The language named on the command line, which wins over the stored one.
    lang: Option<Lang>,
    /// The policy in force, re-read when its setting changes (see [`Office::policy`]).
    policy: std::sync::Arc<std::sync::RwLock<policy::Cached>>,
    /// On the office server: how a password typed again is checked (office/server_identity.rs).
    server_login: Option<std::sync::Arc<ServerLogin>>,
}

impl Office {
    pub fn new(store: Store, db_path: impl Into<String>) -> Office {
        Office {
            store,
            db_path: db_path.into(),
            today: None,
            session: accounts::session_of(None),
            lang: None,
            policy: policy::default_cache(),
            server_login: None,
        }
    }

    pub fn with_today(mut self, today: Option<NaiveDate>) -> Office {
        self.today = today;
        self
    }

    pub fn with_lang(mut self, lang: Option<Lang>) -> Office {
        self.lang = lang;
        self
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn today(&self) -> NaiveDate {
        self.today.unwrap_or_else(|| Local::now().date_naive())
    }

    /// The levels of the policy last read (call [`Office::policy`] first to refresh it).
    pub fn levels(&self) -> Vec<LevelDef> {
        self.policy.read().map(|c| c.policy.levels()).unwrap_or_default()
    }

    /// The person rules of `policy`: its levels, its ID format, its planned start counted from `today`.
    fn person_rules<'p>(&self, policy: &'p Policy, today: NaiveDate) -> PersonRules<'p> {
        let cal = self.calendar(policy);
        let days = (policy.planned_start_from(today, &cal).date - today).num_days().max(0) as u64;
        PersonRules { levels: &policy.levels, id_format: policy.id_format, default_start_days: days }
    }

    /// Who is making changes: the account signed in, which every audit entry names.
    pub async fn operator(&self) -> AppResult<String> {
        match self.signed_in() {
            Some(account) => Ok(account.name),
            None => Err(FieldError::general("session.required").into()),
        }
    }

    /// The office's language: chosen in Settings, else the OS locale.
    pub async fn lang(&self) -> Lang {
        if let Some(lang) = self.lang {
            return lang;
        }
        match self.store.setting(settings::LANGUAGE).await {
            Ok(Some(tag)) => Lang::parse(&tag).unwrap_or_default(),
            _ => sys_locale::get_locale().map(|l| Lang::from_locale(&l)).unwrap_or_default(),
        }
    }

    /// Runs `write` in one transaction with the audit entries it returns: all of it lands or none.
    /// The office server gone in the middle is said as such (office/connection.rs).
    async fn write<T>(&self, write: impl AsyncFnOnce(&mut Tx) -> AppResult<(T, Vec<Change>)>) -> AppResult<T> {
        self.write_once(write).await.map_err(|e| self.connection_lost(e))
    }

    async fn write_once<T>(&self, write: impl AsyncFnOnce(&mut Tx) -> AppResult<(T, Vec<Change>)>) -> AppResult<T> {
        let operator = self.operator().await?;
        let basis = self.people_view_basis().await?;
        let mut tx = self.store.begin().await?;
        let (value, changes) = write(&mut tx).await.map_err(|e| self.server_refusal(e))?;
        // The people table's stage and next due item follow the people this write touched.
        people_view::refresh_touched(&mut tx, &changes, &basis).await?;
        let at = Utc::now();
        let mut last = None;
        let mut last_seq = None;
        for change in &changes {
            let entry = tx.audit_as_of(change, &operator, at, self.today).await.map_err(|e| self.server_refusal(e.into()))?;
            last_seq = Some(entry.seq);
            last = Some(entry.hash);
        }
        // The other windows on the office server refresh what they show (delivered at commit).
        if let Some(seq) = last_seq {
            tx.notify_changed(seq).await?;
        }
        if let Err(e) = tx.commit().await {
            return Err(self.after_failed_commit(last.as_deref(), e).await);
        }
        // The planner's statistics follow the data; a failure here changes nothing written.
        let _ = self.store.optimize().await;
        Ok(value)
    }
}

fn person_not_found(id: PersonId) -> AppError {
    FieldError::general("person.no_id").with("value", id).into()
}

/// The person with `id`, read inside the write transaction that is about to change them.
async fn load_person(tx: &mut Tx, id: PersonId, today: NaiveDate) -> AppResult<Person> {
    tx.person(id, today).await?.ok_or_else(|| person_not_found(id))
}

impl Office {
    /// What to tell the office when a commit failed: a disk error at the last step (the
    /// `fsync`) may come after the change reached the file. The register is read again, and
    /// the message says whether the change is in it, so nobody enters it twice or trusts it
    /// lost.
    pub async fn after_failed_commit(&self, last_entry: Option<&str>, error: crate::store::StoreError) -> AppError {
        match last_entry {
            Some(hash) => match self.store.audit_entry_exists(hash).await {
                Ok(true) => FieldError::general("store.saved_despite_error").into(),
                Ok(false) => {
                    let reason = AppError::from(error);
                    FieldError::general("store.not_saved")
                        .with("reason.zh-CN", reason.to_api(Lang::ZhCn).message)
                        .with("reason.en", reason.to_api(Lang::En).message)
                        .into()
                }
                Err(_) => self.commit_unknown(error),
            },
            None => AppError::from(error),
        }
    }
}

/// Archived people are read-only until they are brought back.
fn not_archived(person: &Person) -> AppResult<()> {
    if person.archived.is_some() {
        return Err(FieldError::general("person.archived").into());
    }
    Ok(())
}
