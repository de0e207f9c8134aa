//! End-to-end tests through the real window (tauri-driver + WebKitWebDriver under Xvfb).

mod anchor;
mod audit;
mod backup;
mod dashboard;
mod encryption;
mod export;
mod files;
mod forms;
mod forms_flow;
mod harness;
mod import;
mod lifecycle;
mod navigation;
mod people;
mod photo;
mod pickers;
mod register_file;
mod register_view;
mod relay;
mod replay;
mod server;
mod session;
mod several_clerks;
mod travel;
mod travel_life;
mod words;
