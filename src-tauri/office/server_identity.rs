//! The operator on the office server (issue 16): the PostgreSQL login role the register was
//! opened as, its office role read from its group roles (`store/server_roles.rs`). The server
//! authenticated it when the connection was made, so nothing here checks a password hash; the
//! local accounts' table is not used on a server. Accounts are login roles: `account create` makes
//! one (the administrator's role needs CREATEROLE on the server), `disable` takes LOGIN away.
//!
//! A password typed again in the open window (unlocking after the idle lock, changing one's own
//! password) is checked by the server: a connection is tried with it ([`ServerLogin`]).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use chrono::Utc;
use clearance_domain::access::{self, Operation, Role};
use clearance_domain::terms::{AuditAction, Term};
use clearance_domain::FieldError;
use serde_json::json;
use zeroize::Zeroizing;

use super::accounts::{account_change, AccountSummary, SignedIn};
use super::Office;
use crate::error::{AppError, AppResult};
use crate::store::db::Backend;
use crate::store::StoreError;

type Check = dyn Fn(Zeroizing<String>) -> Pin<Box<dyn Future<Output = Result<(), StoreError>> + Send>> + Send + Sync;

/// Tries a connection to the server as the register's login role with a password: `Ok` when the
/// server accepts it (main.rs and the window build it from the server's address).
#[derive(Clone)]
pub struct ServerLogin(Arc<Check>);

impl ServerLogin {
    pub fn new<F, Fut>(check: F) -> ServerLogin
    where
        F: Fn(Zeroizing<String>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), StoreError>> + Send + 'static,
    {
        ServerLogin(Arc::new(move |p| Box::pin(check(p))))
    }
}

/// Whether a refusal from the server is a wrong password (SQLSTATE 28P01).
pub fn is_wrong_password(e: &StoreError) -> bool {
    matches!(e, StoreError::Database(sqlx::Error::Database(d)) if d.code().as_deref() == Some("28P01"))
}

/// The server's refusal to let the role connect at all (SQLSTATE 28000: NOLOGIN, no such role,
/// not allowed from this computer), or a wrong password, as what the office is told.
pub fn login_refusal(e: StoreError, name: &str) -> AppError {
    match &e {
        StoreError::Database(sqlx::Error::Database(d)) => match d.code().as_deref() {
            Some("28P01") => FieldError::new("password", "server.wrong_password").with("name", name).into(),
            Some("28000") => FieldError::general("server.login_refused").with("name", name).into(),
            _ => e.into(),
        },
        _ => e.into(),
    }
}

impl Office {
    /// The register is on the office server (the operator is its login role).
    pub fn on_server(&self) -> bool {
        self.store.backend() == Backend::Postgres
    }

    /// How a password typed again is checked on the server.
    pub fn with_server_login(mut self, login: Option<ServerLogin>) -> Office {
        self.server_login = login.map(Arc::new);
        self
    }

    /// Who the server says the operator is: its login role and the office role of its group
    /// roles. A login role in none of them is refused with its name.
    pub async fn server_operator(&self) -> AppResult<SignedIn> {
        let (name, role) = self.store.server_identity().await?;
        match role {
            Some(role) => Ok(SignedIn::new(name, role)),
            None => Err(FieldError::general("server.no_role").with("name", name).into()),
        }
    }

    /// Signs this office in as the server's login role (the window after its password screen;
    /// the CLI builds its own office with [`Office::with_account`]). Recorded as a sign-in.
    pub async fn server_sign_in(&self) -> AppResult<SignedIn> {
        let me = self.server_operator().await?;
        if self.today.is_some() && !access::allows(me.role, Operation::ShiftToday) {
            return Err(super::accounts::refused(me.role, Operation::ShiftToday));
        }
        let change = account_change(AuditAction::SessionSignIn, &me.name, None, Some(json!({ "role": me.role.code(), "server": true })));
        self.record(&me.name, vec![change]).await;
        self.set_session(Some(me.clone()), false);
        Ok(me)
    }

    /// The password typed again (unlock, the sign-in screen after a sign-out, one's own password
    /// change) checked by the server for the register's login role. Another name is refused: this
    /// window's connections are that role's.
    pub(super) async fn check_server_password(&self, name: &str, password: &str) -> AppResult<SignedIn> {
        let me = self.server_operator().await?;
        if name.trim() != me.name {
            return Err(FieldError::general("server.other_role").with("name", &me.name).into());
        }
        let Some(login) = self.server_login.clone() else {
            return Err(FieldError::general("server.no_password_check").into());
        };
        match (login.0)(Zeroizing::new(password.to_owned())).await {
            Ok(()) => Ok(me),
            Err(e @ StoreError::Database(sqlx::Error::Database(_))) => Err(login_refusal(e, &me.name)),
            Err(e) => Err(server_unreachable(e)),
        }
    }

    /// Every login role of the office's group roles (administrators only; `accounts()`).
    pub(super) async fn server_account_list(&self) -> AppResult<Vec<AccountSummary>> {
        let lang = self.lang().await;
        Ok(self
            .store
            .server_accounts()
            .await?
            .into_iter()
            .map(|a| AccountSummary {
                role_words: a.role.word(lang).to_owned(),
                name: a.name,
                role: a.role,
                created_at: a.created_at.unwrap_or(chrono::DateTime::UNIX_EPOCH),
                disabled: a.disabled,
                failed_attempts: 0,
                wait_until: None,
            })
            .collect())
    }

    /// Refused up front when the administrator's role may not create roles on the server.
    async fn may_create_roles(&self) -> AppResult<()> {
        if self.store.server_may_create_roles().await? {
            return Ok(());
        }
        let name = self.signed_in().map(|a| a.name).unwrap_or_default();
        Err(FieldError::general("server.createrole").with("name", name).into())
    }

    /// A new login role with the password, in the group role of `role`; recorded.
    pub(super) async fn server_create_account(&self, name: &str, role: Role, password: &str) -> AppResult<()> {
        let name = access::account_name(name)?;
        access::check_password(password)?;
        self.may_create_roles().await?;
        let password = Zeroizing::new(password.to_owned());
        self.write(async |tx| {
            if tx.server_role_exists(&name).await? {
                return Err(FieldError::new("account", "account.exists").with("name", &name).into());
            }
            tx.create_server_account(&name, &password, role, Utc::now()).await?;
            Ok(((), vec![account_change(AuditAction::AccountCreate, &name, None, Some(json!({ "role": role.code(), "server": true })))]))
        })
        .await
    }

    /// Another group role, or LOGIN taken away / given back; the last active administrator stays.
    pub(super) async fn server_update_account(&self, name: &str, role: Role, disabled: bool) -> AppResult<()> {
        self.may_create_roles().await?;
        let target = name.to_owned();
        self.write(async |tx| {
            let Some(old) = tx.server_account(&target).await? else {
                return Err(FieldError::new("account", "account.not_found").with("name", &target).into());
            };
            if old.role == role && old.disabled == disabled {
                return Ok(((), vec![]));
            }
            let leaves_admin = old.role == Role::Admin && !old.disabled && (role != Role::Admin || disabled);
            if leaves_admin && tx.active_server_accounts_with_role(Role::Admin).await? <= 1 {
                return Err(FieldError::new("account", "account.last_admin").with("name", &target).into());
            }
            if old.role != role {
                tx.set_server_role(&target, role).await?;
            }
            if old.disabled != disabled {
                tx.set_server_disabled(&target, disabled).await?;
            }
            Ok((
                (),
                vec![account_change(
                    AuditAction::AccountUpdate,
                    &target,
                    Some(json!({ "role": old.role.code(), "disabled": old.disabled })),
                    Some(json!({ "role": role.code(), "disabled": disabled })),
                )],
            ))
        })
        .await
    }

    /// A login role's new password (an administrator's, or one's own); recorded.
    pub(super) async fn server_set_password(&self, name: &str, password: &str) -> AppResult<()> {
        let me = self.signed_in().map(|a| a.name);
        if me.as_deref() != Some(name) {
            self.may_create_roles().await?;
        }
        let (name, password) = (name.to_owned(), Zeroizing::new(password.to_owned()));
        self.write(async |tx| {
            if !tx.server_role_exists(&name).await? {
                return Err(FieldError::new("account", "account.not_found").with("name", &name).into());
            }
            tx.set_server_password(&name, &password).await?;
            Ok(((), vec![account_change(AuditAction::AccountPassword, &name, None, None)]))
        })
        .await
    }
}

/// Why the server could not be reached, in the office's words (its address is said by the caller).
pub fn server_unreachable(e: StoreError) -> AppError {
    match e {
        StoreError::Database(sqlx::Error::Io(_) | sqlx::Error::Tls(_) | sqlx::Error::PoolTimedOut) => {
            FieldError::general("server.unreachable").into()
        }
        other => other.into(),
    }
}

impl Office {
    /// A write the office server refused for the role's GRANTs (SQLSTATE 42501) said as the app's
    /// own refusal, naming the role; anything else unchanged.
    pub(super) fn server_refusal(&self, e: AppError) -> AppError {
        let denied = matches!(&e, AppError::Store(StoreError::Database(sqlx::Error::Database(d))) if d.code().as_deref() == Some("42501"));
        match self.signed_in() {
            Some(me) if denied && self.on_server() => {
                let (zh, en) = me.role.words();
                FieldError::general("access.server_refused_role")
                    // The role in each language (parameters, not codes: see office/accounts.rs).
                    .with("role.zh-CN", zh)
                    .with("role.en", en)
                    .into()
            }
            _ => e,
        }
    }
}

impl ServerLogin {
    /// A password checked by opening the server register read-only with it, on one connection.
    pub fn for_server(options: crate::store::ServerOptions) -> ServerLogin {
        ServerLogin::new(move |password| {
            let mut options = options.clone().password(Some(password)).read_only(true);
            options.max_connections = 1;
            async move {
                let store = crate::store::open_server(options).await?;
                store.close().await;
                Ok(())
            }
        })
    }
}
