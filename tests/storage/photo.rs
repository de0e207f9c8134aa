//! A person's photograph (issue 13): set, replaced and removed, each an audit entry in words; a
//! file that is not a JPEG or PNG picture, too big, too small or damaged is refused with nothing
//! changed; the review form prints it and its stored content prints it again.

use std::path::{Path, PathBuf};

use clearance_domain::Lang;
use clearance_forms::FormKind;
use clearance_tracker_lib::office::PhotoView;

use super::{audit_count, register, sqlite_only, who, zhang_san, Register};

/// A picture file of `w` × `h` pixels in `dir`: the middle third green, the sides red (so a
/// crop about the centre can be seen), as JPEG or PNG by the name's extension.
fn picture(dir: &Path, name: &str, w: u32, h: u32) -> PathBuf {
    let img = image::RgbaImage::from_fn(w, h, |x, _| {
        if x >= w / 3 && x < 2 * w / 3 {
            image::Rgba([20, 160, 60, 255])
        } else {
            image::Rgba([200, 30, 30, 255])
        }
    });
    let path = dir.join(name);
    if name.ends_with(".png") {
        img.save(&path).unwrap();
    } else {
        image::DynamicImage::ImageRgba8(img).to_rgb8().save(&path).unwrap();
    }
    path
}

fn decoded(view: &PhotoView) -> image::RgbImage {
    use base64::Engine as _;
    let b64 = view.data_url.strip_prefix("data:image/jpeg;base64,").expect("a JPEG data URL");
    let bytes = base64::engine::general_purpose::STANDARD.decode(b64).unwrap();
    image::load_from_memory(&bytes).unwrap().to_rgb8()
}

fn dir(r: &Register) -> PathBuf {
    r.path.parent().unwrap().to_path_buf()
}

#[tokio::test]
async fn a_photo_is_set_replaced_and_removed_each_in_the_trail_in_words() {
    let r = register().await;
    r.office.add_person(&zhang_san()).await.unwrap();
    let id = who(&r.office, "S0001").await;
    assert!(r.office.person_photo(id).await.unwrap().is_none());

    // Set: a landscape picture, cropped about its centre to a 一寸 photo and scaled.
    let set = r.office.set_photo(id, &picture(&dir(&r), "IMG_0001.jpg", 1800, 900)).await.unwrap();
    assert_eq!((set.width, set.height), (295, 413));
    let img = decoded(&set);
    assert_eq!(img.dimensions(), (295, 413));
    let green = img.pixels().filter(|p| p.0[1] > 120 && p.0[0] < 100).count();
    assert!(green as f64 > 0.85 * f64::from(295 * 413), "the crop keeps the middle of the picture: {green} green pixels");
    assert!(set.bytes < 100 * 1024, "kept small: {} bytes", set.bytes);
    let shown = r.office.person_photo(id).await.unwrap().expect("the person has a photo");
    assert_eq!(shown.data_url, set.data_url);

    // Replace: a PNG, kept as a JPEG like every photo.
    let replaced = r.office.set_photo(id, &picture(&dir(&r), "portrait.png", 600, 800)).await.unwrap();
    assert_ne!(replaced.data_url, set.data_url);
    // The same picture again changes nothing and records nothing.
    let before = audit_count(&r).await;
    r.office.set_photo(id, &picture(&dir(&r), "portrait.png", 600, 800)).await.unwrap();
    assert_eq!(audit_count(&r).await, before);

    // Remove.
    r.office.remove_photo(id).await.unwrap();
    assert!(r.office.person_photo(id).await.unwrap().is_none());
    let err = r.office.remove_photo(id).await.unwrap_err();
    assert_eq!(err.code(), "photo.none");

    let history = r.office.person_detail(id).await.unwrap().history;
    let actions: Vec<&str> = history.iter().map(|l| l.action.as_str()).collect();
    assert_eq!(actions, ["person.photo_remove", "person.photo_replace", "person.photo_set", "person.add"]);
    // In words (the register's language is the OS's here: read the lines whatever it is).
    let set_line = &history[2];
    assert!(set_line.action_text == "添加照片" || set_line.action_text == "Photo added", "{}", set_line.action_text);
    assert_eq!(set_line.changes[0].field, "photo", "the photo first, then where it came from");
    let photo = set_line.changes.iter().find(|c| c.field == "photo").expect("the photo's line");
    assert!(photo.old.is_none());
    let new = photo.new.as_deref().unwrap();
    assert!(new.contains("295 × 413") && new.contains("KB") && new.contains("SHA-256"), "{new}");
    assert!(set_line.changes.iter().any(|c| c.field == "source_file" && c.new.as_deref() == Some("IMG_0001.jpg")));
    assert!(set_line.changes.iter().any(|c| c.field == "source_size" && c.new.as_deref() == Some("1800 × 900")));
    let removed = history[0].changes.iter().find(|c| c.field == "photo").unwrap();
    assert!(removed.old.as_deref().unwrap().contains("295 × 413") && removed.new.is_none());
    assert!(!history.iter().flat_map(|l| &l.changes).any(|c| c.label == c.field), "every field has its label");
    assert!(r.office.verify_audit().await.unwrap().first_broken.is_none());
}

#[tokio::test]
async fn a_refused_file_changes_nothing_and_says_why_in_both_languages() {
    let r = register().await;
    r.office.add_person(&zhang_san()).await.unwrap();
    let id = who(&r.office, "S0001").await;
    let first = r.office.set_photo(id, &picture(&dir(&r), "first.jpg", 400, 560)).await.unwrap();
    let entries = audit_count(&r).await;
    let d = dir(&r);

    // A text file named like a picture: the content decides.
    let text = d.join("notes.jpg");
    std::fs::write(&text, "not a picture").unwrap();
    // A GIF is a picture, but not a photo the forms take.
    let gif = d.join("anim.gif");
    std::fs::write(&gif, b"GIF89a\x01\x00\x01\x00\x00\x00\x00;").unwrap();
    // More than 10 MB (starting like a JPEG).
    let big = d.join("huge.jpg");
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0];
    bytes.resize(10 * 1024 * 1024 + 1, 0);
    std::fs::write(&big, &bytes).unwrap();
    // A JPEG's start and then nothing that decodes.
    let broken = d.join("broken.jpg");
    std::fs::write(&broken, [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0, 1, 2, 3]).unwrap();
    // Too small to print.
    let tiny = picture(&d, "tiny.png", 60, 80);

    let cases: [(&Path, &str, &str, &str); 7] = [
        (&text, "photo.type", "JPEG 或 PNG", "JPEG or PNG"),
        (&gif, "photo.type", "JPEG 或 PNG", "JPEG or PNG"),
        (&big, "photo.too_large", "超过 10 MB", "more than the 10 MB"),
        (&broken, "photo.damaged", "无法读出图像", "cannot be read"),
        (&tiny, "photo.too_small", "100 × 140", "100 × 140"),
        (&d.join("missing.jpg"), "photo.unreadable", "文件不存在", "does not exist"),
        (&d, "photo.not_file", "不是普通文件", "not a regular file"),
    ];
    for (path, code, zh, en) in cases {
        let err = r.office.set_photo(id, path).await.unwrap_err();
        assert_eq!(err.code(), code, "{}", path.display());
        assert!(err.is_user_error());
        let (zh_text, en_text) = (err.to_api(Lang::ZhCn).message, err.to_api(Lang::En).message);
        assert!(zh_text.contains(zh), "{zh_text}");
        assert!(en_text.contains(en), "{en_text}");
        assert_eq!(err.to_api(Lang::ZhCn).errors[0].field.as_deref(), Some("photo"));
    }
    assert_eq!(audit_count(&r).await, entries, "nothing recorded");
    assert_eq!(r.office.person_photo(id).await.unwrap().unwrap().data_url, first.data_url, "the photo as it was");

    // An archived person's record is read-only, their photo too.
    r.office.archive(id, "调离").await.unwrap();
    let entries = audit_count(&r).await;
    assert_eq!(r.office.set_photo(id, &picture(&d, "new.jpg", 400, 560)).await.unwrap_err().code(), "person.archived");
    assert_eq!(r.office.remove_photo(id).await.unwrap_err().code(), "person.archived");
    assert_eq!(audit_count(&r).await, entries);
    assert_eq!(r.office.person_photo(id).await.unwrap().unwrap().data_url, first.data_url);
}

#[tokio::test]
async fn the_review_form_prints_the_photo_and_prints_it_again_from_the_register() {
    let r = register().await;
    r.office.add_person(&zhang_san()).await.unwrap();
    let id = who(&r.office, "S0001").await;
    r.office.set_photo(id, &picture(&dir(&r), "photo.jpg", 600, 840)).await.unwrap();
    let issued = r.office.issue_form(FormKind::Review, id, None, None).await.unwrap();
    assert_eq!(pdf_images(&issued.pdf), vec![(295, 413)], "the photo box holds the photo");

    // Replaced afterwards: the issued form's copy still prints the photo it was issued with.
    r.office.remove_photo(id).await.unwrap();
    let (_, again) = r.office.form_pdf(issued.forms[0].number).await.unwrap();
    assert_eq!(pdf_images(&again), vec![(295, 413)]);
    // A commitment has no photo box: nothing of the photo in its content.
    r.office.set_photo(id, &picture(&dir(&r), "photo.jpg", 600, 840)).await.unwrap();
    let commitment = r.office.issue_form(FormKind::Commitment, id, None, None).await.unwrap();
    assert!(pdf_images(&commitment.pdf).is_empty());
}

/// `pdfimages -list`: (width, height) of each image in the PDF.
fn pdf_images(pdf: &[u8]) -> Vec<(u32, u32)> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("form.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdfimages").arg("-list").arg(&path).output().expect("pdfimages (poppler-utils)");
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

#[tokio::test]
async fn a_backup_carries_the_photo_and_a_restore_brings_it_back() {
    if sqlite_only("a backup file and its restore") {
        return;
    }
    let r = register().await;
    r.office.add_person(&zhang_san()).await.unwrap();
    let id = who(&r.office, "S0001").await;
    let kept = r.office.set_photo(id, &picture(&dir(&r), "photo.jpg", 600, 840)).await.unwrap();
    let out = tempfile::tempdir().unwrap();
    let report = r.office.backup(Some(out.path().to_str().unwrap())).await.unwrap();

    r.office.remove_photo(id).await.unwrap();
    assert!(r.office.person_photo(id).await.unwrap().is_none());
    r.office.restore(&report.path).await.unwrap();
    assert_eq!(r.office.person_photo(id).await.unwrap().map(|p| p.data_url), Some(kept.data_url));
}

/// A JPEG as a phone saves a portrait: the pixels stored sideways (landscape) and an EXIF
/// orientation saying to turn them a quarter clockwise (6).
fn sideways_jpeg(path: &Path) {
    // Stored 800 × 600: the left half red, the right half blue. Turned upright, red is on top.
    let img = image::RgbImage::from_fn(800, 600, |x, _| if x < 400 { image::Rgb([210, 20, 20]) } else { image::Rgb([20, 20, 210]) });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90).encode_image(&img).unwrap();
    // APP1 "Exif": a little-endian TIFF header and one IFD entry, Orientation (0x0112) = 6.
    let mut tiff = b"II*\0\x08\0\0\0".to_vec();
    tiff.extend_from_slice(&[1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0]);
    let body = [b"Exif\0\0".as_slice(), &tiff].concat();
    let len = u16::try_from(body.len() + 2).unwrap().to_be_bytes();
    let app1 = [&[0xFF, 0xE1], len.as_slice(), &body].concat();
    let with_exif = [&jpeg[..2], &app1, &jpeg[2..]].concat();
    std::fs::write(path, with_exif).unwrap();
}

#[tokio::test]
async fn a_phones_sideways_picture_is_turned_upright() {
    let r = register().await;
    r.office.add_person(&zhang_san()).await.unwrap();
    let id = who(&r.office, "S0001").await;
    let path = dir(&r).join("IMG_2041.jpg");
    sideways_jpeg(&path);
    let photo = decoded(&r.office.set_photo(id, &path).await.unwrap());
    let (top, bottom) = (photo.get_pixel(147, 40).0, photo.get_pixel(147, 370).0);
    assert!(top[0] > 150 && top[2] < 100, "red on top: {top:?}");
    assert!(bottom[2] > 150 && bottom[0] < 100, "blue below: {bottom:?}");
    let history = r.office.person_detail(id).await.unwrap().history;
    assert!(history[0].changes.iter().any(|c| c.field == "source_size" && c.new.as_deref() == Some("600 × 800")));
}
