//! A person's photo in the real window at 1366×768 (issue 13): chosen through the open dialog,
//! shown on the person page, a file that is not a picture refused with the photo as it was, the
//! review form printing it (the PDF holds the image; its page rendered to PNG for a look), and
//! removed again.

use std::path::Path;
use std::process::Command;

use crate::harness::{artifact, tid, App, Desk};

/// A portrait picture as a phone would save it (larger than kept, another shape).
fn portrait(path: &Path) {
    let img = image::RgbImage::from_fn(1200, 1500, |x, y| {
        let (dx, dy) = (x as f32 - 600.0, y as f32 - 620.0);
        if dx * dx / 260.0f32.powi(2) + dy * dy / 330.0f32.powi(2) < 1.0 || (y > 1080 && dx.abs() < 520.0) {
            image::Rgb([58, 66, 88])
        } else {
            image::Rgb([196, 214, 236])
        }
    });
    img.save(path).unwrap();
}

/// `pdfimages -list`: (width, height) of each image in the PDF.
fn pdf_images(pdf: &Path) -> Vec<(u32, u32)> {
    let out = Command::new("pdfimages").arg("-list").arg(pdf).output().expect("pdfimages (poppler-utils)");
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .skip(2)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            Some((cols.get(3)?.parse().ok()?, cols.get(4)?.parse().ok()?))
        })
        .collect()
}

async fn open_person(app: &App, name: &str) {
    app.click("nav-people").await;
    let rows = app.wait_count(&tid("person-row"), 1).await;
    rows[0].find(fantoccini::Locator::Css("td")).await.unwrap().click().await.unwrap();
    app.wait_text("person-name", |t| t.contains(name)).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_photo_chosen_in_the_dialog_is_shown_and_printed_on_the_review_form() {
    let desk = Desk::with_screen("zh_CN.UTF-8", 1366, 768);
    desk.cli(&["settings", "language", "zh-CN"]);
    desk.cli(&[
        "person",
        "add",
        "--name",
        "张三",
        "--staff-no",
        "S0001",
        "--id-number",
        "440304198506171238",
        "--unit",
        "机要室",
        "--post",
        "机要员",
        "--level",
        "core",
    ]);
    let app = desk.open().await;
    app.resize(1366, 768).await;
    open_person(&app, "张三").await;

    // No photo yet: an empty 一寸 box that says so.
    app.find("person-photo-empty").await;

    // Chosen in the open dialog (the test seam answers it with this file).
    let picture = desk.data.path().join("张三 证件照.jpg");
    portrait(&picture);
    desk.answer_dialog(&picture);
    app.click("person-photo-choose").await;
    let img = app.find("person-photo-image").await;
    let src = img.attr("src").await.unwrap().unwrap_or_default();
    assert!(src.starts_with("data:image/jpeg;base64,"), "shown from the register: {}", &src[..src.len().min(40)]);
    let natural =
        app.client.execute("return document.querySelector('[data-testid=\"person-photo-image\"]').naturalWidth", vec![]).await.unwrap();
    assert_eq!(natural.as_u64(), Some(295), "the kept photo is 295 px wide");
    app.wait_text("person-photo-notice", |t| t.contains("照片已保存")).await;
    app.wait_text("person-history", |t| t.contains("添加照片")).await;
    app.scroll_to("person-photo").await;
    app.screenshot(&artifact("photo-person-page.png")).await;

    // A file that is not a picture: refused in words, the photo as it was.
    let text = desk.data.path().join("说明.jpg");
    std::fs::write(&text, "这不是图片").unwrap();
    desk.answer_dialog(&text);
    app.click("person-photo-choose").await;
    let error = app.wait_text("person-photo-error", |t| !t.is_empty()).await;
    assert!(error.contains("不是 JPEG 或 PNG 图片") && error.contains("未作任何更改"), "{error}");
    assert_eq!(app.find("person-photo-image").await.attr("src").await.unwrap().unwrap_or_default(), src);
    app.scroll_to("person-photo-error").await;
    app.screenshot(&artifact("photo-refused.png")).await;

    // The review form prints it.
    let pdf = desk.data.path().join("review.pdf");
    generate_review(&desk, &app, &pdf).await;
    assert_eq!(pdf_images(&pdf), vec![(295, 413)], "the photo box holds the photo");
    let png = artifact("photo-review-form");
    let status = Command::new("pdftoppm").args(["-r", "90", "-png", "-singlefile", "-f", "1", "-l", "1"]).arg(&pdf).arg(&png).status();
    assert!(status.is_ok_and(|s| s.success()), "pdftoppm renders the page");

    // Removed, after asking.
    app.click("person-photo-remove").await;
    app.click("person-photo-remove-confirm").await;
    app.find("person-photo-empty").await;
    app.wait_text("person-history", |t| t.contains("删除照片")).await;

    // Dropped on the page: the window's drag-and-drop event (as the webview reports a file
    // dragged from the file manager) sets it again.
    let dropped = desk.data.path().join("dropped.png");
    portrait(&dropped);
    let script = "return window.__TAURI_INTERNALS__.invoke('plugin:event|emit', \
        { event: 'tauri://drag-drop', payload: { paths: [arguments[0]], position: { x: 300, y: 600 } } })";
    app.client.execute(script, vec![serde_json::json!(dropped.to_str().unwrap())]).await.unwrap();
    app.find("person-photo-image").await;
    app.wait_text("person-history", |t| t.matches("添加照片").count() == 2).await;
    assert!(app.is_present("person-page").await, "the page stays: the webview never opens the dropped file");
    app.quit().await;
}

/// Generates the person's review form from their page and saves its PDF as `pdf`, through the
/// save dialog when the dialog asks for the file (else the path field).
async fn generate_review(desk: &Desk, app: &App, pdf: &Path) {
    app.click("person-generate-form").await;
    app.find("generate-dialog").await;
    app.select("field-form-kind", "review").await;
    app.click("form-generate").await;
    app.wait_count(&tid("form-preview-page"), 1).await;
    app.screenshot(&artifact("photo-review-preview.png")).await;
    if app.is_present("form-issue").await {
        app.click("form-issue").await;
        app.find("generated-form").await;
    }
    desk.answer_dialog(pdf);
    if app.is_present("field-save-path").await {
        app.type_into("field-save-path", pdf.to_str().unwrap()).await;
    }
    app.click("form-save").await;
    app.wait_text("form-saved", |t| t.contains("review.pdf")).await;
    app.click("generate-close").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_photo_set_on_the_command_line_shows_in_the_english_window() {
    let desk = Desk::with_screen("en_US.UTF-8", 1366, 768);
    desk.cli(&["settings", "language", "en"]);
    desk.cli(&[
        "person",
        "add",
        "--name",
        "Li Na",
        "--staff-no",
        "S0002",
        "--id-number",
        "320106199001010040",
        "--unit",
        "Records",
        "--level",
        "general",
    ]);
    let picture = desk.data.path().join("li-na.png");
    portrait(&picture);
    desk.cli(&["person", "photo", "S0002", "--file", picture.to_str().unwrap()]);
    let app = desk.open().await;
    app.resize(1366, 768).await;
    open_person(&app, "Li Na").await;
    app.find("person-photo-image").await;
    app.wait_text("person-history", |t| t.contains("Photo added") && t.contains("295 × 413 pixels")).await;
    app.scroll_to("person-photo").await;
    app.screenshot(&artifact("photo-person-page-en.png")).await;
    app.click("person-photo-remove").await;
    app.find("person-photo-remove-ask").await;
    app.screenshot(&artifact("photo-remove-ask-en.png")).await;
    app.quit().await;
}
