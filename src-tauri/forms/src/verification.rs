//! The verification code printed on every form: a short, human-typable digest of the form's
//! content, also drawn as a QR code, so the office can later find the issued form from the paper
//! and check that the paper says what the register says.

use qrcode::{EcLevel, QrCode};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::data::{FormBody, FormHeader};
use clearance_domain::crockford;
use clearance_domain::form::FormKind;

/// Characters in a code (50 bits of the hash).
pub const CODE_LEN: usize = 10;

/// SHA-256 of the form's canonical content: its kind, the template version that renders it, and
/// every field of its data, serialised as JSON in declaration order (no maps, so the bytes are
/// stable). Two forms differ in hash exactly when something printed on them differs.
pub fn content_hash(kind: FormKind, template_version: &str, header: &FormHeader, body: &FormBody) -> [u8; 32] {
    #[derive(Serialize)]
    struct Canonical<'a> {
        kind: FormKind,
        template_version: &'a str,
        header: &'a FormHeader,
        body: &'a FormBody,
    }
    let json = serde_json::to_vec(&Canonical { kind, template_version, header, body })
        .expect("form data serialises: it has no maps with non-string keys");
    Sha256::digest(&json).into()
}

/// The printed code for a content hash: the first 50 bits as 10 Crockford base32 characters,
/// grouped 5-5 with a hyphen (`7KQ2M-X9RTA`). 2^50 codes make an accidental match between two
/// forms of one office practically impossible.
pub fn verification_code(content_hash: &[u8; 32]) -> String {
    let [a, b, c, d, e, f, g, h, ..] = *content_hash;
    grouped(&crockford::encode(u64::from_be_bytes([a, b, c, d, e, f, g, h]), CODE_LEN))
}

/// `7KQ2MX9RTA` as printed: `7KQ2M-X9RTA`.
fn grouped(code: &str) -> String {
    let (first, rest) = code.split_at(code.len().min(5));
    format!("{first}-{rest}")
}

/// Reads a code as a person types it: case, spaces and hyphens do not matter, and the letters
/// Crockford treats as look-alikes are accepted (`O` → `0`, `I`/`L` → `1`). Returns the code in
/// its printed form, or `None` when it cannot be one.
pub fn normalize_code(input: &str) -> Option<String> {
    crockford::normalize(input, CODE_LEN).map(|code| grouped(&code))
}

/// The QR code of a verification code as SVG. It encodes the code exactly as printed, so a
/// scanner that types what it reads fills the Forms screen's look-up box.
pub fn qr_svg(code: &str) -> Option<String> {
    let qr = QrCode::with_error_correction_level(code.as_bytes(), EcLevel::M).ok()?;
    Some(qr.render::<qrcode::render::svg::Color>().quiet_zone(false).module_dimensions(1, 1).build())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_is_ten_crockford_characters_grouped_by_five() {
        let code = verification_code(&[0xff; 32]);
        assert_eq!(code, "ZZZZZ-ZZZZZ");
        let code = verification_code(&[0; 32]);
        assert_eq!(code, "00000-00000");
        // 0b00001 00010 ... : the first bits decide the first character.
        let mut hash = [0u8; 32];
        hash[0] = 0b0000_1000;
        assert_eq!(verification_code(&hash), "10000-00000");
    }

    #[test]
    fn typed_codes_are_normalised() {
        assert_eq!(normalize_code("7kq2m x9rta").as_deref(), Some("7KQ2M-X9RTA"));
        assert_eq!(normalize_code("7KQ2M-X9RTA").as_deref(), Some("7KQ2M-X9RTA"));
        assert_eq!(normalize_code("o1il0-00000").as_deref(), Some("01110-00000"));
        assert_eq!(normalize_code("7KQ2M-X9RT"), None);
        assert_eq!(normalize_code("7KQ2M-X9RTU"), None, "U is not in the alphabet");
        assert_eq!(normalize_code("7KQ2M-X9RT中"), None);
    }

    #[test]
    fn qr_encodes_the_code() {
        let svg = qr_svg("7KQ2M-X9RTA").unwrap();
        assert!(svg.starts_with("<?xml"));
        assert!(svg.contains("<path"));
    }
}
