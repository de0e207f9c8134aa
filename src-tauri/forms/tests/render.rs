//! Renders every form and reads the PDF back with poppler's `pdftotext` / `pdfinfo`
//! (Debian `poppler-utils`).

use std::process::Command;
use std::sync::LazyLock;

use clearance_forms::{
    normalize_code, sample, shipped_template, CustomTemplate, FormBody, FormData, FormError, FormKind, FormRenderer, LanguageMode, Person,
    SHIPPED_TEMPLATE_VERSION,
};

static RENDERER: LazyLock<FormRenderer> = LazyLock::new(FormRenderer::new);

/// The text of a PDF with all whitespace removed: table cells wrap and pdftotext puts line
/// breaks and spaces where the layout did, so comparisons ignore whitespace.
fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("form.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out =
        Command::new("pdftotext").arg("-enc").arg("UTF-8").arg(&path).arg("-").output().expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
    squash(&String::from_utf8(out.stdout).unwrap())
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn pdf_pages(pdf: &[u8]) -> usize {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("form.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdfinfo").arg(&path).output().expect("pdfinfo is installed");
    let info = String::from_utf8(out.stdout).unwrap();
    info.lines().find_map(|l| l.strip_prefix("Pages:")).map(|n| n.trim().parse().unwrap()).expect("pdfinfo prints Pages:")
}

fn assert_contains(text: &str, expected: &str, what: &str) {
    // pdftotext joins a word broken after a hyphen at the end of a line and drops the hyphen
    // ("Featherstonehaugh-" / "Worthington"): accept that reading too.
    let found = text.contains(&squash(expected)) || text.replace('-', "").contains(&squash(expected).replace('-', ""));
    assert!(found, "{what}: {expected:?} not found in the PDF text:\n{text}");
}

/// Dates each sample form prints, in the format of `language`.
fn expected_dates(kind: FormKind, language: LanguageMode) -> Vec<&'static str> {
    let zh = language != LanguageMode::En;
    let pick = |z: &'static str, e: &'static str| if zh { z } else { e };
    let mut dates = vec![pick("2025年3月3日", "3 March 2025")]; // issue date
    dates.extend(match kind {
        FormKind::Review => vec![pick("2025年4月2日", "2 April 2025"), pick("2025年3月18日", "18 March 2025")],
        FormKind::Commitment => vec![pick("2021年6月1日", "1 June 2021"), pick("2024年3月1日", "1 March 2024")],
        FormKind::Departure => vec![pick("2025年3月31日", "31 March 2025"), pick("2026年3月31日", "31 March 2026")],
        FormKind::TravelApproval => vec![pick("2025年4月7日", "7 April 2025"), pick("2025年4月16日", "16 April 2025")],
        FormKind::TravelReport => vec![pick("2025年4月17日", "17 April 2025"), pick("2025年4月24日", "24 April 2025")],
        FormKind::DocumentReceipt => vec![pick("2025年4月2日", "2 April 2025"), pick("2029年8月19日", "19 August 2029")],
        FormKind::RegisterList => vec![pick("2026年3月3日", "3 March 2026")],
    });
    dates
}

fn check_form(kind: FormKind, person: Person, language: LanguageMode) {
    let mut form = sample::form(kind, person.clone());
    form.header.language = language;
    let rendered = RENDERER.render(&form).unwrap_or_else(|e| panic!("{kind} {language:?}: {e}"));
    assert!(rendered.fallback_error.is_none());
    assert_eq!(rendered.template_version, SHIPPED_TEMPLATE_VERSION);
    assert_eq!(pdf_pages(&rendered.pdf), rendered.pages);
    // The departure form is two pages by design: the commitment, then the notice handed over.
    let pages = if kind == FormKind::Departure { 2 } else { 1 };
    assert_eq!(rendered.pages, pages, "{kind} {language:?} for {}: {pages} page(s)", person.name);

    let text = pdf_text(&rendered.pdf);
    let what = format!("{kind} {language:?}");
    assert_contains(&text, &person.name, &what);
    assert_contains(&text, &person.staff_no, &what);
    assert_contains(&text, &form.header.form_number, &what);
    assert_contains(&text, &rendered.forms[0].verification_code, &what);
    for date in expected_dates(kind, language) {
        assert_contains(&text, date, &what);
    }
    let (title_zh, title_en) = kind.title();
    match language {
        LanguageMode::Bilingual => {
            assert_contains(&text, title_zh, &what);
            assert_contains(&text, title_en, &what);
        }
        LanguageMode::ZhCn => {
            assert_contains(&text, title_zh, &what);
            assert!(!text.contains(&squash(title_en)), "{what}: English title in a Chinese form");
        }
        LanguageMode::En => {
            assert_contains(&text, title_en, &what);
            assert!(!text.contains(title_zh), "{what}: Chinese title in an English form");
        }
    }
}

#[test]
fn every_form_renders_for_a_chinese_name() {
    for kind in FormKind::ALL {
        check_form(kind, sample::chinese_person(), LanguageMode::Bilingual);
    }
}

#[test]
fn every_form_renders_for_a_long_english_name() {
    for kind in FormKind::ALL {
        check_form(kind, sample::english_person(), LanguageMode::Bilingual);
    }
}

#[test]
fn every_form_renders_in_chinese_only_and_english_only() {
    for kind in FormKind::ALL {
        check_form(kind, sample::chinese_person(), LanguageMode::ZhCn);
        check_form(kind, sample::english_person(), LanguageMode::En);
    }
}

#[test]
fn han_characters_beyond_gb2312_and_the_bmp_survive() {
    let mut person = sample::chinese_person();
    person.name = "李喆堃䶮𠮷".into();
    person.unit = "𠮷野家研究室".into();
    for kind in [FormKind::Commitment, FormKind::RegisterList] {
        let rendered = RENDERER.render(&sample::form(kind, person.clone())).unwrap();
        let text = pdf_text(&rendered.pdf);
        assert_contains(&text, "李喆堃䶮𠮷", kind.id());
        assert_contains(&text, "𠮷野家研究室", kind.id());
    }
}

#[test]
fn markup_in_the_data_prints_literally() {
    let nasty =
        [r#"#eval("1 + 1")"#, "*bold* _emph_", "$x^2$", "<label> @ref", r"back\slash \ end", "#set page(width: 1cm)", "] [ } { // /* ```"];
    let mut person = sample::chinese_person();
    person.name = nasty[0].into();
    person.unit = nasty[1].into();
    person.post = nasty[2].into();
    person.phone = Some(nasty[3].into());
    person.id_number = Some(nasty[4].into());
    person.staff_no = nasty[5].into();
    let mut form = sample::form(FormKind::Commitment, person);
    form.header.office_name = nasty[6].into();
    let rendered = RENDERER.render(&form).unwrap();
    assert_eq!(rendered.pages, 1, "the set rule in the data did not apply");
    let text = pdf_text(&rendered.pdf);
    for s in nasty {
        assert_contains(&text, s, "injection");
    }
}

fn broken_commitment() -> String {
    // Line 5 calls a function that does not exist.
    "#import \"common.typ\": *\n\
     #render-forms(\n\
       title: (\"保密承诺书\", \"Commitment\"),\n\
       f => {\n\
         no-such-helper(f)\n\
       },\n\
     )\n"
    .to_owned()
}

#[test]
fn a_broken_custom_template_falls_back_with_its_line() {
    let renderer = FormRenderer::new()
        .with_custom_template(FormKind::Commitment, CustomTemplate { version: "office-2025".into(), source: broken_commitment() });
    let form = sample::form(FormKind::Commitment, sample::chinese_person());
    let rendered = renderer.render(&form).unwrap();
    let error = rendered.fallback_error.expect("the custom template failed");
    assert_eq!(error.file, "commitment.typ");
    assert_eq!(error.line, Some(5), "{error}");
    assert!(error.message.contains("no-such-helper"), "{error}");
    assert!(error.to_string().starts_with("commitment.typ:5:"), "{error}");
    // The shipped template printed the form.
    assert_eq!(rendered.template_version, SHIPPED_TEMPLATE_VERSION);
    let text = pdf_text(&rendered.pdf);
    assert_contains(&text, "李喆堃", "fallback");
    assert_contains(&text, "涉密人员保密承诺书", "fallback");
}

#[test]
fn a_syntax_error_is_reported_at_its_line() {
    let source = "#import \"common.typ\": *\n\n#let x = (\n";
    let error = RENDERER.check_template(FormKind::Review, source).unwrap_err();
    assert_eq!(error.file, "review.typ");
    assert!(error.line.is_some_and(|l| l >= 3), "{error}");
}

#[test]
fn an_error_inside_a_shared_helper_points_at_the_template_line_calling_it() {
    let source = shipped_template(FormKind::Commitment).replace("..person-rows(m, p),", "..person-rows(m, (name: \"x\")),");
    let line = source.lines().position(|l| l.contains("person-rows(m, (name")).unwrap() + 1;
    let error = RENDERER.check_template(FormKind::Commitment, &source).unwrap_err();
    assert_eq!((error.file.as_str(), error.line), ("commitment.typ", Some(line)), "{error}");
}

#[test]
fn a_working_custom_template_is_used_and_stamped_with_its_version() {
    let source = shipped_template(FormKind::Commitment)
        .replace("(\"涉密人员保密承诺书\", \"Confidentiality Commitment\")", "(\"本所涉密人员保密承诺书\", \"Our Commitment\")");
    assert!(RENDERER.check_template(FormKind::Commitment, &source).is_ok());
    let renderer = FormRenderer::new()
        .with_custom_template(FormKind::Commitment, CustomTemplate { version: "本所2025版".into(), source })
        .with_asset("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'/>".to_vec());
    let form = sample::form(FormKind::Commitment, sample::chinese_person());
    let rendered = renderer.render(&form).unwrap();
    assert!(rendered.fallback_error.is_none());
    assert_eq!(rendered.template_version, "本所2025版");
    let text = pdf_text(&rendered.pdf);
    assert_contains(&text, "本所涉密人员保密承诺书", "custom");
    assert_contains(&text, "本所2025版", "custom");
    // Other kinds still use the shipped templates.
    let review = renderer.render(&sample::form(FormKind::Review, sample::chinese_person())).unwrap();
    assert_eq!(review.template_version, SHIPPED_TEMPLATE_VERSION);
}

#[test]
fn a_custom_template_can_use_an_office_asset_and_nothing_from_disk() {
    let logo = "#import \"common.typ\": *\n#render-forms(f => image(\"logo.svg\", width: 1cm))\n";
    let renderer = FormRenderer::new().with_asset(
        "logo.svg",
        b"<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'><rect width='10' height='10'/></svg>".to_vec(),
    );
    assert!(renderer.check_template(FormKind::Commitment, logo).is_ok());
    let from_disk = "#import \"common.typ\": *\n#render-forms(f => read(\"/etc/passwd\"))\n";
    let error = renderer.check_template(FormKind::Commitment, from_disk).unwrap_err();
    assert_eq!(error.line, Some(2), "{error}");
}

#[test]
fn a_batch_of_n_forms_is_one_pdf_with_n_pages() {
    let forms: Vec<FormData> = (0..7)
        .map(|i| {
            let mut person = if i % 2 == 0 { sample::chinese_person() } else { sample::english_person() };
            person.staff_no = format!("B{i:03}");
            let mut form = sample::form(FormKind::Commitment, person);
            form.header.form_number = format!("BM-2025-{:04}", 100 + i);
            form
        })
        .collect();
    let rendered = RENDERER.render_batch(FormKind::Commitment, &forms).unwrap();
    assert_eq!(rendered.pages, 7);
    assert_eq!(pdf_pages(&rendered.pdf), 7);
    assert_eq!(rendered.forms.len(), 7);
    let text = pdf_text(&rendered.pdf);
    for (form, stamp) in forms.iter().zip(&rendered.forms) {
        assert_eq!(stamp.form_number, form.header.form_number);
        assert_contains(&text, &form.header.form_number, "batch");
        assert_contains(&text, &stamp.verification_code, "batch");
        let FormBody::Commitment(body) = &form.body else { unreachable!() };
        assert_contains(&text, &body.person.staff_no, "batch staff no");
    }
    let mut codes: Vec<_> = rendered.forms.iter().map(|s| &s.verification_code).collect();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), 7, "every form has its own code");
}

#[test]
fn a_batch_must_be_one_kind_and_not_empty() {
    assert!(matches!(RENDERER.render_batch(FormKind::Commitment, &[]), Err(FormError::EmptyBatch)));
    let forms = [sample::form(FormKind::Commitment, sample::chinese_person()), sample::form(FormKind::Review, sample::chinese_person())];
    assert!(matches!(
        RENDERER.render_batch(FormKind::Commitment, &forms),
        Err(FormError::KindMismatch { index: 1, found: FormKind::Review, .. })
    ));
}

#[test]
fn the_verification_code_follows_the_content_and_the_pdf_is_reproducible() {
    let form = sample::form(FormKind::Departure, sample::chinese_person());
    let a = RENDERER.render(&form).unwrap();
    let b = RENDERER.render(&form).unwrap();
    assert_eq!(a.forms, b.forms);
    assert_eq!(a.pdf, b.pdf, "the same data gives the same PDF");
    let code = &a.forms[0].verification_code;
    assert_eq!(normalize_code(&code.to_lowercase()).as_ref(), Some(code));
    assert_eq!(a.forms[0].content_hash.len(), 64);

    let mut changed = form.clone();
    changed.header.form_number.push('X');
    let c = RENDERER.render(&changed).unwrap();
    assert_ne!(c.forms[0].verification_code, *code);
}

#[test]
fn a_preview_is_one_svg_per_page_of_the_pdf() {
    let form = sample::form(FormKind::Departure, sample::chinese_person());
    let pages = RENDERER.render_svg(&form).unwrap();
    assert_eq!(pages.len(), RENDERER.render(&form).unwrap().pages);
    assert!(pages.iter().all(|p| p.starts_with("<svg") && p.contains("</svg>")));
}

#[test]
fn a_batch_larger_than_one_compile_chunk_is_still_one_document() {
    // The renderer lays out 50 forms per compile and joins the pages.
    let forms: Vec<FormData> = (0..61)
        .map(|i| {
            let mut form = sample::form(FormKind::Commitment, sample::chinese_person());
            form.header.form_number = format!("BM-2025-{:04}", 1000 + i);
            form
        })
        .collect();
    let rendered = RENDERER.render_batch(FormKind::Commitment, &forms).unwrap();
    assert_eq!(rendered.pages, 61);
    assert_eq!(pdf_pages(&rendered.pdf), 61);
    let text = pdf_text(&rendered.pdf);
    for (form, stamp) in forms.iter().zip(&rendered.forms) {
        assert_contains(&text, &form.header.form_number, "joined batch");
        assert_contains(&text, &stamp.verification_code, "joined batch");
    }
}

/// Keeps a PDF to look at when `FORMS_DUMP` names a folder.
fn dump(name: &str, pdf: &[u8]) {
    if let Some(dir) = std::env::var_os("FORMS_DUMP") {
        std::fs::write(std::path::Path::new(&dir).join(name), pdf).unwrap();
    }
}

#[test]
fn a_draft_is_watermarked_and_has_neither_number_nor_code() {
    let form = sample::form(FormKind::Commitment, sample::chinese_person());
    let original = RENDERER.render(&form).unwrap();
    let draft = RENDERER.render_marked(&form, &clearance_forms::Mark::Draft).unwrap();
    dump("draft.pdf", &draft.pdf);
    let text = pdf_text(&draft.pdf);
    // The diagonal watermark is drawn letter by letter; the banner under the title says it in words.
    assert_contains(&text, "样稿 / DRAFT", "the draft's banner");
    assert_contains(&text, "样稿（未编号）", "the number's place");
    assert!(!text.contains(&squash(&form.header.form_number)), "no number on a draft: {text}");
    let code = &original.forms[0].verification_code;
    assert!(!text.contains(code.as_str()), "no verification code on a draft: {text}");
    assert_contains(&text, "李喆堃", "the person");
    // The original is unmarked.
    let text = pdf_text(&original.pdf);
    assert!(!text.contains("DRAFT") && !text.contains("COPY") && !text.contains("VOID"), "{text}");
    // The on-screen preview carries the same mark.
    let pages = RENDERER.render_svg_marked(&form, Some(&clearance_forms::Mark::Draft)).unwrap();
    assert_eq!(pages.len(), original.pages);
}

#[test]
fn a_copy_keeps_the_number_and_code_and_a_void_copy_says_why() {
    let form = sample::form(FormKind::Review, sample::chinese_person());
    let original = RENDERER.render(&form).unwrap();
    let printed_on = chrono::NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
    let copy = RENDERER.render_marked(&form, &clearance_forms::Mark::Copy { printed_on, void: None }).unwrap();
    assert_eq!(copy.forms, original.forms, "the same stamps: a copy verifies as the original");
    let text = pdf_text(&copy.pdf);
    assert_contains(&text, "副本 / COPY", "the copy's banner");
    assert_contains(&text, &form.header.form_number, "the original number");
    assert_contains(&text, &original.forms[0].verification_code, "the code");
    assert_contains(&text, "2025年6月1日", "the day it was printed again");
    assert!(!text.contains("VOID"), "{text}");

    let void = clearance_forms::VoidMark { on: printed_on, reason: "姓名打错 *x*".into() };
    let voided = RENDERER.render_marked(&form, &clearance_forms::Mark::Copy { printed_on, void: Some(void) }).unwrap();
    dump("void-copy.pdf", &voided.pdf);
    let text = pdf_text(&voided.pdf);
    assert_contains(&text, "已作废 / VOID", "the void banner");
    assert_contains(&text, "副本 / COPY", "still a copy");
    assert_contains(&text, "姓名打错 *x*", "the reason, literally");
    let mut en = form.clone();
    en.header.language = LanguageMode::En;
    let voided = RENDERER
        .render_marked(
            &en,
            &clearance_forms::Mark::Copy {
                printed_on,
                void: Some(clearance_forms::VoidMark { on: printed_on, reason: "wrong name".into() }),
            },
        )
        .unwrap();
    let text = pdf_text(&voided.pdf);
    for words in ["VOID", "COPY", "Reason", "wrong name", "1 June 2025"] {
        assert_contains(&text, words, "English copy");
    }
}
