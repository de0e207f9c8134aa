//! The issued-forms register: numbering, hashes, received copies and their scans, batches.

use chrono::NaiveDate;
use clearance_domain::person::{PersonId, PersonInput};
use clearance_forms::FormKind;
use clearance_tracker_lib::office::Office;
use clearance_tracker_lib::store::{self, FormsQuery};
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
        .with_account(crate::admin("王芳"));
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
    let edit = "UPDATE issued_form SET content = replace(content, '张三', '张四');";
    r.tamper(edit, edit).await;
    let office = r.reopen().await;
    let v = office.verify_form(&form.verification_code).await.unwrap();
    assert!(!v.hash_matches);
    assert!(office.form_pdf(form.number).await.is_err(), "no copy is printed from altered content");
}

#[tokio::test]
async fn a_received_scan_is_kept_in_the_register_and_hashed() {
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
    // In the register, in the same transaction as the record: no file beside it.
    assert!(form.scan_path.as_deref().unwrap().starts_with(&format!("scans/{number}-")));
    assert!(!r.office.scans_dir().exists(), "no scans folder beside the register");
    let kept = r.office.store().form_scan(number).await.unwrap().unwrap();
    assert_eq!((kept.kind.as_str(), kept.sha256.as_str(), &kept.bytes), ("png", expected.as_str(), &bytes));
    // Looked at: a decrypted copy in a private folder of this run, removed with it.
    let view = r.office.form_scan_view(number).await.unwrap();
    assert_eq!(std::fs::read(&view).unwrap(), bytes);
    assert!(view.file_name().unwrap().to_string_lossy().ends_with(".png"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&view).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(std::fs::metadata(view.parent().unwrap()).unwrap().permissions().mode() & 0o777, 0o700);
    }
    assert!(!view.starts_with(r.path.parent().unwrap()));
    Office::remove_scan_views();
    assert!(!view.parent().unwrap().exists());

    let returned = FormsQuery { returned: Some(true), ..FormsQuery::default() };
    assert_eq!(r.office.issued_forms(&returned).await.unwrap().total, 1);
    assert_eq!(r.office.issued_forms(&outstanding).await.unwrap().total, 0);

    let v = r.office.verify_form(&form.verification_code).await.unwrap();
    assert_eq!(v.scan_matches, Some(true));
    // A form with no scan says so.
    let other = r.office.issue_form(FormKind::Commitment, who(&r.office, "S0002").await, None, None).await.unwrap().forms[0].number;
    assert_eq!(r.office.form_scan_view(other).await.unwrap_err().code(), "form.scan_none");
    // The bytes changed behind the app's back: the check says so and the viewer refuses them.
    r.tamper(
        "UPDATE form_scan SET bytes = CAST('swapped!' AS BLOB), size = 8;",
        "UPDATE form_scan SET bytes = convert_to('swapped!', 'UTF8'), size = 8;",
    )
    .await;
    let office = r.reopen().await;
    assert_eq!(office.verify_form(&form.verification_code).await.unwrap().scan_matches, Some(false));
    assert_eq!(office.form_scan_view(number).await.unwrap_err().code(), "form.scan_altered");
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
    r.tamper(
        "CREATE TRIGGER fail_second BEFORE INSERT ON issued_form WHEN NEW.seq = 4 BEGIN SELECT RAISE(ABORT, 'disk full'); END;",
        "CREATE FUNCTION fail_second() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$; \
         CREATE TRIGGER fail_second BEFORE INSERT ON issued_form FOR EACH ROW WHEN (NEW.seq = 4) EXECUTE FUNCTION fail_second();",
    )
    .await;
    let office = r.reopen().await;
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

/// The newest audit entry's action code.
async fn last_action(r: &Register) -> String {
    r.office.audit_page(0, 1).await.unwrap().entries[0].action.clone()
}

#[tokio::test]
async fn a_form_is_voided_once_with_its_reason_and_refusals_change_nothing() {
    let r = register().await;
    two_people(&r).await;
    let issued = r.office.issue_form(FormKind::Commitment, who(&r.office, "S0001").await, None, None).await.unwrap();
    let number = issued.forms[0].number;
    let unknown = clearance_domain::form::FormNumber::new(2026, 99).unwrap();
    let before = audit_count(&r).await;
    for (n, reason, code) in [(number, "  ", "required"), (number, "", "required"), (unknown, "typo", "form.not_found")] {
        let e = r.office.void_form(n, reason).await.unwrap_err();
        assert_eq!(e.code(), code, "{n} {reason:?}");
    }
    assert_eq!(audit_count(&r).await, before);
    assert_eq!(r.office.issued_forms(&FormsQuery { voided: Some(true), ..FormsQuery::default() }).await.unwrap().total, 0);

    let voided = r.office.void_form(number, " 姓名打错 ").await.unwrap();
    assert_eq!(voided.voided_on, Some(day(2026, 11, 27)));
    assert_eq!(voided.void_reason.as_deref(), Some("姓名打错"));
    assert_eq!(voided.voided_by.as_deref(), Some("王芳"));
    assert_eq!(voided.state(), store::FormState::Voided);
    assert_eq!(audit_count(&r).await, before + 1);
    assert_eq!(last_action(&r).await, "form.void");

    // Twice: refused, the first reason kept.
    assert_eq!(r.office.void_form(number, "again").await.unwrap_err().code(), "form.already_voided");
    assert_eq!(audit_count(&r).await, before + 1);
    let page = r.office.issued_forms(&FormsQuery { voided: Some(true), ..FormsQuery::default() }).await.unwrap();
    assert_eq!(page.rows[0].void_reason.as_deref(), Some("姓名打错"));

    // Not outstanding, not reminded of, and its signed copy cannot be marked received.
    assert_eq!(r.office.issued_forms(&FormsQuery { returned: Some(false), ..FormsQuery::default() }).await.unwrap().total, 0);
    assert!(r.office.store().unreturned_forms().await.unwrap().is_empty());
    assert_eq!(r.office.form_received(number, day(2026, 11, 27), None).await.unwrap_err().code(), "form.received_voided");
    assert_eq!(audit_count(&r).await, before + 1);
}

#[tokio::test]
async fn a_copy_is_audited_and_a_draft_is_not_registered() {
    let r = register().await;
    two_people(&r).await;
    let zhang = who(&r.office, "S0001").await;
    let before = audit_count(&r).await;
    let pages = r.office.preview_form(FormKind::Review, zhang, None).await.unwrap();
    assert!(!pages.is_empty() && pages[0].contains("<svg"));
    let pdf = r.office.draft_pdf(FormKind::Review, zhang, None).await.unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert_eq!(r.office.issued_forms(&FormsQuery::default()).await.unwrap().total, 0, "no number used");
    assert_eq!(audit_count(&r).await, before, "nothing audited");

    let issued = r.office.issue_form(FormKind::Review, zhang, None, None).await.unwrap();
    assert_eq!(issued.forms[0].number.to_string(), "2026-0001", "the draft took no number");
    let dir = tempfile::tempdir().unwrap();
    // A folder that does not exist: refused, nothing written or audited.
    let nowhere = dir.path().join("no-such-folder").join("copy.pdf");
    let before = audit_count(&r).await;
    assert_eq!(r.office.reprint_form(issued.forms[0].number, &nowhere).await.unwrap_err().code(), "file.no_folder");
    assert!(!nowhere.parent().unwrap().exists());
    assert_eq!(audit_count(&r).await, before);
    let copy = dir.path().join("copy.pdf");
    let form = r.office.reprint_form(issued.forms[0].number, &copy).await.unwrap();
    assert_eq!(form.number, issued.forms[0].number);
    assert!(std::fs::read(&copy).unwrap().starts_with(b"%PDF-"));
    assert_eq!(audit_count(&r).await, before + 1);
    assert_eq!(last_action(&r).await, "form.reprint");
    assert_eq!(r.office.issued_forms(&FormsQuery::default()).await.unwrap().total, 1, "a copy issues nothing");
}

#[tokio::test]
async fn several_signed_copies_are_received_in_one_transaction_or_none() {
    let r = register().await;
    two_people(&r).await;
    let mut numbers = Vec::new();
    for staff in ["S0001", "S0002", "S0001"] {
        let issued = r.office.issue_form(FormKind::Commitment, who(&r.office, staff).await, None, None).await.unwrap();
        numbers.push(issued.forms[0].number);
    }
    r.office.void_form(numbers[2], "重复出具").await.unwrap();
    let before = audit_count(&r).await;

    // One voided among them: none is marked, the refusal names it.
    let e = r.office.forms_received(&numbers, day(2026, 11, 27)).await.unwrap_err();
    let api = e.to_api(clearance_domain::Lang::En);
    assert_eq!(api.errors.len(), 1, "{api:?}");
    assert!(api.errors[0].message.starts_with(&format!("{}: Form {} was voided", numbers[2], numbers[2])), "{api:?}");
    assert_eq!(audit_count(&r).await, before);
    assert_eq!(r.office.issued_forms(&FormsQuery { returned: Some(true), ..FormsQuery::default() }).await.unwrap().total, 0);
    // A day after today, or none chosen: refused once.
    assert_eq!(r.office.forms_received(&numbers[..2], day(2026, 11, 28)).await.unwrap_err().code(), "form.received_future");
    assert_eq!(r.office.forms_received(&[], day(2026, 11, 27)).await.unwrap_err().code(), "form.batch_empty");

    // The two still out: each its own entry (and the commitment step each completes).
    let done = r.office.forms_received(&[numbers[0], numbers[1], numbers[0]], day(2026, 11, 27)).await.unwrap();
    assert_eq!(done.len(), 2, "a number ticked twice is marked once");
    assert!(done.iter().all(|f| f.received_on == Some(day(2026, 11, 27))));
    let entries = r.office.audit_page(0, 20).await.unwrap().entries;
    let received = entries.iter().filter(|e| e.action == "form.received").count();
    assert_eq!(received, 2);
    // Again: each already back, refused, nothing changed.
    let count = audit_count(&r).await;
    let e = r.office.forms_received(&numbers[..2], day(2026, 11, 27)).await.unwrap_err();
    assert_eq!(e.to_api(clearance_domain::Lang::En).errors.len(), 2);
    assert_eq!(audit_count(&r).await, count);
}

#[tokio::test]
async fn the_first_start_is_asked_until_answered_and_kept_in_one_audited_step() {
    use clearance_tracker_lib::office::FirstStart;
    let r = register().await;
    assert!(r.office.needs_setup().await.unwrap(), "a new register names no operator or office");
    let options = r.office.setup_options().await.unwrap();
    assert_eq!(options.policy, "prc-2024");
    assert!(options.policies.iter().any(|p| p.id == "us-nispom"));
    let before = audit_count(&r).await;
    let bad = FirstStart {
        office_name: " ".into(),
        office_name_en: String::new(),
        operator: String::new(),
        policy: "nowhere".into(),
        form_language: "fr".into(),
    };
    let e = r.office.first_start(&bad).await.unwrap_err().to_api(clearance_domain::Lang::En);
    let fields: Vec<_> = e.errors.iter().filter_map(|f| f.field.clone()).collect();
    assert_eq!(fields, ["office_name", "policy", "form_language"], "every fault at once: {e:?}");
    assert_eq!(audit_count(&r).await, before, "nothing kept");
    assert!(r.office.needs_setup().await.unwrap());

    let good = FirstStart {
        office_name: "东方研究院保密处".into(),
        office_name_en: "Secrecy Division".into(),
        operator: "李娜".into(),
        policy: "prc-2024".into(),
        form_language: "zh-CN".into(),
    };
    let info = r.office.first_start(&good).await.unwrap();
    assert!(!info.needs_setup);
    assert_eq!(info.operator.as_deref(), Some("王芳"), "the account signed in");
    let settings = r.office.form_settings().await.unwrap();
    assert_eq!((settings.office_name.as_str(), settings.language.as_str()), ("东方研究院保密处", "zh-CN"));
    assert_eq!(r.office.policy_info().await.unwrap().selected, "prc-2024");
    let entries = r.office.audit_page(0, 20).await.unwrap().entries;
    assert!(entries.iter().all(|e| e.operator == "王芳"), "recorded under the account signed in, never a typed name");
    assert_eq!(audit_count(&r).await, before + 4, "office names, print language, policy");

    // The first form prints the office, never the placeholder.
    r.office.add_person(&on_post(zhang_san())).await.unwrap();
    let issued = r.office.issue_form(FormKind::Commitment, who(&r.office, "S0001").await, None, None).await.unwrap();
    let content = r.office.store().issued_form_content(issued.forms[0].number).await.unwrap().unwrap();
    assert!(content.contains("东方研究院保密处"), "{content}");
}

#[tokio::test]
async fn a_register_with_people_or_an_office_is_not_a_first_start() {
    let r = register().await;
    assert!(r.office.needs_setup().await.unwrap(), "empty, and no office named");
    r.office.add_person(&zhang_san()).await.unwrap();
    assert!(!r.office.needs_setup().await.unwrap(), "a register in use is not set up again");
    let r = register().await;
    r.office.set_form_header("东方研究院保密处", "", "bilingual").await.unwrap();
    assert!(!r.office.needs_setup().await.unwrap());
}
