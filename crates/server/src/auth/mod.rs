//! Authentication: who is making a request, and the protections around proving it.
//!
//! - [`secrets`]: random tokens and their hashes. [`totp`]: second factor.
//! - [`cookies`]: the three cookies (`__Host-` prefixed, Secure, HttpOnly, SameSite=Lax): the
//!   session, the CSRF token, and the trusted-device marker.
//! - [`session`]: the middleware that loads the session of every request, and the extractors that
//!   say in a handler's signature who may call it ([`SignedIn`], [`RecentlySignedIn`], ...).
//! - [`csrf`]: the token every unsafe request must carry.
//! - [`limits`]: rate limits and the bound on concurrent password hashing.

pub mod cookies;
pub mod csrf;
pub mod limits;
pub mod secrets;
pub mod session;
pub mod totp;

pub use session::{AwaitingSecondFactor, Enrolling, RecentlySignedIn, SignedIn, Viewer};
