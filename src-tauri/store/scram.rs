//! The SCRAM-SHA-256 verifier of a password (RFC 5802 / RFC 7677), in the form PostgreSQL keeps
//! in `pg_authid`: `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`. Given as the
//! PASSWORD of `CREATE ROLE`/`ALTER ROLE`, the server stores it as it is, so the password itself
//! never travels in a statement's text (which `log_statement` would write to the server's log).
//! The computation is PostgreSQL's own (`scram_build_secret`): the password normalised with
//! SASLprep (kept as typed when SASLprep refuses it), salted PBKDF2-HMAC-SHA-256.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use pbkdf2::hmac::{Hmac, KeyInit, Mac};
use pbkdf2::sha2::{Digest, Sha256};
use rand_core::{OsRng, RngCore};

/// PostgreSQL's default (`scram_iterations`).
const ITERATIONS: u32 = 4096;
/// PostgreSQL's salt length.
const SALT_LEN: usize = 16;

/// The verifier of `password` with a fresh random salt.
pub fn verifier(password: &str) -> String {
    let mut salt = [0u8; SALT_LEN];
    OsRng.fill_bytes(&mut salt);
    verifier_with(password, &salt, ITERATIONS)
}

fn verifier_with(password: &str, salt: &[u8], iterations: u32) -> String {
    let prepared = stringprep::saslprep(password).unwrap_or(std::borrow::Cow::Borrowed(password));
    let salted = zeroize::Zeroizing::new(pbkdf2::pbkdf2_hmac_array::<Sha256, 32>(prepared.as_bytes(), salt, iterations));
    let hmac = |key: &[u8], text: &[u8]| {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC takes a key of any length");
        mac.update(text);
        mac.finalize().into_bytes()
    };
    let client_key = hmac(&salted[..], b"Client Key");
    let stored_key = Sha256::digest(client_key);
    let server_key = hmac(&salted[..], b"Server Key");
    format!("SCRAM-SHA-256${iterations}:{}${}:{}", STANDARD.encode(salt), STANDARD.encode(stored_key), STANDARD.encode(server_key))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Verifiers PostgreSQL 15 wrote itself (`CREATE ROLE … PASSWORD '…'` with
    /// `password_encryption = 'scram-sha-256'`, read back from `pg_authid`): the same salt gives
    /// the same keys here.
    #[test]
    fn the_verifier_is_the_one_postgresql_computes() {
        for expected in [
            // 'pencil 喆': a rare character, unchanged by SASLprep.
            "SCRAM-SHA-256$4096:7KJT4JNhE/KrXzsmM3iL+g==$+8+9YsdTxjqpr6whMD7ZuRaVdQeMzJS2xlD87ukjxOE=:/zOiD5A/26a6QsZePaEV3OuoergImwdCdiodCw4ea1I=",
            // 'ｐａｓｓ１０２４': full-width letters and digits, which SASLprep folds to 'pass1024'.
            "SCRAM-SHA-256$4096:nLsSfMRxJmbArUq4cY/OFA==$4cKQYwQQo6ufLwd61xaZt26L/CNlHHHoYR0qz8DXZmM=:u6UUDTUpnKGTe4REYSl+toByn1GPkQaoFttrEurBkAg=",
        ]
        .into_iter()
        .zip(["pencil 喆", "ｐａｓｓ１０２４"])
        {
            let (expected, password) = expected;
            let salt = STANDARD.decode(expected.split(['$', ':']).nth(2).unwrap()).unwrap();
            assert_eq!(verifier_with(password, &salt, 4096), expected, "{password}");
        }
        assert_eq!(verifier_with("ｐａｓｓ１０２４", b"0123456789abcdef", 4096), verifier_with("pass1024", b"0123456789abcdef", 4096));
    }

    #[test]
    fn each_verifier_has_its_own_salt_and_never_the_password() {
        let (a, b) = (verifier("s3cret-1024"), verifier("s3cret-1024"));
        assert_ne!(a, b);
        assert!(a.starts_with("SCRAM-SHA-256$4096:") && !a.contains("s3cret"), "{a}");
    }
}
