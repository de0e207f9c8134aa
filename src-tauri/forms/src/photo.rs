//! A person's photograph on a form (issue 13): it travels in the form's data, so the content the
//! issued-forms register keeps prints the same photo again, and reaches the template as a
//! virtual image file, never pasted into markup.
//!
//! In the data a photo is `{"file": "/photo/<hash>.jpg", "data": "<base64>"}`. Before a compile
//! the world takes the bytes out ([`extract`]): the template sees `p.photo` as the file's path
//! (`image(p.photo)`), and the world serves the file.

use std::collections::HashMap;

use base64::Engine as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use sha2::{Digest, Sha256};
use typst::foundations::Bytes;

/// Where photos live in the virtual project.
pub(crate) const PHOTO_DIR: &str = "/photo/";

/// A JPEG or PNG picture for a form's photo box (already cropped and scaled by the caller).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Photo {
    bytes: Vec<u8>,
    ext: &'static str,
}

impl Photo {
    /// The picture, if these bytes are a JPEG or PNG file.
    pub fn new(bytes: Vec<u8>) -> Option<Photo> {
        let ext = if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            "jpg"
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            "png"
        } else {
            return None;
        };
        Some(Photo { bytes, ext })
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The virtual file the template reads: named by the picture's hash, so two people's photos
    /// in one batch never share a name.
    pub fn file(&self) -> String {
        let hash = hex::encode(Sha256::digest(&self.bytes));
        format!("{PHOTO_DIR}{}.{}", &hash[..32], self.ext)
    }
}

#[derive(Serialize, Deserialize)]
struct Stored {
    file: String,
    data: String,
}

impl Serialize for Photo {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Stored { file: self.file(), data: base64::engine::general_purpose::STANDARD.encode(&self.bytes) }.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Photo {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let stored = Stored::deserialize(deserializer)?;
        let bytes = base64::engine::general_purpose::STANDARD.decode(stored.data).map_err(serde::de::Error::custom)?;
        Photo::new(bytes).ok_or_else(|| serde::de::Error::custom("a photo must be a JPEG or PNG picture"))
    }
}

/// Takes the photos out of a template's input: each form's `body.person.photo` becomes its
/// file's path, and the files are returned to serve. An input with no photo is returned as is.
pub(crate) fn extract(data: String) -> (String, HashMap<String, Bytes>) {
    let mut files = HashMap::new();
    if !data.contains(PHOTO_DIR) {
        return (data, files);
    }
    let Ok(mut input) = serde_json::from_str::<Value>(&data) else { return (data, files) };
    let Some(forms) = input.get_mut("forms").and_then(Value::as_array_mut) else { return (data, files) };
    for form in forms {
        let Some(slot) = form.pointer_mut("/body/person/photo") else { continue };
        let Ok(photo) = serde_json::from_value::<Photo>(slot.clone()) else { continue };
        let file = photo.file();
        files.insert(file.clone(), Bytes::new(photo.bytes));
        *slot = Value::String(file);
    }
    (input.to_string(), files)
}
