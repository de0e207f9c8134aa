//! The command line on the office server (issue 16): `--db postgres://role@host/database` (or
//! `CLEARANCE_TRACKER_DB`). The operator is the login role: `--user` / `CLEARANCE_TRACKER_USER`
//! (else the address's), its password from the file `CLEARANCE_TRACKER_PASSWORD_FILE` names or a
//! prompt on a terminal. The server checks it when the connection is made; nothing is checked
//! against the register's own accounts. A server that cannot be reached, or refuses the password,
//! is said in the office's words, with nothing made anywhere.

use std::process::ExitCode;
use std::sync::OnceLock;

use clearance_domain::{FieldError, Lang};
use zeroize::Zeroizing;

use super::output::{for_terminal, Printer};
use super::{Cli, Command};
use crate::error::AppError;
use crate::office::{login_refusal, Office, ServerLogin};
use crate::store::{self, ServerOptions};

/// The password the server accepted, for a command that asks for it again (`account password`
/// for one's own). Set once per process, before the command runs.
static SIGNED_IN: OnceLock<Zeroizing<String>> = OnceLock::new();

/// The file `CLEARANCE_TRACKER_PASSWORD_FILE` names when the connection did not need it (the
/// address carried the password): `account create` without `--password-file` reads the new
/// account's password from it, as the first account's creation does on a file.
static SPARE_FILE: OnceLock<std::path::PathBuf> = OnceLock::new();

pub(super) fn spare_password_file() -> Option<std::path::PathBuf> {
    SPARE_FILE.get().cloned()
}

pub(super) fn signed_in_password() -> Zeroizing<String> {
    SIGNED_IN.get().cloned().unwrap_or_default()
}

fn refuse(options: &ServerOptions, error: AppError, lang: Lang) -> ExitCode {
    eprintln!("{}\n{}", for_terminal(&options.display()), for_terminal(&error.to_api(lang).message));
    ExitCode::from(2)
}

/// Connects as the operator's login role and runs `command` as it.
pub fn run(runtime: &tokio::runtime::Runtime, mut options: ServerOptions, command: Command, args: &Cli, hint: Lang) -> ExitCode {
    // Another role than the address's connects with its own password (the address's is its user's).
    if let Some(user) = args.user.as_deref().map(str::trim).filter(|u| !u.is_empty() && *u != options.user) {
        options.user = user.to_owned();
        options.password = None;
    }
    if options.user.is_empty() {
        return refuse(&options, FieldError::general("server.user_required").into(), hint);
    }
    let password = match options.password.clone() {
        Some(p) => {
            if let Some(file) = std::env::var_os(super::accounts::PASSWORD_FILE) {
                let _ = SPARE_FILE.set(file.into());
            }
            p
        }
        None => match super::accounts::sign_in_password(&Printer { lang: hint }) {
            Ok(p) => p,
            Err(e) => return refuse(&options, e, hint),
        },
    };
    let _ = SIGNED_IN.set(password.clone());
    let opened = runtime.block_on(store::open_server(options.clone().password(Some(password)).read_only(args.read_only)));
    let store = match opened {
        Ok(s) => s,
        Err(e) => return refuse(&options, login_refusal(e, &options.user), hint),
    };
    let office =
        Office::new(store.clone(), options.display()).with_today(args.today).with_server_login(Some(ServerLogin::for_server(options)));
    let code = runtime.block_on(super::run(office, command, args.lang, args.user.clone()));
    runtime.block_on(store.close());
    code
}
