//! Matching in the service: the exchange format (`exchange`), for `c4h match solve` and for
//! checking our solver against others, and the problem as the database has it now (`export`),
//! for `c4h match export`.

pub mod exchange;
pub mod export;
