//! The service functions that pages (and, later, the API) call: each does one thing a person asks
//! for, checks what must be checked, writes through the store with its audit event and e-mail in
//! one transaction, and returns what the caller needs to answer.

pub mod account;
pub mod audit;
pub mod case;
pub mod case_files;
pub mod directory;
pub mod emergency;
pub mod matching;
pub mod mfa;
pub mod notify;
pub mod offerings;
pub mod offers;
pub mod organisations;
pub mod providers;
pub mod registration;
pub mod requests;
pub mod retention;
pub mod sign_in;
pub mod staff;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use c4h_domain::ids::{RequestId, UserId};
use c4h_domain::policy::Principal;
use c4h_storage::model::{Actor, Change, ObjectRef};
use time::OffsetDateTime;

use crate::http::AppError;
use crate::state::AppState;

/// Records that `principal` is about to be shown sensitive content of `request` (a request's
/// details and conversation, a file): a `<kind>.read` event, written before the content leaves,
/// so that nothing is shown that the trail does not hold. Readings are never history: every
/// history and the case's activity stream leave out `*.read` events.
pub(crate) async fn record_reading(
    state: &AppState,
    principal: &Principal,
    client: &Client,
    object: ObjectRef,
    request: RequestId,
    details: serde_json::Value,
) -> Result<(), AppError> {
    let action = format!("{}.read", object.kind);
    let change = client
        .change(Some(principal.user_id), &action, object, state.clock.now())
        .for_request(request)
        .with_details(details);
    state.store.record(&change).await?;
    Ok(())
}

/// Where a request comes from, for rate limits, sessions and the audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Client {
    /// The peer's address. (Behind a reverse proxy, trusted forwarding headers come later.)
    pub address: String,
    /// The browser's self-description, cut to 200 characters, for the sessions page.
    pub user_agent: Option<String>,
}

impl Client {
    /// The audit actor for this client acting as `user` (or as nobody yet).
    pub fn actor(&self, user: Option<UserId>) -> Actor {
        Actor {
            user_id: user,
            label: if user.is_some() { "user" } else { "anonymous" }.to_owned(),
            client_address: Some(self.address.clone()),
        }
    }

    /// A change by this client.
    pub fn change(
        &self,
        user: Option<UserId>,
        action: &str,
        object: ObjectRef,
        now: OffsetDateTime,
    ) -> Change {
        Change::new(self.actor(user), action, object, now)
    }
}

impl FromRequestParts<AppState> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        let address = parts
            .extensions
            .get::<ConnectInfo<std::net::SocketAddr>>()
            .map_or_else(|| "unknown".to_owned(), |info| info.0.ip().to_string());
        let user_agent = parts
            .headers
            .get("user-agent")
            .and_then(|value| value.to_str().ok())
            .map(|agent| agent.chars().filter(|c| !c.is_control()).take(200).collect());
        Ok(Self { address, user_agent })
    }
}

/// The public address of a page with a query, for links in e-mail.
pub fn link(state: &AppState, path: &str, query: &[(&str, &str)]) -> String {
    let query = if query.is_empty() {
        String::new()
    } else {
        format!("?{}", serde_urlencoded::to_string(query).unwrap_or_default())
    };
    format!("{}{path}{query}", state.settings.public_url)
}
