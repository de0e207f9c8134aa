//! The rules of cleared-personnel supervision.
//!
//! Everything here is a pure function of plain data and a date passed in: no database, no
//! window, no clock, no files. Storage, the CLI and the Tauri commands are thin layers around it.

pub mod access;
pub mod audit;
pub mod availability;
pub mod calendar;
pub mod crockford;
pub mod date;
pub mod deadline;
pub mod error;
pub mod export;
pub mod form;
pub mod fullwidth;
pub mod history;
pub mod i18n;
pub mod id_card;
pub mod identifiers;
mod ids;
pub mod import;
pub mod level;
pub mod lifecycle;
pub mod limits;
pub mod person;
pub mod policy;
pub mod register;
pub mod reminders;
pub mod replay;
pub mod roster;
pub mod sample;
pub mod search;
pub mod terms;
pub mod text;
pub mod travel;

pub use date::{check_date, parse_date};
pub use error::{DomainError, FieldError};
pub use i18n::Lang;
