//! Backing up and restoring the whole register (issue 12): one file the office can keep, check
//! and bring back, with the scans of signed copies inside it (they are kept in the register).
//!
//! A backup is taken while the app runs and other clerks write (a consistent copy, see
//! `store/backup.rs`), checked as a restore would check it (the full integrity check, the audit
//! chain, each scan's SHA-256) before it takes its name, and recorded in the audit trail. One is
//! taken automatically on the first start of each day into the office's backup folder, keeping
//! the last N. A restore refuses, with nothing changed, whatever is not a sound backup of this
//! version's schema or an older one; otherwise the register as it was is kept aside, the backup
//! takes its place under every open connection (its scans with it; those of a backup taken while
//! scans were files beside the register are moved into it), and the restore is the first thing
//! the restored register's trail records after its own history.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Local, Utc};
use clearance_domain::access::Operation;
use clearance_domain::audit::Change;
use clearance_domain::terms::{AuditAction, AuditEntity};
use clearance_domain::{FieldError, Lang};
use serde::{Deserialize, Serialize};
use serde_json::json;
use ts_rs::TS;

use super::settings::set;
use super::Office;
use crate::error::{AppError, AppResult};
use crate::store::backup::{self as stored, BackupInfo, BackupWriter, Examined, ReplaceError};
use crate::store::files::{create_private_dir, make_private, partial_path};
use crate::store::StoreError;

/// The folder automatic backups go to (empty or unset: `backups` beside the register).
pub(super) const BACKUP_FOLDER: &str = "backup_folder";
/// How many automatic backups are kept.
pub(super) const BACKUP_KEEP: &str = "backup_keep";
/// The last backup tried (JSON of [`StoredLast`]): when, where, whether it worked and why not.
const BACKUP_LAST: &str = "backup_last";
/// When the last backup that worked was taken (RFC 3339).
const BACKUP_LAST_OK: &str = "backup_last_ok";
/// The day the automatic backup was taken (claimed first, so two windows starting on the same
/// register the same morning take one).
const BACKUP_AUTO_ON: &str = "backup_auto_on";
/// What describes the backup files on this machine rather than the register's content: kept
/// across a restore.
const MACHINE_SETTINGS: [&str; 3] = [BACKUP_LAST, BACKUP_LAST_OK, BACKUP_AUTO_ON];

pub const DEFAULT_KEEP: u32 = 14;
pub const KEEP_MIN: u32 = 1;
pub const KEEP_MAX: u32 = 365;
/// A backup older than this (or none, on a register in use for longer) is a warning.
pub const STALE_AFTER_DAYS: i64 = 7;

/// What a backup made: where it is, what it holds, and the message that says so.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BackupReport {
    pub path: String,
    /// SHA-256 of the file, as the audit entry records it (a restore names the same).
    pub sha256: String,
    pub bytes: u64,
    pub people: i64,
    pub audit_entries: i64,
    /// The audit chain's head in the backup (`#1234·3f9a12bc·d4e1a0b7`): noted or printed, the
    /// trail can be checked against it later (`audit verify --head`).
    pub chain_head: String,
    pub scans: u32,
    /// The schema version (last migration) of the register copied.
    pub schema: i64,
    pub automatic: bool,
    pub taken_at: DateTime<Utc>,
    /// Older automatic backups removed to keep the last N.
    pub removed: Vec<String>,
    /// In the office's language.
    pub message: String,
}

/// What a restore did.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RestoreReport {
    /// The backup restored.
    pub from: String,
    pub sha256: String,
    /// When the backup was taken (`None` for a plain copy of a register).
    pub taken_at: Option<DateTime<Utc>>,
    /// Where the register as it was before the restore is kept.
    pub kept_as: String,
    /// The backup's schema version, and the migrations applied to bring it up to date.
    pub schema: i64,
    pub migrated: Vec<i64>,
    pub people: i64,
    pub scans: u32,
    /// In the office's language.
    pub message: String,
}

/// The last backup tried, as Settings shows it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct LastBackup {
    pub at: DateTime<Utc>,
    pub path: String,
    pub ok: bool,
    pub automatic: bool,
    /// Why it failed, in the office's language.
    pub failure: Option<String>,
    /// The audit chain's head in the backup it made.
    pub chain_head: Option<String>,
}

/// Settings → Backup and restore.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BackupSettings {
    /// Where automatic backups go (and a backup taken from Settings).
    pub folder: String,
    /// `backups` beside the register.
    pub default_folder: String,
    /// The office chose the folder (else the default is used).
    pub custom_folder: bool,
    /// How many automatic backups are kept.
    pub keep: u32,
    pub keep_min: u32,
    pub keep_max: u32,
    pub last: Option<LastBackup>,
    pub last_ok_at: Option<DateTime<Utc>>,
    /// What the dashboard warns of (the last backup failed, is older than 7 days, or there is
    /// none), in the office's language.
    pub warning: Option<String>,
}

/// [`BackupSettings::last`] as kept in the register: a failure in both languages, as it was
/// worded when it happened.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct StoredLast {
    at: DateTime<Utc>,
    path: String,
    ok: bool,
    automatic: bool,
    code: Option<String>,
    reason_zh: Option<String>,
    reason_en: Option<String>,
    #[serde(default)]
    chain_head: Option<String>,
}

/// Files removed when dropped, unless kept: what an unfinished backup or restore leaves.
struct Leftovers(Vec<PathBuf>);

impl Leftovers {
    fn keep(mut self) {
        self.0.clear();
    }
}

impl Drop for Leftovers {
    fn drop(&mut self) {
        for path in &self.0 {
            let _ = std::fs::remove_file(path);
        }
    }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}{suffix}", path.display()))
}

/// A reason in both languages, for a message that wraps it (`{reason}`).
fn with_reason(f: FieldError, reason: &AppError) -> FieldError {
    f.with("reason.zh-CN", reason.to_api(Lang::ZhCn).message).with("reason.en", reason.to_api(Lang::En).message)
}

/// `register`, from `…/register.db`: the start of every backup's name.
fn stem(db: &Path) -> String {
    db.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "register".into())
}

/// Whether `a` and `b` name the same file (either may not exist).
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// The refusal of a file offered for a restore, in the office's words; nothing was changed.
fn refusal(e: StoreError, from: &Path) -> AppError {
    let path = from.display();
    match e {
        StoreError::NotARegister => FieldError::new("path", "restore.not_a_register").with("path", path).into(),
        StoreError::Foreign => FieldError::new("path", "restore.foreign").with("path", path).into(),
        StoreError::Newer { schema, app_version } => FieldError::new("path", "restore.newer")
            .with("path", path)
            .with("version", app_version.unwrap_or_else(|| schema.to_string()))
            .into(),
        StoreError::Damaged(_) | StoreError::Corrupt(_) => FieldError::new("path", "restore.damaged").with("path", path).into(),
        StoreError::Database(sqlx::Error::Database(db)) if matches!(db.code().as_deref(), Some("11")) => {
            FieldError::new("path", "restore.damaged").with("path", path).into()
        }
        other => with_reason(FieldError::new("path", "restore.unreadable").with("path", path), &AppError::from(other)).into(),
    }
}

/// Why an examined file cannot be restored (or a backup just written must not be kept).
fn unsound(examined: &Examined) -> Option<(&'static str, &'static str, String)> {
    if !examined.problems.is_empty() {
        return Some(("完整性检查", "integrity check", String::new()));
    }
    if let Some(seq) = examined.audit.first_broken {
        return Some(("审计链校验", "audit chain", seq.to_string()));
    }
    examined.scans.iter().find(|s| !s.intact).map(|s| ("扫描件校验", "scan check", s.path.clone()))
}

impl Office {
    /// Backups of a register on the office server are its administrator's (the server's own
    /// tools): refused before anything is touched — the register's "folder" there is an address,
    /// and a backup folder made beside it would be a folder named `postgres:` wherever the app
    /// was started.
    fn not_on_server(&self) -> AppResult<()> {
        if self.on_server() {
            return Err(StoreError::NotOnServer.into());
        }
        Ok(())
    }

    fn db_file(&self) -> PathBuf {
        PathBuf::from(&self.db_path)
    }

    /// `backups` beside the register.
    pub fn default_backup_folder(&self) -> PathBuf {
        self.db_file().parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new(".")).join("backups")
    }

    /// The folder automatic backups go to: the office's choice, else the default.
    pub async fn backup_folder(&self) -> AppResult<PathBuf> {
        Ok(match self.store.setting(BACKUP_FOLDER).await?.filter(|f| !f.trim().is_empty()) {
            Some(folder) => PathBuf::from(folder),
            None => self.default_backup_folder(),
        })
    }

    async fn backup_keep(&self) -> AppResult<u32> {
        let stored = self.store.setting(BACKUP_KEEP).await?.and_then(|k| k.parse::<u32>().ok());
        Ok(stored.filter(|k| (KEEP_MIN..=KEEP_MAX).contains(k)).unwrap_or(DEFAULT_KEEP))
    }

    async fn stored_last(&self) -> AppResult<Option<StoredLast>> {
        Ok(self.store.setting(BACKUP_LAST).await?.and_then(|s| serde_json::from_str(&s).ok()))
    }

    async fn last_ok_at(&self) -> AppResult<Option<DateTime<Utc>>> {
        Ok(self.store.setting(BACKUP_LAST_OK).await?.and_then(|s| DateTime::parse_from_rfc3339(&s).ok()).map(|t| t.with_timezone(&Utc)))
    }

    pub async fn backup_settings(&self) -> AppResult<BackupSettings> {
        self.allow(Operation::Read).await?;
        let lang = self.lang().await;
        let custom = self.store.setting(BACKUP_FOLDER).await?.filter(|f| !f.trim().is_empty());
        let last = self.stored_last().await?.map(|l| LastBackup {
            at: l.at,
            path: l.path,
            ok: l.ok,
            automatic: l.automatic,
            failure: (!l.ok).then(|| if lang == Lang::ZhCn { l.reason_zh } else { l.reason_en }).flatten(),
            chain_head: l.chain_head,
        });
        Ok(BackupSettings {
            folder: self.backup_folder().await?.display().to_string(),
            default_folder: self.default_backup_folder().display().to_string(),
            custom_folder: custom.is_some(),
            keep: self.backup_keep().await?,
            keep_min: KEEP_MIN,
            keep_max: KEEP_MAX,
            last,
            last_ok_at: self.last_ok_at().await?,
            warning: self.backup_warning().await?,
        })
    }

    /// Chooses the folder of automatic backups (`None` or empty: `backups` beside the register)
    /// and how many are kept. The folder must exist: a mistyped path is not created silently.
    pub async fn set_backup_settings(&self, folder: Option<&str>, keep: u32) -> AppResult<BackupSettings> {
        self.allow(Operation::Backup).await?;
        self.not_on_server()?;
        let folder = folder.map(str::trim).unwrap_or_default();
        clearance_domain::text::refuse_unseen("backup_folder", folder)?;
        if !folder.is_empty() {
            let path = Path::new(folder);
            if !path.is_absolute() {
                return Err(FieldError::new("backup_folder", "backup.folder_relative").with("path", folder).into());
            }
            if !path.exists() {
                return Err(FieldError::new("backup_folder", "file.no_folder").with("path", folder).into());
            }
            if !path.is_dir() {
                return Err(FieldError::new("backup_folder", "backup.folder_not_dir").with("path", folder).into());
            }
        }
        if !(KEEP_MIN..=KEEP_MAX).contains(&keep) {
            return Err(FieldError::new("backup_keep", "backup.keep_range").with("min", KEEP_MIN).with("max", KEEP_MAX).into());
        }
        self.write(async |tx| {
            let mut changes = set(tx, AuditAction::SettingsBackup, BACKUP_FOLDER, folder).await?;
            changes.extend(set(tx, AuditAction::SettingsBackup, BACKUP_KEEP, &keep.to_string()).await?);
            Ok(((), changes))
        })
        .await?;
        self.backup_settings().await
    }

    /// What the dashboard warns of: the last backup failed; the last good one is more than
    /// [`STALE_AFTER_DAYS`] days old; or there has been none on a register in use for longer.
    pub async fn backup_warning(&self) -> AppResult<Option<String>> {
        if self.store.is_read_only() || self.on_server() {
            return Ok(None);
        }
        let lang = self.lang().await;
        let today = self.today();
        let day = |t: DateTime<Utc>| t.with_timezone(&Local).date_naive();
        if let Some(last) = self.stored_last().await?.filter(|l| !l.ok) {
            let reason = if lang == Lang::ZhCn { last.reason_zh } else { last.reason_en };
            let f = FieldError::general("backup.last_failed").with("date", day(last.at)).with("reason", reason.unwrap_or_default());
            return Ok(Some(f.message(lang)));
        }
        if let Some(ok) = self.last_ok_at().await? {
            let days = (today - day(ok)).num_days();
            return Ok((days > STALE_AFTER_DAYS)
                .then(|| FieldError::general("backup.stale").with("days", days).with("date", day(ok)).message(lang)));
        }
        let first: Option<String> = self.store.first_audit_time().await?;
        let first = first.and_then(|t| DateTime::parse_from_rfc3339(&t).ok()).map(|t| day(t.with_timezone(&Utc)));
        Ok(first
            .filter(|f| (today - *f).num_days() > STALE_AFTER_DAYS)
            .map(|f| FieldError::general("backup.never").with("date", f).message(lang)))
    }

    /// Where a backup asked for goes: into `to` when it is a folder, as `to` when it names a
    /// file, else into the backup folder; always a new file.
    async fn backup_target(&self, to: Option<&str>) -> AppResult<PathBuf> {
        let folder = match to.map(str::trim).filter(|t| !t.is_empty()) {
            Some(to) if !Path::new(to).is_dir() => {
                let target = PathBuf::from(to);
                self.check_new_target(&target)?;
                return Ok(target);
            }
            Some(to) => PathBuf::from(to),
            None => {
                let folder = self.backup_folder().await?;
                if !folder.exists() && folder == self.default_backup_folder() {
                    create_private_dir(&folder).map_err(StoreError::from)?;
                }
                folder
            }
        };
        // A name of its own: a second backup in the same second gets `-2`.
        let name = format!("{}-backup-{}-{}", stem(&self.db_file()), self.today().format("%Y%m%d"), Local::now().format("%H%M%S"));
        let mut target = folder.join(format!("{name}.db"));
        for n in 2.. {
            if !target.exists() {
                break;
            }
            target = folder.join(format!("{name}-{n}.db"));
        }
        self.check_new_target(&target)?;
        Ok(target)
    }

    fn check_new_target(&self, target: &Path) -> AppResult<()> {
        let db = self.db_file();
        if same_file(target, &db) || ["-wal", "-shm", ".lock"].iter().any(|s| same_file(target, &with_suffix(&db, s))) {
            return Err(FieldError::new("path", "backup.is_register").with("path", target.display()).into());
        }
        if target.exists() {
            return Err(FieldError::new("path", "backup.exists").with("path", target.display()).into());
        }
        match target.parent().filter(|d| !d.as_os_str().is_empty()) {
            Some(dir) if !dir.is_dir() => Err(FieldError::new("path", "file.no_folder").with("path", dir.display()).into()),
            _ => Ok(()),
        }
    }

    /// Takes a backup now: into `to` (a folder or a new file), else into the backup folder.
    pub async fn backup(&self, to: Option<&str>) -> AppResult<BackupReport> {
        self.allow(Operation::Backup).await?;
        self.not_on_server()?;
        // Named first, like any change: the backup is recorded under who took it.
        let operator = if self.store.is_read_only() { None } else { Some(self.operator().await?) };
        let target = self.backup_target(to).await?;
        let result = self.take_backup(&target, false).await;
        self.record_backup(result, &target, false, operator).await
    }

    /// The day's automatic backup, if it is due: on the first start of a day (the window at
    /// start and every quarter of an hour while it runs, `backup auto` from a scheduled task),
    /// into the backup folder, then only the last N automatic backups are kept. Nothing on a
    /// read-only or an empty register, or when today's was already taken.
    pub async fn auto_backup(&self) -> AppResult<Option<BackupReport>> {
        if self.on_server() || self.store.is_read_only() || self.store.first_audit_time().await?.is_none() {
            return Ok(None);
        }
        let today = self.today().to_string();
        // Read first: the window asks every quarter of an hour, and most of those days are done.
        if self.store.setting(BACKUP_AUTO_ON).await?.as_deref() == Some(today.as_str()) {
            return Ok(None);
        }
        // Claimed before it is taken: a second window starting meanwhile finds it claimed.
        let mut tx = self.store.begin().await?;
        let before = tx.setting(BACKUP_AUTO_ON).await?;
        if before.as_deref() == Some(today.as_str()) {
            return Ok(None);
        }
        tx.set_setting(BACKUP_AUTO_ON, &today).await?;
        tx.commit().await?;

        let operator = self.operator().await.unwrap_or_else(|_| "—".to_owned());
        let folder = self.backup_folder().await?;
        let name = format!("{}-auto-{}-{}.db", stem(&self.db_file()), self.today().format("%Y%m%d"), Local::now().format("%H%M%S"));
        let target = folder.join(name);
        let result = async {
            if !folder.exists() && folder == self.default_backup_folder() {
                create_private_dir(&folder).map_err(StoreError::from)?;
            }
            self.check_new_target(&target)?;
            self.take_backup(&target, true).await
        }
        .await;
        if result.is_err() {
            // A later start today tries again (a backup drive plugged in by then).
            let mut tx = self.store.begin().await?;
            tx.set_setting(BACKUP_AUTO_ON, before.as_deref().unwrap_or_default()).await?;
            tx.commit().await?;
        }
        let mut report = self.record_backup(result, &target, true, Some(operator)).await?;
        report.removed = self.prune_automatic(&folder).await?;
        Ok(Some(report))
    }

    /// Removes the oldest automatic backups of this register in `folder` beyond the last N.
    /// Only files named as automatic backups are touched; a backup taken by hand is never removed.
    pub async fn prune_automatic(&self, folder: &Path) -> AppResult<Vec<String>> {
        let keep = self.backup_keep().await? as usize;
        let prefix = format!("{}-auto-", stem(&self.db_file()));
        let Ok(entries) = std::fs::read_dir(folder) else { return Ok(vec![]) };
        let mut autos: Vec<PathBuf> = entries
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| e.path())
            .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".db")))
            .collect();
        // The names carry the day and time: sorted by name is sorted by age.
        autos.sort();
        let excess = autos.len().saturating_sub(keep);
        let mut removed = Vec::new();
        for old in autos.into_iter().take(excess) {
            if std::fs::remove_file(&old).is_ok() {
                removed.push(old.display().to_string());
            }
        }
        Ok(removed)
    }

    /// Copies the register and its scans into `target` (under a temporary name), checks the
    /// copy, and only then gives it its name.
    async fn take_backup(&self, target: &Path, automatic: bool) -> AppResult<BackupReport> {
        let partial = partial_path(target);
        let _ = std::fs::remove_file(&partial);
        let leftovers = Leftovers(vec![partial.clone(), with_suffix(&partial, "-journal")]);
        // To the microsecond, as the audit trail writes instants.
        let now = Utc::now();
        let taken_at = DateTime::from_timestamp_micros(now.timestamp_micros()).unwrap_or(now);
        let schema = self.store.schema_version().await?;
        // The trail's head as the copy is taken (an entry written meanwhile lands in the copy
        // after it: the head still names an entry the backup holds).
        let head = self.chain_head().await?;
        // Scans an older version kept as files beside the register go in first, so the copy
        // carries them.
        self.sweep_scans().await?;
        self.store.copy_into(&partial).await?;
        let writer = BackupWriter::open(&partial).await?;
        let info =
            BackupInfo { taken_at, schema, app_version: env!("CARGO_PKG_VERSION").to_owned(), source: self.db_path.clone(), automatic };
        let scans = writer.finish(&info).await?;
        // Checked as a restore will check it: a backup that could not be restored is no backup.
        // The file is whole now: its SHA-256 is taken while it is checked.
        let (examined, sha256) = tokio::join!(stored::examine(&partial), stored::sha256_file(&partial));
        let examined = examined?;
        if let Some((zh, en, at)) = unsound(&examined) {
            let what_zh = if at.is_empty() { zh.to_owned() } else { format!("{zh}:{at}") };
            let what_en = if at.is_empty() { en.to_owned() } else { format!("{en}: {at}") };
            let (zh, en) = (format!("what.{}", Lang::ZhCn.tag()), format!("what.{}", Lang::En.tag()));
            return Err(FieldError::general("backup.check_failed").with(&zh, what_zh).with(&en, what_en).into());
        }
        let placed = (|| -> std::io::Result<()> {
            std::fs::File::open(&partial)?.sync_all()?;
            if target.exists() {
                return Err(std::io::Error::from(std::io::ErrorKind::AlreadyExists));
            }
            std::fs::rename(&partial, target)?;
            #[cfg(unix)]
            if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
                let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
            }
            Ok(())
        })();
        placed.map_err(StoreError::from)?;
        leftovers.keep();
        make_private(target);
        let sha256 = sha256.map_err(StoreError::from)?;
        let bytes = std::fs::metadata(target).map(|m| m.len()).unwrap_or_default();
        let lang = self.lang().await;
        let message = format!(
            "{} {}",
            FieldError::general("backup.saved").with("path", target.display()).message(lang),
            FieldError::general("anchor.backup_head").with("head", &head.short).message(lang)
        );
        Ok(BackupReport {
            path: target.display().to_string(),
            sha256,
            bytes,
            people: examined.people,
            audit_entries: examined.audit.entries,
            chain_head: head.short,
            scans,
            schema,
            automatic,
            taken_at,
            removed: vec![],
            message,
        })
    }

    /// Records a backup's outcome: in the audit trail when it was made (with its SHA-256), and as
    /// the last backup either way, for Settings and the dashboard. A read-only register records
    /// nothing (the backup itself is still made).
    async fn record_backup(
        &self,
        result: AppResult<BackupReport>,
        target: &Path,
        automatic: bool,
        operator: Option<String>,
    ) -> AppResult<BackupReport> {
        let Some(operator) = operator.filter(|_| !self.store.is_read_only()) else { return result };
        let office = self.acting_as(&operator);
        match result {
            Ok(report) => {
                let last = StoredLast {
                    at: report.taken_at,
                    path: report.path.clone(),
                    ok: true,
                    automatic,
                    code: None,
                    reason_zh: None,
                    reason_en: None,
                    chain_head: Some(report.chain_head.clone()),
                };
                let change = Change {
                    action: AuditAction::RegisterBackup,
                    entity: AuditEntity::Register,
                    entity_id: String::new(),
                    person_id: None,
                    old: None,
                    new: Some(json!({
                        "path": report.path,
                        "sha256": report.sha256,
                        "bytes": report.bytes,
                        "people": report.people,
                        "chain_head": report.chain_head,
                        "scans": report.scans,
                        "schema": report.schema,
                        "automatic": automatic,
                    })),
                };
                office
                    .write(async |tx| {
                        tx.set_setting(BACKUP_LAST, &serde_json::to_string(&last).unwrap_or_default()).await?;
                        tx.set_setting(BACKUP_LAST_OK, &clearance_domain::audit::instant_text(report.taken_at)).await?;
                        Ok(((), vec![change]))
                    })
                    .await?;
                Ok(report)
            }
            Err(e) => {
                let reason = |lang: Lang| e.to_api(lang).message;
                let last = StoredLast {
                    at: Utc::now(),
                    path: target.display().to_string(),
                    ok: false,
                    automatic,
                    code: Some(e.code()),
                    reason_zh: Some(reason(Lang::ZhCn)),
                    reason_en: Some(reason(Lang::En)),
                    chain_head: None,
                };
                // Bookkeeping of this machine's backups, not a change to the register: no entry.
                if let Ok(mut tx) = self.store.begin().await {
                    if tx.set_setting(BACKUP_LAST, &serde_json::to_string(&last).unwrap_or_default()).await.is_ok() {
                        let _ = tx.commit().await;
                    }
                }
                Err(with_reason(FieldError::general("backup.failed"), &e).into())
            }
        }
    }

    /// Restores the register from the backup at `from`. Refused, with nothing changed: a file
    /// that is not a register, another program's database, a register of a newer schema, one that
    /// fails its integrity check, its audit chain or a scan's SHA-256, and the register itself.
    /// Otherwise the register as it was is kept as `<name>.before-restore-<time>`, the backup takes
    /// its place (migrated when it is of an older schema, with the usual copy set aside first),
    /// its scans with it, and the restore is recorded in the restored register's audit trail.
    pub async fn restore(&self, from: &str) -> AppResult<RestoreReport> {
        self.allow(Operation::Restore).await?;
        self.not_on_server()?;
        // Who restores is named before the register changes (the restored one may name another).
        let operator = self.operator().await?;
        if self.store.is_read_only() {
            return Err(StoreError::ReadOnly.into());
        }
        let from = PathBuf::from(from.trim());
        let live = self.db_file();
        if same_file(&from, &live) {
            return Err(FieldError::new("path", "restore.same_file").with("path", from.display()).into());
        }
        let unreadable = |e: std::io::Error| -> AppError {
            with_reason(FieldError::new("path", "restore.unreadable").with("path", from.display()), &StoreError::Io(e).into()).into()
        };
        match std::fs::metadata(&from) {
            Ok(m) if m.is_file() => {}
            Ok(_) => return Err(FieldError::new("path", "restore.not_a_register").with("path", from.display()).into()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(FieldError::new("path", "restore.not_found").with("path", from.display()).into())
            }
            Err(e) => return Err(unreadable(e)),
        }
        let sha256 = stored::sha256_file(&from).await.map_err(unreadable)?;
        let examined = stored::examine(&from).await.map_err(|e| refusal(e, &from))?;
        if !examined.problems.is_empty() {
            return Err(FieldError::new("path", "restore.damaged").with("path", from.display()).into());
        }
        if let Some(seq) = examined.audit.first_broken {
            return Err(FieldError::new("path", "restore.audit_broken").with("path", from.display()).with("seq", seq).into());
        }
        if let Some(scan) = examined.scans.iter().find(|s| !s.intact) {
            return Err(FieldError::new("path", "restore.scan_damaged").with("path", from.display()).with("scan", &scan.path).into());
        }
        let mut machine = Vec::new();
        for key in MACHINE_SETTINGS {
            machine.push((key, self.store.setting(key).await?));
        }

        // A working copy beside the register: until the pages go live, dropping it changes nothing.
        let name = live.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "register.db".into());
        let working = live.with_file_name(format!(".{name}.restore-{}", std::process::id()));
        let _ = std::fs::remove_file(&working);
        let _working = Leftovers(vec![working.clone(), with_suffix(&working, "-journal")]);
        stored::prepare_restore(&from, &working, self.store.page_size().await?).await.map_err(|e| refusal(e, &from))?;
        let time = Local::now().format("%Y%m%d-%H%M%S").to_string();
        let mut aside = stored::beside(&live, &format!(".before-restore-{time}"));
        for n in 2.. {
            if !aside.exists() {
                break;
            }
            aside = stored::beside(&live, &format!(".before-restore-{time}-{n}"));
        }
        let migrated = {
            let _lock = stored::lock_register(&live).await?;
            if let Err(e) = stored::replace_register(&live, &working, &aside).await {
                let _ = std::fs::remove_file(&aside);
                return Err(match e {
                    ReplaceError::Busy => FieldError::general("store.busy"),
                    ReplaceError::Full => FieldError::general("store.full"),
                    ReplaceError::Sqlite(code) => FieldError::general("restore.failed").with("detail", code),
                }
                .into());
            }
            make_private(&aside);
            self.store.upgrade_restored(&live).await?
        };

        // The scans came with the register's pages (a backup taken while they were files
        // carried them into the register's own table, see `prepare_restore`).
        let scans = self.store.scan_count().await?;

        let taken_at = examined.info.as_ref().map(|i| i.taken_at);
        let change = Change {
            action: AuditAction::RegisterRestore,
            entity: AuditEntity::Register,
            entity_id: String::new(),
            person_id: None,
            old: None,
            new: Some(json!({
                "path": from.display().to_string(),
                "sha256": sha256,
                "taken_at": taken_at.map(clearance_domain::audit::instant_text),
                "kept_as": aside.display().to_string(),
                "schema": examined.schema,
                "people": examined.people,
                "scans": scans,
            })),
        };
        self.acting_as(&operator)
            .write(async |tx| {
                for (key, value) in &machine {
                    tx.set_setting(key, value.as_deref().unwrap_or_default()).await?;
                }
                // The reminders' projection is derived again from the restored records (the next
                // reader rebuilds it), whatever version wrote the backup.
                tx.invalidate_projection().await?;
                Ok(((), vec![change]))
            })
            .await?;
        let lang = self.lang().await;
        let taken_words = |lang: Lang| match taken_at {
            Some(t) => t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string(),
            None => if lang == Lang::ZhCn { "时间不详" } else { "unknown" }.to_owned(),
        };
        let message = FieldError::general("restore.done")
            .with("path", from.display())
            .with("kept", aside.display())
            .with("taken.zh-CN", taken_words(Lang::ZhCn))
            .with("taken.en", taken_words(Lang::En))
            .message(lang);
        Ok(RestoreReport {
            from: from.display().to_string(),
            sha256,
            taken_at,
            kept_as: aside.display().to_string(),
            schema: examined.schema,
            migrated,
            people: examined.people,
            scans,
            message,
        })
    }
}
