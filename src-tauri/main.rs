// No console window on Windows release builds; the CLI still prints when run from a terminal.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::process::ExitCode;

use clap::Parser;
use clearance_domain::Lang;
use clearance_tracker_lib::cli::{self, Cli};
use clearance_tracker_lib::commands::register::WindowStart;
use clearance_tracker_lib::error::AppError;
use clearance_tracker_lib::office::Office;
use clearance_tracker_lib::{paths, run_window, store};

fn main() -> ExitCode {
    // The start-up trace's clock, first of all (CLEARANCE_TRACKER_TRACE; src-tauri/trace.rs).
    clearance_tracker_lib::trace::start();
    let mut args = Cli::parse();
    let hint = args.lang.unwrap_or_else(|| sys_locale::get_locale().map(|l| Lang::from_locale(&l)).unwrap_or_default());
    // A file's path, or the office server's `postgres://` address (issue 16); an address that
    // cannot be read is refused here, before anything is made.
    let (db, server) = match paths::location(args.db.clone()) {
        Ok(store::Location::File(path)) => (path, None),
        Ok(store::Location::Server(options)) => (std::path::PathBuf::new(), Some(options)),
        Err(e) => {
            eprintln!("{}", AppError::from(e).to_api(hint).message);
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    let Some(command) = args.command.take() else {
        // The window opens the register itself: a plain one at once, an encrypted or missing one
        // after asking for its passphrase (commands/register.rs). Tauri drives its own event
        // loop; our runtime stays alive for the pool's tasks.
        tauri::async_runtime::set(runtime.handle().clone());
        // On the office server the Office names the register by its address (never the password).
        let path = server.as_ref().map(|o| std::path::PathBuf::from(o.display())).unwrap_or_else(|| db.clone());
        let today = args.today;
        run_window(WindowStart {
            db,
            server,
            read_only: args.read_only,
            busy_timeout: std::time::Duration::from_secs(2),
            lang: args.lang.unwrap_or_else(|| sys_locale::get_locale().map(|l| Lang::from_locale(&l)).unwrap_or_default()),
            office: Box::new(move |store| office_on(store, &path, today)),
        });
        return ExitCode::SUCCESS;
    };
    // `migrate --from FILE`: that file is the register this command opens, for reading only;
    // the office server it moves to is its `--to` (issue 16, cli/migrate.rs).
    let (db, server, read_only) = match &command {
        cli::Command::Migrate { from, .. } => (from.clone(), None, true),
        _ => (db, server, args.read_only),
    };
    if let Some(options) = server {
        return cli::server::run(&runtime, options, command, &args, hint);
    }
    let busy = std::time::Duration::from_secs(10);
    // The key before anything is opened: --key-file, else a prompt on a terminal for an encrypted
    // register (cli/key.rs).
    let encrypting = matches!(command, cli::Command::Key(cli::key::KeyCommand::Encrypt { .. }));
    let key = match cli::key::key_for_open(&db, args.key_file.as_deref(), encrypting, read_only, hint) {
        Ok(key) => key,
        Err(message) => {
            eprintln!("{}\n{message}", db.display());
            return ExitCode::from(2);
        }
    };
    let opened = runtime.block_on(store::open(store::OpenOptions::new(&db).read_only(read_only).busy_timeout(busy).key(key)));
    let store = match opened {
        Ok(s) => s,
        Err(e) => {
            // The register's own language setting cannot be read: the one asked for, or the OS's.
            let lang = args.lang.unwrap_or_else(|| sys_locale::get_locale().map(|l| Lang::from_locale(&l)).unwrap_or_default());
            let mut error = AppError::from(e).to_api(lang);
            // The window cannot show a path it was not told: the file in question heads the message.
            error.message = format!("{}\n{}", db.display(), error.message);
            eprintln!("{}", error.message);
            return ExitCode::from(2);
        }
    };
    let office = office_on(store, &db, args.today);
    if !office.store().is_read_only() {
        // What an interrupted scan left behind is put right before anything else.
        let _ = runtime.block_on(office.sweep_scans());
    }
    let store = office.store().clone();
    let code = runtime.block_on(cli::run(office, command, args.lang, args.user.clone()));
    // Every connection closed before the process exits: SQLCipher's OpenSSL is torn down by an
    // exit handler, which must not race a connection still closing on its own thread (a crash
    // at exit, now and then, on an encrypted register).
    runtime.block_on(store.close());
    code
}

/// The Office on an opened register: the same for the command line and the window.
fn office_on(store: store::Store, db: &std::path::Path, today: Option<chrono::NaiveDate>) -> Office {
    Office::new(store, db.display().to_string()).with_today(today)
}
