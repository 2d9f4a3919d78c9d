//! Encryption at rest, on both backends: after a whole case (a submission with a contact for
//! when e-mail is compromised, messages of every party, a file, next steps, a resolution,
//! feedback; an urgency override and a legal hold, each with its reason), the raw database files hold none of that text or the file's bytes in clear, while
//! every page still reads them back. Nor do they hold a second factor's secret.

use c4h_storage::DatabaseUrl;
use reqwest::StatusCode;

use crate::client::Part;
use crate::support::{Options, TestApp, http_tests};
use crate::world;

const WORLD: Options = Options { demo: false, fake_clock: true, manual_offers: false };

fn id(placeholder: &str) -> String {
    world::placeholders().into_iter().find(|(k, _)| *k == placeholder).unwrap().1
}

/// The text of the journey, each piece unique enough that finding it anywhere means it leaked.
const DESCRIPTION: &str = "at-rest-description-7f3a: the pharmacy robot shows a ransom note";
const CONTACT: &str = "at-rest-contact-7f3a: Signal +41 79 000 00 00";
const REPLY: &str = "at-rest-reply-7f3a: the backups are on the NAS in the basement";
const RED: &str = "at-rest-red-7f3a: the wallet of the attacker is bc1q-example";
const PROVIDER: &str = "at-rest-provider-7f3a: we isolate the imaging VLAN first";
const NEXT_STEPS: &str = "at-rest-next-steps-7f3a: rotate the domain admin passwords";
const RESOLUTION: &str = "at-rest-resolution-7f3a: restored from the NAS, hardened RDP";
const FEEDBACK: &str = "at-rest-feedback-7f3a: calm and fast, thank you";
const URGENCY_REASON: &str = "at-rest-urgency-7f3a: the chief nurse called, two wards are down";
const HOLD_REASON: &str = "at-rest-hold-7f3a: kept for the inquiry of the regulator";
const FILE_BYTES: &[u8] = b"at-rest-file-7f3a: ransom note as the requester saw it";

async fn a_whole_case_leaves_nothing_in_clear_on_disk(app: TestApp) {
    world::create(&app.store).await;
    let requester = world::sign_in(&app, "requester_a").await;
    let submitted = requester
        .post(
            "/requests/new",
            &[
                ("key", "at-rest-1"),
                ("description", DESCRIPTION),
                ("active_incident", "yes"),
                ("email_compromised", "yes"),
                ("out_of_band_contact", CONTACT),
                ("category", "not_sure"),
                ("languages", "en"),
                ("tlp", "amber"),
                ("consent_to_share", "yes"),
            ],
        )
        .await;
    assert_eq!(submitted.status, StatusCode::SEE_OTHER, "{}", submitted.body);
    let own_new = submitted.location().split('?').next().unwrap().to_owned();
    assert!(requester.get(&own_new).await.body.contains(DESCRIPTION), "read back in clear");

    let case = world::request("c");
    let p1 = id("{p1}");
    let own = format!("/requests/{case}");
    let page = format!("/providers/{p1}/cases/{case}");
    let file = format!("/coordination/requests/{case}");
    let replied = requester.post(&format!("{own}/messages"), &[("body", REPLY)]).await;
    assert_eq!(replied.status, StatusCode::SEE_OTHER, "{}", replied.body);
    let parts = [Part::file(b"note.txt", "text/plain", FILE_BYTES)];
    assert_eq!(
        requester.upload(&format!("{own}/files"), &parts).await.status,
        StatusCode::SEE_OTHER
    );
    let coordinator = world::sign_in(&app, "coordinator").await;
    let fields = [("body", RED), ("visibility", "all_parties"), ("tlp", "red")];
    assert_eq!(
        coordinator.post(&format!("{file}/messages"), &fields).await.status,
        StatusCode::SEE_OTHER
    );
    let engineer = world::sign_in(&app, "provider_p1").await;
    let fields = [("body", PROVIDER), ("visibility", "all_parties")];
    assert_eq!(
        engineer.post(&format!("{page}/messages"), &fields).await.status,
        StatusCode::SEE_OTHER
    );
    let saved = engineer.post(&format!("{page}/next-steps"), &[("next_steps", NEXT_STEPS)]).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let resolved = engineer.post(&format!("{page}/resolve"), &[("resolution", RESOLUTION)]).await;
    assert_eq!(resolved.status, StatusCode::SEE_OTHER, "{}", resolved.body);
    let given =
        requester.post(&format!("{own}/feedback"), &[("rating", "5"), ("comment", FEEDBACK)]).await;
    assert_eq!(given.status, StatusCode::SEE_OTHER, "{}", given.body);

    // A coordinator overrides the new request's urgency and puts it on legal hold.
    let new_file = own_new.replace("/requests/", "/coordination/requests/");
    let fields = [("urgency", "critical"), ("urgency_reason", URGENCY_REASON)];
    let overridden = coordinator.post(&format!("{new_file}/urgency"), &fields).await;
    assert_eq!(overridden.status, StatusCode::SEE_OTHER, "{}", overridden.body);
    let held =
        coordinator.post(&format!("{new_file}/legal-hold"), &[("reason", HOLD_REASON)]).await;
    assert_eq!(held.status, StatusCode::SEE_OTHER, "{}", held.body);

    // Every page reads it all back.
    let read_new = coordinator.get(&new_file).await.body;
    for text in [DESCRIPTION, CONTACT, URGENCY_REASON, HOLD_REASON] {
        assert!(read_new.contains(text), "the new request's file shows {text:?}");
    }
    let read = coordinator.get(&file).await.body;
    for text in [REPLY, RED, PROVIDER, NEXT_STEPS, RESOLUTION, FEEDBACK] {
        assert!(read.contains(text), "the coordinators' file shows {text:?}");
    }

    let raw = raw_database_bytes(&app).await;
    assert!(!raw.is_empty(), "the database files were read");
    // The second factor's secrets too (the coordinator and the engineer signed in with theirs).
    for role in ["coordinator", "provider_p1"] {
        let secret = c4h_server::auth::totp::encode_secret(&world::secret(role));
        assert!(!raw.windows(secret.len()).any(|w| w == secret.as_bytes()), "{role}'s TOTP secret");
    }
    let texts: Vec<&[u8]> =
        [DESCRIPTION, CONTACT, REPLY, RED, PROVIDER, NEXT_STEPS, RESOLUTION, FEEDBACK]
            .iter()
            .chain(&[URGENCY_REASON, HOLD_REASON])
            .map(|text| text.as_bytes())
            .chain([FILE_BYTES])
            .collect();
    for text in texts {
        // The marker alone (the part before the colon) must not appear either.
        let marker = &text[..text.iter().position(|&b| b == b':').unwrap()];
        for needle in [text, marker] {
            assert!(
                !raw.windows(needle.len()).any(|window| window == needle),
                "{:?} is on disk in clear",
                String::from_utf8_lossy(needle)
            );
        }
    }
}

/// Every byte the database keeps on disk for this test: SQLite's file with its journal and
/// shared memory; PostgreSQL's files of the tables that hold case content (after a checkpoint,
/// with their TOAST tables), read from the server's data directory on this machine.
async fn raw_database_bytes(app: &TestApp) -> Vec<u8> {
    let mut bytes = Vec::new();
    match &app.state.settings.database_url {
        DatabaseUrl::Sqlite { path } => {
            for suffix in ["", "-wal", "-shm"] {
                let mut name = path.as_os_str().to_owned();
                name.push(suffix);
                if let Ok(content) = std::fs::read(std::path::PathBuf::from(name)) {
                    bytes.extend(content);
                }
            }
        }
        DatabaseUrl::Postgres { url } => {
            let tables = [
                "assistance_requests",
                "messages",
                "engagements",
                "feedback",
                "attachment_blobs",
                "users",
            ];
            let Some(files) = c4h_storage::testing::postgres_table_files(url, &tables).await else {
                eprintln!("warning: PostgreSQL's data directory is not on this machine");
                return b"(not on this machine)".to_vec();
            };
            assert!(files.len() >= tables.len(), "{files:?}");
            for file in files {
                // A table over 1 GB continues in segments .1, .2, …
                let segments = (1..8).map(|n| format!("{}.{n}", file.display()).into());
                for segment in std::iter::once(file.clone()).chain(segments) {
                    if let Ok(content) = std::fs::read::<std::path::PathBuf>(segment) {
                        bytes.extend(content);
                    }
                }
            }
        }
    }
    bytes
}

http_tests!(super::WORLD;
    a_whole_case_leaves_nothing_in_clear_on_disk,
);
