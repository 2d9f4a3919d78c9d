//! The Cyber 4 Healthcare service: configuration, the web server and its pages, background jobs,
//! demo data, and the services that the pages and the command line share.
//!
//! Invariants:
//! - Handlers are thin: extract, call one service or store function, render. They never build
//!   SQL and never decide who may do what on their own.
//! - Every user-visible string is a translation key (see [`i18n`]); templates escape everything.
//! - Nothing sensitive is logged (see [`telemetry`]).

pub mod accounts;
pub mod app;
pub mod auth;
pub mod backup;
pub mod clock;
pub mod config;
pub mod crypto;
pub mod demo;
pub mod http;
pub mod i18n;
pub mod jobs;
pub mod mail;
pub mod matching;
pub mod metrics;
pub mod passwords;
pub mod rotation;
pub mod services;
pub mod state;
pub mod telemetry;
