//! `migrate --from FILE --to postgres://…` (issue 16): this register file, opened read-only and
//! signed in to as usual, moved into an empty register on the office server (office/migrate.rs).
//! The server is reached as the address's role, with the password in the address or in the file
//! `--to-password-file` names (never an argument of its own).

use std::io::IsTerminal;
use std::path::Path;

use clearance_domain::FieldError;

use super::output::{for_terminal, Printer};
use crate::error::AppResult;
use crate::office::{is_wrong_password, Office};
use crate::store::{self, ServerOptions};

pub async fn run(office: &Office, to: &str, password_file: Option<&Path>, json: bool, out: &Printer) -> AppResult<()> {
    if !store::is_server_address(to) {
        return Err(FieldError::general("migrate.same_file").with("path", to).into());
    }
    let mut options = ServerOptions::from_url(to)?;
    if let Some(file) = password_file {
        options = options.password(Some(super::accounts::read_password_file(file)?));
    }
    let label = options.display();
    let user = options.user.clone();
    let server = store::open_server(options).await.map_err(|e| {
        if is_wrong_password(&e) {
            FieldError::general("server.wrong_password").with("name", &user).into()
        } else {
            crate::error::AppError::from(e)
        }
    })?;
    let terminal = std::io::stderr().is_terminal();
    let lang = out.lang;
    let result = office
        .migrate_to(server.clone(), &label, |table, rows| {
            if terminal {
                let words = FieldError::general("migrate.progress").with("table", table).with("rows", rows).message(lang);
                eprint!("\r{}\x1b[K", for_terminal(&words));
            }
        })
        .await;
    if terminal {
        eprintln!();
    }
    server.close().await;
    let report = result?;
    out.json_or(&report, json, || report.message.clone());
    Ok(())
}
