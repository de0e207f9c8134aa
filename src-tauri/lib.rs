//! Clearance Tracker's app crate: wires the domain (`clearance-domain`), storage, the office's
//! operations, the window's commands and the CLI together. No rules live here.

pub mod cli;
pub mod commands;
pub mod error;
pub mod memory;
pub mod notify;
pub mod office;
pub mod paths;
mod register_watch;
pub mod spreadsheet;
pub mod store;
pub mod trace;
mod window;

pub use window::{run_window, run_window_unavailable};
