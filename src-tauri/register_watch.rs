//! Several clerks on one register (issue 16): the window refreshes what it shows when another
//! clerk — another window, the CLI, an import — changes the register.
//!
//! On the office server every write transaction notifies a channel as it commits (with its last
//! audit entry's number, `Office::write`); the window listens on a connection of its own. On a
//! SQLite file the window reads the audit trail's head every [`POLL_EVERY`] while it is shown
//! (one indexed read of the last row). Either way the UI gets one [`REGISTER_CHANGED`] event and
//! reloads the screen it shows (ui/src/lib/register-changes.ts); open dialogs keep what was typed.

use std::time::Duration;

use tauri::{AppHandle, Emitter, Manager};

use crate::office::Office;

/// The event the UI reloads its screen on; its payload is the audit trail's newest entry.
pub(crate) const REGISTER_CHANGED: &str = "register-changed";
/// How often a window on a SQLite file looks at the audit trail's head while it is shown.
const POLL_EVERY: Duration = Duration::from_secs(2);

fn shown(app: &AppHandle) -> bool {
    app.get_webview_window("main").is_some_and(|w| w.is_visible().unwrap_or(true) && !w.is_minimized().unwrap_or(false))
}

/// Runs as long as the window does.
pub(crate) async fn watch(app: AppHandle, office: Office) {
    let store = office.store().clone();
    let mut seen = store.audit_head_seq().await.unwrap_or(0);
    let changed = |seq: i64, seen: &mut i64| {
        if seq != *seen {
            *seen = seq;
            let _ = app.emit(REGISTER_CHANGED, seq);
        }
    };
    if let Ok(Some(mut listener)) = store.listen_for_changes().await {
        loop {
            match listener.try_recv().await {
                Ok(Some(note)) => {
                    if let Ok(seq) = note.payload().parse::<i64>() {
                        if seq > seen {
                            changed(seq, &mut seen);
                        }
                    }
                }
                // The connection was lost (the server restarted): the next call reconnects and
                // listens again; what was notified meanwhile is read from the trail's head.
                Ok(None) | Err(_) => {
                    tokio::time::sleep(POLL_EVERY).await;
                    if let Ok(seq) = store.audit_head_seq().await {
                        changed(seq, &mut seen);
                    }
                }
            }
        }
    }
    loop {
        tokio::time::sleep(POLL_EVERY).await;
        if !shown(&app) {
            continue;
        }
        if let Ok(seq) = store.audit_head_seq().await {
            changed(seq, &mut seen);
        }
    }
}
