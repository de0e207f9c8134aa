//! Moving an office's register file to the office server (`clearance-tracker migrate --from FILE
//! --to postgres://…`, issue 16). The file is this office's register, opened read-only and signed
//! in to as usual; the server's register must hold no records yet. Everything is copied in one
//! server transaction (store/copy.rs), then checked there: every table's rows counted on both
//! sides, the audit chain verified on the server with its signatures (the same check as
//! `audit verify`), its head the file's. The file is not changed.

use clearance_domain::access::Operation;
use clearance_domain::FieldError;
use serde::Serialize;

use super::Office;
use crate::error::AppResult;
use crate::store::{CopyOutcome, Store, StoreError, TableCopied};

/// What `migrate` did, for the CLI's words and its `--json`.
#[derive(Clone, Debug, Serialize)]
pub struct MigrateReport {
    /// Every table copied, in the order copied, with its rows in the file and on the server.
    pub tables: Vec<TableCopied>,
    pub people: i64,
    pub forms: i64,
    pub scans: i64,
    pub audit_entries: i64,
    /// Rows copied in all.
    pub rows: i64,
    /// The audit chain's head on the server (as printed: `#1234·3f9a12bc·d4e1a0b7`), the file's.
    pub chain_head: String,
    /// The audit chain verified on the server (chain and signatures): always, or `migrate`
    /// refuses with why.
    pub intact: bool,
    /// The outcome in words, in the office's language.
    pub message: String,
}

impl Office {
    /// Copies this register (a file) into `server`'s register, refused with nothing written when
    /// that one already holds records; `progress` hears each table's rows as they are copied.
    pub async fn migrate_to(&self, server: Store, server_label: &str, progress: impl FnMut(&str, i64)) -> AppResult<MigrateReport> {
        self.allow(Operation::Backup).await?;
        let lang = self.lang().await;
        let source_head = self.chain_head().await?;
        let tables = match server.copy_from_file(&self.store, progress).await? {
            CopyOutcome::NotEmpty { table, rows } => {
                return Err(FieldError::general("migrate.not_empty")
                    .with("server", server_label)
                    .with("table", table)
                    .with("rows", rows)
                    .into());
            }
            CopyOutcome::Copied(tables) => tables,
        };
        if let Some(t) = tables.iter().find(|t| t.source_rows != t.target_rows) {
            return Err(
                StoreError::Corrupt(format!("{}: {} rows in the file, {} on the server", t.table, t.source_rows, t.target_rows)).into()
            );
        }
        let on_server = Office::new(server, server_label).with_account(self.signed_in()).with_lang(Some(lang));
        let check = on_server.check_audit(None).await?;
        let rows_of = |name: &str| tables.iter().find(|t| t.table == name).map(|t| t.target_rows).unwrap_or(0);
        let (people, forms, scans, audit_entries) = (rows_of("person"), rows_of("issued_form"), rows_of("form_scan"), rows_of("audit_log"));
        let rows = tables.iter().map(|t| t.target_rows).sum();
        let intact = check.intact && check.head.hash == source_head.hash;
        let words = |code: &str| {
            FieldError::general(code)
                .with("server", server_label)
                .with("people", people)
                .with("forms", forms)
                .with("scans", scans)
                .with("entries", audit_entries)
                .with("rows", rows)
                .with("tables", tables.len())
                .with("head", &check.head.short)
        };
        if !intact {
            return Err(words("migrate.chain_broken").into());
        }
        let message = words("migrate.done").message(lang);
        Ok(MigrateReport { tables, people, forms, scans, audit_entries, rows, chain_head: check.head.short, intact, message })
    }
}
