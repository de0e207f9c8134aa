//! The rule for a new passphrase of the register (first start, Settings → Encryption): long
//! enough to resist a guesser who has a copy of the file, typed twice the same. Checked here, in
//! Rust, whatever the window's form already said.

use clearance_domain::FieldError;

use crate::error::AppResult;
use crate::store::Key;

/// The shortest passphrase accepted, in characters (a Han character counts as one). The key
/// derivation slows each guess down; length is what makes guessing hopeless.
pub const MIN_PASSPHRASE_CHARS: usize = 12;

/// Checks a new passphrase typed in `passphrase` and again in `repeat` (field names for the
/// messages: `passphrase`, `repeat`) and returns its key.
pub fn new_passphrase(passphrase: &str, repeat: &str) -> AppResult<Key> {
    check_new_passphrase(passphrase, repeat)?;
    Ok(Key::passphrase(passphrase.to_owned()))
}

fn check_new_passphrase(passphrase: &str, repeat: &str) -> AppResult<()> {
    if passphrase.trim().is_empty() {
        return Err(FieldError::new("passphrase", "register.passphrase_required").into());
    }
    let len = passphrase.chars().count();
    if len < MIN_PASSPHRASE_CHARS {
        return Err(FieldError::new("passphrase", "key.too_short").with("min", MIN_PASSPHRASE_CHARS).with("len", len).into());
    }
    if passphrase != repeat {
        return Err(FieldError::new("repeat", "key.mismatch").into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(r: AppResult<()>) -> String {
        r.err().map(|e| e.code()).unwrap_or_default()
    }

    #[test]
    fn a_new_passphrase_is_long_enough_and_typed_twice_the_same() {
        assert!(check_new_passphrase("correct horse battery", "correct horse battery").is_ok());
        assert!(check_new_passphrase("保密办公室登记册口令十二", "保密办公室登记册口令十二").is_ok());
        assert_eq!(code(check_new_passphrase("   ", "   ")), "register.passphrase_required");
        assert_eq!(code(check_new_passphrase("short one", "short one")), "key.too_short");
        assert_eq!(code(check_new_passphrase("correct horse battery", "correct horse batterY")), "key.mismatch");
    }
}
