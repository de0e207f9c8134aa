//! Accounts that sign in, the session of the one at the keyboard, and the role check every
//! operation starts with (`Office::allow`).
//!
//! The session lives in memory, shared by every clone of the `Office` (the window holds one): an
//! account signs in with its password, may lock the session (every command is refused until the
//! same account's password unlocks it; nothing the window holds is forgotten) and signs out. A
//! wrong password is refused after a short delay; from the fifth failure in a row sign-in waits
//! (30 s, 60 s, 120 s … up to 15 minutes, `domain::access::wait_after`), during which even the
//! right password is refused with the time left. Every failure, every wait and every refusal
//! of an operation is an entry of the audit trail.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::{DateTime, Utc};
use clearance_domain::access::{self, allows, Operation, Role};
use clearance_domain::audit::Change;
use clearance_domain::terms::{AuditAction, AuditEntity, Term};
use clearance_domain::FieldError;
use serde::Serialize;
use serde_json::json;
use ts_rs::TS;

use super::settings::{set, AppInfo};
use super::Office;
use crate::error::{AppError, AppResult};
use crate::store::StoredAccount;

/// The setting that holds the idle lock's minutes (0: never).
pub(super) const IDLE_LOCK: &str = "idle_lock_minutes";
pub const DEFAULT_IDLE_LOCK_MINUTES: u32 = 10;
/// The longest idle lock an administrator may set.
pub const MAX_IDLE_LOCK_MINUTES: u32 = 240;

/// How long a wrong password waits before it is refused. Tests may shorten it with
/// `CLEARANCE_TRACKER_TEST_SIGN_IN_DELAY_MS` (read only in debug builds).
fn failure_delay() -> Duration {
    #[cfg(debug_assertions)]
    if let Some(ms) = std::env::var("CLEARANCE_TRACKER_TEST_SIGN_IN_DELAY_MS").ok().and_then(|v| v.parse().ok()) {
        return Duration::from_millis(ms);
    }
    Duration::from_secs(1)
}

/// The account at the keyboard, as the office trusts it: after its password was checked, or
/// named by the code that built the `Office` (tests, a CLI that checked the password itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    pub name: String,
    pub role: Role,
}

impl SignedIn {
    pub fn new(name: impl Into<String>, role: Role) -> SignedIn {
        SignedIn { name: name.into(), role }
    }

    /// An administrator (tests, benchmarks).
    pub fn admin(name: impl Into<String>) -> SignedIn {
        SignedIn::new(name, Role::Admin)
    }
}

/// Who is signed in, and whether the session is locked.
#[derive(Debug, Default)]
pub(super) struct Session {
    account: Option<SignedIn>,
    locked: bool,
}

pub(super) type SharedSession = Arc<Mutex<Session>>;

pub(super) fn session_of(account: Option<SignedIn>) -> SharedSession {
    Arc::new(Mutex::new(Session { account, locked: false }))
}

/// The account signed in, as the window shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AccountView {
    pub name: String,
    pub role: Role,
    /// The role in the office's language.
    pub role_words: String,
}

/// An account as the administrator's list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AccountSummary {
    pub name: String,
    pub role: Role,
    pub role_words: String,
    pub created_at: DateTime<Utc>,
    pub disabled: bool,
    /// Failed sign-ins in a row since the last success.
    pub failed_attempts: u32,
    /// Sign-in waits until then (after five failures or more).
    pub wait_until: Option<DateTime<Utc>>,
}

fn hash_password(password: &str) -> AppResult<String> {
    let salt = SaltString::generate(&mut rand_core::OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::Store(crate::store::StoreError::Corrupt(format!("password hash: {e}"))))
}

fn password_matches(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// Argon2 on a blocking thread: it is deliberately slow.
async fn hash_blocking(password: &str) -> AppResult<String> {
    let password = zeroize::Zeroizing::new(password.to_owned());
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| AppError::Store(crate::store::StoreError::Corrupt(format!("password hash: {e}"))))?
}

async fn matches_blocking(password: &str, phc: &str) -> bool {
    let password = zeroize::Zeroizing::new(password.to_owned());
    let phc = phc.to_owned();
    tokio::task::spawn_blocking(move || password_matches(&password, &phc)).await.unwrap_or(false)
}

pub(super) fn account_change(action: AuditAction, name: &str, old: Option<serde_json::Value>, new: Option<serde_json::Value>) -> Change {
    Change { action, entity: AuditEntity::Account, entity_id: name.to_owned(), person_id: None, old, new }
}

/// `role` and `operation` words in both languages, for a message that names them.
pub(super) fn refused(role: Role, op: Operation) -> AppError {
    let (role_zh, role_en) = role.words();
    let (op_zh, op_en) = op.words();
    let code = if op == Operation::ShiftToday { "access.today" } else { "access.refused" };
    FieldError::general(code)
        .with("role.zh-CN", role_zh)
        .with("role.en", role_en)
        .with("operation.zh-CN", op_zh)
        .with("operation.en", op_en.to_lowercase())
        .into()
}

fn wait_error(failures: u32, until: DateTime<Utc>, now: DateTime<Utc>) -> AppError {
    let seconds = (until - now).num_seconds().max(1);
    FieldError::general("session.wait").with("failures", failures).with("seconds", seconds).into()
}

impl Office {
    /// Builds the office for this account (or nobody): a session of its own, shared by every
    /// clone of the result. Trusted: the caller checked the password (the CLI) or is a test.
    pub fn with_account(mut self, account: Option<SignedIn>) -> Office {
        self.session = session_of(account);
        self
    }

    /// The account signed in, locked or not.
    pub fn signed_in(&self) -> Option<SignedIn> {
        self.session.lock().ok().and_then(|s| s.account.clone())
    }

    fn is_locked(&self) -> bool {
        self.session.lock().map(|s| s.locked).unwrap_or(true)
    }

    pub(super) fn set_session(&self, account: Option<SignedIn>, locked: bool) {
        if let Ok(mut s) = self.session.lock() {
            s.account = account;
            s.locked = locked;
        }
    }

    /// The check every operation starts with: somebody is signed in, the session is not locked,
    /// their role allows `op` (and `--today`, if given). A refusal is recorded in the trail in
    /// a transaction of its own and changes nothing else.
    pub async fn allow(&self, op: Operation) -> AppResult<()> {
        let Some(account) = self.signed_in() else {
            return Err(FieldError::general("session.required").into());
        };
        if self.is_locked() {
            return Err(FieldError::general("session.locked").into());
        }
        let op = if self.today.is_some() && !allows(account.role, Operation::ShiftToday) { Operation::ShiftToday } else { op };
        if allows(account.role, op) {
            return Ok(());
        }
        let change = account_change(
            AuditAction::AccessRefused,
            &account.name,
            None,
            Some(json!({ "role": account.role.code(), "operation": op.code() })),
        );
        self.record(&account.name, vec![change]).await;
        Err(refused(account.role, op))
    }

    /// Whether the account signed in may do `op` now (no entry is made: see [`Office::allow`]).
    pub(super) fn may(&self, op: Operation) -> bool {
        self.allowed().contains(&op)
    }

    /// The refusal of `op` for the account signed in, recorded in the trail: for a check that
    /// can only be made inside a write (an override found needed there).
    pub(super) async fn refusal(&self, op: Operation) -> AppError {
        match self.allow(op).await {
            Err(e) => e,
            Ok(()) => FieldError::general("session.required").into(),
        }
    }

    /// A clone that writes under `name`, for what the office records by itself (a language
    /// chosen before sign-in, the automatic backup under "—", a restore recorded in the register
    /// that replaced the one signed in to). It may only write what its caller already allowed.
    pub(super) fn acting_as(&self, name: &str) -> Office {
        let role = self.signed_in().map(|a| a.role).unwrap_or(Role::Auditor);
        self.clone().with_account(Some(SignedIn::new(name, role)))
    }

    /// Appends entries that go with no other change (a sign-in, a refusal) in a transaction of
    /// their own. A register open read-only records nothing; a failure to record is not the
    /// caller's error (the refusal or the sign-in stands).
    pub(super) async fn record(&self, operator: &str, changes: Vec<Change>) {
        if self.store.is_read_only() || changes.is_empty() {
            return;
        }
        let Ok(mut tx) = self.store.begin().await else { return };
        let at = Utc::now();
        for change in &changes {
            if tx.audit_as_of(change, operator, at, self.today).await.is_err() {
                return;
            }
        }
        let _ = tx.commit().await;
    }

    /// What the signed-in account may do (nothing when nobody is, or the session is locked).
    pub fn allowed(&self) -> Vec<Operation> {
        match self.signed_in() {
            Some(a) if !self.is_locked() => access::allowed(a.role),
            _ => vec![],
        }
    }

    pub(super) async fn account_view(&self) -> Option<AccountView> {
        let a = self.signed_in()?;
        let lang = self.lang().await;
        Some(AccountView { role_words: a.role.word(lang).to_owned(), name: a.name, role: a.role })
    }

    /// No account exists yet: the first one (an administrator) is to be created.
    pub async fn needs_account(&self) -> AppResult<bool> {
        // On the office server every operator is a login role the server authenticated.
        if self.on_server() {
            return Ok(false);
        }
        Ok(self.store.account_count().await? == 0)
    }

    pub async fn idle_lock_minutes(&self) -> AppResult<u32> {
        Ok(self.store.setting(IDLE_LOCK).await?.and_then(|m| m.parse().ok()).unwrap_or(DEFAULT_IDLE_LOCK_MINUTES))
    }

    /// The password of `name` checked, with the waits and the failures counted and recorded.
    /// Returns the account when the password is right and it may sign in.
    async fn check_credentials(&self, name: &str, password: &str) -> AppResult<StoredAccount> {
        let name = name.trim();
        let now = Utc::now();
        let Some(account) = self.store.account(name).await? else {
            tokio::time::sleep(failure_delay()).await;
            // A name no account could have (empty, too long, control characters) is not recorded.
            if access::account_name(name).is_ok() {
                let change = account_change(AuditAction::SessionSignInFailed, name, None, Some(json!({ "known": false })));
                self.record("—", vec![change]).await;
            }
            return Err(FieldError::general("session.wrong").into());
        };
        if account.disabled_at.is_some() {
            tokio::time::sleep(failure_delay()).await;
            let change = account_change(AuditAction::SessionSignInFailed, name, None, Some(json!({ "disabled": true })));
            self.record(name, vec![change]).await;
            return Err(FieldError::general("session.disabled").with("name", name).into());
        }
        if let Some(until) = account.wait_until.filter(|u| *u > now) {
            // Not even checked: the right password is refused too until the wait is over.
            let change = account_change(
                AuditAction::SessionSignInFailed,
                name,
                None,
                Some(json!({ "failures": account.failed_attempts, "waiting_until": clearance_domain::audit::instant_text(until) })),
            );
            self.record(name, vec![change]).await;
            return Err(wait_error(account.failed_attempts, until, now));
        }
        if matches_blocking(password, &account.password_hash).await {
            return Ok(account);
        }
        let failures = account.failed_attempts.saturating_add(1);
        let wait = access::wait_after(failures);
        let until = (wait > 0).then(|| now + chrono::Duration::seconds(wait));
        if !self.store.is_read_only() {
            let mut tx = self.store.begin().await?;
            tx.set_account_failures(name, failures, until).await?;
            let at = Utc::now();
            let failed = account_change(AuditAction::SessionSignInFailed, name, None, Some(json!({ "failures": failures })));
            tx.audit_as_of(&failed, name, at, self.today).await?;
            if let Some(until) = until {
                let waits = account_change(
                    AuditAction::SessionSignInWait,
                    name,
                    None,
                    Some(json!({ "failures": failures, "seconds": wait, "waiting_until": clearance_domain::audit::instant_text(until) })),
                );
                tx.audit_as_of(&waits, name, at, self.today).await?;
            }
            tx.commit().await?;
        }
        tokio::time::sleep(failure_delay()).await;
        match until {
            Some(until) => Err(wait_error(failures, until, Utc::now())),
            None => Err(FieldError::general("session.wrong").into()),
        }
    }

    /// Clears the count of failures after a success, with the entry `action` if any.
    async fn succeeded(&self, account: &StoredAccount, action: Option<AuditAction>) -> AppResult<()> {
        let failures = account.failed_attempts > 0 || account.wait_until.is_some();
        if self.store.is_read_only() || (action.is_none() && !failures) {
            return Ok(());
        }
        let mut tx = self.store.begin().await?;
        if failures {
            tx.set_account_failures(&account.name, 0, None).await?;
        }
        if let Some(action) = action {
            let change = account_change(action, &account.name, None, Some(json!({ "role": account.role.code() })));
            tx.audit_as_of(&change, &account.name, Utc::now(), self.today).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The password checked as [`Office::sign_in`] does (failures and waits counted and
    /// recorded), without signing this office in nor recording the success: the CLI builds its
    /// office with [`Office::with_account`] from the answer, for one command.
    pub async fn check_sign_in(&self, name: &str, password: &str) -> AppResult<SignedIn> {
        if self.on_server() {
            return self.check_server_password(name, password).await;
        }
        let account = self.check_credentials(name, password).await?;
        self.succeeded(&account, None).await?;
        Ok(SignedIn::new(account.name, account.role))
    }

    /// Signs in with a password (the window's sign-in screen; the CLI's `--user`).
    pub async fn sign_in(&self, name: &str, password: &str) -> AppResult<AppInfo> {
        if self.on_server() {
            self.check_server_password(name, password).await?;
            self.server_sign_in().await?;
            return self.info().await;
        }
        let account = self.check_credentials(name, password).await?;
        if self.today.is_some() && !allows(account.role, Operation::ShiftToday) {
            let change = account_change(
                AuditAction::AccessRefused,
                &account.name,
                None,
                Some(json!({ "role": account.role.code(), "operation": Operation::ShiftToday.code() })),
            );
            self.record(&account.name, vec![change]).await;
            return Err(refused(account.role, Operation::ShiftToday));
        }
        self.succeeded(&account, Some(AuditAction::SessionSignIn)).await?;
        self.set_session(Some(SignedIn::new(account.name.clone(), account.role)), false);
        self.info().await
    }

    /// Signs out: the window returns to its sign-in screen.
    pub async fn sign_out(&self) -> AppResult<()> {
        if let Some(account) = self.signed_in() {
            let change = account_change(AuditAction::SessionSignOut, &account.name, None, None);
            self.record(&account.name, vec![change]).await;
        }
        self.set_session(None, false);
        Ok(())
    }

    /// Locks the session: every operation is refused until the same account's password unlocks
    /// it. What the window holds is not forgotten.
    pub async fn lock(&self) -> AppResult<()> {
        let Some(account) = self.signed_in() else {
            return Err(FieldError::general("session.required").into());
        };
        if !self.is_locked() {
            self.set_session(Some(account.clone()), true);
            let change = account_change(AuditAction::SessionLock, &account.name, None, None);
            self.record(&account.name, vec![change]).await;
        }
        Ok(())
    }

    /// Unlocks with the password of the account that locked; a wrong one counts as a failed sign-in.
    pub async fn unlock(&self, password: &str) -> AppResult<AppInfo> {
        let Some(signed) = self.signed_in() else {
            return Err(FieldError::general("session.required").into());
        };
        if self.on_server() {
            let me = self.check_server_password(&signed.name, password).await?;
            let change = account_change(AuditAction::SessionUnlock, &me.name, None, Some(json!({ "role": me.role.code() })));
            self.record(&me.name, vec![change]).await;
            self.set_session(Some(me), false);
            return self.info().await;
        }
        let account = self.check_credentials(&signed.name, password).await?;
        self.succeeded(&account, Some(AuditAction::SessionUnlock)).await?;
        self.set_session(Some(SignedIn::new(account.name.clone(), account.role)), false);
        self.info().await
    }

    /// The first account, an administrator, created while the register has none; it is signed in.
    pub async fn create_first_account(&self, name: &str, password: &str) -> AppResult<AppInfo> {
        let name = access::account_name(name)?;
        access::check_password(password)?;
        if self.store.account_count().await? > 0 {
            return Err(FieldError::general("account.first_exists").into());
        }
        let hash = hash_blocking(password).await?;
        let mut tx = self.store.begin().await?;
        // Checked again inside the write: two windows cannot both create the first account.
        if tx.account_count().await? > 0 {
            return Err(FieldError::general("account.first_exists").into());
        }
        let at = Utc::now();
        tx.insert_account(&name, Role::Admin, &hash, at).await?;
        let created = account_change(AuditAction::AccountCreate, &name, None, Some(json!({ "role": Role::Admin.code() })));
        // One entry: the account created is the one signed in.
        tx.audit_as_of(&created, &name, at, self.today).await?;
        tx.commit().await?;
        self.set_session(Some(SignedIn::new(name, Role::Admin)), false);
        self.info().await
    }

    /// Every account (administrators only).
    pub async fn accounts(&self) -> AppResult<Vec<AccountSummary>> {
        self.allow(Operation::Accounts).await?;
        if self.on_server() {
            return self.server_account_list().await;
        }
        let lang = self.lang().await;
        Ok(self
            .store
            .accounts()
            .await?
            .into_iter()
            .map(|a| AccountSummary {
                role_words: a.role.word(lang).to_owned(),
                name: a.name,
                role: a.role,
                created_at: a.created_at,
                disabled: a.disabled_at.is_some(),
                failed_attempts: a.failed_attempts,
                wait_until: a.wait_until,
            })
            .collect())
    }

    /// A new account (administrators only).
    pub async fn create_account(&self, name: &str, role: Role, password: &str) -> AppResult<AccountSummary> {
        self.allow(Operation::Accounts).await?;
        if self.on_server() {
            self.server_create_account(name, role, password).await?;
            return self.account_summary(name.trim()).await;
        }
        let name = access::account_name(name)?;
        access::check_password(password)?;
        let hash = hash_blocking(password).await?;
        let stored = name.clone();
        self.write(async |tx| {
            if tx.account(&stored).await?.is_some() {
                return Err(FieldError::new("account", "account.exists").with("name", &stored).into());
            }
            tx.insert_account(&stored, role, &hash, Utc::now()).await?;
            Ok(((), vec![account_change(AuditAction::AccountCreate, &stored, None, Some(json!({ "role": role.code() })))]))
        })
        .await?;
        self.account_summary(&name).await
    }

    async fn account_summary(&self, name: &str) -> AppResult<AccountSummary> {
        self.accounts()
            .await?
            .into_iter()
            .find(|a| a.name == name)
            .ok_or_else(|| FieldError::new("account", "account.not_found").with("name", name).into())
    }

    /// Changes an account's role and whether it may sign in (administrators only). The last
    /// active administrator keeps its role and stays enabled; nobody disables the account
    /// signed in.
    pub async fn update_account(&self, name: &str, role: Role, disabled: bool) -> AppResult<AccountSummary> {
        self.allow(Operation::Accounts).await?;
        let name = name.trim().to_owned();
        let me = self.signed_in().map(|a| a.name);
        if disabled && me.as_deref() == Some(name.as_str()) {
            return Err(FieldError::new("account", "account.self_disable").into());
        }
        let target = name.clone();
        if self.on_server() {
            self.server_update_account(&name, role, disabled).await?;
            if me.as_deref() == Some(name.as_str()) {
                self.set_session(Some(SignedIn::new(name.clone(), role)), false);
            }
            return self.account_summary(&name).await;
        }
        self.write(async |tx| {
            let Some(old) = tx.account(&target).await? else {
                return Err(FieldError::new("account", "account.not_found").with("name", &target).into());
            };
            let was_disabled = old.disabled_at.is_some();
            if old.role == role && was_disabled == disabled {
                return Ok(((), vec![]));
            }
            let leaves_admin = old.role == Role::Admin && !was_disabled && (role != Role::Admin || disabled);
            if leaves_admin && tx.active_accounts_with_role(Role::Admin).await? <= 1 {
                return Err(FieldError::new("account", "account.last_admin").with("name", &target).into());
            }
            if old.role != role {
                tx.set_account_role(&target, role).await?;
            }
            if was_disabled != disabled {
                tx.set_account_disabled(&target, disabled.then(Utc::now)).await?;
            }
            Ok((
                (),
                vec![account_change(
                    AuditAction::AccountUpdate,
                    &target,
                    Some(json!({ "role": old.role.code(), "disabled": was_disabled })),
                    Some(json!({ "role": role.code(), "disabled": disabled })),
                )],
            ))
        })
        .await?;
        // The account at the keyboard works with its new role at once.
        if me.as_deref() == Some(name.as_str()) {
            self.set_session(Some(SignedIn::new(name.clone(), role)), false);
        }
        self.account_summary(&name).await
    }

    /// Sets an account's password (administrators only); its failures are forgotten.
    pub async fn set_account_password(&self, name: &str, password: &str) -> AppResult<()> {
        self.allow(Operation::Accounts).await?;
        access::check_password(password)?;
        self.store_password(name.trim(), password).await
    }

    async fn store_password(&self, name: &str, password: &str) -> AppResult<()> {
        if self.on_server() {
            return self.server_set_password(name, password).await;
        }
        let hash = hash_blocking(password).await?;
        let name = name.to_owned();
        self.write(async |tx| {
            if tx.account(&name).await?.is_none() {
                return Err(FieldError::new("account", "account.not_found").with("name", &name).into());
            }
            tx.set_account_password(&name, &hash).await?;
            Ok(((), vec![account_change(AuditAction::AccountPassword, &name, None, None)]))
        })
        .await
    }

    /// The signed-in account changes its own password, giving the current one (a wrong one
    /// counts as a failed sign-in).
    pub async fn change_own_password(&self, old: &str, new: &str) -> AppResult<()> {
        self.allow(Operation::Preferences).await?;
        let Some(me) = self.signed_in() else {
            return Err(FieldError::general("session.required").into());
        };
        access::check_password(new)?;
        if self.on_server() {
            self.check_server_password(&me.name, old).await?;
        } else {
            self.check_credentials(&me.name, old).await?;
        }
        self.store_password(&me.name, new).await
    }

    /// The idle lock's minutes (administrators; 0 never locks).
    pub async fn set_idle_lock(&self, minutes: u32) -> AppResult<AppInfo> {
        self.allow(Operation::Settings).await?;
        if minutes > MAX_IDLE_LOCK_MINUTES {
            return Err(FieldError::new("idle_lock_minutes", "idle_lock.range").into());
        }
        self.write(async |tx| Ok(((), set(tx, AuditAction::SettingsIdleLock, IDLE_LOCK, &minutes.to_string()).await?))).await?;
        self.info().await
    }
}
