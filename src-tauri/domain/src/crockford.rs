//! Short codes people read aloud and type: Crockford's base32 (no I, L, O or U), read back
//! whatever the case, with spaces or hyphens, and with the look-alike letters Crockford allows
//! (`O` for `0`, `I`/`L` for `1`). The verification code printed on a form and the handle of a
//! reminder in the CLI are such codes.

/// Crockford's base32 alphabet.
pub const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// The first `len` (at most 12) base32 characters of the high bits of `bits`.
pub fn encode(bits: u64, len: usize) -> String {
    let mut bits = bits;
    (0..len.min(12))
        .map(|_| {
            let index = (bits >> 59) as usize;
            bits <<= 5;
            char::from(ALPHABET[index])
        })
        .collect()
}

/// The characters of a code as typed, in the alphabet (upper case, look-alikes read as digits,
/// spaces and hyphens dropped), when there are exactly `len` of them.
pub fn normalize(input: &str, len: usize) -> Option<String> {
    let mut out = String::with_capacity(len);
    for c in input.chars() {
        let c = match c.to_ascii_uppercase() {
            ' ' | '-' | '\t' => continue,
            'O' => '0',
            'I' | 'L' => '1',
            c if c.is_ascii() && ALPHABET.contains(&(c as u8)) => c,
            _ => return None,
        };
        if out.len() == len {
            return None;
        }
        out.push(c);
    }
    (out.len() == len).then_some(out)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn typed_codes_read_back_as_printed() {
        assert_eq!(encode(0, 4), "0000");
        assert_eq!(encode(u64::MAX, 4), "ZZZZ");
        assert_eq!(normalize("7kq2m-x9rta", 10).as_deref(), Some("7KQ2MX9RTA"));
        assert_eq!(normalize("OIL 12", 5).as_deref(), Some("01112"));
        assert_eq!(normalize("7KQ2U", 5), None, "U is not in the alphabet");
        assert_eq!(normalize("7KQ2", 5), None);
        assert_eq!(normalize("7KQ2MM", 5), None);
    }

    proptest! {
        /// Whatever is typed, reading it never panics, and anything accepted is `len`
        /// characters of the alphabet.
        #[test]
        fn normalizing_any_text_is_safe(input in any::<String>(), len in 0usize..16) {
            if let Some(code) = normalize(&input, len) {
                prop_assert_eq!(code.len(), len);
                prop_assert!(code.bytes().all(|b| ALPHABET.contains(&b)));
            }
        }

        /// A printed code, typed in lower case, with hyphens or spaces, or with O/I/L for
        /// 0/1, reads back as itself.
        #[test]
        fn a_printed_code_survives_how_people_type_it(bits in any::<u64>(), len in 1usize..=12, lower in any::<bool>(), sep in "[ -]?") {
            let code = encode(bits, len);
            let mut typed: String = code
                .chars()
                .enumerate()
                .flat_map(|(i, c)| {
                    let c = match c { '0' => 'O', '1' => 'l', c => c };
                    let c = if lower { c.to_ascii_lowercase() } else { c };
                    if i > 0 && i % 5 == 0 { vec![sep.chars().next().unwrap_or('-'), c] } else { vec![c] }
                })
                .collect();
            typed.push(' ');
            prop_assert_eq!(normalize(&typed, len), Some(code));
        }
    }
}
