//! The rules of cleared-personnel supervision.
//!
//! Everything here is a pure function of plain data and a date passed in: no database, no
//! window, no clock, no files. Storage, the CLI and the Tauri commands are thin layers around it.

pub mod audit;
pub mod availability;
pub mod calendar;
pub mod deadline;
pub mod error;
pub mod i18n;
pub mod id_card;
pub mod level;
pub mod lifecycle;
pub mod person;
pub mod policy;
pub mod register;
pub mod reminders;
pub mod sample;
pub mod search;
pub mod travel;

pub use error::{DomainError, FieldError};
pub use i18n::Lang;
