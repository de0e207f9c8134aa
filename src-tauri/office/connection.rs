//! The office server stopped or out of reach in the middle of a write (issue 16): the write's
//! transaction dies with its connection, so nothing of it stays on the server; the clerk is told
//! so in words (not "the disk failed"), keeps what was typed and tries again. The pool makes a
//! new connection for the next write once the server is back.

use clearance_domain::FieldError;

use super::Office;
use crate::error::AppError;
use crate::store::StoreError;

/// The connection to the server is gone, or none can be made: a network or server failure, not
/// a refusal of what was written.
fn connection_gone(e: &AppError) -> bool {
    matches!(e, AppError::Store(StoreError::Database(e)) if crate::store::db::connection_lost(e))
}

impl Office {
    /// A write that failed because the office server went away before its commit: said as
    /// "cannot be reached, nothing was saved" (its transaction rolled back with the connection).
    pub(super) fn connection_lost(&self, e: AppError) -> AppError {
        if self.on_server() && connection_gone(&e) {
            return FieldError::general("server.write_lost").into();
        }
        e
    }

    /// Any failure to reach the office server (a read, or what a write read before it began)
    /// said as "the connection to the office server was lost", not as a busy or failing disk:
    /// what the window's commands answer (commands/mod.rs `reply`).
    pub fn server_gone(&self, e: AppError) -> AppError {
        if self.on_server() && connection_gone(&e) {
            return FieldError::general("server.lost").into();
        }
        e
    }

    /// The server went away during the commit itself and cannot be asked whether it landed.
    pub(super) fn commit_unknown(&self, e: StoreError) -> AppError {
        let e = AppError::from(e);
        if self.on_server() && connection_gone(&e) {
            return FieldError::general("server.commit_unknown").into();
        }
        e
    }
}
