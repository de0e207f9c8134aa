//! `person photo REF --file PATH` / `--remove` (issue 13): set, refused with nothing changed,
//! printed on the review form, removed; each an audit entry.

use std::path::Path;
use std::process::Command;

use super::Cli;

fn jpeg(path: &Path, w: u32, h: u32) {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 128]));
    img.save(path).unwrap();
}

fn pdf_image_count(path: &Path) -> usize {
    let out = Command::new("pdfimages").arg("-list").arg(path).output().expect("pdfimages (poppler-utils)");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().lines().skip(2).filter(|l| l.contains("295") && l.contains("413")).count()
}

#[test]
fn a_photo_from_the_command_line_is_kept_printed_and_removed() {
    let cli = Cli::new();
    cli.add_zhang();
    let dir = cli.db.parent().unwrap().to_path_buf();
    let photo = dir.join("张三.jpg");
    jpeg(&photo, 900, 1200);

    let set = cli.ok_json(&["person", "photo", "S0001", "--file", photo.to_str().unwrap(), "--json"]);
    assert_eq!((set["width"].as_u64(), set["height"].as_u64()), (Some(295), Some(413)));

    // In words without --json.
    let other = dir.join("second.png");
    jpeg(&other, 500, 700);
    let out = cli.run(&["--lang", "zh-CN", "person", "photo", "S0001", "--file", other.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("照片已保存:295 × 413 像素"));

    // The review form prints it.
    let review = dir.join("review.pdf");
    cli.ok_json(&["form", "render", "review", "--person", "S0001", "--out", review.to_str().unwrap(), "--json"]);
    assert_eq!(pdf_image_count(&review), 1, "the photo is in the review form");

    // A file that is not a picture: exit 2, the reason in the office's words, nothing changed.
    let text = dir.join("readme.jpg");
    std::fs::write(&text, "hello").unwrap();
    let trail = cli.ok_json(&["audit", "list", "--json"]).as_array().map(Vec::len);
    let out = cli.run(&["--lang", "en", "person", "photo", "S0001", "--file", text.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is not a JPEG or PNG picture") && err.contains("nothing was changed"), "{err}");
    assert_eq!(cli.ok_json(&["audit", "list", "--json"]).as_array().map(Vec::len), trail);

    // Neither --file nor --remove, or both: refused by the command line itself.
    assert_eq!(cli.run(&["person", "photo", "S0001"]).status.code(), Some(2));
    assert_eq!(cli.run(&["person", "photo", "S0001", "--remove", "--file", text.to_str().unwrap()]).status.code(), Some(2));

    // Remove; a second time there is none to remove.
    let removed = cli.ok_json(&["person", "photo", "S0001", "--remove", "--json"]);
    assert_eq!(removed["removed"], true);
    let out = cli.run(&["--lang", "zh-CN", "person", "photo", "S0001", "--remove"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("该人员没有照片"));

    let entries = cli.ok_json(&["audit", "list", "--person", "S0001", "--json"]);
    let actions: Vec<&str> =
        entries.as_array().unwrap().iter().filter_map(|e| e["action"].as_str()).filter(|a| a.starts_with("person.")).collect();
    assert_eq!(actions, ["person.photo_remove", "person.photo_replace", "person.photo_set", "person.add"]);
}
