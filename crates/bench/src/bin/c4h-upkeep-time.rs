//! Times the upkeep operations of issue 8 on a generated database, on SQLite and PostgreSQL:
//! `c4h-upkeep-time [CASES] [MESSAGES_PER_CASE]` (defaults 5000 and 4).
//!
//! Each case is a closed request with its description and messages of 1 KiB, every text sealed.
//! In order: sealing everything again with a new key (`c4h keys rotate`'s work), a backup
//! (`c4h backup`), a restore into an empty database (`c4h restore`), the retention purge of
//! every case, and the walk of the audit trail (`c4h audit verify`). Prints a Markdown table.
//! Run it on the release build: `cargo build --release -p c4h-bench`.

use std::sync::Arc;
use std::time::Instant;

use c4h_domain::ids::{MessageId, OrganisationId, RequestId, UserId};
use c4h_domain::retention::{Keep, RetentionPolicy};
use c4h_domain::{
    Country, LanguageTag, RequestState, RequesterKind, Tlp, Urgency, VerificationState, Visibility,
};
use c4h_server::clock::SystemClock;
use c4h_storage::model::{
    Actor, Change, NewMessage, NewOrganisation, NewRequest, NewUser, ObjectRef, SeedData,
};
use c4h_storage::sealing::{DataKey, Keyring, Keys};
use c4h_storage::testing::{TestBackend, TestDatabase};
use c4h_storage::{PoolSettings, Store};
use time::{Duration, OffsetDateTime};

fn seed(cases: usize, messages: usize, at: OffsetDateTime) -> SeedData {
    let organisation = OrganisationId::from_name("upkeep/org");
    let user = UserId::from_name("upkeep/user");
    let mut data = SeedData::default();
    data.organisations.push(NewOrganisation {
        id: organisation,
        name: "Upkeep clinic (benchmark)".into(),
        kind: RequesterKind::Clinic,
        country: Country::parse("FR").expect("a country"),
        languages: vec![LanguageTag::parse("fr").expect("a language")],
        website: None,
        registry_number: None,
        nis2_in_scope: false,
        verification: VerificationState::Verified,
    });
    data.users.push(NewUser {
        id: user,
        email: c4h_domain::EmailAddress::parse("upkeep@bench.example").expect("an address"),
        display_name: "Upkeep requester".into(),
        password_hash: None,
        staff_role: None,
        preferred_language: LanguageTag::parse("fr").expect("a language"),
    });
    let text = "x".repeat(1024);
    for case in 0..cases {
        let id = RequestId::from_name(&format!("upkeep/request/{case}"));
        data.requests.push(NewRequest {
            id,
            reference: format!("C4H-UPKEEP-{case:06}"),
            organisation_id: organisation,
            requester_id: user,
            state: RequestState::Closed,
            description: text.clone(),
            active_incident: true,
            ransomware: true,
            patient_care_impact: Vec::new(),
            systems_down: false,
            data_breach: false,
            breach_aware_at: None,
            email_compromised: false,
            out_of_band_contact: None,
            category: None,
            languages: vec![LanguageTag::parse("fr").expect("a language")],
            consent_to_share: true,
            tlp: Tlp::Amber,
            urgency: Some(Urgency::High),
            urgency_reasons: Vec::new(),
            offer_summary: None,
            decline_reason: None,
            submitted_at: Some(at),
            state_changed_at: at,
            created_at: at,
        });
        for message in 0..messages {
            data.messages.push(NewMessage {
                id: MessageId::from_name(&format!("upkeep/message/{case}/{message}")),
                request_id: id,
                author_id: Some(user),
                is_note: false,
                visibility: Visibility::AllParties,
                tlp: Tlp::Amber,
                body: text.clone(),
                created_at: at,
            });
        }
    }
    data
}

fn rate(count: u64, seconds: f64) -> String {
    format!("{:.0}/s", count as f64 / seconds.max(1e-9))
}

async fn run(backend: TestBackend, cases: usize, messages: usize) -> anyhow::Result<()> {
    let Some(database) = TestDatabase::create(backend).await else {
        eprintln!("{backend:?}: the database is unreachable; skipped");
        return Ok(());
    };
    let (old, new) = ([7u8; 32], [9u8; 32]);
    let keys = Keys::new(Keyring::single(DataKey::from_bytes(old)));
    let store: Arc<dyn Store> =
        c4h_storage::connect(database.url(), &PoolSettings::default(), keys.clone()).await?;
    store.migrate().await?;
    let at = OffsetDateTime::now_utc() - Duration::days(400);
    let change = Change::new(Actor::cli(), "bench.seed", ObjectRef::new("bench", "upkeep"), at);
    store.seed(&seed(cases, messages, at), &change).await?;
    let values = (cases * (messages + 1)) as u64;
    println!("| {backend:?} | what | count | seconds | rate |");
    println!("|---|---|---|---|---|");

    keys.replace(
        Keyring::new(vec![DataKey::from_bytes(old), DataKey::from_bytes(new)]).expect("two keys"),
    );
    let started = Instant::now();
    let resealed =
        c4h_server::rotation::reseal_all(store.as_ref(), &SystemClock, &Actor::cli()).await?;
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "| | reseal with a new key | {resealed} values | {seconds:.2} | {} |",
        rate(resealed, seconds)
    );
    assert_eq!(resealed, values, "every value was sealed again");

    let folder = tempfile::tempdir()?;
    let file = folder.path().join("upkeep.c4hbackup");
    let started = Instant::now();
    let written = c4h_server::backup::backup(store.as_ref(), &file).await?;
    let seconds = started.elapsed().as_secs_f64();
    let mib = written.bytes as f64 / 1_048_576.0;
    println!("| | backup | {mib:.1} MiB | {seconds:.2} | {:.1} MiB/s |", mib / seconds.max(1e-9));

    let Some(target) = TestDatabase::create(backend).await else { anyhow::bail!("no target") };
    let started = Instant::now();
    c4h_server::backup::restore(target.url(), &keys.now(), &file).await?;
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "| | restore (with its checks) | {mib:.1} MiB | {seconds:.2} | {:.1} MiB/s |",
        mib / seconds.max(1e-9)
    );

    let policy = RetentionPolicy { ended_cases: Keep::Days(365), ..RetentionPolicy::default() };
    let started = Instant::now();
    let report = c4h_server::services::retention::purge_due(
        store.as_ref(),
        &policy,
        OffsetDateTime::now_utc(),
    )
    .await?;
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "| | retention purge | {} cases | {seconds:.2} | {} |",
        report.cases,
        rate(report.cases, seconds)
    );
    assert_eq!(report.cases, cases as u64, "every case was due");

    let started = Instant::now();
    let chain = c4h_storage::verify_chain(store.as_ref()).await?;
    let seconds = started.elapsed().as_secs_f64();
    assert_eq!(chain.problem, None);
    println!(
        "| | audit verify | {} events | {seconds:.2} | {} |",
        chain.verified,
        rate(chain.verified, seconds)
    );
    println!();
    drop(store);
    database.destroy().await;
    target.destroy().await;
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut arguments = std::env::args().skip(1);
    let cases = arguments.next().map_or(Ok(5000), |a| a.parse())?;
    let messages = arguments.next().map_or(Ok(4), |a| a.parse())?;
    println!(
        "{cases} closed cases, each with a 1 KiB description and {messages} messages of 1 KiB\n"
    );
    for backend in [TestBackend::Sqlite, TestBackend::Postgres] {
        run(backend, cases, messages).await?;
    }
    Ok(())
}
