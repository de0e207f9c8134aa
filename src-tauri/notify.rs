//! The one desktop notification that sums up the reminders, sent through the desktop's
//! notification service (`org.freedesktop.Notifications` on Linux).
//!
//! `notify-rust` is used directly rather than through tauri-plugin-notification: the plugin's
//! desktop side is this same crate but does not report a click back, and the CLI's
//! `reminders notify` must send the notification without a window or a Tauri app at all.

/// The name notifications are shown under.
const APP_NAME: &str = "Clearance Tracker";

fn notification(title: &str, body: &str) -> notify_rust::Notification {
    let mut n = notify_rust::Notification::new();
    n.appname(APP_NAME).summary(title).body(body).icon("dialog-information");
    n
}

/// Sends the notification and returns once the service has accepted it.
pub fn send(title: &str, body: &str) -> Result<(), String> {
    notification(title, body).show().map(|_| ()).map_err(|e| e.to_string())
}

/// Sends the notification (returning once the service has accepted it) and calls `on_click` if
/// the user clicks it. The connection that hears the click cannot move between threads, so one
/// thread shows the notification and then waits on it.
pub fn send_clickable(title: &str, body: &str, open_label: &str, on_click: impl FnOnce() + Send + 'static) -> Result<(), String> {
    let mut n = notification(title, body);
    // "default" is the action a click on the notification's body invokes.
    n.action("default", open_label);
    let (sent, accepted) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("notification".into())
        .spawn(move || match n.show() {
            Ok(handle) => {
                let _ = sent.send(Ok(()));
                #[cfg(all(unix, not(target_os = "macos")))]
                handle.wait_for_action(|action| {
                    if action == "default" {
                        on_click()
                    }
                });
                #[cfg(not(all(unix, not(target_os = "macos"))))]
                let _ = (handle, on_click);
            }
            Err(e) => {
                let _ = sent.send(Err(e.to_string()));
            }
        })
        .map_err(|e| e.to_string())?;
    accepted.recv().unwrap_or_else(|_| Err("the notification thread stopped".to_owned()))
}
