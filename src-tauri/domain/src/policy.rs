//! Policies as data: the levels, the steps of each stage, every period and lead time, each with
//! the rule it comes from. Format: `docs/policy.md`.

mod error;

pub(crate) use error::read_toml;
pub use error::{line_col, PolicyError};
