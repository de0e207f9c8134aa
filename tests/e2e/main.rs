//! End-to-end tests through the real window (tauri-driver + WebKitWebDriver under Xvfb).

mod harness;
mod people;
