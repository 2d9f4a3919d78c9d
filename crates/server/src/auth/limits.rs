//! Rate limits, shared by every instance through the database.
//!
//! Sign-in is limited per client address and per account. The per-account limit applies only to
//! attempts from browsers that have not signed in to that account before (no trusted-device
//! cookie): an attacker who guesses passwords from elsewhere runs into it, while the owner, on the
//! browser they use, is never locked out by someone else's attempts (OWASP's "device cookies").
//! The per-account bucket is keyed by the address typed, whether an account exists or not, so the
//! limit itself reveals nothing. Bucket keys are hashed: no address is stored in clear.

use c4h_storage::{Store, StoreError};
use time::{Duration, OffsetDateTime};

use super::secrets::hash_token;

/// A limit: at most `max` hits per `window`.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub name: &'static str,
    pub max: u32,
    pub window: Duration,
}

pub const SIGN_IN_PER_ADDRESS: Limit =
    Limit { name: "sign_in:address", max: 30, window: Duration::minutes(15) };
/// Failed sign-ins per account from browsers it does not know; successes do not count.
pub const SIGN_IN_PER_ACCOUNT: Limit =
    Limit { name: "sign_in:account", max: 10, window: Duration::minutes(15) };
pub const SECOND_FACTOR_PER_ACCOUNT: Limit =
    Limit { name: "mfa:account", max: 10, window: Duration::minutes(15) };
pub const REGISTER_PER_ADDRESS: Limit =
    Limit { name: "register:address", max: 10, window: Duration::hours(1) };
pub const RESET_PER_ADDRESS: Limit =
    Limit { name: "reset:address", max: 10, window: Duration::hours(1) };
pub const RESET_PER_RECIPIENT: Limit =
    Limit { name: "reset:recipient", max: 3, window: Duration::hours(1) };
pub const VERIFY_PER_ACCOUNT: Limit =
    Limit { name: "verify:account", max: 3, window: Duration::hours(1) };
pub const JOIN_PER_ACCOUNT: Limit =
    Limit { name: "join:account", max: 20, window: Duration::hours(1) };

/// Provider applications per client address: a public form that sends an e-mail.
pub const APPLY_PER_ADDRESS: Limit =
    Limit { name: "apply:address", max: 5, window: Duration::hours(1) };

/// Emergency requests per client address: a public form that creates an account and sends an
/// e-mail.
pub const EMERGENCY_PER_ADDRESS: Limit =
    Limit { name: "emergency:address", max: 5, window: Duration::hours(1) };

fn bucket(limit: Limit, key: &str) -> String {
    format!("{}:{}", limit.name, hash_token(key))
}

/// Counts a hit for `key` and says whether the limit is now exceeded.
pub async fn exceeded(
    store: &dyn Store,
    limit: Limit,
    key: &str,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    Ok(store.hit_rate_limit(&bucket(limit, key), now, limit.window).await? > limit.max)
}

/// Whether `key` has used up its limit already, without counting a hit (for limits that count
/// failures only: see [`count_failure`]).
pub async fn used_up(
    store: &dyn Store,
    limit: Limit,
    key: &str,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    Ok(store.rate_limit_hits(&bucket(limit, key), now, limit.window).await? >= limit.max)
}

/// Counts a failure for `key`; returns whether this failure used the limit up.
pub async fn count_failure(
    store: &dyn Store,
    limit: Limit,
    key: &str,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    Ok(store.hit_rate_limit(&bucket(limit, key), now, limit.window).await? >= limit.max)
}
