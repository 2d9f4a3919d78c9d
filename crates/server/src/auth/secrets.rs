//! Random secrets and their stored form.
//!
//! Every secret we hand out (session, CSRF and device cookies, e-mailed links, invitation links,
//! recovery codes) is 256 bits (80 for recovery codes) from the operating system's CSPRNG, and only
//! its SHA-256 is stored: a copy of the database gives nothing that can be presented back.

use data_encoding::{BASE32_NOPAD, BASE64URL_NOPAD};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    // The OS generator failing means the machine cannot do cryptography at all; refusing to go on
    // is the only safe answer.
    getrandom::fill(&mut bytes).expect("the operating system's random generator works");
    bytes
}

/// A 256-bit random token, URL-safe (43 characters).
pub fn new_token() -> String {
    BASE64URL_NOPAD.encode(&random_bytes::<32>())
}

/// What is stored for a token: its SHA-256, hex.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Compares two secrets in constant time.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.as_bytes().ct_eq(b.as_bytes()).into()
}

/// A recovery code: 80 random bits as 16 base32 characters, shown `ABCD-EFGH-IJKL-MNOP`.
pub fn new_recovery_code() -> String {
    let raw = BASE32_NOPAD.encode(&random_bytes::<10>());
    raw.as_bytes()
        .chunks(4)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// A recovery code as typed (any case, spaces and dashes anywhere) in its stored form.
pub fn hash_recovery_code(typed: &str) -> String {
    let normal: String = typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    hash_token(&normal)
}

/// A TOTP secret: 160 random bits (RFC 4226's recommendation), as bytes.
pub fn new_totp_secret() -> Vec<u8> {
    random_bytes::<20>().to_vec()
}

/// An organisation's join code: 50 random bits, `XXXXX-XXXXX`, easy to read out over the phone.
pub fn new_join_code() -> String {
    let raw = BASE32_NOPAD.encode(&random_bytes::<7>());
    format!("{}-{}", &raw[..5], &raw[5..10])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_hash_stably() {
        let (a, b) = (new_token(), new_token());
        assert_eq!(a.len(), 43);
        assert_ne!(a, b);
        assert_eq!(hash_token(&a), hash_token(&a));
        assert_eq!(hash_token(&a).len(), 64);
        assert!(same_secret(&a, &a.clone()) && !same_secret(&a, &b));
    }

    #[test]
    fn recovery_codes_hash_the_same_however_they_are_typed() {
        let code = new_recovery_code();
        assert_eq!(code.len(), 19);
        let sloppy = code.to_lowercase().replace('-', " ");
        assert_eq!(hash_recovery_code(&code), hash_recovery_code(&sloppy));
        assert_ne!(hash_recovery_code(&code), hash_recovery_code(&new_recovery_code()));
    }

    #[test]
    fn join_codes_are_two_groups_of_five() {
        let code = new_join_code();
        assert_eq!(code.len(), 11);
        assert_eq!(code.as_bytes()[5], b'-');
    }
}
