//! Where the register lives: `--db PATH`, else `CLEARANCE_TRACKER_DB`, else `register.db` in the
//! OS data directory of the app. A debug build uses its own identifier so that developing and
//! testing never touch an office's real data.

use std::path::PathBuf;

pub const IDENTIFIER: &str = if cfg!(debug_assertions) { "org.clearance-tracker.dev" } else { "org.clearance-tracker.app" };

pub const DB_ENV: &str = "CLEARANCE_TRACKER_DB";

pub fn data_dir() -> PathBuf {
    directories::BaseDirs::new().map(|d| d.data_dir().to_path_buf()).unwrap_or_else(|| PathBuf::from(".")).join(IDENTIFIER)
}

pub fn db_path(explicit: Option<PathBuf>) -> PathBuf {
    explicit
        .or_else(|| std::env::var_os(DB_ENV).filter(|v| !v.is_empty()).map(PathBuf::from))
        .unwrap_or_else(|| data_dir().join("register.db"))
}
