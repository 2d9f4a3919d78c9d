//! Rebuilds the crate when a migration is added or changed: `sqlx::migrate!` embeds the
//! migration files at compile time, and cargo does not otherwise know that it reads them, so a
//! cached build (as CI keeps one) would carry the migrations it saw last.

fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
