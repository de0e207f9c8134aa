//! The command line: the same binary, no window. Each subcommand calls the same `Office`
//! operation the window uses. Errors go to stderr in the office's language; exit code 2 means
//! the input was refused (nothing was written), 1 that something else failed.

mod accounts;
mod args;
mod audit;
mod backup;
mod export;
mod forms;
mod import;
pub mod key;
pub mod lifecycle;
mod migrate;
mod output;
mod photo;
mod reminders;
pub mod server;
pub mod travel;

use std::process::ExitCode;

use clearance_domain::person::PersonInput;
use clearance_domain::register::PeopleQuery;
use clearance_domain::Lang;

use args::{AuditCommand, PersonCommand, SettingsCommand};
pub use args::{Cli, Command};
use output::Printer;

use crate::error::AppResult;
use crate::office::Office;

/// Runs one CLI command against an opened register, signed in as `user` (its password from
/// the file `CLEARANCE_TRACKER_PASSWORD_FILE` names, else a prompt on a terminal). The one
/// command that needs no account is `account create NAME --role admin` while the register has
/// none. A successful sign-in is not an entry of the trail (every command would add one); a
/// failed one is, and the changes the command makes name the account.
pub async fn run(office: Office, command: Command, lang_override: Option<Lang>, user: Option<String>) -> ExitCode {
    let office = office.with_lang(lang_override);
    let lang = match lang_override {
        Some(l) => l,
        None => office.lang().await,
    };
    let printer = Printer { lang };
    // Reads the policy in force, so the levels printed are its own.
    if let Err(e) = office.policy().await {
        eprintln!("{}", output::for_terminal(&e.to_api(lang).message));
        return ExitCode::FAILURE;
    }
    let signed = async {
        // On the office server the connection is the sign-in: the server checked the login
        // role's password (cli/server.rs); its group role is the operator's role.
        if office.on_server() {
            let office = office.clone().with_account(Some(office.server_operator().await?));
            office.allow(clearance_domain::access::Operation::Read).await?;
            return Ok(Some((office, server::signed_in_password())));
        }
        if let Command::Account(accounts::AccountCommand::Create { name, role, password_file, json }) = &command {
            if office.needs_account().await? {
                accounts::create_first(&office, name, *role, password_file.as_deref(), *json, &printer).await?;
                return Ok(None);
            }
        }
        if office.needs_account().await? {
            return Err(clearance_domain::FieldError::general("account.none_yet").into());
        }
        let Some(user) = user.as_deref().map(str::trim).filter(|u| !u.is_empty()) else {
            return Err(clearance_domain::FieldError::general("account.user_required").into());
        };
        let password = accounts::sign_in_password(&printer)?;
        let account = office.check_sign_in(user, &password).await?;
        let office = office.clone().with_account(Some(account));
        // Refuses `--today` to anyone but an administrator (recorded) before anything is read.
        office.allow(clearance_domain::access::Operation::Read).await?;
        Ok(Some((office, password)))
    };
    let result = match signed.await {
        Ok(Some((office, password))) => execute(&office, command, &password, &printer).await,
        Ok(None) => Ok(()),
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}", output::for_terminal(&e.to_api(lang).message));
            if e.is_user_error() {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

async fn execute(office: &Office, command: Command, password: &str, out: &Printer) -> AppResult<()> {
    match command {
        Command::Account(cmd) => accounts::run(office, cmd, password, out).await,
        Command::Key(cmd) => key::run(office, cmd, out).await,
        Command::Person(cmd) => person(office, cmd, out).await,
        Command::Form(cmd) => forms::run(office, cmd, out).await,
        Command::Export(cmd) => export::run(office, cmd, out).await,
        Command::Reminders(args) => reminders::run(office, args, out).await,
        Command::Audit(AuditCommand::Verify { head, json }) => audit::verify(office, head.as_deref(), json, out).await,
        Command::Audit(AuditCommand::List { filter, offset, limit, json, reveal }) => {
            audit::list(office, filter, offset, limit, json, reveal, out).await
        }
        Command::Settings(SettingsCommand::IdleLock { minutes, json }) => {
            let info = office.set_idle_lock(minutes).await?;
            out.json_or(&info, json, || info.idle_lock_minutes.to_string());
            Ok(())
        }
        Command::Settings(SettingsCommand::Language { lang }) => {
            let info = office.set_language(lang).await?;
            out.json_or(&info, false, || info.lang.tag().to_owned());
            Ok(())
        }
        Command::Settings(SettingsCommand::Show { json }) => {
            let info = office.info().await?;
            out.info(&info, json);
            Ok(())
        }
        Command::Step(cmd) => lifecycle::step(office, cmd, out).await,
        Command::Stage(cmd) => lifecycle::stage(office, cmd, out).await,
        Command::Depart { person, kind, date, json } => lifecycle::depart(office, person, kind, date, json, out).await,
        Command::Returned { person, items, json } => lifecycle::returned(office, person, items, json, out).await,
        Command::Release { person, date, json } => lifecycle::release(office, person, date, json, out).await,
        Command::Training(cmd) => lifecycle::training(office, cmd, out).await,
        Command::Event(cmd) => lifecycle::event(office, cmd, out).await,
        Command::Policy(cmd) => lifecycle::policy(office, cmd, out).await,
        Command::Doc(cmd) => travel::doc(office, cmd, out).await,
        Command::Trip(cmd) => travel::trip(office, cmd, out).await,
        Command::Check { full, json } => {
            let check = office.check_register(full).await?;
            out.json_or(&check, json, || check.message.clone());
            if !check.ok {
                return Err(crate::store::StoreError::Damaged(check.problems).into());
            }
            Ok(())
        }
        Command::Import(cmd) => import::run(office, cmd, out).await,
        Command::Backup(args) => backup::backup(office, args, out).await,
        Command::Restore { file, json } => backup::restore(office, file, json, out).await,
        Command::Migrate { to, to_password_file, json, .. } => migrate::run(office, &to, to_password_file.as_deref(), json, out).await,
        Command::Sample { json } => {
            let n = office.load_sample().await?;
            out.json_or(&serde_json::json!({ "added": n }), json, || n.to_string());
            Ok(())
        }
    }
}

async fn person(office: &Office, cmd: PersonCommand, out: &Printer) -> AppResult<()> {
    match cmd {
        PersonCommand::Add { fields, level, json } => {
            let input = PersonInput { level, ..fields.into_input(PersonInput::default()) };
            let p = office.add_person(&input).await?;
            out.person(&p, json);
        }
        PersonCommand::Edit { id, fields, json } => {
            let current = office.person(office.resolve_person(&id).await?).await?;
            let input = fields.into_input(current.to_input());
            let p = office.update_person(current.id, &input).await?;
            out.person(&p, json);
        }
        PersonCommand::List { search, level, unit, stage, archived, sort, desc, offset, limit, json } => {
            let query = PeopleQuery {
                search: search.unwrap_or_default(),
                level,
                unit,
                stage,
                include_archived: archived,
                sort: sort.into(),
                descending: desc,
                offset,
                limit,
            };
            let page = office.people(&query).await?;
            out.people(&page, &office.levels(), json);
        }
        PersonCommand::Show { id, reveal, json } => {
            let id = office.resolve_person(&id).await?;
            let mut detail = office.person_detail(id).await?;
            if reveal {
                detail.person.id_number = office.reveal_id_number(id).await?;
            }
            out.person_detail(&detail, &office.levels(), json);
        }
        PersonCommand::SetLevel { id, level, effective, reason, json } => {
            let p = office.set_level(office.resolve_person(&id).await?, &level, effective, &reason).await?;
            out.person(&p, json);
        }
        PersonCommand::Archive { id, reason, json } => {
            let p = office.archive(office.resolve_person(&id).await?, &reason).await?;
            out.person(&p, json);
        }
        PersonCommand::Unarchive { id, json } => {
            let p = office.unarchive(office.resolve_person(&id).await?).await?;
            out.person(&p, json);
        }
        PersonCommand::Photo { id, file, remove, json } => photo::run(office, &id, file.as_deref(), remove, json, out).await?,
    }
    Ok(())
}
