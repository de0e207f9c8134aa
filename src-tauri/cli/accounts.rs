//! Signing in from the command line (`--user`, the password from a terminal prompt or the file
//! named by `CLEARANCE_TRACKER_PASSWORD_FILE`) and `account …`: create, list, set-role,
//! disable, enable, password (office/accounts.rs).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::Subcommand;
use clearance_domain::access::Role;
use clearance_domain::FieldError;
use zeroize::Zeroizing;

use super::args::term;
use super::output::{say, Printer};
use crate::error::AppResult;
use crate::office::{AccountSummary, Office};

/// The environment variable naming a file whose first line is the password.
pub const PASSWORD_FILE: &str = "CLEARANCE_TRACKER_PASSWORD_FILE";

#[derive(Subcommand, Debug)]
pub enum AccountCommand {
    /// Create an account. While the register has none, the first (an administrator) is created
    /// without signing in, its password from the prompt or CLEARANCE_TRACKER_PASSWORD_FILE.
    Create {
        name: String,
        /// clerk, approver, auditor or admin.
        #[arg(long, value_parser = term::<Role>(&[("administrator", "admin")]))]
        role: Role,
        /// A file whose first line is the new account's password (default: a prompt).
        #[arg(long = "password-file", value_name = "FILE")]
        password_file: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Every account, its role, whether it is disabled.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Give an account another role.
    SetRole {
        name: String,
        #[arg(value_parser = term::<Role>(&[("administrator", "admin")]))]
        role: Role,
        #[arg(long)]
        json: bool,
    },
    /// Stop an account from signing in.
    Disable {
        name: String,
        #[arg(long)]
        json: bool,
    },
    /// Let a disabled account sign in again.
    Enable {
        name: String,
        #[arg(long)]
        json: bool,
    },
    /// Set an account's password (administrators), or your own.
    Password {
        name: String,
        /// A file whose first line is the new password (default: a prompt).
        #[arg(long = "password-file", value_name = "FILE")]
        password_file: Option<PathBuf>,
    },
}

/// The first line of `path`, without its line ending.
pub(super) fn read_password_file(path: &Path) -> AppResult<Zeroizing<String>> {
    let text = Zeroizing::new(
        std::fs::read_to_string(path)
            .map_err(|e| FieldError::general("account.password_file").with("path", path.display()).with("reason", e.kind().to_string()))?,
    );
    Ok(Zeroizing::new(text.lines().next().unwrap_or_default().to_owned()))
}

fn prompt(label: &str) -> AppResult<Zeroizing<String>> {
    rpassword::prompt_password(label).map(Zeroizing::new).map_err(|_| FieldError::general("account.no_password_source").into())
}

/// The password to sign in with: the file `CLEARANCE_TRACKER_PASSWORD_FILE` names, else a
/// prompt on a terminal. Never an argument (it would be in the shell's history).
pub fn sign_in_password(out: &Printer) -> AppResult<Zeroizing<String>> {
    if let Some(path) = std::env::var_os(PASSWORD_FILE) {
        return read_password_file(Path::new(&path));
    }
    if std::io::stdin().is_terminal() {
        return prompt(&out.text("cli.password_prompt"));
    }
    Err(FieldError::general("account.no_password_source").into())
}

/// A new password: from `file`, else typed twice on a terminal.
fn new_password(file: Option<&Path>, out: &Printer) -> AppResult<Zeroizing<String>> {
    if let Some(path) = file {
        return read_password_file(path);
    }
    if !std::io::stdin().is_terminal() {
        return Err(FieldError::general("account.no_password_source").into());
    }
    let first = prompt(&out.text("cli.new_password_prompt"))?;
    let again = prompt(&out.text("cli.new_password_again"))?;
    if *first != *again {
        return Err(FieldError::new("password", "account.password_mismatch").into());
    }
    Ok(first)
}

fn summary_line(a: &AccountSummary, out: &Printer) -> String {
    let state = if a.disabled { out.text("cli.account_disabled") } else { out.text("cli.account_active") };
    let created = a.created_at.with_timezone(&chrono::Local).format("%Y-%m-%d");
    let mut line = format!("{}  {}  {state}  {} {created}", a.name, a.role_words, out.text("cli.account_created"));
    if a.failed_attempts > 0 {
        line.push_str(&format!("  {} {}", out.text("cli.account_failures"), a.failed_attempts));
    }
    line
}

/// `account create NAME --role admin` on a register without accounts: the first account,
/// created without signing in. Its password comes from `--password-file`, else
/// `CLEARANCE_TRACKER_PASSWORD_FILE`, else the prompt (typed twice).
pub async fn create_first(office: &Office, name: &str, role: Role, file: Option<&Path>, json: bool, out: &Printer) -> AppResult<()> {
    if role != Role::Admin {
        return Err(FieldError::new("role", "account.first_admin").into());
    }
    let env_file = std::env::var_os(PASSWORD_FILE).map(PathBuf::from);
    let password = new_password(file.or(env_file.as_deref()), out)?;
    office.create_first_account(name, &password).await?;
    let summary = office.accounts().await?.into_iter().find(|a| a.name == name.trim());
    match summary {
        Some(a) => out.json_or(&a, json, || summary_line(&a, out)),
        None => say!("{}", name.trim()),
    }
    Ok(())
}

/// `account …` for an account signed in; `password` is the one it signed in with (to change
/// its own password without typing it again).
pub async fn run(office: &Office, cmd: AccountCommand, signed_in_password: &str, out: &Printer) -> AppResult<()> {
    match cmd {
        AccountCommand::Create { name, role, password_file, json } => {
            // Checked before the prompt: a clerk is not asked for a password it cannot set.
            office.allow(clearance_domain::access::Operation::Accounts).await?;
            let spare = super::server::spare_password_file();
            let password = new_password(password_file.as_deref().or(spare.as_deref()), out)?;
            let a = office.create_account(&name, role, &password).await?;
            out.json_or(&a, json, || summary_line(&a, out));
        }
        AccountCommand::List { json } => {
            let list = office.accounts().await?;
            out.json_or(&list, json, || list.iter().map(|a| summary_line(a, out)).collect::<Vec<_>>().join("\n"));
        }
        AccountCommand::SetRole { name, role, json } => {
            let current = find(office, &name).await?;
            let a = office.update_account(&name, role, current.disabled).await?;
            out.json_or(&a, json, || summary_line(&a, out));
        }
        AccountCommand::Disable { name, json } => {
            let current = find(office, &name).await?;
            let a = office.update_account(&name, current.role, true).await?;
            out.json_or(&a, json, || summary_line(&a, out));
        }
        AccountCommand::Enable { name, json } => {
            let current = find(office, &name).await?;
            let a = office.update_account(&name, current.role, false).await?;
            out.json_or(&a, json, || summary_line(&a, out));
        }
        AccountCommand::Password { name, password_file } => {
            let me = office.signed_in().map(|a| a.name);
            if me.as_deref() == Some(name.trim()) {
                let new = new_password(password_file.as_deref(), out)?;
                office.change_own_password(signed_in_password, &new).await?;
            } else {
                office.allow(clearance_domain::access::Operation::Accounts).await?;
                let new = new_password(password_file.as_deref(), out)?;
                office.set_account_password(&name, &new).await?;
            }
            say!("{}", out.text("cli.password_changed"));
        }
    }
    Ok(())
}

async fn find(office: &Office, name: &str) -> AppResult<AccountSummary> {
    office
        .accounts()
        .await?
        .into_iter()
        .find(|a| a.name == name.trim())
        .ok_or_else(|| FieldError::new("account", "account.not_found").with("name", name.trim()).into())
}
