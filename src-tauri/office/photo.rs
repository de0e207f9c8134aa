//! A person's photograph (issue 13): chosen in a dialog, dropped on the person page or named on
//! the command line; a JPEG or PNG file (recognised by its content, whatever its name says),
//! within a size limit, decoded, turned upright, cropped about its centre to a 一寸 photo's
//! proportions and scaled to 295 × 413 pixels (25 × 35 mm at 300 dpi), and kept in the register
//! as a JPEG. Setting, replacing and removing it are audit entries; a refused file changes
//! nothing.

use std::io::{Cursor, Read};
use std::path::Path;

use base64::Engine as _;
use chrono::{DateTime, Utc};
use clearance_domain::access::Operation;
use clearance_domain::audit::Change;
use clearance_domain::limits::{
    MAX_PHOTO_FILE_BYTES, MAX_PHOTO_SOURCE_PIXELS, MIN_PHOTO_HEIGHT_PX, MIN_PHOTO_WIDTH_PX, PHOTO_HEIGHT_PX, PHOTO_WIDTH_PX,
};
use clearance_domain::person::PersonId;
use clearance_domain::terms::{AuditAction, AuditEntity};
use clearance_domain::{FieldError, Lang};
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, RgbImage};
use serde::Serialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::{load_person, not_archived, Office};
use crate::error::{AppError, AppResult};
use crate::store::StoredPhoto;

/// JPEG quality of the kept photo: no visible loss at print size, ~30 KB a photo.
const JPEG_QUALITY: u8 = 90;

/// A person's photograph as the person page shows it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PhotoView {
    /// `data:image/jpeg;base64,…`, for an `<img>` under the window's CSP (`img-src 'self' data:`).
    pub data_url: String,
    pub width: u32,
    pub height: u32,
    /// The kept image's size in bytes.
    pub bytes: u32,
    pub updated_at: DateTime<Utc>,
}

impl From<&StoredPhoto> for PhotoView {
    fn from(p: &StoredPhoto) -> Self {
        PhotoView {
            data_url: format!("data:image/{};base64,{}", p.format, base64::engine::general_purpose::STANDARD.encode(&p.image)),
            width: p.width,
            height: p.height,
            bytes: u32::try_from(p.image.len()).unwrap_or(u32::MAX),
            updated_at: p.updated_at,
        }
    }
}

/// A picture made ready to keep: the encoded photo and what it was made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedPhoto {
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
    /// The picture's size as given (after turning it upright).
    pub original: (u32, u32),
}

/// The kind of a picture by its first bytes: only JPEG and PNG are photos.
fn format_of(bytes: &[u8]) -> Option<ImageFormat> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(ImageFormat::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(ImageFormat::Png)
    } else {
        None
    }
}

/// Why a file could not be read, in the office's words (never the OS's English).
fn unreadable(path: &Path, e: &std::io::Error) -> AppError {
    let (code, os) = match e.kind() {
        std::io::ErrorKind::NotFound => ("photo.reason_missing", None),
        std::io::ErrorKind::PermissionDenied => ("photo.reason_permission", None),
        _ => ("photo.reason_io", Some(e.raw_os_error().map(|c| c.to_string()).unwrap_or_else(|| "—".into()))),
    };
    let mut params = std::collections::BTreeMap::new();
    if let Some(os) = os {
        params.insert("code".to_owned(), os);
    }
    FieldError::new("photo", "photo.unreadable")
        .with("path", path.display())
        .with("reason.zh-CN", clearance_domain::i18n::message(code, &params, Lang::ZhCn))
        .with("reason.en", clearance_domain::i18n::message(code, &params, Lang::En))
        .into()
}

/// Reads the file at `path`: a regular file (not a folder, a device or a pipe) of at most
/// [`MAX_PHOTO_FILE_BYTES`] whose content is a JPEG or PNG picture.
pub fn read_photo_file(path: &Path) -> AppResult<(Vec<u8>, ImageFormat)> {
    let shown = path.display();
    let meta = std::fs::metadata(path).map_err(|e| unreadable(path, &e))?;
    if !meta.is_file() {
        return Err(FieldError::new("photo", "photo.not_file").with("path", &shown).into());
    }
    let too_large = |len: u64| {
        FieldError::new("photo", "photo.too_large")
            .with("path", &shown)
            .with("size", format!("{:.1}", len as f64 / (1024.0 * 1024.0)))
            .with("max", MAX_PHOTO_FILE_BYTES / (1024 * 1024))
    };
    if meta.len() > MAX_PHOTO_FILE_BYTES {
        return Err(too_large(meta.len()).into());
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // Bounded even if the file grows while it is read.
    std::fs::File::open(path).and_then(|f| f.take(MAX_PHOTO_FILE_BYTES + 1).read_to_end(&mut bytes)).map_err(|e| unreadable(path, &e))?;
    if bytes.len() as u64 > MAX_PHOTO_FILE_BYTES {
        return Err(too_large(bytes.len() as u64).into());
    }
    let format = format_of(&bytes).ok_or_else(|| FieldError::new("photo", "photo.type").with("path", &shown))?;
    Ok((bytes, format))
}

/// Decodes a JPEG or PNG picture, turns it upright (a phone's EXIF orientation), crops it about
/// its centre to the photo's proportions and scales it to [`PHOTO_WIDTH_PX`] ×
/// [`PHOTO_HEIGHT_PX`], on white where it was transparent, as a JPEG. `shown` names the file in
/// a refusal.
pub fn prepare_photo(bytes: &[u8], format: ImageFormat, shown: &str) -> AppResult<PreparedPhoto> {
    let damaged = || AppError::from(FieldError::new("photo", "photo.damaged").with("path", shown));
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_PHOTO_SOURCE_PIXELS * 4 + 64 * 1024 * 1024);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|_| damaged())?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > MAX_PHOTO_SOURCE_PIXELS {
        return Err(FieldError::new("photo", "photo.too_many_pixels").with("path", shown).with("width", w).with("height", h).into());
    }
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut picture = DynamicImage::from_decoder(decoder).map_err(|_| damaged())?;
    picture.apply_orientation(orientation);
    let (w, h) = (picture.width(), picture.height());

    // The largest part of the picture with the photo's proportions, about its centre.
    let (tw, th) = (u64::from(PHOTO_WIDTH_PX), u64::from(PHOTO_HEIGHT_PX));
    let (cw, ch) =
        if u64::from(w) * th > u64::from(h) * tw { ((u64::from(h) * tw / th) as u32, h) } else { (w, (u64::from(w) * th / tw) as u32) };
    if cw < MIN_PHOTO_WIDTH_PX || ch < MIN_PHOTO_HEIGHT_PX {
        return Err(FieldError::new("photo", "photo.too_small")
            .with("width", w)
            .with("height", h)
            .with("min_width", MIN_PHOTO_WIDTH_PX)
            .with("min_height", MIN_PHOTO_HEIGHT_PX)
            .into());
    }
    let cropped = picture.crop_imm((w - cw) / 2, (h - ch) / 2, cw, ch);
    drop(picture);
    // A big picture is first brought near the size quickly, then scaled with a fine filter.
    let near = if cw > PHOTO_WIDTH_PX * 3 { cropped.thumbnail_exact(PHOTO_WIDTH_PX * 2, PHOTO_HEIGHT_PX * 2) } else { cropped };
    let scaled = near.resize_exact(PHOTO_WIDTH_PX, PHOTO_HEIGHT_PX, image::imageops::FilterType::Lanczos3);
    let rgb = on_white(&scaled);
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, JPEG_QUALITY).encode_image(&rgb).map_err(|_| damaged())?;
    Ok(PreparedPhoto { jpeg, width: PHOTO_WIDTH_PX, height: PHOTO_HEIGHT_PX, original: (w, h) })
}

/// The picture as RGB, transparent parts laid on white paper.
fn on_white(picture: &DynamicImage) -> RgbImage {
    if !picture.color().has_alpha() {
        return picture.to_rgb8();
    }
    let rgba = picture.to_rgba8();
    RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        let over = |c: u8| ((u16::from(c) * u16::from(a) + 255 * (255 - u16::from(a))) / 255) as u8;
        image::Rgb([over(r), over(g), over(b)])
    })
}

/// What the audit trail records of a photo: its size and hash (never the image itself).
fn photo_fields(p: &StoredPhoto) -> Value {
    json!({ "width": p.width, "height": p.height, "bytes": p.image.len(), "sha256": p.sha256 })
}

impl Office {
    /// The person's photograph, if they have one.
    pub async fn person_photo(&self, id: PersonId) -> AppResult<Option<PhotoView>> {
        self.allow(Operation::Read).await?;
        self.person(id).await?;
        Ok(self.store.photo(id).await?.as_ref().map(PhotoView::from))
    }

    /// The photograph's image as kept, for a form's photo box.
    pub(super) async fn photo_image(&self, id: PersonId) -> AppResult<Option<Vec<u8>>> {
        Ok(self.store.photo(id).await?.map(|p| p.image))
    }

    /// Sets (or replaces) the person's photograph from the picture file at `path`. The file is
    /// checked and scaled before anything is written; a refusal changes nothing. The same
    /// picture again changes nothing either.
    pub async fn set_photo(&self, id: PersonId, path: &Path) -> AppResult<PhotoView> {
        self.allow(Operation::EditPeople).await?;
        let today = self.today();
        let person = self.person(id).await?;
        not_archived(&person)?;
        let owned = path.to_path_buf();
        let prepared = tokio::task::spawn_blocking(move || {
            let (bytes, format) = read_photo_file(&owned)?;
            prepare_photo(&bytes, format, &owned.display().to_string())
        })
        .await
        // The decoder gave up on the picture without an answer: a picture it cannot read.
        .map_err(|_| AppError::from(FieldError::new("photo", "photo.damaged").with("path", path.display())))??;
        let file = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let new = StoredPhoto {
            person_id: id,
            sha256: hex::encode(Sha256::digest(&prepared.jpeg)),
            image: prepared.jpeg,
            format: "jpeg".to_owned(),
            width: prepared.width,
            height: prepared.height,
            updated_at: Utc::now(),
        };
        let original = format!("{} × {}", prepared.original.0, prepared.original.1);
        self.write(async |tx| {
            let person = load_person(tx, id, today).await?;
            not_archived(&person)?;
            let old = tx.photo(id).await?;
            if let Some(old) = old.as_ref().filter(|o| o.sha256 == new.sha256) {
                return Ok((PhotoView::from(old), Vec::new()));
            }
            tx.set_photo(&new).await?;
            let change = Change {
                action: if old.is_some() { AuditAction::PersonPhotoReplace } else { AuditAction::PersonPhotoSet },
                entity: AuditEntity::Person,
                entity_id: id.to_string(),
                person_id: Some(id),
                old: old.as_ref().map(|o| json!({ "photo": photo_fields(o) })),
                new: Some(json!({ "photo": photo_fields(&new), "source_file": file, "source_size": original })),
            };
            Ok((PhotoView::from(&new), vec![change]))
        })
        .await
    }

    /// Removes the person's photograph; refused when they have none.
    pub async fn remove_photo(&self, id: PersonId) -> AppResult<()> {
        self.allow(Operation::EditPeople).await?;
        let today = self.today();
        self.write(async |tx| {
            let person = load_person(tx, id, today).await?;
            not_archived(&person)?;
            let Some(old) = tx.photo(id).await? else {
                return Err(FieldError::new("photo", "photo.none").into());
            };
            tx.remove_photo(id).await?;
            let change = Change {
                action: AuditAction::PersonPhotoRemove,
                entity: AuditEntity::Person,
                entity_id: id.to_string(),
                person_id: Some(id),
                old: Some(json!({ "photo": photo_fields(&old) })),
                new: Some(json!({ "photo": null })),
            };
            Ok(((), vec![change]))
        })
        .await
    }
}
