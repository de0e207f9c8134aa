//! A person's photo in a form's photo box (issue 13): the review form with a photo prints it (the
//! PDF holds an image of its size, `pdfimages -list`), without one prints the empty box; the
//! photo travels in the form's content, so rendering that content again prints the same photo.

use std::process::Command;

use clearance_forms::{sample, shipped_template, FormBody, FormData, FormKind, FormRenderer, Photo};

/// A portrait test picture: a grey background, a darker "head" and "shoulders", as a JPEG of the
/// size the app keeps (295 × 413).
fn portrait_jpeg() -> Vec<u8> {
    let img = image::RgbImage::from_fn(295, 413, |x, y| {
        let (dx, dy) = (x as f32 - 147.0, y as f32 - 160.0);
        if dx * dx / 70.0f32.powi(2) + dy * dy / 90.0f32.powi(2) < 1.0 || (y > 290 && dx.abs() < 130.0) {
            image::Rgb([60, 70, 90])
        } else {
            image::Rgb([200, 215, 235])
        }
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90).encode_image(&img).unwrap();
    out
}

fn review_with(photo: Option<Photo>) -> FormData {
    let mut form = sample::form(FormKind::Review, sample::chinese_person());
    if let FormBody::Review(r) = &mut form.body {
        r.person.photo = photo;
    }
    form
}

/// `pdfimages -list` rows: (width, height) of each image in the PDF.
fn pdf_images(pdf: &[u8]) -> Vec<(u32, u32)> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("form.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdfimages").arg("-list").arg(&path).output().expect("pdfimages (poppler-utils) is installed");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
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

#[test]
fn the_review_form_prints_the_photo_in_its_box() {
    let renderer = FormRenderer::new();
    let photo = Photo::new(portrait_jpeg()).expect("a JPEG is a photo");
    let with = renderer.render(&review_with(Some(photo.clone()))).unwrap();
    assert_eq!(pdf_images(&with.pdf), vec![(295, 413)], "the photo is the PDF's one image, at its own size");
    if let Ok(dir) = std::env::var("PHOTO_FORM_OUT") {
        std::fs::write(std::path::Path::new(&dir).join("review-with-photo.pdf"), &with.pdf).unwrap();
    }

    let without = renderer.render(&review_with(None)).unwrap();
    assert!(pdf_images(&without.pdf).is_empty(), "no photo: an empty box");
    assert_ne!(with.forms[0].content_hash, without.forms[0].content_hash, "the photo is part of what the code vouches for");
}

#[test]
fn the_photo_travels_in_the_content_and_prints_again() {
    let renderer = FormRenderer::new();
    let form = review_with(Some(Photo::new(portrait_jpeg()).unwrap()));
    let first = renderer.render(&form).unwrap();
    // What the issued-forms register keeps, read back.
    let stored = serde_json::to_string(&form).unwrap();
    let again: FormData = serde_json::from_str(&stored).unwrap();
    assert_eq!(again, form);
    let second = renderer.render(&again).unwrap();
    assert_eq!(second.forms[0].content_hash, first.forms[0].content_hash);
    assert_eq!(pdf_images(&second.pdf), vec![(295, 413)]);
}

#[test]
fn a_form_without_a_photo_keeps_its_content_as_before() {
    // Issued before photos existed: no `photo` key, the same hash as then.
    let form = review_with(None);
    let json = serde_json::to_value(&form).unwrap();
    assert!(json["body"]["person"].get("photo").is_none());
}

#[test]
fn only_jpeg_and_png_are_photos() {
    assert!(Photo::new(b"%PDF-1.7".to_vec()).is_none());
    assert!(Photo::new(b"GIF89a".to_vec()).is_none());
    let stored = r#"{"file": "/photo/x.jpg", "data": "R0lGODlh"}"#;
    assert!(serde_json::from_str::<Photo>(stored).is_err(), "a GIF in stored content is refused");
}

#[test]
fn a_batch_prints_each_persons_own_photo() {
    let renderer = FormRenderer::new();
    let a = Photo::new(portrait_jpeg()).unwrap();
    let img = image::RgbImage::from_pixel(295, 413, image::Rgb([10, 120, 40]));
    let mut png = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
    let b = Photo::new(png).unwrap();
    assert_ne!(a.file(), b.file());
    let forms = [review_with(Some(a)), review_with(None), review_with(Some(b))];
    let rendered = renderer.render_batch(FormKind::Review, &forms).unwrap();
    assert_eq!(pdf_images(&rendered.pdf).len(), 2, "two photos, one empty box");
}

#[test]
fn an_offices_copy_is_checked_with_a_photo_in_its_box() {
    let renderer = FormRenderer::new();
    let shipped = shipped_template(FormKind::Review);
    assert!(renderer.check_template(FormKind::Review, shipped).is_ok());
    // A copy that reads the photo as something it is not fails the check, not a clerk's form.
    let broken =
        format!("{shipped}\n#context {{ let p = json(bytes(sys.inputs.at(\"data\"))).forms.at(0).body.person; image(p.photo.file) }}\n");
    let error = renderer.check_template(FormKind::Review, &broken).unwrap_err();
    assert!(error.line.is_some(), "{error}");
    // The sample photo prints.
    let form = sample::form(FormKind::Review, clearance_forms::Person { photo: Some(sample::photo()), ..sample::chinese_person() });
    assert_eq!(pdf_images(&renderer.render(&form).unwrap().pdf), vec![(295, 413)]);
}
