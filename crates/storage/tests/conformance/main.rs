//! The storage conformance suite: every test runs once on SQLite and once on PostgreSQL, each
//! time on a fresh database (`sqlite::…` and `postgres::…` in the output).

mod audit;
mod audit_retention;
mod audit_tamper;
mod case_facts;
mod catalogue;
mod credentials;
mod directory;
mod fixtures;
mod jobs;
mod offers;
mod organisations;
mod providers;
mod requests;
mod schema;
mod sessions;
mod users;
