//! Sign-in, lock and the accounts (issue 14): the window's commands for the session of the one
//! at the keyboard and for the administrator's list of accounts. Passwords are wiped from
//! memory once checked; they are never logged nor returned.

use clearance_domain::access::Role;
use tauri::State;
use zeroize::Zeroizing;

use super::{reply, Reply};
use crate::office::{AccountSummary, AppInfo, Office};

/// Signs in; the window then reads what the account may do from `AppInfo.allowed`.
#[tauri::command]
pub async fn session_sign_in(office: State<'_, Office>, name: String, password: String) -> Reply<AppInfo> {
    crate::trace::mark("sign-in-received");
    let password = Zeroizing::new(password);
    let signed = reply(&office, office.sign_in(&name, &password).await).await;
    crate::trace::mark(if signed.is_ok() { "signed-in" } else { "sign-in-refused" });
    signed
}

#[tauri::command]
pub async fn session_sign_out(office: State<'_, Office>) -> Reply<()> {
    reply(&office, office.sign_out().await).await
}

/// Locks the session (the idle lock, or on request): every command is refused until
/// `session_unlock`; the window keeps what it holds.
#[tauri::command]
pub async fn session_lock(office: State<'_, Office>) -> Reply<()> {
    reply(&office, office.lock().await).await
}

/// The password of the account that locked; a wrong one counts as a failed sign-in.
#[tauri::command]
pub async fn session_unlock(office: State<'_, Office>, password: String) -> Reply<AppInfo> {
    let password = Zeroizing::new(password);
    reply(&office, office.unlock(&password).await).await
}

/// The first account, an administrator, while the register has none; it is signed in.
#[tauri::command]
pub async fn account_create_first(office: State<'_, Office>, name: String, password: String) -> Reply<AppInfo> {
    let password = Zeroizing::new(password);
    reply(&office, office.create_first_account(&name, &password).await).await
}

#[tauri::command]
pub async fn accounts_list(office: State<'_, Office>) -> Reply<Vec<AccountSummary>> {
    reply(&office, office.accounts().await).await
}

#[tauri::command]
pub async fn account_create(office: State<'_, Office>, name: String, role: Role, password: String) -> Reply<AccountSummary> {
    let password = Zeroizing::new(password);
    reply(&office, office.create_account(&name, role, &password).await).await
}

/// A new role, and whether the account may sign in.
#[tauri::command]
pub async fn account_update(office: State<'_, Office>, name: String, role: Role, disabled: bool) -> Reply<AccountSummary> {
    reply(&office, office.update_account(&name, role, disabled).await).await
}

/// An administrator sets another account's password.
#[tauri::command]
pub async fn account_set_password(office: State<'_, Office>, name: String, password: String) -> Reply<()> {
    let password = Zeroizing::new(password);
    reply(&office, office.set_account_password(&name, &password).await).await
}

#[tauri::command]
pub async fn account_change_own_password(office: State<'_, Office>, old: String, new: String) -> Reply<()> {
    let (old, new) = (Zeroizing::new(old), Zeroizing::new(new));
    reply(&office, office.change_own_password(&old, &new).await).await
}

/// Minutes of inactivity before the window locks (0: never; administrators only).
#[tauri::command]
pub async fn idle_lock_set(office: State<'_, Office>, minutes: u32) -> Reply<AppInfo> {
    reply(&office, office.set_idle_lock(minutes).await).await
}

/// The idle lock in seconds instead of minutes, for the end-to-end tests only: read from
/// `CLEARANCE_TRACKER_IDLE_SECONDS` in a debug build that runs under the tests' environment
/// (`CLEARANCE_TRACKER_TEST_DIALOG` set); `None` everywhere else, and the window then counts
/// `AppInfo.idle_lock_minutes`.
#[tauri::command]
pub fn session_idle_test_seconds() -> Option<u32> {
    if !cfg!(debug_assertions) || std::env::var_os(super::files::TEST_DIALOG_ENV).is_none() {
        return None;
    }
    std::env::var("CLEARANCE_TRACKER_IDLE_SECONDS").ok().and_then(|s| s.trim().parse().ok()).filter(|s| *s > 0)
}
