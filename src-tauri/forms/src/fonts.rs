//! The one font every form is set in.
//!
//! **Why embedded, and why these files.** A form must look the same on every machine and never
//! lose a character of a name, so the renderer never looks at the fonts installed on the user's
//! machine. The fonts are Noto Sans CJK SC Regular and Bold (SIL OFL 1.1, `fonts/OFL.txt`),
//! extracted from Debian's `fonts-noto-cjk` collections (face index 2) and subset to the SC
//! face's own glyphs by `fonts/extract.py` (fontTools; the Japanese, Korean and Traditional
//! glyph variants reachable only through `locl` are dropped, every code point of the face is
//! kept: ~30,000 Han including Extension A/B, so 喆, 堃, 䶮 and 𠮷 print).
//!
//! The extracted files are committed and `include_bytes!`-ed rather than resolved from
//! `/usr/share/fonts` by a build script or bundled as a Tauri resource:
//! - the build does not depend on a system package or on the build machine's version of it
//!   (the bytes, hence the PDFs, are the same from every build);
//! - the crate stays usable without Tauri (CLI, tests, benchmarks) with no resource-path lookup
//!   that can fail at run time;
//! - the cost is ~2 × 12 MB in the binary and in the repository, which is less than the two
//!   40 MB collections a build-script `include_bytes!` of the `.ttc` files would embed.
//!
//! Typst does not synthesise bold, so the Bold face is needed for titles.

use std::sync::LazyLock;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;

static REGULAR: &[u8] = include_bytes!("../fonts/NotoSansCJKsc-Regular.otf");
static BOLD: &[u8] = include_bytes!("../fonts/NotoSansCJKsc-Bold.otf");

/// The family name templates set (`#set text(font: "Noto Sans CJK SC")`).
pub const FAMILY: &str = "Noto Sans CJK SC";

/// The parsed fonts and their book, built once per process and shared by every renderer.
pub(crate) struct FontSet {
    pub book: LazyHash<FontBook>,
    pub fonts: Vec<Font>,
}

pub(crate) static FONTS: LazyLock<FontSet> = LazyLock::new(|| {
    let fonts: Vec<Font> = [REGULAR, BOLD].into_iter().flat_map(|bytes| Font::iter(Bytes::new(bytes))).collect();
    FontSet { book: LazyHash::new(FontBook::from_fonts(&fonts)), fonts }
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_weights_of_the_sc_face_load() {
        let set = &*FONTS;
        assert_eq!(set.fonts.len(), 2);
        for font in &set.fonts {
            assert_eq!(font.info().family, FAMILY);
        }
        let weights: Vec<u16> = set.fonts.iter().map(|f| f.info().variant.weight.to_number()).collect();
        assert_eq!(weights, vec![400, 700]);
    }

    #[test]
    fn rare_han_characters_of_names_are_covered() {
        // 喆 堃 (common in names, not in GB2312), 䶮 (Ext-A), 𠮷 (Ext-B).
        for font in &FONTS.fonts {
            for c in ['李', '喆', '堃', '䶮', '𠮷', 'é', '✓'] {
                assert!(font.info().coverage.contains(c as u32), "{c} missing");
            }
        }
    }
}
