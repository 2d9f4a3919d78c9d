//! Load for `c4h`: a signed-in requester made directly in the database, the request it submits,
//! a pool of HTTP connections that submit at a fixed rate or as fast as they can, and the
//! latency figures of a run.
//!
//! Used by the intake benchmark (`c4h-bench`, see `scripts/bench`) and by the crash test of the
//! `c4h` binary, so that both load the service the same way a browser does: a session cookie, a
//! CSRF token, and the intake form with an idempotency key.

pub mod instances;

use std::sync::Arc;
use std::time::{Duration, Instant};

use c4h_domain::ids::{MembershipId, OrganisationId, SessionId, UserId};
use c4h_domain::{
    Country, EmailAddress, LanguageTag, MembershipRole, MembershipState, RequesterKind,
    VerificationState,
};
use c4h_storage::Store;
use c4h_storage::model::{
    Actor, Change, NewMembership, NewOrganisation, NewSession, NewUser, ObjectRef, SeedData,
};
use time::OffsetDateTime;

/// A requester who can submit: the cookies a signed-in browser would send.
#[derive(Debug, Clone)]
pub struct Requester {
    pub user: UserId,
    pub organisation: OrganisationId,
    session_token: String,
    csrf_token: String,
}

impl Requester {
    /// Creates a verified clinic, one of its members, and a live session for them.
    pub async fn create(store: &Arc<dyn Store>, name: &str) -> anyhow::Result<Self> {
        let now = OffsetDateTime::now_utc();
        let organisation = OrganisationId::new();
        let user = UserId::new();
        let data = SeedData {
            organisations: vec![NewOrganisation {
                id: organisation,
                name: format!("{name} (load)"),
                kind: RequesterKind::Clinic,
                country: Country::parse("FR")?,
                languages: vec![LanguageTag::parse("fr")?],
                website: None,
                registry_number: None,
                nis2_in_scope: false,
                verification: VerificationState::Verified,
            }],
            users: vec![NewUser {
                id: user,
                email: EmailAddress::parse(&format!(
                    "it@{}.example",
                    user.to_string().get(..8).unwrap_or("x")
                ))?,
                display_name: format!("IT lead of {name}"),
                password_hash: None,
                staff_role: None,
                preferred_language: LanguageTag::parse("fr")?,
            }],
            memberships: vec![NewMembership {
                id: MembershipId::new(),
                user_id: user,
                organisation_id: Some(organisation),
                provider_id: None,
                role: MembershipRole::Admin,
                state: MembershipState::Active,
            }],
            ..SeedData::default()
        };
        let change = Change::new(Actor::system(), "load.seed", ObjectRef::new("load", name), now);
        store.seed(&data, &change).await?;
        let session_token = c4h_server::auth::secrets::new_token();
        let session = NewSession {
            id: SessionId::new(),
            token_hash: c4h_server::auth::secrets::hash_token(&session_token),
            user_id: user,
            mfa_verified: true,
            client_address: Some("127.0.0.1".into()),
            user_agent: Some("c4h-bench".into()),
            created_at: now,
            idle_expires_at: now + time::Duration::hours(12),
            absolute_expires_at: now + time::Duration::hours(12),
        };
        let change =
            Change::new(Actor::system(), "load.session", ObjectRef::new("user", user), now);
        store.create_session(&session, &change).await?;
        Ok(Self {
            user,
            organisation,
            session_token,
            csrf_token: c4h_server::auth::secrets::new_token(),
        })
    }

    /// The cookie header a signed-in browser sends.
    pub fn cookie(&self) -> String {
        format!("__Host-c4h_session={}; __Host-c4h_csrf={}", self.session_token, self.csrf_token)
    }

    /// The urlencoded intake form for a critical ransomware request with `key`.
    pub fn form(&self, key: &str) -> String {
        serde_urlencoded::to_string([
            ("csrf", self.csrf_token.as_str()),
            ("key", key),
            ("description", "Un rançongiciel chiffre les serveurs du dossier patient (charge)."),
            ("active_incident", "yes"),
            ("ransomware", "yes"),
            ("patient_care", "records"),
            ("category", "not_sure"),
            ("languages", "fr"),
            ("tlp", "amber"),
            ("consent_to_share", "yes"),
        ])
        .unwrap_or_default()
    }

    /// The idempotency key the store keeps for `key` of this requester.
    pub fn stored_key(&self, key: &str) -> String {
        format!("{}:{key}", self.user)
    }
}

/// An HTTP client that keeps up to `connections` connections open and follows no redirect.
pub fn client(connections: usize) -> anyhow::Result<reqwest::Client> {
    Ok(reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(connections)
        .timeout(Duration::from_secs(30))
        .build()?)
}

/// Submits one request with `key`; `Ok(true)` when the service acknowledged it (303).
pub async fn submit(
    http: &reqwest::Client,
    base: &str,
    requester: &Requester,
    key: &str,
) -> Result<bool, reqwest::Error> {
    let response = http
        .post(format!("{base}/requests/new"))
        .header("cookie", requester.cookie())
        .header("content-type", "application/x-www-form-urlencoded")
        .body(requester.form(key))
        .send()
        .await?;
    Ok(response.status() == reqwest::StatusCode::SEE_OTHER)
}

/// What a run measured.
#[derive(Debug, Clone)]
pub struct Figures {
    pub name: String,
    pub succeeded: usize,
    pub failed: usize,
    pub elapsed: Duration,
    /// Every successful request's latency, sorted.
    pub latencies: Vec<Duration>,
}

impl Figures {
    pub fn new(name: &str, mut latencies: Vec<Duration>, failed: usize, elapsed: Duration) -> Self {
        latencies.sort();
        Self { name: name.to_owned(), succeeded: latencies.len(), failed, elapsed, latencies }
    }

    pub fn throughput(&self) -> f64 {
        self.succeeded as f64 / self.elapsed.as_secs_f64()
    }

    /// The latency below which `share` (0 to 1) of the requests fell.
    pub fn percentile(&self, share: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((self.latencies.len() as f64) * share).ceil() as usize;
        self.latencies[rank.clamp(1, self.latencies.len()) - 1]
    }

    /// One line of the report table.
    pub fn line(&self) -> String {
        let ms = |d: Duration| format!("{:.1}", d.as_secs_f64() * 1000.0);
        format!(
            "| {} | {:.0} | {} | {} | {} | {} | {} |",
            self.name,
            self.throughput(),
            ms(self.percentile(0.5)),
            ms(self.percentile(0.9)),
            ms(self.percentile(0.99)),
            ms(self.latencies.last().copied().unwrap_or_default()),
            self.failed,
        )
    }
}

/// The header of the report table.
pub const TABLE_HEADER: &str =
    "| run | req/s | p50 ms | p90 ms | p99 ms | max ms | failed |\n|---|---|---|---|---|---|---|";

/// Runs `call` from `connections` workers for `length`, each as fast as it can (closed loop).
pub async fn saturate<F, Fut>(name: &str, connections: usize, length: Duration, call: F) -> Figures
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let call = Arc::new(call);
    let started = Instant::now();
    let mut workers = Vec::new();
    for worker in 0..connections {
        let call = call.clone();
        workers.push(tokio::spawn(async move {
            let (mut latencies, mut failed, mut n) = (Vec::new(), 0, 0);
            while started.elapsed() < length {
                let sent = Instant::now();
                if call(worker * 1_000_000 + n).await {
                    latencies.push(sent.elapsed());
                } else {
                    failed += 1;
                }
                n += 1;
            }
            (latencies, failed)
        }));
    }
    let (mut latencies, mut failed) = (Vec::new(), 0);
    for worker in workers {
        if let Ok((l, f)) = worker.await {
            latencies.extend(l);
            failed += f;
        }
    }
    Figures::new(name, latencies, failed, started.elapsed())
}

/// Sends `rate` calls a second for `length`, each at its scheduled time whether or not earlier
/// ones have answered (open loop), at most `connections` at once; a latency counts from the
/// scheduled time, so a stall shows in the figures instead of slowing the load down.
pub async fn fixed_rate<F, Fut>(
    name: &str,
    rate: u32,
    connections: usize,
    length: Duration,
    call: F,
) -> Figures
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = bool> + Send + 'static,
{
    let call = Arc::new(call);
    let slots = Arc::new(tokio::sync::Semaphore::new(connections));
    let interval = Duration::from_secs_f64(1.0 / f64::from(rate.max(1)));
    let started = Instant::now();
    let total = (length.as_secs_f64() * f64::from(rate)) as usize;
    let mut tasks = Vec::with_capacity(total);
    for n in 0..total {
        let due = started + interval * u32::try_from(n).unwrap_or(u32::MAX);
        tokio::time::sleep_until(due.into()).await;
        let (call, slots) = (call.clone(), slots.clone());
        tasks.push(tokio::spawn(async move {
            let Ok(_slot) = slots.acquire_owned().await else { return None };
            call(n).await.then(|| due.elapsed())
        }));
    }
    let (mut latencies, mut failed) = (Vec::new(), 0);
    for task in tasks {
        match task.await {
            Ok(Some(latency)) => latencies.push(latency),
            _ => failed += 1,
        }
    }
    Figures::new(name, latencies, failed, started.elapsed())
}
