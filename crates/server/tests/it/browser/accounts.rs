//! The identity journeys in a real browser, with the e-mail read from the SMTP receiver and TOTP
//! codes computed from the secrets, on a fake clock. Every page on the way passes the
//! accessibility check.

use c4h_server::auth::totp;
use c4h_server::clock::Clock;
use fantoccini::{Client, Locator};
use time::Duration;

use super::{serious_accessibility_violations, text, with_app_in_browser};
use crate::support::{Options, TestApp};
use crate::world::{self, PASSWORD, email, secret};

const WORLD: Options = Options { demo: false, fake_clock: true, manual_offers: false };

pub(super) async fn fill(client: &Client, css: &str, value: &str) {
    let field = client.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("{css}: {e}"));
    field.clear().await.unwrap();
    field.send_keys(value).await.unwrap();
}

/// Submits the page's main form and waits for the next page.
pub(super) async fn submit(client: &Client) {
    let before = client.find(Locator::Css("html")).await.unwrap();
    client
        .find(Locator::Css("main form.form button[type='submit']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client.wait().for_element(Locator::Css("main")).await.unwrap();
    // The old document is gone once the new one has loaded.
    while before.tag_name().await.is_ok() {
        client.wait().for_element(Locator::Css("main")).await.unwrap();
    }
}

pub(super) async fn assert_accessible(client: &Client) {
    let violations = serious_accessibility_violations(client).await;
    let url = client.current_url().await.unwrap();
    assert!(violations.is_empty(), "{url}: {violations:#?}");
}

pub(super) async fn path(client: &Client) -> String {
    let url = client.current_url().await.unwrap();
    match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_owned(),
    }
}

/// The path and query of the newest link to `address` that starts with the app's address.
pub(super) fn mailed_link(app: &TestApp, address: &str) -> String {
    let link = app.mail.last_to(address).link(&app.base).expect("a link in the e-mail");
    link.strip_prefix(&app.base).unwrap().to_owned()
}

pub(super) async fn sign_in(
    client: &Client,
    app: &TestApp,
    address: &str,
    password: &str,
    code: Option<String>,
) {
    client.goto(&app.url("/login")).await.unwrap();
    fill(client, "#email", address).await;
    fill(client, "#password", password).await;
    submit(client).await;
    if let Some(code) = code {
        assert_eq!(path(client).await.split('?').next().unwrap(), "/login/mfa");
        fill(client, "#code", &code).await;
        submit(client).await;
    }
}

pub(super) async fn sign_out(client: &Client) {
    client
        .find(Locator::Css("form[action='/logout'] button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client.wait().for_element(Locator::Css("main .notice")).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_invites_a_coordinator_who_sets_up_totp_and_signs_in_with_it() {
    with_app_in_browser("invite-coordinator", true, WORLD, |app, client| async move {
        world::create(&app.store).await;
        let admin_code = totp::code_at(&secret("admin"), app.clock().now());
        sign_in(&client, &app, &email("admin"), PASSWORD, Some(admin_code)).await;
        assert_eq!(path(&client).await, "/account");
        client.goto(&app.url("/admin/staff")).await.unwrap();
        assert_accessible(&client).await;
        fill(&client, "#email", "coordinator-two@operator.example").await;
        client
            .find(Locator::Css("#role option[value='coordinator']"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        submit(&client).await;
        assert_eq!(path(&client).await, "/admin/staff?done=invited");
        sign_out(&client).await;

        app.run_jobs().await;
        client
            .goto(&app.url(&mailed_link(&app, "coordinator-two@operator.example")))
            .await
            .unwrap();
        assert_accessible(&client).await;
        fill(&client, "#display_name", "Coordination desk").await;
        fill(&client, "#password", "a coordinator's passphrase").await;
        submit(&client).await;
        assert_eq!(path(&client).await, "/account/mfa/setup");
        assert_accessible(&client).await;
        let key = text(&client, "#totp-secret").await;
        let bytes = totp::decode_secret(&key).unwrap();
        fill(&client, "#code", &totp::code_at(&bytes, app.clock().now())).await;
        submit(&client).await;
        assert_eq!(client.find_all(Locator::Css("#recovery-codes li")).await.unwrap().len(), 10);
        assert_accessible(&client).await;
        client.find(Locator::Css("main a.button-primary")).await.unwrap().click().await.unwrap();
        client.wait().for_element(Locator::Css("form[action='/account/profile']")).await.unwrap();
        assert_accessible(&client).await;
        sign_out(&client).await;

        app.clock().advance(Duration::seconds(30));
        let code = totp::code_at(&bytes, app.clock().now());
        sign_in(
            &client,
            &app,
            "coordinator-two@operator.example",
            "a coordinator's passphrase",
            Some(code.clone()),
        )
        .await;
        assert_eq!(path(&client).await, "/account");
        assert!(text(&client, "main").await.contains("You are a coordinator."));
        sign_out(&client).await;

        // The same code, again, in the same 30 seconds: refused.
        sign_in(
            &client,
            &app,
            "coordinator-two@operator.example",
            "a coordinator's passphrase",
            Some(code),
        )
        .await;
        assert_eq!(path(&client).await.split('?').next().unwrap(), "/login/mfa");
        assert!(
            text(&client, "#code-error").await.contains("already been used")
                || text(&client, "#code-error").await.contains("already used")
        );
        assert_accessible(&client).await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_requester_registers_creates_an_organisation_and_approves_a_colleague() {
    with_app_in_browser("organisation", true, WORLD, |app, client| async move {
        let register = |address: &'static str| {
            let (client, app) = (client.clone(), &app);
            async move {
                client.goto(&app.url("/register")).await.unwrap();
                assert_accessible(&client).await;
                fill(&client, "#display_name", "Clinic IT").await;
                fill(&client, "#email", address).await;
                fill(&client, "#password", "our clinic passphrase").await;
                submit(&client).await;
                assert_accessible(&client).await;
                app.run_jobs().await;
                client.goto(&app.url(&mailed_link(app, address))).await.unwrap();
                assert_accessible(&client).await;
                client.find(Locator::Css("main form button")).await.unwrap().click().await.unwrap();
                client.wait().for_element(Locator::Css("main .notice")).await.unwrap();
                assert_accessible(&client).await;
                sign_in(&client, app, address, "our clinic passphrase", None).await;
                assert_eq!(path(&client).await, "/account");
            }
        };
        register("it-lead@clinic.example").await;
        assert_accessible(&client).await;
        client
            .find(Locator::Css("a[href='/organisations/new']"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        client.wait().for_element(Locator::Css("#kind")).await.unwrap();
        assert_accessible(&client).await;
        fill(&client, "#name", "Clinique des Essais").await;
        client
            .find(Locator::Css("#kind option[value='clinic']"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        client
            .find(Locator::Css("#country option[value='FR']"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        submit(&client).await;
        assert_eq!(text(&client, "h1").await, "Clinique des Essais");
        assert_accessible(&client).await;
        let organisation = path(&client).await;
        let code = text(&client, "#the-join-code").await;
        sign_out(&client).await;

        register("nurse@clinic.example").await;
        client
            .find(Locator::Css("a[href='/organisations/join']"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        client.wait().for_element(Locator::Css("#code")).await.unwrap();
        assert_accessible(&client).await;
        fill(&client, "#code", &code).await;
        submit(&client).await;
        assert!(text(&client, "main").await.contains("Clinique des Essais"));
        client.find(Locator::Css("main form button")).await.unwrap().click().await.unwrap();
        client.wait().for_element(Locator::Css("main a[href='/account']")).await.unwrap();
        assert!(text(&client, "main").await.contains("sent to the organisation's administrators"));
        sign_out(&client).await;

        sign_in(&client, &app, "it-lead@clinic.example", "our clinic passphrase", None).await;
        client.goto(&app.url(&organisation)).await.unwrap();
        client
            .find(Locator::Css("form[action$='/approve'] button"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        client.wait().for_element(Locator::Css("form[action$='/make-admin']")).await.unwrap();
        assert!(text(&client, "table").await.contains("nurse@clinic.example"));
        sign_out(&client).await;

        sign_in(&client, &app, "nurse@clinic.example", "our clinic passphrase", None).await;
        assert!(
            text(&client, "main").await.contains("Clinique des Essais"),
            "the organisation is on the nurse's account page"
        );
    })
    .await;
}
