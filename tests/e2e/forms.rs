//! Sign-off forms in the window: generate a commitment from a person's page, preview and save
//! it, find it in the Forms screen, mark it received, look it up by its code.

use crate::harness::{artifact, inner_text, tid, Desk};

#[tokio::test(flavor = "multi_thread")]
async fn generate_a_commitment_from_the_person_page_and_mark_it_received() {
    let desk = Desk::new("zh_CN.UTF-8");
    let app = desk.open().await;
    app.click("nav-people").await; // the dashboard is the home screen
    app.find("empty-register").await;

    app.click("person-add").await;
    app.find("person-dialog").await;
    app.type_into("field-name", "张三").await;
    app.type_into("field-staff_no", "S0001").await;
    app.type_into("field-id_number", "440304198506171238").await;
    app.type_into("field-unit", "机要室").await;
    app.select("field-level", "core").await;
    app.click("person-save").await;
    // The new person opens on their page (issue 13).
    app.wait_text("person-name", |t| t.contains("张三")).await;

    // Generate: a draft first (no number), then Issue numbers, registers and previews it.
    app.click("person-generate-form").await;
    app.find("generate-dialog").await;
    app.select("field-form-kind", "commitment").await;
    app.click("form-generate").await;
    app.find("form-draft").await;
    app.click("form-issue").await;
    let generated = app.find("generated-form").await;
    app.wait_count(&tid("form-preview-page"), 1).await;
    let number = generated.attr("data-number").await.unwrap().expect("the form's number");
    assert!(number.ends_with("-0001"), "the year's first form: {number}");
    app.screenshot(&artifact("form-preview.png")).await;

    // Save as PDF where the clerk chose in the save dialog.
    let pdf = desk.data.path().join("commitment.pdf");
    desk.answer_dialog(&pdf);
    app.click("form-save").await;
    app.wait_text("form-saved", |t| t.contains("commitment.pdf")).await;
    let bytes = std::fs::read(&pdf).expect("the PDF was written");
    assert!(bytes.starts_with(b"%PDF-"));
    app.click("generate-close").await;

    // The Forms screen lists it as not returned.
    app.click("nav-forms").await;
    let rows = app.wait_count(&tid("form-row"), 1).await;
    assert_eq!(rows[0].attr("data-number").await.unwrap().as_deref(), Some(number.as_str()));
    assert_eq!(rows[0].attr("data-returned").await.unwrap().as_deref(), Some("false"));
    assert!(inner_text(&rows[0]).await.contains("张三"));
    let code = inner_text(&rows[0]).await.split_whitespace().find(|w| w.len() == 11 && w.chars().nth(5) == Some('-')).map(str::to_owned);
    app.screenshot(&artifact("forms-screen.png")).await;

    // Mark the signed copy received (today, the dialog's default), with its scan (here: the
    // saved PDF), chosen in the file dialog.
    app.click("form-mark-received").await;
    app.find("received-dialog").await;
    desk.answer_dialog(&pdf);
    app.click("field-scan").await;
    app.wait_text("field-scan-name", |t| t.contains("commitment.pdf")).await;
    app.click("received-save").await;
    app.wait_text("form-received-on", |t| !t.is_empty()).await;
    app.wait_text("forms-notice", |t| t.contains(&number)).await;
    // The scan is kept inside the register: nothing beside it holds it.
    let folder = desk.db_path().parent().unwrap().to_path_buf();
    assert!(!folder.join("scans").exists(), "no scans folder beside the register");
    for entry in std::fs::read_dir(&folder).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(!name.ends_with(".pdf"), "a scan beside the register: {name}");
    }
    // Opened from the row: a checked copy, outside the register's folder, goes to the viewer.
    app.click("form-open-scan").await;
    let mut opened = None;
    for _ in 0..100 {
        opened = desk
            .viewer_log()
            .lines()
            .filter_map(|l| l.strip_prefix("open "))
            .find(|p| p.ends_with(".pdf") && std::path::Path::new(p) != pdf.as_path())
            .map(str::to_owned);
        if opened.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let opened = std::path::PathBuf::from(opened.unwrap_or_else(|| panic!("the scan went to the viewer: {}", desk.viewer_log())));
    assert!(!opened.starts_with(&folder), "the viewer's copy is not beside the register: {}", opened.display());
    assert_eq!(std::fs::read(&opened).unwrap(), std::fs::read(&pdf).unwrap(), "the viewer shows the scan as it was received");

    // Not returned: none left. Returned: this one.
    app.click("forms-filter-outstanding").await;
    app.wait_count(&tid("form-row"), 0).await;
    app.click("forms-filter-returned").await;
    app.wait_count(&tid("form-row"), 1).await;

    // To the form's person and back: the register filtered as it was left.
    let row = app.wait_count(&tid("form-row"), 1).await;
    row[0].find(fantoccini::Locator::Css(".btn-link")).await.unwrap().click().await.unwrap();
    app.wait_text("person-name", |t| t.contains("张三")).await;
    app.click("back-to-people").await;
    app.wait_count(&tid("form-row"), 1).await;
    assert_eq!(app.find("forms-filter-returned").await.attr("aria-pressed").await.unwrap().as_deref(), Some("true"));

    // Look it up by the code printed on the paper.
    let code = code.expect("the row shows the verification code");
    app.type_into("forms-code", &code.to_lowercase()).await;
    app.click("forms-verify").await;
    let result = app.wait_text("forms-verify-result", |t| t.contains(&number)).await;
    assert!(result.contains("一致") && !result.contains("不一致"), "{result}");
    assert!(result.contains("扫描件完好"), "the kept scan matches its hash: {result}");
    app.screenshot(&artifact("forms-verified.png")).await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_office_name_and_a_broken_template_in_settings() {
    let desk = Desk::new("en_US.UTF-8").with_admin("Wang Fang");
    let app = desk.open().await;
    app.click("nav-settings").await;
    app.find("settings-forms").await;

    // The header every form prints: the office's name, kept.
    app.client.find(fantoccini::Locator::Css(&tid("office-name"))).await.unwrap().clear().await.unwrap();
    app.type_into("office-name", "某研究所保密办公室").await;
    app.click("form-header-save").await;
    app.find("form-header-saved").await;

    // A template that does not compile: refused with its line, none taken.
    let broken = desk.data.path().join("broken.typ");
    std::fs::write(&broken, "#let x = (\n").unwrap();
    app.select("template-kind", "commitment").await;
    desk.answer_dialog(&broken);
    app.click("template-choose").await;
    app.wait_text("template-choose-name", |t| t.contains("broken.typ")).await;
    app.click("template-load").await;
    let error = app.wait_text("error-path", |t| !t.is_empty()).await;
    assert!(error.contains("does not compile") && error.contains(":1"), "{error}");
    assert!(app.find_all(&tid("office-template")).await.is_empty());
    app.screenshot(&artifact("settings-forms.png")).await;

    // Back in a fresh window the name is still there.
    app.quit().await;
    let app = desk.open().await;
    app.click("nav-settings").await;
    app.wait_value("office-name", |v| v == "某研究所保密办公室").await;
    app.quit().await;
}
