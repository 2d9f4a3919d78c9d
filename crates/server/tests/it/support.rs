//! The harness: a real server on a free loopback port with its own fresh database.

use std::future::Future;
use std::sync::Arc;

use c4h_server::app::{self, RunningServer};
use c4h_server::clock::{Clock, FakeClock, SystemClock};
use c4h_server::config::{RawSettings, Settings};
use c4h_server::state::AppState;
use c4h_storage::testing::{TestBackend, TestDatabase};
use c4h_storage::{DatabaseUrl, Store};

use crate::smtp::MailSink;
use time::macros::datetime;

/// A running server and what a test needs to talk to it.
pub struct TestApp {
    pub base: String,
    pub store: Arc<dyn Store>,
    pub state: AppState,
    /// The fake clock, when the test asked for one.
    pub clock: Option<Arc<FakeClock>>,
    /// Every e-mail the server sent.
    pub mail: MailSink,
    /// Where the server's metrics are served (each test server has its own free port).
    pub metrics: String,
    /// A client that neither follows redirects nor keeps cookies, so tests see each response.
    pub http: reqwest::Client,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Runs every due job (e-mail included) until none is left.
    pub async fn run_jobs(&self) {
        while self.state.jobs.run_due("test-worker").await.unwrap() > 0 {}
    }

    /// The fake clock; panics when the test runs on the real one.
    pub fn clock(&self) -> &FakeClock {
        self.clock
            .as_deref()
            .expect("this test asked for Options { fake_clock: true, manual_offers: false }")
    }

    /// A visitor with its own cookies.
    pub fn visitor(&self) -> crate::client::Visitor {
        crate::client::Visitor::new(&self.base)
    }
}

/// How to set up the app for a test.
#[derive(Clone, Copy, Default)]
pub struct Options {
    pub demo: bool,
    /// Use a fake clock starting at 2026-11-29 12:00 UTC instead of the real one.
    pub fake_clock: bool,
    /// Auto-offer off for every urgency: coordinators send offers by hand.
    pub manual_offers: bool,
}

/// Settings for a test server: loopback, any free port, no background workers (tests run jobs
/// themselves so they never wait on a timer).
pub fn test_settings(url: &DatabaseUrl) -> Settings {
    let mut settings = RawSettings::gather(None, [], &[]).unwrap().validate().unwrap();
    settings.database_url = url.clone();
    settings.listen = "127.0.0.1:0".parse().unwrap();
    // Port 0: the server fills in the real address once it is bound.
    settings.public_url = "http://127.0.0.1:0".to_owned();
    settings.workers = 0;
    settings.log = "warn".into();
    // A key of its own for each test server, never a file in the working directory.
    let mut key = [0u8; 32];
    getrandom_key(&mut key);
    settings.data_key = c4h_server::crypto::KeySource::Inline(key);
    settings
}

fn getrandom_key(key: &mut [u8; 32]) {
    // uuid's v4 is random enough for a test's key and spares a dependency.
    key[..16].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
    key[16..].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
}

/// Runs `test` against a fresh server on `backend`; removes the database afterwards, also when
/// the test panics.
pub async fn with_app<F, Fut>(backend: TestBackend, options: Options, test: F)
where
    F: FnOnce(TestApp) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    with_app_routes(backend, options, axum::Router::new(), test).await;
}

/// [`with_app`] with extra routes behind the service's layers.
pub async fn with_app_routes<F, Fut>(
    backend: TestBackend,
    options: Options,
    extra: axum::Router<AppState>,
    test: F,
) where
    F: FnOnce(TestApp) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let Some(database) = TestDatabase::create(backend).await else { return };
    let store = database.store().await;
    let fake =
        options.fake_clock.then(|| Arc::new(FakeClock::new(datetime!(2026-11-29 12:00 UTC))));
    let clock: Arc<dyn Clock> = match &fake {
        Some(fake) => fake.clone(),
        None => Arc::new(SystemClock),
    };
    let mail = MailSink::start().await;
    if options.demo {
        c4h_server::demo::load(store.as_ref(), clock.now()).await.unwrap();
    }
    let mut settings = test_settings(database.url());
    settings.mail.transport = c4h_server::config::MailTransport::Smtp(mail.url());
    if options.manual_offers {
        settings.matching.auto_offer = [false; 4];
    }
    settings.metrics_listen = Some("127.0.0.1:0".parse().unwrap());
    let listener = app::bind(&settings).await.unwrap();
    let server: RunningServer =
        app::start_with(settings, store.clone(), clock, listener, extra).await.unwrap();
    let http =
        reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let test_app = TestApp {
        base: format!("http://{}", server.address),
        store,
        http,
        state: server.state.clone(),
        clock: fake,
        mail,
        metrics: format!("http://{}/metrics", server.metrics_address.expect("metrics are served")),
    };
    let sink = test_app.mail.clone();
    let keys = test_app.store.keys();
    let outcome = tokio::spawn(test(test_app)).await;
    if outcome.is_ok() {
        no_sensitive_content_in(&sink, database.url(), &keys.now()).await;
    }
    server.shutdown().await.unwrap();
    database.destroy().await;
    if let Err(error) = outcome {
        std::panic::resume_unwind(error.into_panic());
    }
}

/// Declares each `async fn name(app: TestApp)` as `sqlite::name` and `postgres::name`, each with
/// the given [`Options`].
macro_rules! http_tests {
    ($options:expr; $($name:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    $crate::support::with_app(c4h_storage::testing::TestBackend::Sqlite, $options, super::$name).await;
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    $crate::support::with_app(c4h_storage::testing::TestBackend::Postgres, $options, super::$name).await;
                }
            )+
        }
    };
}
pub(crate) use http_tests;

/// Every HTTP test ends here: each e-mail its server sent is searched for the sensitive content
/// its database holds (every request's description, the name of every organisation that asked for
/// help, every message marked TLP:RED). Across the suite this reads every e-mail sent.
async fn no_sensitive_content_in(
    sink: &MailSink,
    url: &DatabaseUrl,
    keys: &c4h_storage::sealing::Keyring,
) {
    use c4h_storage::testing::query_strings;
    let mails = sink.all();
    if mails.is_empty() {
        return;
    }
    // Free text is sealed in the database: each is read as `id sealed` and opened here with the
    // store's keyring.
    let mut secrets = Vec::new();
    for (what, place, sql) in [
        (
            "a case description",
            Some("assistance_requests.description"),
            "SELECT CAST(id AS TEXT) || ' ' || description FROM assistance_requests",
        ),
        (
            "a requester's organisation name",
            None,
            "SELECT CAST(id AS TEXT) || ' ' || name FROM organisations WHERE id IN \
             (SELECT organisation_id FROM assistance_requests)",
        ),
        (
            "a TLP:RED message",
            Some("messages.body"),
            "SELECT CAST(id AS TEXT) || ' ' || body FROM messages WHERE tlp = 'red'",
        ),
    ] {
        for row in query_strings(url, sql).await {
            let (id, stored) = row.split_once(' ').expect("id, then the text");
            let text = match place {
                Some(place) => keys.open_text(place, id, stored).expect("sealed text opens"),
                None => stored.to_owned(),
            };
            // Short strings ("Clinic") would match ordinary words; real ones are longer.
            if text.trim().chars().count() >= 12 {
                secrets.push((what, text.trim().to_owned()));
            }
        }
    }
    for mail in &mails {
        let (subject, body) = (mail.subject(), mail.body());
        for (what, secret) in &secrets {
            assert!(
                !subject.contains(secret.as_str()) && !body.contains(secret.as_str()),
                "an e-mail to {:?} ({subject}) contains {what}: {secret:?}",
                mail.to
            );
        }
    }
}
