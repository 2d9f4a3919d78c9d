//! Matching in the service: the exchange format (`exchange`), for `c4h match solve` and for
//! checking our solver against others.

pub mod exchange;
