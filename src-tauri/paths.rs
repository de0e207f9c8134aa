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

/// Where the window finds the register when neither `--db` nor `CLEARANCE_TRACKER_DB` names one:
/// Settings → Register's choice, kept in this computer's config folder (issue 16). Never the
/// password: the window asks it at every start.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct RegisterChoice {
    /// The office server (`true`) or this computer's file (`false`).
    pub server: bool,
    pub host: String,
    pub port: u16,
    pub database: String,
    /// The login role this computer's operator connects as.
    pub user: String,
    /// TLS with the server's certificate checked (on unless turned off).
    pub tls: bool,
    /// The office's CA certificate (PEM) the server's certificate is checked against; none: the
    /// system's CAs.
    pub ca_file: Option<String>,
}

/// The file that holds [`RegisterChoice`].
pub fn choice_file() -> PathBuf {
    directories::BaseDirs::new()
        .map(|d| d.config_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from("."))
        .join(IDENTIFIER)
        .join("register.json")
}

/// Settings → Register's choice (this computer's file when none was saved or it cannot be read).
pub fn saved_choice() -> RegisterChoice {
    std::fs::read(choice_file()).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default()
}

/// Keeps the choice for the next start (owner-only file).
pub fn save_choice(choice: &RegisterChoice) -> std::io::Result<()> {
    let path = choice_file();
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let text = serde_json::to_vec_pretty(choice).map_err(std::io::Error::other)?;
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, text)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o600))?;
    }
    std::fs::rename(tmp, path)
}

impl RegisterChoice {
    /// The server's options (no password): TLS verified against the CA file when on.
    pub fn server_options(&self) -> crate::store::ServerOptions {
        let mut options = crate::store::ServerOptions::new(self.host.trim(), self.database.trim(), self.user.trim());
        if self.port != 0 {
            options.port = self.port;
        }
        options.tls = if self.tls {
            crate::store::Tls::VerifyFull { ca_file: self.ca_file.as_deref().filter(|f| !f.is_empty()).map(PathBuf::from) }
        } else {
            crate::store::Tls::Disable
        };
        options
    }
}

/// Where the register is: `--db` or `CLEARANCE_TRACKER_DB` (a `postgres://` address is the
/// office server, anything else a file's path, issue 16), else Settings → Register's choice,
/// else `register.db` in the app's data directory. An address that cannot be read as one is
/// refused (never taken for a file name).
pub fn location(explicit: Option<PathBuf>) -> crate::store::Result<crate::store::Location> {
    use crate::store::Location;
    let given = explicit.or_else(|| std::env::var_os(DB_ENV).filter(|v| !v.is_empty()).map(PathBuf::from));
    match given {
        Some(path) => match path.to_str() {
            Some(text) => Location::parse(text),
            None => Ok(Location::File(path)),
        },
        None => {
            let choice = saved_choice();
            if choice.server && !choice.host.trim().is_empty() {
                Ok(Location::Server(choice.server_options()))
            } else {
                Ok(Location::File(data_dir().join("register.db")))
            }
        }
    }
}
