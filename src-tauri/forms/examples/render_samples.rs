//! Renders every form with the sample data into a folder, and lays out beside the PDFs what is
//! needed to work on a template with the Typst CLI: the templates, the QR images and each
//! sample's input, so that in that folder
//!
//! `typst compile commitment.typ --input data="$(cat commitment-zh.json)"`
//!
//! renders what the app renders.
//!
//! `cargo run -p clearance-forms --example render_samples -- [OUT_DIR] [bilingual|zh-CN|en]`

use std::path::PathBuf;

use clearance_forms::{qr_svg, sample, shipped_template, FormKind, FormRenderer, LanguageMode};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().unwrap_or_else(|| "target/form-samples".into()));
    let language = match args.next() {
        Some(s) => LanguageMode::parse(&s).ok_or(format!("unknown language mode {s}"))?,
        None => LanguageMode::Bilingual,
    };
    std::fs::create_dir_all(out.join("qr"))?;
    std::fs::write(out.join("common.typ"), include_str!("../../../forms/common.typ"))?;
    let renderer = FormRenderer::new();
    for kind in FormKind::ALL {
        std::fs::write(out.join(kind.template_file()), shipped_template(kind))?;
        for (who, person) in [("zh", sample::chinese_person()), ("en", sample::english_person())] {
            let mut form = sample::form(kind, person);
            form.header.language = language;
            let started = std::time::Instant::now();
            let rendered = renderer.render(&form)?;
            let elapsed = started.elapsed();
            let stem = format!("{}-{who}", kind.id());
            std::fs::write(out.join(format!("{stem}.pdf")), &rendered.pdf)?;
            let code = &rendered.forms[0].verification_code;
            std::fs::write(out.join(format!("qr/{code}.svg")), qr_svg(code).unwrap_or_default())?;
            std::fs::write(out.join(format!("{stem}.json")), renderer.template_input(std::slice::from_ref(&form)))?;
            println!("{stem}.pdf: {} page(s), {} KB, {elapsed:?}, code {code}", rendered.pages, rendered.pdf.len() / 1024);
        }
    }
    Ok(())
}
