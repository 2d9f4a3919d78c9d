//! The server's integration tests, in one binary: HTTP tests against the real app on port 0 with
//! its own database (on SQLite and PostgreSQL), browser tests in headless Chromium, and checks of
//! the translations.

mod browser;

mod demo;
mod http;
mod i18n;
mod jobs;
mod support;
