//! The provider and organisation journeys in a real browser: a company applies, two coordinators
//! vet it, its admin joins, invites a member, publishes two services and pauses one, and the
//! public catalogue shows exactly the other, in English and in French; a coordinator verifies
//! one organisation and rejects another, whose member reads why.

use c4h_domain::ids::{MembershipId, OrganisationId, UserId};
use c4h_domain::{
    Country, EmailAddress, LanguageTag, MembershipRole, MembershipState, RequesterKind,
    VerificationState,
};
use c4h_server::auth::totp;
use c4h_server::clock::Clock;
use c4h_storage::model::{
    Actor, Change, NewMembership, NewOrganisation, NewUser, ObjectRef, SeedData,
};
use fantoccini::{Client, Locator};
use time::Duration;

use super::accounts::{assert_accessible, fill, mailed_link, path, sign_in, sign_out, submit};
use super::{text, with_app_in_browser};
use crate::support::{Options, TestApp};
use crate::world::{self, PASSWORD, email, secret};

const WORLD: Options = Options { demo: false, fake_clock: true, manual_offers: false };

async fn click(client: &Client, css: &str) {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap();
}

/// Clicks what `locator` finds and waits until the next page has loaded.
async fn follow(client: &Client, locator: Locator<'_>) {
    let before = client.find(Locator::Css("html")).await.unwrap();
    client.find(locator).await.unwrap().click().await.unwrap();
    while before.tag_name().await.is_ok() {
        client.wait().for_element(Locator::Css("main")).await.unwrap();
    }
}

/// Signs a person of the world in with their TOTP code, then moves the clock past that code.
async fn sign_in_staff(client: &Client, app: &TestApp, role: &str) {
    let code = totp::code_at(&secret(role), app.clock().now());
    sign_in(client, app, &email(role), PASSWORD, Some(code)).await;
    app.clock().advance(Duration::seconds(30));
}

const COMPANY: &str = "Lakeside Incident Response (test)";

async fn apply(client: &Client, app: &TestApp) {
    client.goto(&app.url("/")).await.unwrap();
    follow(client, Locator::Css("footer a[href='/providers/apply']")).await;
    assert_accessible(client).await;
    fill(client, "#name", COMPANY).await;
    click(client, "#home_country option[value='CH']").await;
    fill(client, "#website", "https://lakeside.example").await;
    fill(client, "#description", "Twelve responders who have worked with hospitals.").await;
    click(client, "input[name='services'][value='incident_response']").await;
    click(client, "input[name='services'][value='ransomware_recovery']").await;
    fill(client, "#contact_email", "pro-bono@lakeside.example").await;
    // One pledge forgotten: the form says so and keeps everything typed.
    for pledge in ["pledge_free", "pledge_no_upselling", "pledge_confidentiality"] {
        click(client, &format!("#{pledge}")).await;
    }
    submit(client).await;
    assert!(text(client, "#pledge_code_of_conduct-error").await.contains("tick it to apply"));
    assert_accessible(client).await;
    click(client, "#pledge_code_of_conduct").await;
    submit(client).await;
    assert_eq!(text(client, "h1").await, "Application received");
}

/// A coordinator opens the company's file from the list of applications.
async fn open_file(client: &Client, app: &TestApp) {
    client.goto(&app.url("/coordination/providers?vetting=applied")).await.unwrap();
    assert_accessible(client).await;
    follow(client, Locator::LinkText(COMPANY)).await;
}

async fn vet(client: &Client, app: &TestApp) {
    sign_in_staff(client, app, "coordinator").await;
    open_file(client, app).await;
    assert_accessible(client).await;
    assert!(text(client, "main").await.contains("pro-bono@lakeside.example"));
    click(client, "input[name='decision'][value='vet']").await;
    fill(client, "#reason", "Two hospital references confirmed by phone.").await;
    submit(client).await;
    assert!(text(client, ".notice").await.contains("Another coordinator must confirm"));
    // The proposer cannot confirm their own proposal: no button for them.
    assert!(client.find(Locator::Css("form[action$='/confirm']")).await.is_err());
    sign_out(client).await;

    sign_in_staff(client, app, "target_staff").await;
    open_file(client, app).await;
    follow(client, Locator::Css("form[action$='/confirm'] button")).await;
    assert!(text(client, ".notice").await.contains("The decision took effect."));
    assert!(text(client, ".lead").await.contains("Vetted provider"));
    assert!(text(client, "#history ~ table").await.contains("Vetting confirmed"));
    assert_accessible(client).await;
    sign_out(client).await;
}

/// The contact accepts the invitation the vetting sent, as the provider's first admin.
async fn join_as_admin(client: &Client, app: &TestApp) {
    app.run_jobs().await;
    let mail = app.mail.last_to("pro-bono@lakeside.example");
    assert!(mail.subject().contains("is accepted as a provider"), "{}", mail.subject());
    client.goto(&app.url(&mailed_link(app, "pro-bono@lakeside.example"))).await.unwrap();
    fill(client, "#display_name", "Lakeside duty lead").await;
    fill(client, "#password", "lakeside pro bono passphrase").await;
    submit(client).await;
    assert_eq!(path(client).await, "/account/mfa/setup");
    let key = text(client, "#totp-secret").await;
    let secret = totp::decode_secret(&key).unwrap();
    fill(client, "#code", &totp::code_at(&secret, app.clock().now())).await;
    submit(client).await;
    follow(client, Locator::Css("main a.button-primary")).await;
    follow(client, Locator::LinkText(COMPANY)).await;
    assert_eq!(text(client, "h1").await, COMPANY);
}

async fn invite_member(client: &Client, app: &TestApp) {
    fill(client, "#email", "engineer@lakeside.example").await;
    click(client, "#role option[value='member']").await;
    submit(client).await;
    assert!(text(client, "main").await.contains("engineer@lakeside.example"));
    app.run_jobs().await;
    assert!(app.mail.last_to("engineer@lakeside.example").link(&app.base).is_some());
}

/// Publishes a service from the desk; `french` adds a French version of its text.
async fn publish(client: &Client, category: &str, title: &str, french: Option<&str>) {
    follow(client, Locator::Css("a[href$='/offerings/new']")).await;
    assert_accessible(client).await;
    click(client, &format!("#category option[value='{category}']")).await;
    fill(client, "#title_1", title).await;
    fill(client, "#description_1", "Remote help within hours, for as long as it takes.").await;
    if let Some(french) = french {
        click(client, "#text_language_2 option[value='fr']").await;
        fill(client, "#title_2", french).await;
        fill(client, "#description_2", "Une aide à distance en quelques heures.").await;
        click(client, "input[name='languages'][value='fr']").await;
    }
    fill(client, "#capacity", "3").await;
    fill(client, "#response_time_hours", "4").await;
    click(client, "input[name='regions'][value='150']").await;
    submit(client).await;
    assert!(text(client, ".notice").await.contains("Saved."));
}

async fn catalogue_titles(client: &Client, app: &TestApp) -> Vec<String> {
    let query = serde_urlencoded::to_string([("q", "lakeside")]).unwrap();
    client.goto(&app.url(&format!("/catalogue?{query}"))).await.unwrap();
    let mut titles = Vec::new();
    for title in client.find_all(Locator::Css(".offering h2")).await.unwrap() {
        titles.push(title.text().await.unwrap());
    }
    titles
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_company_is_vetted_by_two_coordinators_and_publishes_what_the_catalogue_shows() {
    with_app_in_browser("provider-journey", true, WORLD, |app, client| async move {
        world::create(&app.store).await;
        apply(&client, &app).await;
        vet(&client, &app).await;
        join_as_admin(&client, &app).await;
        invite_member(&client, &app).await;

        follow(&client, Locator::Css("a[href$='/offerings']")).await;
        assert_accessible(&client).await;
        publish(
            &client,
            "incident_response",
            "Ransomware first response",
            Some("Première réponse aux rançongiciels"),
        )
        .await;
        publish(&client, "email_security", "Phishing clean-up", None).await;
        let pause =
            "//tr[td[contains(., 'Phishing clean-up')]]//form[contains(@action, '/pause')]//button";
        follow(&client, Locator::XPath(pause)).await;
        assert!(text(&client, "table").await.contains("Paused"));
        assert!(text(&client, "table").await.contains("0 of 3 in use"));
        assert_accessible(&client).await;
        sign_out(&client).await;

        assert_eq!(catalogue_titles(&client, &app).await, ["Ransomware first response"]);
        assert!(text(&client, ".count").await.contains("One service."));
        assert_accessible(&client).await;
        follow(&client, Locator::Css("button[name='lang'][value='fr']")).await;
        assert_eq!(catalogue_titles(&client, &app).await, ["Première réponse aux rançongiciels"]);
        assert!(text(&client, ".count").await.contains("Un service."));
        follow(&client, Locator::LinkText("Première réponse aux rançongiciels")).await;
        assert!(text(&client, "main").await.contains("Ce à quoi le prestataire s’engage"));
        assert_accessible(&client).await;
    })
    .await;
}

/// Two unverified organisations, each with one member who can sign in with the world's password.
async fn two_organisations(app: &TestApp) -> [(OrganisationId, &'static str); 2] {
    let hash = world::password_hash().await;
    let mut data = SeedData::default();
    let orgs = [("Clinique du Nord (test)", "nord"), ("Cabinet du Sud (test)", "sud")];
    for (name, key) in orgs {
        let organisation = OrganisationId::from_name(key);
        data.organisations.push(NewOrganisation {
            id: organisation,
            name: name.into(),
            kind: RequesterKind::Clinic,
            country: Country::parse("FR").unwrap(),
            languages: vec![LanguageTag::parse("fr").unwrap()],
            website: Some(format!("https://{key}.example")),
            registry_number: Some("FINESS 000000000".into()),
            nis2_in_scope: false,
            verification: VerificationState::Unverified,
        });
        let user = UserId::from_name(key);
        data.users.push(NewUser {
            id: user,
            email: EmailAddress::parse(&format!("it@{key}.example")).unwrap(),
            display_name: format!("IT lead {key}"),
            password_hash: Some(hash.clone()),
            staff_role: None,
            preferred_language: LanguageTag::parse("en").unwrap(),
        });
        data.memberships.push(NewMembership {
            id: MembershipId::from_name(key),
            user_id: user,
            organisation_id: Some(organisation),
            provider_id: None,
            role: MembershipRole::Admin,
            state: MembershipState::Active,
        });
    }
    let change = Change::new(
        Actor::system(),
        "test.seed",
        ObjectRef::new("test", "orgs"),
        app.clock().now(),
    );
    app.store.seed(&data, &change).await.unwrap();
    [(OrganisationId::from_name("nord"), orgs[0].0), (OrganisationId::from_name("sud"), orgs[1].0)]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_coordinator_verifies_one_organisation_and_rejects_another_whose_member_reads_why() {
    with_app_in_browser("organisation-verification", true, WORLD, |app, client| async move {
        world::create(&app.store).await;
        let [(north, north_name), (south, south_name)] = two_organisations(&app).await;
        sign_in_staff(&client, &app, "coordinator").await;
        client.goto(&app.url("/coordination/organisations?verification=unverified")).await.unwrap();
        assert_accessible(&client).await;
        let listed = text(&client, "table").await;
        assert!(listed.contains(north_name) && listed.contains(south_name));
        assert!(listed.contains("FINESS 000000000"), "what they declared is shown");

        follow(&client, Locator::LinkText(north_name)).await;
        assert!(text(&client, "main").await.contains("https://nord.example"));
        click(&client, "input[name='outcome'][value='verify']").await;
        submit(&client).await;
        assert!(text(&client, ".notice").await.contains("Recorded."));
        assert!(text(&client, ".lead").await.contains("Verified"));

        client.goto(&app.url(&format!("/coordination/organisations/{south}"))).await.unwrap();
        click(&client, "input[name='outcome'][value='reject']").await;
        submit(&client).await;
        assert!(text(&client, "#reason-error").await.contains("required"), "a rejection says why");
        assert_accessible(&client).await;
        click(&client, "input[name='outcome'][value='reject']").await;
        let reason = "We could not find this practice in the national registry. Send us its registry extract.";
        fill(&client, "#reason", reason).await;
        submit(&client).await;
        assert!(text(&client, ".lead").await.contains("Rejected"));
        assert!(text(&client, "#history ~ table").await.contains("Rejected"));
        sign_out(&client).await;

        app.run_jobs().await;
        assert!(app.mail.last_to("it@sud.example").link(&app.base).is_some(), "the admin is told");
        sign_in(&client, &app, "it@sud.example", PASSWORD, None).await;
        client.goto(&app.url(&format!("/organisations/{south}"))).await.unwrap();
        let page = text(&client, "main").await;
        assert!(page.contains("Not accepted by the coordinators.") && page.contains(reason), "{page}");
        assert_accessible(&client).await;
        sign_out(&client).await;

        sign_in(&client, &app, "it@nord.example", PASSWORD, None).await;
        client.goto(&app.url(&format!("/organisations/{north}"))).await.unwrap();
        assert!(text(&client, "main").await.contains("Verified by the coordinators."));
    })
    .await;
}
