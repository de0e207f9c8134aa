//! Issue 13 on a laptop's 1366×768 screen in the Chinese window: the first start asks the
//! office's names, the operator, the policy and the print language; a form is looked at as a
//! draft (no number used, 样稿 / DRAFT in its PDF) and then issued; a form is voided with its
//! reason and printed again as a copy (副本 / COPY, 已作废 / VOID in its PDF); two signed copies
//! are marked received at once.

use std::path::Path;
use std::process::Command;

use fantoccini::Locator;
use serde_json::Value;

use crate::harness::{artifact, css, inner_text, tid, App, Desk, PASSWORD};

/// The PDF's text with whitespace removed (table cells wrap where the layout did).
fn pdf_text(path: &Path) -> String {
    let out = Command::new("pdftotext").arg("-enc").arg("UTF-8").arg(path).arg("-").output().expect("pdftotext (poppler-utils)");
    assert!(out.status.success(), "pdftotext: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().chars().filter(|c| !c.is_whitespace()).collect()
}

fn json(desk: &Desk, args: &[&str]) -> Value {
    serde_json::from_str(&desk.cli(args)).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

fn forms_total(desk: &Desk) -> i64 {
    json(desk, &["form", "list", "--json"])["total"].as_i64().unwrap()
}

fn audit_actions(desk: &Desk) -> Vec<String> {
    let page = json(desk, &["audit", "list", "--limit", "500", "--json"]);
    let rows = page.get("rows").or_else(|| page.get("entries")).cloned().unwrap_or(page);
    rows.as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap_or_default().to_owned())
        // The window's automatic backup, some seconds after it starts, is not the clerk's doing.
        .filter(|a| a != "register.backup")
        .collect()
}

fn row_selector(number: &str) -> String {
    format!("[data-testid=\"form-row\"][data-number=\"{number}\"]")
}

async fn in_row(app: &App, number: &str, testid: &str) -> fantoccini::elements::Element {
    let row = app.client.wait().for_element(Locator::Css(&row_selector(number))).await.expect("the form's row");
    row.find(Locator::Css(&tid(testid))).await.unwrap_or_else(|e| panic!("{testid} in row {number}: {e}"))
}

async fn row_attr(app: &App, number: &str, attr: &str) -> String {
    let row = app.client.find(css(&row_selector(number))).await.expect("the form's row");
    row.attr(attr).await.unwrap().unwrap_or_default()
}

async fn wait_row_attr(app: &App, number: &str, attr: &str, value: &str) {
    for _ in 0..100 {
        if row_attr(app, number, attr).await == value {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("row {number}: {attr} never became {value}");
}

#[tokio::test(flavor = "multi_thread")]
async fn first_start_then_a_draft_issued_voided_copied_and_two_copies_received_at_once() {
    let desk = Desk::with_screen("zh_CN.UTF-8", 1366, 768);
    let app = desk.open_signed_out().await;
    app.resize(1366, 768).await;
    // Signed in on a register with no office's name yet: the window asks the first-start questions.
    app.sign_in("王芳", PASSWORD).await;

    // First start, in Chinese: the office's names, the policy, the print language (who is at the
    // keyboard is the account signed in).
    app.find("first-start").await;
    app.find("setup-office-name").await;
    let language = app.find("setup-form-language").await.prop("value").await.unwrap().unwrap_or_default();
    assert_eq!(language, "zh-CN", "the forms print in the window's language by default");
    let policy = app.find("setup-policy").await.prop("value").await.unwrap().unwrap_or_default();
    assert_eq!(policy, "prc-2024");
    let screen = inner_text(&app.find("first-start").await).await;
    assert!(screen.contains("保密工作机构名称") && screen.contains("开始使用"), "{screen}");
    // Nothing typed: refused under the fields, nothing kept.
    app.click("operator-save").await;
    app.wait_text("error-office_name", |t| t.contains("不能为空")).await;
    app.screenshot(&artifact("first-start-zh-refused.png")).await;
    app.type_into("setup-office-name", "东方研究院保密处").await;
    app.type_into("setup-office-name-en", "Secrecy Division, Eastern Institute").await;
    app.screenshot(&artifact("first-start-zh.png")).await;
    app.click("operator-save").await;
    app.wait_text("operator-current", |t| t.contains("王芳")).await;
    // Two people added on the command line meanwhile (a register with people and no office's
    // name is not asked the first-start questions: they come after them here).
    for (name, staff, id) in [("张三", "S0001", "440304198506171238"), ("李四", "S0002", "110105198001010016")] {
        desk.cli(&[
            "person",
            "add",
            "--name",
            name,
            "--staff-no",
            staff,
            "--id-number",
            id,
            "--unit",
            "机要室",
            "--level",
            "important",
            "--json",
        ]);
    }
    let settings = json(&desk, &["form", "settings", "--json"]);
    assert_eq!(settings["office_name"], "东方研究院保密处");
    assert_eq!(settings["office_name_en"], "Secrecy Division, Eastern Institute");
    assert_eq!(settings["language"], "zh-CN");

    // 张三's page: generate a commitment. First the draft: no number, nothing registered.
    app.click("nav-people").await;
    let rows = app.wait_count(&tid("person-row"), 2).await;
    let mut zhang = None;
    for row in rows {
        if inner_text(&row).await.contains("张三") {
            zhang = Some(row);
        }
    }
    zhang.expect("张三's row").find(Locator::Css("td")).await.unwrap().click().await.unwrap();
    app.wait_text("person-name", |t| t.contains("张三")).await;
    let audited_before = audit_actions(&desk).len();
    app.click("person-generate-form").await;
    app.find("generate-dialog").await;
    app.select("field-form-kind", "commitment").await;
    app.click("form-generate").await;
    app.find("form-draft").await;
    app.wait_count(&tid("form-preview-page"), 1).await;
    assert!(!app.is_present("generated-form").await);
    app.screenshot(&artifact("form-draft.png")).await;
    assert_eq!(forms_total(&desk), 0, "looking at a form uses no number");
    assert_eq!(audit_actions(&desk).len(), audited_before, "nor is it audited");

    // The draft saved to be checked on paper: 样稿 / DRAFT, no number, the office's name.
    let draft = desk.data.path().join("draft.pdf");
    desk.answer_dialog(&draft);
    app.click("form-draft-save").await;
    app.wait_text("form-draft-saved", |t| t.contains("draft.pdf")).await;
    let text = pdf_text(&draft);
    assert!(text.contains("样稿/DRAFT") && text.contains("样稿（未编号）"), "{text}");
    assert!(text.contains("东方研究院保密处") && text.contains("张三"), "{text}");
    assert!(!text.contains("-0001"), "no number on the draft: {text}");
    assert_eq!(forms_total(&desk), 0, "a saved draft is still not issued");

    // Issue: numbered, registered; the original saved where the clerk chose.
    app.click("form-issue").await;
    let number = app.find("generated-form").await.attr("data-number").await.unwrap().expect("the number");
    assert!(number.ends_with("-0001"), "{number}");
    assert_eq!(forms_total(&desk), 1);
    let original = desk.data.path().join("original.pdf");
    desk.answer_dialog(&original);
    app.click("form-save").await;
    app.wait_text("form-saved", |t| t.contains("original.pdf")).await;
    app.screenshot(&artifact("form-issued.png")).await;
    let text = pdf_text(&original);
    assert!(text.contains(&number) && text.contains("东方研究院保密处"), "{text}");
    assert!(!text.contains("样稿") && !text.contains("DRAFT") && !text.contains("COPY"), "{text}");
    app.click("generate-close").await;

    // Two more forms from the command line, about 李四.
    let out = desk.data.path().join("cli.pdf");
    for kind in ["review", "commitment"] {
        desk.cli(&["form", "render", kind, "--person", "S0002", "--out", out.to_str().unwrap(), "--json"]);
    }
    let year = &number[..4];
    let (second, third) = (format!("{year}-0002"), format!("{year}-0003"));

    // The Forms screen: void the third with its reason.
    app.click("nav-forms").await;
    app.wait_count(&tid("form-row"), 3).await;
    in_row(&app, &third, "form-void").await.click().await.unwrap();
    app.find("void-dialog").await;
    app.click("void-save").await;
    app.wait_text("error-reason", |t| t.contains("不能为空")).await;
    assert_eq!(row_attr(&app, &third, "data-voided").await, "false", "refused: nothing changed");
    app.type_into("field-void-reason", "姓名打错,已重新出具").await;
    app.click("void-save").await;
    wait_row_attr(&app, &third, "data-voided", "true").await;
    app.wait_text("forms-notice", |t| t.contains(&third)).await;
    let reason = inner_text(&in_row(&app, &third, "form-void-reason").await).await;
    assert!(reason.contains("姓名打错"), "{reason}");

    // Its copy: 副本 / COPY with the same number, 已作废 / VOID with the reason.
    let copy = desk.data.path().join("copy.pdf");
    desk.answer_dialog(&copy);
    in_row(&app, &third, "form-reprint").await.click().await.unwrap();
    app.wait_text("forms-notice", |t| t.contains("copy.pdf")).await;
    let text = pdf_text(&copy);
    for words in ["副本/COPY", "已作废/VOID", "姓名打错,已重新出具", third.as_str()] {
        assert!(text.contains(words), "{words} not in the copy: {text}");
    }
    assert_eq!(forms_total(&desk), 3, "a copy issues nothing");

    // Two signed copies received at once; the voided one cannot be ticked.
    let voided_row = app.client.find(css(&row_selector(&third))).await.unwrap();
    assert!(voided_row.find(css(&tid("form-tick"))).await.is_err(), "no tick on a voided form");
    in_row(&app, &number, "form-tick").await.click().await.unwrap();
    in_row(&app, &second, "form-tick").await.click().await.unwrap();
    app.screenshot(&artifact("forms-ticked.png")).await;
    app.click("forms-mark-selected").await;
    app.find("batch-received-dialog").await;
    let listed = app.text("batch-received-list").await;
    assert!(listed.contains(&number) && listed.contains(&second), "{listed}");
    app.click("batch-received-save").await;
    wait_row_attr(&app, &number, "data-returned", "true").await;
    wait_row_attr(&app, &second, "data-returned", "true").await;
    assert_eq!(row_attr(&app, &third, "data-returned").await, "false");
    app.wait_text("forms-notice", |t| t.contains(&number) && t.contains(&second)).await;
    app.screenshot(&artifact("forms-received-two.png")).await;
    let actions = audit_actions(&desk);
    assert_eq!(actions.iter().filter(|a| *a == "form.received").count(), 2, "each its own entry: {actions:?}");
    assert_eq!(actions.iter().filter(|a| *a == "form.void").count(), 1, "{actions:?}");
    assert_eq!(actions.iter().filter(|a| *a == "form.reprint").count(), 1, "{actions:?}");

    // The Voided filter shows the one voided.
    app.click("forms-filter-voided").await;
    app.wait_count(&tid("form-row"), 1).await;
    app.quit().await;
}
