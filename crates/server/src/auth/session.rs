//! Sessions: the middleware that finds the session of each request, and the extractors that put
//! who may call a handler into its signature.
//!
//! A session is in one of three stages:
//! - awaiting the second factor: the password was right, the TOTP code is still due; only
//!   [`AwaitingSecondFactor`] routes (and signing out) accept it;
//! - must enrol: the password was right, the role requires MFA and none is set up; only
//!   [`Enrolling`] routes accept it;
//! - signed in: everything [`SignedIn`] requires.
//!
//! Anything else answers 401 (no session, or one that ended) or redirects to the stage's page.

use std::sync::Arc;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use c4h_domain::policy::Principal;
use c4h_storage::model::{SessionContext, SessionRecord, User};
use time::Duration;

use super::cookies;
use super::secrets::hash_token;
use crate::http::AppError;
use crate::state::AppState;

/// How recently a user must have proven their identity for a sensitive action.
pub const REAUTH_WINDOW: Duration = Duration::minutes(10);
/// Activity is written back at most this often, so that a busy page costs no extra writes.
const TOUCH_EVERY: Duration = Duration::minutes(1);

/// The request's session, as loaded by [`load`]; also left on the response for error pages.
#[derive(Debug, Clone)]
pub struct CurrentSession(pub Arc<SessionContext>);

/// Loads the session named by the session cookie, if it is live, and records activity.
pub async fn load(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let Some(token) = cookies::read(request.headers(), cookies::SESSION) else {
        return next.run(request).await;
    };
    let now = state.clock.now();
    let context = match state.store.session_by_token(&hash_token(&token), now).await {
        Ok(context) => context,
        Err(error) => return AppError::from(error).into_response(),
    };
    let Some(context) = context else {
        return next.run(request).await;
    };
    let session = &context.session;
    if now - session.last_seen_at >= TOUCH_EVERY {
        let idle_until = (now + state.settings.session_idle).min(session.absolute_expires_at);
        if let Err(error) = state.store.touch_session(session.id, now, idle_until).await {
            tracing::warn!(error = %error, "recording session activity failed");
        }
    }
    let current = CurrentSession(Arc::new(context));
    request.extensions_mut().insert(current.clone());
    let mut response = next.run(request).await;
    response.extensions_mut().insert(current);
    response
}

enum Stage {
    AwaitingCode,
    MustEnrol,
    SignedIn,
}

fn stage(context: &SessionContext) -> Stage {
    if !context.session.mfa_verified {
        Stage::AwaitingCode
    } else if context.principal.requires_mfa() && !context.user.mfa_enrolled {
        Stage::MustEnrol
    } else {
        Stage::SignedIn
    }
}

fn current(parts: &Parts) -> Option<Arc<SessionContext>> {
    parts.extensions.get::<CurrentSession>().map(|current| current.0.clone())
}

/// Whoever is looking, signed in or not (for the navigation).
#[derive(Debug, Clone)]
pub struct Viewer(pub Option<Arc<SessionContext>>);

impl Viewer {
    /// The viewer's context when fully signed in.
    pub fn signed_in(&self) -> Option<&SessionContext> {
        self.0.as_deref().filter(|context| matches!(stage(context), Stage::SignedIn))
    }
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        Ok(Self(current(parts)))
    }
}

/// A fully signed-in user.
#[derive(Debug, Clone)]
pub struct SignedIn(pub Arc<SessionContext>);

impl SignedIn {
    pub fn principal(&self) -> &Principal {
        &self.0.principal
    }

    pub fn user(&self) -> &User {
        &self.0.user
    }

    pub fn session(&self) -> &SessionRecord {
        &self.0.session
    }
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        let context = current(parts).ok_or(AppError::Unauthenticated)?;
        match stage(&context) {
            Stage::SignedIn => Ok(Self(context)),
            Stage::AwaitingCode => Err(AppError::Redirect("/login/mfa".into())),
            Stage::MustEnrol => Err(AppError::Redirect("/account/mfa/setup".into())),
        }
    }
}

/// A signed-in user who proved their identity within [`REAUTH_WINDOW`] (step-up before sensitive
/// actions); others are sent to re-authenticate and come back.
#[derive(Debug, Clone)]
pub struct RecentlySignedIn(pub SignedIn);

impl FromRequestParts<AppState> for RecentlySignedIn {
    type Rejection = AppError;
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let signed_in = SignedIn::from_request_parts(parts, state).await?;
        let recent = signed_in
            .session()
            .reauthenticated_at
            .is_some_and(|at| state.clock.now() - at < REAUTH_WINDOW);
        if recent {
            return Ok(Self(signed_in));
        }
        // After re-authenticating, a form cannot be re-posted; come back to the page it is on.
        let back = parts.headers.get("referer").and_then(|v| v.to_str().ok()).and_then(|r| {
            r.find("://").and_then(|i| r[i + 3..].find('/').map(|j| r[i + 3 + j..].to_owned()))
        });
        let next = if parts.method == axum::http::Method::GET {
            parts.uri.path_and_query().map_or("/account".to_owned(), ToString::to_string)
        } else {
            back.unwrap_or_else(|| "/account".to_owned())
        };
        let query = serde_urlencoded::to_string([("next", next)]).unwrap_or_default();
        Err(AppError::Redirect(format!("/reauth?{query}")))
    }
}

/// Sends a signed-in user to re-authenticate, coming back to `back`, unless they proved their
/// identity within [`REAUTH_WINDOW`]. For handlers that must first check, without revealing
/// anything, that the caller may be there at all (where [`RecentlySignedIn`] would redirect
/// before that check).
pub fn require_recent(state: &AppState, signed_in: &SignedIn, back: &str) -> Result<(), AppError> {
    let recent = signed_in
        .session()
        .reauthenticated_at
        .is_some_and(|at| state.clock.now() - at < REAUTH_WINDOW);
    if recent {
        return Ok(());
    }
    let query = serde_urlencoded::to_string([("next", back)]).unwrap_or_default();
    Err(AppError::Redirect(format!("/reauth?{query}")))
}

/// A session between the password and the second factor.
#[derive(Debug, Clone)]
pub struct AwaitingSecondFactor(pub Arc<SessionContext>);

impl FromRequestParts<AppState> for AwaitingSecondFactor {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        let context = current(parts).ok_or(AppError::Unauthenticated)?;
        match stage(&context) {
            Stage::AwaitingCode => Ok(Self(context)),
            _ => Err(AppError::Redirect("/account".into())),
        }
    }
}

/// A session that may set up MFA: signed in, or required to enrol before anything else.
#[derive(Debug, Clone)]
pub struct Enrolling(pub Arc<SessionContext>);

impl FromRequestParts<AppState> for Enrolling {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        let context = current(parts).ok_or(AppError::Unauthenticated)?;
        match stage(&context) {
            Stage::AwaitingCode => Err(AppError::Redirect("/login/mfa".into())),
            Stage::MustEnrol | Stage::SignedIn => Ok(Self(context)),
        }
    }
}
