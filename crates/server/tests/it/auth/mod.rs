//! Tests of identity and sessions that SECURITY.md and the identity issue ask for by name.

mod abuse;
mod flows;
mod sessions;
