//! Password hashing: Argon2id with the OWASP parameters (m=19456 KiB, t=2, p=1).
//!
//! Hashing is deliberately slow and memory-hungry, so it runs on the blocking pool, never on the
//! async workers, and [`Hasher`] bounds how many run at once: a flood of sign-ins waits briefly for
//! a turn and is then refused (503), instead of exhausting memory.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use argon2::{Algorithm, Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier, Version};
use c4h_domain::Password;
use tokio::sync::Semaphore;

/// How long a hash waits for a turn before the request is refused as busy.
const WAIT_FOR_TURN: Duration = Duration::from_secs(2);

/// The parameters every new hash uses.
fn argon2() -> Argon2<'static> {
    let params = Params::new(19_456, 2, 1, None).expect("the OWASP Argon2id parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

fn hash_now(password: &str) -> anyhow::Result<String> {
    PasswordHasher::<PasswordHash>::hash_password(&argon2(), password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|error| anyhow::anyhow!("hashing a password failed: {error}"))
}

fn verify_now(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash)
        .is_ok_and(|parsed| argon2().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// Hashes a password into a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`), unbounded: for the
/// command line, which hashes one password.
pub async fn hash(password: Password) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || hash_now(password.expose())).await?
}

/// Too many hashes are running; try again shortly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("too many password checks are running")]
pub struct Busy;

/// Hashes and verifies passwords, at most `concurrency` at a time.
#[derive(Debug)]
pub struct Hasher {
    turns: Semaphore,
    in_flight: AtomicU32,
    peak: AtomicU32,
    /// A hash of a random password, verified against when an account does not exist, so that
    /// unknown and known addresses take the same time.
    dummy: String,
}

impl Hasher {
    pub fn new(concurrency: u32) -> Self {
        let dummy = hash_now(&crate::auth::secrets::new_token()).expect("hashing works");
        Self {
            turns: Semaphore::new(usize::try_from(concurrency.max(1)).unwrap_or(1)),
            in_flight: AtomicU32::new(0),
            peak: AtomicU32::new(0),
            dummy,
        }
    }

    async fn with_turn<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, Busy> {
        let _turn = tokio::time::timeout(WAIT_FOR_TURN, self.turns.acquire())
            .await
            .map_err(|_| Busy)?
            .map_err(|_| Busy)?;
        let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak.fetch_max(now, Ordering::SeqCst);
        let outcome = tokio::task::spawn_blocking(work).await;
        self.in_flight.fetch_sub(1, Ordering::SeqCst);
        outcome.map_err(|_| Busy)
    }

    pub async fn hash(&self, password: &Password) -> Result<anyhow::Result<String>, Busy> {
        let password = password.expose().to_owned();
        self.with_turn(move || hash_now(&password)).await
    }

    /// Whether `password` matches `hash`; with no hash, spends the same time and says no.
    pub async fn verify(&self, hash: Option<&str>, password: &str) -> Result<bool, Busy> {
        let (hash, real) = match hash {
            Some(hash) => (hash.to_owned(), true),
            None => (self.dummy.clone(), false),
        };
        let password = password.to_owned();
        let matched = self.with_turn(move || verify_now(&hash, &password)).await?;
        Ok(matched && real)
    }

    /// The most hashes that ever ran at once (for tests of the bound).
    pub fn peak_in_flight(&self) -> u32 {
        self.peak.load(Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_are_argon2id_with_the_required_parameters_and_verify() {
        let hashed = hash(Password::parse("correct horse battery").unwrap()).await.unwrap();
        assert!(hashed.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hashed}");
        let hasher = Hasher::new(2);
        assert_eq!(hasher.verify(Some(&hashed), "correct horse battery").await, Ok(true));
        assert_eq!(hasher.verify(Some(&hashed), "wrong horse battery").await, Ok(false));
        assert_eq!(hasher.verify(None, "correct horse battery").await, Ok(false));
        assert_eq!(hasher.verify(Some("not a hash"), "x").await, Ok(false));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn no_more_hashes_run_at_once_than_allowed() {
        let hasher = std::sync::Arc::new(Hasher::new(2));
        let checks: Vec<_> = (0..8)
            .map(|_| {
                let hasher = hasher.clone();
                tokio::spawn(async move { hasher.verify(None, "password guess").await })
            })
            .collect();
        for check in checks {
            assert!(matches!(check.await.unwrap(), Ok(false) | Err(Busy)));
        }
        assert!(hasher.peak_in_flight() <= 2, "{}", hasher.peak_in_flight());
        assert!(hasher.peak_in_flight() >= 1);
    }
}
