//! The desktop window: opens the register (or asks for its passphrase first: commands/register.rs),
//! hands the `Office` to the commands, starts Tauri,
//! sends the day's reminder notification while the app runs, and keeps the app in the system tray
//! when the office has chosen so in Settings.

use std::time::Duration;

use tauri::menu::{Menu, MenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Emitter, Manager, WindowEvent};

use crate::commands::register::{RegisterWindow, WindowStart};
use crate::error::ApiError;
use crate::office::Office;
use crate::store::{self, RegisterState};

const TRAY_ID: &str = "main";
/// The event that tells the UI to show a screen (`"dashboard"`).
const NAVIGATE: &str = "navigate";
/// The event a background rebuild of the reminders' projection reports its progress with
/// (ui/src/shell/ProjectionProgress.svelte).
const PROJECTION_PROGRESS: &str = "projection-progress";
/// How often the app checks whether a new day's notification is due.
const CHECK_EVERY: Duration = Duration::from_secs(15 * 60);
/// Time for the window to come up before the first notification.
const FIRST_CHECK_AFTER: Duration = Duration::from_secs(5);

fn show_dashboard(app: &AppHandle) {
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.show();
        let _ = w.unminimize();
        let _ = w.set_focus();
    }
    let _ = app.emit(NAVIGATE, "dashboard");
}

/// Creates the tray icon once (closing the window then hides it to the tray).
pub(crate) fn ensure_tray(app: &AppHandle) -> tauri::Result<()> {
    if app.tray_by_id(TRAY_ID).is_some() {
        return Ok(());
    }
    let open = MenuItem::with_id(app, "open", "打开仪表板 / Open dashboard", true, None::<&str>)?;
    let quit = MenuItem::with_id(app, "quit", "退出 / Quit", true, None::<&str>)?;
    let menu = Menu::with_items(app, &[&open, &quit])?;
    let mut tray =
        TrayIconBuilder::with_id(TRAY_ID).tooltip("Clearance Tracker").menu(&menu).on_menu_event(|app, event| match event.id.as_ref() {
            "open" => show_dashboard(app),
            "quit" => app.exit(0),
            _ => {}
        });
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    Ok(())
}

/// Once at start, then whenever a new day has begun: one notification summing up what became
/// due or overdue since the last one. A click on it opens the dashboard.
async fn notification_loop(app: AppHandle) {
    tokio::time::sleep(FIRST_CHECK_AFTER).await;
    loop {
        let office = app.state::<Office>().inner().clone();
        crate::trace::mark("notification-start");
        let notification = office.notification(false).await;
        crate::trace::mark("notification-done");
        match notification {
            Ok(Some(text)) => {
                let label = if office.lang().await == clearance_domain::Lang::ZhCn { "打开仪表板" } else { "Open dashboard" };
                let (title, body, handle) = (text.title, text.body, app.clone());
                let sent = tokio::task::spawn_blocking(move || {
                    crate::notify::send_clickable(&title, &body, label, move || show_dashboard(&handle))
                })
                .await
                .unwrap_or_else(|e| Err(e.to_string()));
                match sent {
                    Ok(()) => {
                        let _ = office.mark_notified().await;
                    }
                    Err(e) => eprintln!("Clearance Tracker: the reminder notification could not be sent: {e}"),
                }
            }
            Ok(None) => {
                let _ = office.mark_notified().await;
            }
            Err(e) => eprintln!("Clearance Tracker: reminders could not be computed for the notification: {e}"),
        }
        tokio::time::sleep(CHECK_EVERY).await;
    }
}

/// Starts the window. A plain register is opened first, as always (a refusal of the file opens
/// the window that says why); an encrypted or missing one is opened by the window itself once
/// the office has given its passphrase, or chosen one (commands/register.rs).
/// Hands the Office to the commands and starts what runs beside the window once the register
/// is open: the system tray (when chosen), the automatic backups, the day's notification and the
/// people view's pass for today. At start for a plain register, from `register_create` /
/// `register_unlock` for the others; once.
pub(crate) fn office_ready(app: &AppHandle, office: Office) {
    if !app.manage(office.clone()) {
        return;
    }
    let handle = app.clone();
    let view = office.clone();
    // Another clerk's change refreshes the screen shown (src-tauri/register_watch.rs).
    tauri::async_runtime::spawn(crate::register_watch::watch(app.clone(), office.clone()));
    // The reminders' projection rebuilt in the background from now on, its progress shown.
    let events = app.clone();
    crate::office::rebuild_in_background(move |progress| {
        let _ = events.emit(PROJECTION_PROGRESS, progress);
    });
    tauri::async_runtime::spawn(async move {
        if office.keep_in_tray().await.unwrap_or(false) {
            if let Err(e) = ensure_tray(&handle) {
                eprintln!("Clearance Tracker: no system tray: {e}");
            }
        }
        tauri::async_runtime::spawn(crate::commands::backup::automatic_backups(handle.clone()));
        tauri::async_runtime::spawn(notification_loop(handle));
        // The reminders' projection and the people table's next due items made current for
        // today at launch (rebuilt in the background when the policy or its holiday calendar
        // changed), so the first dashboard of the day does not wait (docs/performance.md).
        crate::trace::mark("people-view-start");
        let _ = view.ensure_people_view().await;
        crate::trace::mark("people-view-done");
    });
}

pub fn run_window(start: WindowStart) {
    let opened = match store::register_state(&start.db) {
        // The office server: the window asks the login role's password first (commands/server.rs).
        _ if start.server.is_some() => None,
        Ok(RegisterState::Encrypted) => None,
        Ok(RegisterState::Missing) if !start.read_only => None,
        _ => match tauri::async_runtime::block_on(start.open(None)) {
            Ok(office) => Some(office),
            Err(e) => {
                let error = start.refusal(e);
                eprintln!("{}", error.message);
                run_window_unavailable(error);
                return;
            }
        },
    };
    let result = tauri::Builder::default()
        // Shown from Rust only (commands/files.rs): the webview is granted none of their commands.
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        // The window's size, position and maximized state, in the app's config folder; not its
        // visibility (a window hidden to the tray at quit would otherwise start hidden).
        .plugin(
            tauri_plugin_window_state::Builder::default()
                .with_state_flags(
                    tauri_plugin_window_state::StateFlags::SIZE
                        | tauri_plugin_window_state::StateFlags::POSITION
                        | tauri_plugin_window_state::StateFlags::MAXIMIZED,
                )
                .build(),
        )
        .manage(RegisterWindow::new(start))
        .setup(move |app| {
            crate::trace::mark("window-created");
            if let Some(office) = opened {
                office_ready(app.handle(), office);
            }
            Ok(())
        })
        .on_page_load(|_, payload| {
            if crate::trace::enabled() && payload.event() == tauri::webview::PageLoadEvent::Finished {
                crate::trace::mark("page-loaded");
            }
        })
        .on_window_event(|window, event| {
            if matches!(event, WindowEvent::Destroyed) && window.label() == "main" {
                // The decrypted scans looked at in this run go with the window.
                Office::remove_scan_views();
            }
            if let WindowEvent::CloseRequested { api, .. } = event {
                let app = window.app_handle();
                if app.tray_by_id(TRAY_ID).is_some() {
                    let Some(office) = app.try_state::<Office>().map(|o| o.inner().clone()) else { return };
                    if tauri::async_runtime::block_on(office.keep_in_tray()).unwrap_or(false) {
                        api.prevent_close();
                        let _ = window.hide();
                    }
                }
            }
        })
        .invoke_handler(tauri::generate_handler![
            crate::commands::app_info,
            crate::commands::set_language,
            crate::commands::set_keep_in_tray,
            crate::commands::people_list,
            crate::commands::units_list,
            crate::commands::person_get,
            crate::commands::person_add,
            crate::commands::person_update,
            crate::commands::person_set_level,
            crate::commands::person_archive,
            crate::commands::person_unarchive,
            crate::commands::person_reveal_id,
            crate::commands::photo::person_photo_get,
            crate::commands::photo::person_photo_set,
            crate::commands::photo::person_photo_remove,
            crate::commands::audit_list,
            crate::commands::audit::audit_search,
            crate::commands::audit::audit_entry,
            crate::commands::audit::audit_operators,
            crate::commands::audit::audit_replay,
            crate::commands::audit::audit_check,
            crate::commands::audit::audit_head,
            crate::commands::register_check,
            crate::commands::import::import_preview,
            crate::commands::import::import_run,
            crate::commands::import::import_refused_save,
            crate::commands::import::import_template_save,
            crate::commands::audit_verify,
            crate::commands::sample_load,
            crate::commands::backup::backup_settings_get,
            crate::commands::backup::backup_settings_set,
            crate::commands::backup::backup_now,
            crate::commands::backup::backup_restore,
            crate::commands::forms::form_issue,
            crate::commands::forms::form_preview,
            crate::commands::forms::form_save,
            crate::commands::forms::forms_list,
            crate::commands::forms::form_verify,
            crate::commands::forms::form_received,
            crate::commands::forms::form_scan_view,
            crate::commands::forms::form_batch,
            crate::commands::forms::form_register_list,
            crate::commands::forms::form_settings_get,
            crate::commands::forms::form_settings_set_header,
            crate::commands::forms::form_template_load,
            crate::commands::forms::form_template_clear,
            crate::commands::forms::form_draft,
            crate::commands::forms::form_draft_save,
            crate::commands::forms::form_reprint,
            crate::commands::forms::form_void,
            crate::commands::forms::forms_received,
            crate::commands::setup::setup_options,
            crate::commands::setup::setup_first_start,
            crate::commands::export::export_list,
            crate::commands::files::choose_file,
            crate::commands::files::open_in_viewer,
            crate::commands::files::print_file,
            crate::commands::files::form_template_export,
            crate::commands::lifecycle::lifecycle_get,
            crate::commands::lifecycle::lifecycle_record_step,
            crate::commands::lifecycle::lifecycle_advance,
            crate::commands::lifecycle::lifecycle_set_items,
            crate::commands::lifecycle::lifecycle_add_event,
            crate::commands::lifecycle::training_add,
            crate::commands::lifecycle::training_sessions,
            crate::commands::lifecycle::people_pick,
            crate::commands::lifecycle::policy_info,
            crate::commands::lifecycle::policy_select,
            crate::commands::lifecycle::policy_load_file,
            crate::commands::reminders::reminders_board,
            crate::commands::reminders::reminder_ack,
            crate::commands::reminders::reminder_snooze,
            crate::commands::reminders::reminder_unack,
            crate::commands::reminders::reminders_record_done,
            crate::commands::reminders::reminders_ics_save,
            crate::commands::travel::trips_list,
            crate::commands::travel::trip_get,
            crate::commands::travel::trip_request,
            crate::commands::travel::trip_act,
            crate::commands::travel::documents_list,
            crate::commands::travel::document_add,
            crate::commands::travel::document_move,
            crate::commands::travel::document_checkout,
            crate::commands::travel::person_travel,
            crate::commands::travel::countries_list,
            crate::commands::pickers::countries_suggest,
            crate::commands::pickers::country_resolve,
            crate::commands::pickers::date_read,
            crate::commands::register::register_state,
            crate::commands::register::register_create,
            crate::commands::register::register_unlock,
            crate::commands::register::register_key_status,
            crate::commands::register::register_change_passphrase,
            crate::commands::register::register_encrypt,
            crate::commands::register::recovery_sheet_save,
            crate::commands::server::register_connect,
            crate::commands::server::register_choice_get,
            crate::commands::server::register_choice_set,
            crate::commands::server::register_first_server,
            crate::commands::session::session_sign_in,
            crate::commands::session::session_sign_out,
            crate::commands::session::session_lock,
            crate::commands::session::session_unlock,
            crate::commands::session::account_create_first,
            crate::commands::session::accounts_list,
            crate::commands::session::account_create,
            crate::commands::session::account_update,
            crate::commands::session::account_set_password,
            crate::commands::session::account_change_own_password,
            crate::commands::session::idle_lock_set,
            crate::commands::session::session_idle_test_seconds,
            crate::trace::trace_mark,
        ])
        .build(context())
        .map(|app| {
            app.run(|app, event| {
                if let tauri::RunEvent::Exit = event {
                    // Every connection closed before the process exits: SQLCipher's OpenSSL is
                    // torn down by an exit handler, which must not race a connection closing.
                    if let Some(office) = app.try_state::<Office>() {
                        tauri::async_runtime::block_on(office.store().close());
                    }
                }
            })
        });
    if let Err(e) = result {
        eprintln!("Clearance Tracker could not start its window: {e}");
        std::process::exit(1);
    }
}

/// The app's configuration and its embedded UI (read once, for whichever window starts).
fn context() -> tauri::Context<tauri::Wry> {
    tauri::generate_context!()
}

/// The window when the register could not be opened (another program's file, a newer version,
/// a damaged file ...): it opens anyway and says why in the office's language, rather than not
/// appearing at all. Every command — the UI's first is `app_info` — answers with that message.
pub fn run_window_unavailable(error: ApiError) {
    let result = tauri::Builder::default()
        .invoke_handler(move |invoke| {
            invoke.resolver.reject(error.clone());
            true
        })
        .run(context());
    if let Err(e) = result {
        eprintln!("Clearance Tracker could not start its window: {e}");
        std::process::exit(1);
    }
}
