//! The server's integration tests, in one binary: HTTP tests against the real app on port 0 with
//! its own database (on SQLite and PostgreSQL), browser tests in headless Chromium, and checks of
//! the translations.

mod at_rest;
mod audit;
mod auth;
mod browser;
mod case;
mod case_files;
mod client;

mod demo;
mod http;
mod i18n;
mod jobs;
mod matrix;
mod metrics;
mod notifications;
mod offerings;
mod offers;
mod proposals;
mod requests;
mod retention;
mod rotation;
mod smtp;
mod support;
mod vetting;
mod world;
