//! The issued-forms register: numbering, hashes, received copies and their scans, batches.

use chrono::NaiveDate;
use clearance_domain::person::{PersonId, PersonInput};
use clearance_forms::FormKind;
use clearance_tracker_lib::office::Office;
use clearance_tracker_lib::store::{self, FormsQuery, OpenOptions};
use sha2::{Digest, Sha256};

use super::{audit_count, li_si, register, who, zhang_san, Register};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// On their post from the day of registration (27 Nov 2026), so a re-sign batch includes them.
fn on_post(p: PersonInput) -> PersonInput {
    PersonInput { start_date: Some(day(2026, 11, 27)), ..p }
}

async fn two_people(r: &Register) {
    r.office.add_person(&on_post(zhang_san())).await.unwrap();
    r.office.add_person(&on_post(li_si())).await.unwrap();
}

fn sqlite(path: &std::path::Path, sql: &str) {
    let status = std::process::Command::new("sqlite3").arg(path).arg(sql).status().expect("sqlite3 is installed");
    assert!(status.success(), "sqlite3 {sql}");
}

#[tokio::test]
async fn numbers_are_unique_and_sequential_per_year() {
    let r = register().await;
    two_people(&r).await;
    let a = r.office.issue_form(FormKind::Commitment, who(&r.office, "S0001").await, None, None).await.unwrap();
    let b = r.office.issue_form(FormKind::Review, who(&r.office, "S0002").await, None, None).await.unwrap();
    let c = r.office.issue_form(FormKind::Commitment, who(&r.office, "S0002").await, None, None).await.unwrap();
    let numbers: Vec<String> = [&a, &b, &c].iter().map(|i| i.forms[0].number.to_string()).collect();
    assert_eq!(numbers, ["2026-0001", "2026-0002", "2026-0003"]);
    assert!(a.pdf.starts_with(b"%PDF-"));
    assert_eq!(a.forms[0].person_name.as_deref(), Some("张三"));
    assert_eq!(a.forms[0].operator, "王芳");
    assert_eq!(a.forms[0].issued_on, day(2026, 11, 27));

    // The next year starts again at 1; the same register, another day.
    let next_year = Office::new(r.office.store().clone(), r.path.display().to_string())
        .with_today(Some(day(2027, 1, 4)))
        .with_operator(Some("王芳".into()));
    let d = next_year.issue_form(FormKind::Commitment, who(&next_year, "S0001").await, None, None).await.unwrap();
    assert_eq!(d.forms[0].number.to_string(), "2027-0001");

    let page = r.office.issued_forms(&FormsQuery::default()).await.unwrap();
    assert_eq!(page.total, 4);
    assert_eq!(page.rows[0].number.to_string(), "2027-0001", "newest first");
    let codes: std::collections::HashSet<_> = page.rows.iter().map(|f| f.verification_code.clone()).collect();
    assert_eq!(codes.len(), 4, "each form has its own code");
}

#[tokio::test]
async fn issuing_is_audited_and_refused_kinds_write_nothing() {
    let r = register().await;
    two_people(&r).await;
    let before = audit_count(&r).await;
    r.office.issue_form(FormKind::Commitment, who(&r.office, "S0001").await, None, None).await.unwrap();
    assert_eq!(audit_count(&r).await, before + 1);

    // Without the trip named, or before a departure is recorded, these forms are refused, not
    // printed with made-up data.
    for kind in [FormKind::TravelApproval, FormKind::Departure] {
        let err = r.office.issue_form(kind, who(&r.office, "S0001").await, None, None).await.unwrap_err();
        assert!(err.is_user_error());
    }
    assert!(r.office.resolve_person("S9999").await.unwrap_err().is_user_error());
    assert!(r.office.issue_form(FormKind::Commitment, PersonId::from_stored(9999), None, None).await.unwrap_err().is_user_error());
    assert_eq!(audit_count(&r).await, before + 1);
    assert_eq!(r.office.issued_forms(&FormsQuery::default()).await.unwrap().total, 1);
}

#[tokio::test]
async fn the_hash_verifies_and_a_changed_record_does_not() {
    let r = register().await;
    two_people(&r).await;
    let issued = r.office.issue_form(FormKind::Commitment, who(&r.office, "S0001").await, None, None).await.unwrap();
    let form = &issued.forms[0];

    // Typed as a person would: lower case, no hyphen.
    let typed = form.verification_code.replace('-', "").to_lowercase();
    let v = r.office.verify_form(&typed).await.unwrap();
    assert_eq!(v.form.number, form.number);
    assert!(v.hash_matches);
    assert_eq!(v.scan_matches, None);

    // The PDF made again from the register is the same form.
    let (_, pdf) = r.office.form_pdf(form.number).await.unwrap();
    assert!(pdf.starts_with(b"%PDF-"));

    assert!(r.office.verify_form("nonsense").await.unwrap_err().is_user_error());
    assert!(r.office.verify_form("00000-00000").await.unwrap_err().is_user_error());

    // Someone edits the stored content behind the app's back: the code no longer matches.
    r.office.store().close().await;
    sqlite(&r.path, "UPDATE issued_form SET content = replace(content, '张三', '张四');");
    let store = store::open(OpenOptions::new(&r.path)).await.unwrap();
    let office = Office::new(store, r.path.display().to_string()).with_today(Some(day(2026, 11, 27)));
    let v = office.verify_form(&form.verification_code).await.unwrap();
    assert!(!v.hash_matches);
    assert!(office.form_pdf(form.number).await.is_err(), "no copy is printed from altered content");
}

#[tokio::test]
async fn a_received_scan_is_stored_next_to_the_database_and_hashed() {
    let r = register().await;
    two_people(&r).await;
    let issued = r.office.issue_form(FormKind::Commitment, who(&r.office, "S0001").await, None, None).await.unwrap();
    let number = issued.forms[0].number;

    let dir = tempfile::tempdir().unwrap();
    let scan = dir.path().join("signed.png");
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend_from_slice(b"not really an image, but a PNG by its signature");
    std::fs::write(&scan, &bytes).unwrap();

    // Refusals first: a date before the issue, a date in the future, a file that is not a scan.
    assert!(r.office.form_received(number, day(2026, 11, 26), None).await.unwrap_err().is_user_error());
    assert!(r.office.form_received(number, day(2026, 11, 28), None).await.unwrap_err().is_user_error());
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "hello").unwrap();
    assert!(r.office.form_received(number, day(2026, 11, 27), Some(text.as_path())).await.unwrap_err().is_user_error());
    let outstanding = FormsQuery { returned: Some(false), ..FormsQuery::default() };
    assert_eq!(r.office.issued_forms(&outstanding).await.unwrap().total, 1);

    let form = r.office.form_received(number, day(2026, 11, 27), Some(scan.as_path())).await.unwrap();
    assert_eq!(form.received_on, Some(day(2026, 11, 27)));
    let expected: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(form.scan_sha256.as_deref(), Some(expected.as_str()));
    let stored = r.path.parent().unwrap().join(form.scan_path.as_deref().unwrap());
    assert!(stored.starts_with(r.office.scans_dir()));
    assert_eq!(std::fs::read(&stored).unwrap(), bytes);

    let returned = FormsQuery { returned: Some(true), ..FormsQuery::default() };
    assert_eq!(r.office.issued_forms(&returned).await.unwrap().total, 1);
    assert_eq!(r.office.issued_forms(&outstanding).await.unwrap().total, 0);

    let v = r.office.verify_form(&form.verification_code).await.unwrap();
    assert_eq!(v.scan_matches, Some(true));
    std::fs::write(&stored, b"\x89PNG\r\n\x1a\nswapped").unwrap();
    assert_eq!(r.office.verify_form(&form.verification_code).await.unwrap().scan_matches, Some(false));
}

#[tokio::test]
async fn a_batch_registers_every_form_of_the_unit_or_none() {
    let r = register().await;
    two_people(&r).await;
    // Someone of another unit, and someone of the unit not yet on their post: not in the batch.
    r.office
        .add_person(&PersonInput {
            staff_no: "S0003".into(),
            id_number: "110105198001010016".into(),
            unit: "档案室".into(),
            ..on_post(zhang_san())
        })
        .await
        .unwrap();
    r.office
        .add_person(&PersonInput {
            staff_no: "S0004".into(),
            id_number: "110105198001010024".into(),
            start_date: Some(day(2026, 12, 20)),
            ..zhang_san()
        })
        .await
        .unwrap();

    let batch = r.office.issue_batch(FormKind::Commitment, "机要室", None).await.unwrap();
    let numbers: Vec<String> = batch.forms.iter().map(|f| f.number.to_string()).collect();
    assert_eq!(numbers, ["2026-0001", "2026-0002"]);
    let mut staff: Vec<_> = batch.forms.iter().filter_map(|f| f.staff_no.clone()).collect();
    staff.sort();
    assert_eq!(staff, ["S0001", "S0002"]);
    assert!(batch.pdf.starts_with(b"%PDF-"));

    assert!(r.office.issue_batch(FormKind::Commitment, "无此单位", None).await.unwrap_err().is_user_error());

    // A failure on the second form of a batch leaves the register as it was: no form, no audit entry.
    let before = audit_count(&r).await;
    r.office.store().close().await;
    sqlite(
        &r.path,
        "CREATE TRIGGER fail_second BEFORE INSERT ON issued_form WHEN NEW.seq = 4 BEGIN SELECT RAISE(ABORT, 'disk full'); END;",
    );
    let store = store::open(OpenOptions::new(&r.path)).await.unwrap();
    let office = Office::new(store, r.path.display().to_string()).with_today(Some(day(2026, 11, 27))).with_operator(Some("王芳".into()));
    assert!(office.issue_batch(FormKind::Commitment, "机要室", None).await.is_err());
    assert_eq!(office.issued_forms(&FormsQuery::default()).await.unwrap().total, 2);
    assert_eq!(office.audit_page(0, 1).await.unwrap().total, before);
}

#[tokio::test]
async fn a_received_signed_commitment_completes_the_commitment_step() {
    let r = register().await;
    r.office.add_person(&zhang_san()).await.unwrap();
    let issued = r.office.issue_form(FormKind::Commitment, who(&r.office, "S0001").await, None, None).await.unwrap();
    let number = issued.forms[0].number;
    let audits = audit_count(&r).await;

    r.office.form_received(number, day(2026, 11, 27), None).await.unwrap();
    let view = r.office.lifecycle(who(&r.office, "S0001").await).await.unwrap();
    let step = view.records.iter().find(|s| s.step_id == "commitment").expect("the commitment step is done");
    assert_eq!(step.done_on, day(2026, 11, 27));
    assert!(step.note.contains(&number.to_string()));
    // One entry for the receipt, one for the step, in the same transaction.
    assert_eq!(audit_count(&r).await, audits + 2);

    // A second commitment received the same day completes nothing more.
    let again = r.office.issue_form(FormKind::Commitment, who(&r.office, "S0001").await, None, None).await.unwrap();
    r.office.form_received(again.forms[0].number, day(2026, 11, 27), None).await.unwrap();
    let view = r.office.lifecycle(who(&r.office, "S0001").await).await.unwrap();
    assert_eq!(view.records.iter().filter(|s| s.step_id == "commitment").count(), 1);
}

#[tokio::test]
async fn an_office_template_is_checked_kept_used_and_cleared() {
    use clearance_forms::{shipped_template, SHIPPED_TEMPLATE_VERSION};
    let r = register().await;
    r.office.add_person(&zhang_san()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let audits = audit_count(&r).await;

    // A template with an unclosed bracket: refused with its line, nothing kept.
    let broken = dir.path().join("commitment-broken.typ");
    std::fs::write(&broken, format!("{}\n#let x = (\n", shipped_template(FormKind::Commitment))).unwrap();
    let err = r.office.load_form_template(FormKind::Commitment, broken.to_str().unwrap(), "本所2026版").await.unwrap_err();
    let message = err.to_api(clearance_domain::Lang::En).message;
    assert!(message.contains("does not compile") && message.contains(':'), "{message}");
    assert_eq!(audit_count(&r).await, audits);
    assert!(r.office.form_settings().await.unwrap().templates.is_empty());

    // The shipped one copied and kept under the office's version: forms print and register it.
    let good = dir.path().join("commitment.typ");
    std::fs::write(&good, shipped_template(FormKind::Commitment)).unwrap();
    let settings = r.office.load_form_template(FormKind::Commitment, good.to_str().unwrap(), "本所2026版").await.unwrap();
    assert_eq!(settings.templates.len(), 1);
    assert_eq!(settings.templates[0].version, "本所2026版");
    let issued = r.office.issue_form(FormKind::Commitment, who(&r.office, "S0001").await, None, None).await.unwrap();
    assert_eq!(issued.forms[0].template_version, "本所2026版");
    assert!(issued.template_warning.is_none());

    r.office.clear_form_template(FormKind::Commitment).await.unwrap();
    let issued = r.office.issue_form(FormKind::Commitment, who(&r.office, "S0001").await, None, None).await.unwrap();
    assert_eq!(issued.forms[0].template_version, SHIPPED_TEMPLATE_VERSION);
}

#[tokio::test]
async fn the_header_settings_are_validated_and_kept() {
    let r = register().await;
    let s = r.office.set_form_header("某研究所保密办公室", "Secrecy Office, Institute X", "zh-CN").await.unwrap();
    assert_eq!((s.office_name.as_str(), s.language.as_str()), ("某研究所保密办公室", "zh-CN"));
    assert!(r.office.set_form_header(" ", "", "bilingual").await.is_err());
    assert!(r.office.set_form_header("保密办", "", "fr").await.is_err());
    assert_eq!(r.office.form_settings().await.unwrap().office_name, "某研究所保密办公室");
}
