//! The operator's commands on a running service's data: walking the audit chain, rotating the
//! data keys.

use c4h_server::clock::SystemClock;
use c4h_server::crypto::KeySource;
use c4h_storage::model::Actor;
use c4h_storage::{Store, verify_chain};

use crate::commands::{Failure, Loaded};

/// `c4h keys rotate`: a new key in the file, then everything sealed again with it.
pub async fn rotate_keys(store: &dyn Store, loaded: &Loaded) -> Result<(), Failure> {
    let KeySource::File(path) = &loaded.settings.data_key else {
        return Err(Failure::from(loaded.raw.error(
            "data_key",
            "is a key given inline, which cannot be added to: rotating needs file:PATH",
        )));
    };
    let keyring = c4h_server::rotation::add_key(path).map_err(Failure::runtime)?;
    let new_id = keyring.current().id().to_owned();
    store.keys().replace(keyring);
    println!("Added the key {new_id} to {}; it seals from now on.", path.display());
    // Running instances look at the key file at most once a second: let them learn the new key
    // before anything they read is sealed with it.
    let settle = std::time::Duration::from_secs(2);
    tokio::time::sleep(settle).await;
    let clock = SystemClock;
    let mut total = c4h_server::rotation::reseal_all(store, &clock, &Actor::cli())
        .await
        .map_err(Failure::runtime)?;
    // A write that began before an instance saw the new file may have sealed with the old key:
    // pass once more after it.
    tokio::time::sleep(settle).await;
    total += c4h_server::rotation::reseal_all(store, &clock, &Actor::cli())
        .await
        .map_err(Failure::runtime)?;
    println!(
        "Sealed {total} values and files again with {new_id}; nothing is sealed with an older key \
         now. Keep the older keys in the file while backups made before now may be restored."
    );
    Ok(())
}

/// `c4h backup FILE`.
pub async fn backup(store: &dyn Store, file: &std::path::Path) -> Result<(), Failure> {
    let written = c4h_server::backup::backup(store, file)
        .await
        .map_err(|error| Failure::runtime(format!("the backup failed: {error:#}")))?;
    println!(
        "Wrote {} ({} bytes), sealed with the key {}. Keep that key: without it the backup \
         cannot be restored.",
        file.display(),
        written.bytes,
        written.key
    );
    Ok(())
}

/// `c4h restore FILE`: into an empty database, then the restored trail is walked.
pub async fn restore(loaded: &Loaded, file: &std::path::Path) -> Result<(), Failure> {
    let (keyring, _) = c4h_server::crypto::load_keyring(&loaded.settings.data_key, false)
        .map_err(Failure::runtime)?;
    let url = &loaded.settings.database_url;
    c4h_server::backup::restore(url, &keyring, file)
        .await
        .map_err(|error| Failure::runtime(format!("cannot restore: {error:#}")))?;
    let store = crate::commands::open(loaded).await?;
    let report = verify_chain(store.as_ref()).await.map_err(Failure::runtime)?;
    let counts = store.counts().await.map_err(Failure::runtime)?;
    match report.problem {
        Some(problem) => Err(Failure::runtime(format!(
            "restored into {}, but its audit trail does not verify: {problem}",
            url.redacted()
        ))),
        None => {
            println!(
                "Restored {} into {}: {} requests, {} audit events, all of which verify.",
                file.display(),
                url.redacted(),
                counts.requests,
                report.verified
            );
            Ok(())
        }
    }
}

/// `c4h keys status`: what each key seals.
pub async fn key_status(store: &dyn Store) -> Result<(), Failure> {
    let keyring = store.keys().now();
    let counts = store.sealed_by_key().await.map_err(Failure::runtime)?;
    println!("The key that seals now: {}", keyring.current().id());
    for id in keyring.ids() {
        let count = counts.iter().find(|(key, _)| key == id).map_or(0, |(_, n)| *n);
        println!("{id}: {count} sealed values and files");
    }
    for (key, count) in counts.iter().filter(|(key, _)| !keyring.ids().contains(&key.as_str())) {
        println!("{key}: {count} sealed values and files, by a key this file does not hold");
    }
    Ok(())
}

/// `c4h audit verify [--anchor SEQ:HASH]`: one line, and exit status 1 at the first problem.
pub async fn verify_audit(store: &dyn Store, anchor: Option<&str>) -> Result<(), Failure> {
    let anchor = anchor.map(parse_anchor).transpose()?;
    let report = verify_chain(store).await.map_err(Failure::runtime)?;
    if let Some(problem) = &report.problem {
        let before = match report.verified {
            0 => "no event before it".to_owned(),
            1 => "the one event before it verifies".to_owned(),
            n => format!("the {n} events before it verify"),
        };
        return Err(Failure::runtime(format!(
            "the audit trail was tampered with: {problem} ({before})"
        )));
    }
    if let Some((seq, hash)) = anchor {
        let found = store.audit_events(seq - 1, 1).await.map_err(Failure::runtime)?;
        match found.first() {
            Some(event) if event.seq == seq && event.hash == hash => {}
            Some(event) if event.seq == seq => {
                return Err(Failure::runtime(format!(
                    "the audit trail was rewritten: event {seq} no longer has the anchor's hash"
                )));
            }
            _ => {
                return Err(Failure::runtime(format!(
                    "the audit trail no longer holds event {seq}, the anchor"
                )));
            }
        }
    }
    if report.verified == 0 {
        println!("The audit trail is empty; nothing to verify.");
    } else {
        println!(
            "All {} audit events verify ({} to {}). Anchor: {}:{}",
            report.verified, report.first_seq, report.last_seq, report.last_seq, report.last_hash
        );
    }
    Ok(())
}

fn parse_anchor(text: &str) -> Result<(i64, String), Failure> {
    let problem = || {
        Failure::config(format!(
            "--anchor {text:?} is not SEQ:HASH as `c4h audit verify` prints it"
        ))
    };
    let (seq, hash) = text.split_once(':').ok_or_else(problem)?;
    let seq: i64 = seq.parse().map_err(|_| problem())?;
    let valid_hash = hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit());
    if seq < 1 || !valid_hash {
        return Err(problem());
    }
    Ok((seq, hash.to_ascii_lowercase()))
}
