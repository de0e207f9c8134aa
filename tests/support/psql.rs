//! `psql` and the office server's URLs, for the tests' and the benchmarks' throw-away databases
//! (tests/support/backend.rs, tests/bench/server.rs).
#![allow(dead_code)]

use std::process::Command;

/// `psql -At` on `url`, stopping at the first error.
pub fn psql(url: &str, sql: &str) -> Result<String, String> {
    let out = Command::new("psql")
        .args(["-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql])
        .env_remove("PGDATABASE")
        .output()
        .map_err(|e| format!("psql (scripts/install-deps.sh installs postgresql): {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).trim_end().to_owned())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_owned())
    }
}

/// The server's URL with its database replaced by `name` (query parameters kept).
pub fn with_database(url: &str, name: &str) -> String {
    let after_scheme = url.find("://").map(|i| i + 3).unwrap_or(0);
    let (base, query) = match url[after_scheme..].find('?') {
        Some(i) => url.split_at(after_scheme + i),
        None => (url, ""),
    };
    let authority_end = base[after_scheme..].find('/').map(|i| after_scheme + i).unwrap_or(base.len());
    format!("{}/{name}{query}", &base[..authority_end])
}

/// The URL without its password, for messages.
pub fn redact(url: &str) -> String {
    let after_scheme = url.find("://").map(|i| i + 3).unwrap_or(0);
    let at = url[after_scheme..].find('@').map(|i| after_scheme + i);
    match (at, url[after_scheme..].find(':').map(|i| after_scheme + i)) {
        (Some(at), Some(colon)) if colon < at => format!("{}:***{}", &url[..colon], &url[at..]),
        _ => url.to_owned(),
    }
}
