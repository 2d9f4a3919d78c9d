//! Password hashing: Argon2id with the OWASP parameters (m=19456 KiB, t=2, p=1).
//!
//! Hashing is deliberately slow and memory-hungry, so it runs on the blocking pool, never on the
//! async workers.

use argon2::{Algorithm, Argon2, Params, PasswordHash, PasswordHasher, Version};
use c4h_domain::Password;

/// The parameters every new hash uses.
fn hasher() -> Argon2<'static> {
    let params = Params::new(19_456, 2, 1, None).expect("the OWASP Argon2id parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a password into a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`).
pub async fn hash(password: Password) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || {
        PasswordHasher::<PasswordHash>::hash_password(&hasher(), password.expose().as_bytes())
            .map(|hash| hash.to_string())
            .map_err(|error| anyhow::anyhow!("hashing a password failed: {error}"))
    })
    .await?
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::PasswordVerifier;

    #[tokio::test]
    async fn hashes_are_argon2id_with_the_required_parameters_and_verify() {
        let hashed = hash(Password::parse("correct horse battery").unwrap()).await.unwrap();
        assert!(hashed.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hashed}");
        let parsed = PasswordHash::new(&hashed).unwrap();
        assert!(hasher().verify_password(b"correct horse battery", &parsed).is_ok());
        assert!(hasher().verify_password(b"wrong horse battery", &parsed).is_err());
    }
}
