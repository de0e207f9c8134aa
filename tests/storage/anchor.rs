//! The audit chain anchored (issue 14): every entry signed with the register's key, the chain's
//! head printed on every form, export and backup, and the check of the trail against a head read
//! back from a form's PDF — after the whole chain was rewritten with every hash recomputed (and
//! even re-signed with the register's own key), after its newest entries were cut off, after every
//! entry was deleted, and with a forged signature.

use clearance_domain::audit::{content_hash, signed_message, AuditEntry, HeadOutcome, PrintedHead, GENESIS};
use clearance_domain::export::ExportFormat;
use clearance_domain::form::FormKind;
use clearance_domain::register::PeopleQuery;
use clearance_domain::Lang;
use clearance_tracker_lib::office::{AuditCheck, ExportRequest, ImportOptions, Office};
use clearance_tracker_lib::store::{self, OpenOptions};
use ed25519_dalek::{Signer, SigningKey};

use super::{li_si, register, sqlite_only, who, zhang_san, Register};

/// Someone with the register behind the app (sqlite3 on the file, psql as the server's
/// administrator): the guards off, then `statements`.
async fn tamper(r: &Register, statements: &str) {
    r.tamper(
        &format!("DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete; {statements}"),
        &format!("ALTER TABLE audit_log DISABLE TRIGGER USER; {statements}"),
    )
    .await;
}

async fn reopen(r: &Register) -> Office {
    r.reopen().await.with_lang(Some(Lang::En))
}

/// One value read behind the app's back, as text.
async fn read_behind(r: &Register, sqlite: &str, postgres: &str) -> String {
    match &r.server {
        Some(db) => db.psql(postgres).unwrap(),
        None => {
            r.office.store().close().await;
            let out = std::process::Command::new("sqlite3").arg(&r.path).arg(sqlite).output().expect("sqlite3");
            assert!(out.status.success(), "sqlite3 {sqlite}: {}", String::from_utf8_lossy(&out.stderr));
            String::from_utf8_lossy(&out.stdout).trim().to_owned()
        }
    }
}

/// The head printed in a PDF's text (`审计链 Audit chain #12·…`).
fn head_in_pdf(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("form.pdf");
    std::fs::write(&file, pdf).unwrap();
    let out = std::process::Command::new("pdftotext").arg(&file).arg("-").output().expect("pdftotext (poppler-utils)");
    let text = String::from_utf8(out.stdout).unwrap();
    let line = text.lines().find(|l| l.contains("审计链")).unwrap_or_else(|| panic!("no head printed:\n{text}"));
    line.to_owned()
}

/// Two people, a level changed, then a commitment form issued for 张三: the head printed on it.
async fn with_a_form(r: &Register) -> String {
    r.office.add_person(&zhang_san()).await.unwrap();
    r.office.add_person(&li_si()).await.unwrap();
    let li = who(&r.office, "S0002").await;
    r.office.set_level(li, "important", r.office.today(), "regraded").await.unwrap();
    let issued = r.office.issue_form(FormKind::Commitment, who(&r.office, "S0001").await, None, None).await.unwrap();
    head_in_pdf(&issued.pdf)
}

fn faults(check: &AuditCheck) -> Vec<String> {
    check.findings.iter().filter(|f| f.fault).map(|f| f.text.clone()).collect()
}

/// Every hash recomputed from `from` on, as a script with the algorithm would; `key` re-signs.
async fn rewrite(r: &Register, entries: &mut [AuditEntry], key: Option<&SigningKey>) {
    let mut prev = GENESIS.to_owned();
    let mut sql = String::new();
    for e in entries.iter_mut() {
        e.prev_hash = prev;
        e.hash = content_hash(e);
        if let Some(key) = key {
            e.signature = Some(hex::encode(key.sign(&signed_message(&e.hash)).to_bytes()));
        }
        prev = e.hash.clone();
        let signature = e.signature.as_deref().map(|s| format!("'{s}'")).unwrap_or_else(|| "NULL".into());
        let new = e.new.as_deref().map(|n| format!("'{}'", n.replace('\'', "''"))).unwrap_or_else(|| "NULL".into());
        sql.push_str(&format!(
            "UPDATE audit_log SET operator = '{}', new = {new}, prev_hash = '{}', hash = '{}', signature = {signature} WHERE seq = {};\n",
            e.operator, e.prev_hash, e.hash, e.seq
        ));
    }
    tamper(r, &sql).await;
}

async fn register_key(r: &Register) -> SigningKey {
    let secret = read_behind(r, "SELECT hex(secret) FROM audit_key", "SELECT encode(secret, 'hex') FROM audit_key").await;
    SigningKey::from_bytes(&hex::decode(secret).unwrap().try_into().unwrap())
}

#[tokio::test]
async fn every_entry_is_signed_and_the_head_printed_on_a_form_verifies() {
    let r = register().await;
    let printed = with_a_form(&r).await;
    let head_seq = PrintedHead::parse(&printed).unwrap().seq;
    let entries = r.office.store().audit_all().await.unwrap();
    assert_eq!(head_seq, entries.len() as i64 - 1, "the head before the form's own entry: {printed}");
    assert!(entries.iter().all(|e| e.signature.is_some()), "every entry signed");
    let head = r.office.chain_head().await.unwrap();
    assert_eq!(head.seq, entries.len() as i64);

    let office = r.office.clone().with_lang(Some(Lang::En));
    let check = office.check_audit(Some(&printed)).await.unwrap();
    assert!(check.intact, "{:?}", check.findings);
    assert_eq!(check.first_broken, None);
    assert_eq!(check.signed_from, Some(1));
    assert_eq!(check.printed.as_ref().map(|p| p.outcome), Some(HeadOutcome::Matches));
    assert!(check.key_fingerprint.as_ref().is_some_and(|f| f.len() == 19));
    let text: Vec<&str> = check.findings.iter().map(|f| f.text.as_str()).collect();
    assert!(text.iter().any(|t| t.starts_with("The audit chain is intact") && t.contains(&head.short)), "{text:?}");
    assert!(text.iter().any(|t| t.contains(&format!("entry #{head_seq} and every entry before it"))), "{text:?}");
    assert!(text.iter().any(|t| t.starts_with("Signing key fingerprint")), "{text:?}");
    // Typed back from paper however it comes: lowercase, uppercase, spaced, full-width.
    let typed = printed.split_once('#').unwrap().1.replace('·', " ").to_uppercase();
    assert!(office.check_audit(Some(&typed)).await.unwrap().intact);
    let wide: String =
        typed.chars().map(|c| if c.is_ascii_alphanumeric() { char::from_u32(c as u32 + 0xFEE0).unwrap() } else { c }).collect();
    assert!(office.check_audit(Some(&wide)).await.unwrap().intact, "{wide}");
    // What cannot be read is refused in words before anything is checked.
    let refused = office.check_audit(Some("#12·3f9a")).await.unwrap_err();
    assert!(refused.to_api(Lang::En).message.contains("at least 8 are needed"), "{:?}", refused.to_api(Lang::En));
}

#[tokio::test]
async fn a_whole_chain_rewritten_and_resigned_verifies_as_a_chain_but_not_against_the_printed_head() {
    let r = register().await;
    let printed = with_a_form(&r).await;
    let seq = PrintedHead::parse(&printed).unwrap().seq;
    let office = reopen(&r).await;
    let mut entries = office.store().audit_all().await.unwrap();
    office.store().close().await;
    // 李四 was added as core, not general: entry 2 rewritten, every hash after it recomputed and
    // signed again with the register's own key (whoever did it had the passphrase).
    entries[1].new = Some(entries[1].new.clone().unwrap().replace("general", "core"));
    let key = register_key(&r).await;
    rewrite(&r, &mut entries, Some(&key)).await;

    let office = reopen(&r).await;
    let alone = office.check_audit(None).await.unwrap();
    assert!(alone.intact, "a full rewrite with the key verifies on its own: {:?}", alone.findings);
    let check = office.check_audit(Some(&printed)).await.unwrap();
    assert!(!check.intact);
    assert_eq!(check.printed.as_ref().map(|p| p.outcome), Some(HeadOutcome::Rewritten));
    assert_eq!(
        faults(&check)[0],
        format!(
            "The entry #{seq} printed on a form ({}) no longer matches: the trail was rewritten at or before it",
            PrintedHead::parse(&printed).unwrap().text()
        )
    );
}

#[tokio::test]
async fn a_rewrite_without_the_key_is_named_by_the_first_signature_that_fails() {
    let r = register().await;
    let printed = with_a_form(&r).await;
    let office = reopen(&r).await;
    let mut entries = office.store().audit_all().await.unwrap();
    office.store().close().await;
    entries[2].operator = "某人".into();
    rewrite(&r, &mut entries, None).await;
    let office = reopen(&r).await;
    let check = office.check_audit(Some(&printed)).await.unwrap();
    assert_eq!(check.first_broken, None, "the hashes were recomputed");
    assert_eq!(check.signature_fault, Some(3));
    let faults = faults(&check);
    assert!(faults.iter().any(|f| f.contains("no longer matches")), "{faults:?}");
    assert!(faults.contains(&"Entry #3's signature does not match: written without the register's key".to_owned()), "{faults:?}");
}

#[tokio::test]
async fn a_forged_signature_is_found() {
    let r = register().await;
    with_a_form(&r).await;
    let other = SigningKey::from_bytes(&[9; 32]);
    let hash = read_behind(&r, "SELECT hash FROM audit_log WHERE seq = 2", "SELECT hash FROM audit_log WHERE seq = 2").await;
    let forged = hex::encode(other.sign(&signed_message(&hash)).to_bytes());
    tamper(&r, &format!("UPDATE audit_log SET signature = '{forged}' WHERE seq = 2;")).await;
    let office = reopen(&r).await;
    let check = office.check_audit(None).await.unwrap();
    assert!(!check.intact);
    assert_eq!(check.first_broken, None);
    assert_eq!(check.signature_fault, Some(2));
    assert_eq!(faults(&check)[0], "Entry #2's signature does not match: written without the register's key");
}

#[tokio::test]
async fn the_newest_entries_cut_off_are_named_against_the_printed_head() {
    let r = register().await;
    let printed = with_a_form(&r).await;
    let seq = PrintedHead::parse(&printed).unwrap().seq;
    r.office.store().close().await;
    // Back to before the level change: the form's head and everything after it gone.
    tamper(&r, "DELETE FROM audit_log WHERE seq >= 3;").await;
    let office = reopen(&r).await;
    let alone = office.check_audit(None).await.unwrap();
    assert!(alone.intact, "a cut chain is still a chain: {:?}", alone.findings);
    let check = office.check_audit(Some(&printed)).await.unwrap();
    assert!(!check.intact);
    assert_eq!(check.printed.as_ref().map(|p| p.outcome), Some(HeadOutcome::Removed));
    assert!(faults(&check)[0].starts_with(&format!("The trail ends at #2 but a form printed #{seq} (")), "{:?}", check.findings);
    assert!(faults(&check)[0].ends_with("its newest entries were removed"));
}

#[tokio::test]
async fn a_trail_with_every_entry_deleted_is_not_intact() {
    let r = register().await;
    with_a_form(&r).await;
    r.office.store().close().await;
    tamper(&r, "DELETE FROM audit_log;").await;
    let office = reopen(&r).await;
    let check = office.check_audit(None).await.unwrap();
    assert_eq!(check.entries, 0);
    assert!(check.emptied && !check.intact);
    assert_eq!(check.first_broken, Some(1));
    assert_eq!(faults(&check)[0], "The audit trail was emptied: it has no entries although people are registered (2)");

    // A new register with nothing in it is simply empty.
    let fresh = register().await;
    let check = fresh.office.check_audit(None).await.unwrap();
    assert!(check.intact && !check.emptied);
    assert_eq!(check.head.short, "#0·00000000·00000000");
}

#[tokio::test]
async fn entries_from_before_signing_began_are_not_faults() {
    let r = register().await;
    with_a_form(&r).await;
    r.office.store().close().await;
    // As a register upgraded from a version without signatures: its first entries unsigned.
    tamper(&r, "UPDATE audit_log SET signature = NULL WHERE seq <= 2;").await;
    let office = reopen(&r).await;
    let check = office.check_audit(None).await.unwrap();
    assert!(check.intact, "{:?}", check.findings);
    assert_eq!(check.signed_from, Some(3));
    assert!(check.findings.iter().any(|f| !f.fault && f.text.contains("the 2 before them were written before signing began")));
    // But an unsigned entry after signing began is a fault.
    tamper(&r, "UPDATE audit_log SET signature = NULL WHERE seq = 4;").await;
    let office = reopen(&r).await;
    let check = office.check_audit(None).await.unwrap();
    assert_eq!(check.signature_fault, Some(4));
    assert_eq!(faults(&check)[0], "Entry #4 has no signature although signing began at #3: written without the register's key");
}

#[tokio::test]
async fn exports_carry_the_head_and_our_own_csv_imports_again() {
    let r = register().await;
    r.office.add_person(&zhang_san()).await.unwrap();
    r.office.add_person(&li_si()).await.unwrap();
    let head = r.office.chain_head().await.unwrap();
    let dir = r.path.parent().unwrap();
    let people = ExportRequest::People { query: PeopleQuery::default() };
    let office = r.office.clone().with_lang(Some(Lang::ZhCn));

    let csv = dir.join("people.csv");
    office.export_list(&people, ExportFormat::Csv, true, &csv).await.unwrap();
    let text = String::from_utf8(std::fs::read(&csv).unwrap()).unwrap();
    let last = text.trim_end().lines().last().unwrap();
    assert!(last.starts_with(&format!("审计链 {}", head.short)), "{last}");

    // The export is an entry itself: the next one prints the head after it.
    let head = r.office.chain_head().await.unwrap();
    let xlsx = dir.join("people.xlsx");
    office.export_list(&people, ExportFormat::Xlsx, false, &xlsx).await.unwrap();
    let unzip = std::process::Command::new("unzip").arg("-p").arg(&xlsx).arg("docProps/custom.xml").output().unwrap();
    assert!(String::from_utf8_lossy(&unzip.stdout).contains(&head.short), "the workbook's properties name the head");
    let unzip = std::process::Command::new("unzip").arg("-p").arg(&xlsx).arg("xl/worksheets/sheet1.xml").output().unwrap();
    assert!(String::from_utf8_lossy(&unzip.stdout).contains(&format!("审计链 {}", head.short)), "printed in the page footer");

    // The CSV, head line and all, imports into a new register: two people, no fault.
    let fresh = register().await;
    let report = fresh.office.import_roster(&csv, &ImportOptions::default()).await.unwrap();
    assert_eq!(report.added, 2, "{:?}", report.faults);
    assert!(report.faults.is_empty(), "{:?}", report.faults);
}

#[tokio::test]
async fn a_backup_reports_its_head_and_settings_keep_it() {
    if sqlite_only("a backup file opened as a register") {
        return;
    }
    let r = register().await;
    r.office.add_person(&zhang_san()).await.unwrap();
    let head = r.office.chain_head().await.unwrap();
    let to = r.path.parent().unwrap().join("copy.db");
    let report = r.office.clone().with_lang(Some(Lang::En)).backup(Some(to.to_str().unwrap())).await.unwrap();
    assert_eq!(report.chain_head, head.short);
    assert!(report.message.contains(&format!("The audit chain head in the backup is {}", head.short)), "{}", report.message);
    let settings = r.office.backup_settings().await.unwrap();
    assert_eq!(settings.last.and_then(|l| l.chain_head), Some(head.short.clone()));
    // The backup's own trail checks against it.
    let store = store::open(OpenOptions::new(&to).read_only(true)).await.unwrap();
    let copy = Office::new(store, to.display().to_string()).with_lang(Some(Lang::En)).with_account(crate::admin("王芳"));
    assert!(copy.check_audit(Some(&head.short)).await.unwrap().intact);
}
